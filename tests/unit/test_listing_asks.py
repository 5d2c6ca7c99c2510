"""Listings asked for in the words people use: an institution's offer without the word "technology"
("what does DICP have on offer"), enterprises' needs ("which companies posted tech needs"), the events
already held, a deadline by the end of a month typed short ("by end of jan 2027"), and an institution
named in full that has no listings ("shenyang normal university": none, not every Shenyang listing)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat.deadlines import due_within, without_when
from bot.chat.intents import plan_question
from bot.chat.periods import period_named
from bot.conversation.institution_names import institution_named, unlisted_institution
from retrieval.catalog import RecordView
from retrieval.types import Chunk

TODAY = dt.date(2026, 12, 6)
INSTITUTIONS = [
    "Dalian Institute of Chemical Physics, CAS",
    "Liaoning Technical University",
    "Shenyang University of Technology",
    "Northeastern University",
    "东北大学",
    "沈阳工业大学",
    "中国科学院大连化学物理研究所",
]


@pytest.mark.parametrize(
    ("question", "intent", "institution"),
    [
        ("what does DICP have on offer", "technologies", "Dalian Institute of Chemical Physics, CAS"),
        (
            "what has liaoning technical university got for licensing",
            "technologies",
            "Liaoning Technical University",
        ),
        ("which companies in anshan posted tech needs", "demands", None),
        (
            "what does the regulation say DICP must offer",
            "search",
            "Dalian Institute of Chemical Physics, CAS",
        ),
    ],
)
def test_an_institutions_offer_and_companies_needs_are_listings(
    question: str, intent: str, institution: str | None
) -> None:
    plan = plan_question(question, TODAY, institutions=INSTITUTIONS)
    assert (plan.intent, plan.institution) == (intent, institution)


@pytest.mark.parametrize("question", ["graphene listings?", "any perovskite solar listings?"])
def test_a_topic_and_listings_asks_for_its_technologies(question: str) -> None:
    assert plan_question(question, TODAY).intent == "technologies", question


def test_a_glossary_phrase_is_one_term() -> None:
    from bot.conversation.evidence import joined_phrases

    terms = ["rice", "saline", "alkali", "land", "yield"]
    joined = joined_phrases(terms, ["Saline-alkali land", "rice"])
    assert joined == ["rice", "saline-alkali land", "yield"]
    # a phrase whose words are not all terms of the question (one was a slot) joins nothing
    tailings = ["tailings", "flotation"]
    assert joined_phrases(tailings, ["magnesite tailings"]) == tailings
    assert joined_phrases(["尾矿"], ["菱镁矿尾矿"]) == ["尾矿"]  # a Chinese term is one word already
    assert joined_phrases(["cold", "rolling", "line"], ["cold rolling"]) == ["cold rolling", "line"]
    # a word of the phrase the corpus never uses was left out of the terms: the phrase is still the
    # concept ("bin picking", a Chinese record's 无序分拣), not the word left ("bin")
    corpus = {"bin", "robots"}.__contains__
    assert joined_phrases(["bin"], ["bin picking"], corpus) == ["bin picking"]
    assert joined_phrases(["bin"], ["bin picking"]) == ["bin"]  # without the corpus to ask, as before
    # a word left out that the corpus does use (a slot's word) joins nothing
    assert joined_phrases(["welding"], ["welding robots"], corpus) == ["welding"]


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("any welding robots", "technologies"),
        ("any bin picking robots", "technologies"),
        ("有分拣机器人吗", "technologies"),
        ("有没有焊接机器人", "technologies"),
        # the news, companies, experts or the law of a field are no technologies
        ("有没有氢能的新闻", "search"),
        ("any hydrogen companies in Dalian", "search"),
        ("有没有储能方面的政策", "search"),
        ("any robotics experts in Shenyang", "search"),
    ],
)
def test_a_thing_of_a_field_asked_for_by_name(question: str, intent: str) -> None:
    assert plan_question(question, TODAY).intent == intent, question


def test_events_already_held_are_the_past_ones() -> None:
    for question in ("which events have already happened", "哪些对接会已经举办过了"):
        plan = plan_question(question, TODAY)
        assert (plan.intent, plan.upcoming) == ("events", False), question
    assert plan_question("which events are coming up", TODAY).upcoming is True


def test_a_month_typed_short_is_a_period() -> None:
    assert period_named("demands with deadline by end of jan 2027?", TODAY) == (
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 31),
    )
    assert period_named("anything in sept 2027", TODAY)[0] == dt.date(2027, 9, 1)


def _demand(deadline: str) -> RecordView:
    meta = {"deadline": deadline}
    return RecordView(Chunk(f"d-{deadline}#0", f"d-{deadline}", 0, "t", "demand", "t", "en", meta=meta))


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("demands with deadline by end of jan 2027?", ["2026-12-31", "2027-01-31"]),
        ("哪些需求1月底前截止", ["2026-12-31", "2027-01-31"]),
        ("demands closing before jan 2027", ["2026-12-31"]),
        ("demands closing in jan 2027", ["2027-01-31"]),
    ],
)
def test_by_the_end_of_a_month_keeps_its_last_day(question: str, kept: list[str]) -> None:
    plan = plan_question(question, TODAY)
    keeps = due_within(plan, question)
    assert keeps is not None
    deadlines = ["2026-12-31", "2027-01-31", "2027-02-28"]
    assert [d for d in deadlines if keeps(_demand(d))] == kept
    assert "end" not in without_when(question).split()  # no topic "end" to match


@pytest.mark.parametrize(
    ("follow_up", "kept"), [("what about next month", ["2027-01-31"]), ("下个月呢", ["2027-01-31"])]
)
def test_another_period_after_a_deadline_listing_is_of_deadlines(follow_up: str, kept: list[str]) -> None:
    # the follow-up names a period, not a deadline: "close this month" before it said what is asked
    first = plan_question("which tech demands close this month", TODAY)
    plan = plan_question(follow_up, TODAY, first)
    keeps = due_within(plan, follow_up)
    assert keeps is not None
    deadlines = ["2026-12-31", "2027-01-31", "2027-08-31"]
    assert [d for d in deadlines if keeps(_demand(d))] == kept


def test_a_period_alone_after_a_listing_of_no_deadline_filters_none() -> None:
    first = plan_question("有哪些储能方面的需求", TODAY)
    assert due_within(plan_question("下个月呢", TODAY, first), "下个月呢") is None


@pytest.mark.parametrize(
    ("question", "unlisted"),
    [
        ("any tech from shenyang normal university", "shenyang normal university"),
        ("有没有沈阳师范大学的技术", "沈阳师范大学"),
        ("哈尔滨工业大学有什么成果", "哈尔滨工业大学"),
        ("what does harbin institute of technology offer", "harbin institute of technology"),
        ("what has liaoning technical university got", None),  # listed
        ("东北大学的技术", None),
        ("沈阳工大有什么成果", None),  # a short form: maybe a listed one
        ("university tech for hydrogen", None),  # no name
        ("which technologies does the Chinese Academy of Sciences offer", None),  # its institutes are listed
        ("其中有大学的技术吗", None),
    ],
)
def test_an_institution_named_in_full_that_has_no_listings(question: str, unlisted: str | None) -> None:
    assert unlisted_institution(question, INSTITUTIONS) == unlisted


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("大连理工有几项成果", "大连理工大学"),
        ("沈阳工业的成果有哪些", "沈阳工业大学"),
        ("辽宁工程技术有啥技术", "辽宁工程技术大学"),
        ("沈阳工业机器人有哪些成果", None),  # robots made in Shenyang, no university
        ("东北有啥技术", None),  # a region: 东北 is too short a name
    ],
)
def test_a_university_named_without_daxue(question: str, named: str | None) -> None:
    universities = ["大连理工大学", "沈阳工业大学", "沈阳工业大学辽阳产业技术研究院"]
    universities += ["辽宁工程技术大学", "东北大学"]
    assert institution_named(question, universities) == named


def test_a_university_named_without_daxue_names_no_city() -> None:
    plan = plan_question("大连理工有几项成果", TODAY, institutions=["大连理工大学"])
    assert plan.institution == "大连理工大学" and plan.city is None


def test_an_institutions_name_names_no_field() -> None:
    """ "沈阳化工大学" holds 化工, "Dalian Institute of Chemical Physics" "chemical": no chemicals field."""
    names = ["沈阳化工大学", "Dalian Institute of Chemical Physics, CAS"]
    plan = plan_question("沈阳化工大学有什么技术", TODAY, institutions=names)
    assert plan.institution == "沈阳化工大学" and plan.field is None
    assert plan_question("沈阳化工大学有什么化工技术", TODAY, institutions=names).field == "chemicals"


def test_one_more_is_shown_not_counted() -> None:
    from bot.conversation.draft import list_records

    def records(n: int) -> list[RecordView]:
        return [_demand(f"2027-01-{d:02d}") for d in range(1, n + 1)]

    six = list_records(records(6), "en", "6 demands:", limit=5)
    assert len(six.citations) == 6 and "more" not in six.text
    seven = list_records(records(7), "en", "7 demands:", limit=5)
    assert len(seven.citations) == 5 and "2 more" in seven.text
    nearest = list_records(records(4), "en", "nearest:", limit=3)  # the three nearest stay three
    assert len(nearest.citations) == 3


def test_a_phrase_is_held_whole_by_its_translation_or_word_by_word() -> None:
    from bot.conversation.evidence import matches_concept

    def record(title: str, lang: str) -> RecordView:
        return RecordView(Chunk("a#0", "a", 0, title, "achievement", title, lang, meta={}))

    gloss = {"saline-alkali land": ["盐碱地"], "cold rolling": ["冷轧"]}.get
    translate = lambda t: gloss(t) or []  # noqa: E731
    idf = lambda t: 1.0  # noqa: E731
    assert matches_concept(record("耐盐碱粳稻在盐碱地增产", "zh"), ["saline-alkali land"], idf, translate)
    # the words still count where the phrase is not written whole: "cold" of "cold-rolled", "line"
    cold = record("surface defects of cold-rolled strip on a production line", "en")
    assert matches_concept(cold, ["cold rolling", "line"], idf, translate)
    assert not matches_concept(record("hot strip mill", "en"), ["cold rolling", "line"], idf, translate)
    # a translation's words a few words apart, in another order: 厚板 ("thick plate") is held by
    # "plates up to 80 mm thick", not by "plates" and "thick" a sentence apart
    plates = {"厚板": ["thick plate"]}.get
    near = record("multi-pass welds in plates up to 80 mm thick", "en")
    far = record("plates are cut to size on site, then a thick coating goes on each of the steel parts", "en")
    assert matches_concept(near, ["厚板"], idf, lambda t: plates(t) or [], strict=True)
    assert not matches_concept(far, ["厚板"], idf, lambda t: plates(t) or [], strict=True)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("who makes RV reducers around here?", "technologies"),
        ("谁家能做RV减速器", "technologies"),
        ("who can supply silicon carbide wafers", "technologies"),
        ("我想找做SiC衬底的", "technologies"),
        ("找一家能生产RV减速器的企业", "technologies"),
        ("who makes the rules on rewards for inventors?", "search"),  # the law's
    ],
)
def test_who_makes_a_thing_asks_for_its_technologies(question: str, intent: str) -> None:
    assert plan_question(question, TODAY).intent == intent, question


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("shenyang yaoke daxue 有啥成果", "沈阳药科大学"),  # the name in pinyin
        ("any tech from dalian ligong?", "大连理工大学"),  # ... without 大学
        ("dalian techs?", None),  # a city: no university's name
    ],
)
def test_a_university_named_in_pinyin(question: str, named: str | None) -> None:
    from bot.conversation.institution_names import institution_short_form

    universities = ["大连理工大学", "沈阳药科大学", "Dalian University of Technology"]
    assert institution_named(question, universities) == named
    # its words are the institution's, no topic of the question
    assert (institution_short_form(question, universities) is not None) == (named is not None)


def test_two_characters_of_a_longer_word_are_no_university_s_short_name() -> None:
    universities = ["中国医科大学", "东北大学", "中国科学院金属研究所", "中国科学院大连化学物理研究所"]
    assert institution_named("2018年那个会有哪些展区 比如中科院的？", universities) is None  # 中科 of 中科院
    assert institution_named("东大的成果", universities) == "东北大学"
