"""The listing slots a question names: a TRL level and a transfer mode, in either language; the words
people use for "offered for transfer" are no filter."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat.intents import plan_question

TODAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("question", "trl", "transfer"),
    [
        ("how many techs are at TRL 9", 9, None),
        ("TRL8的成果有哪些", 8, None),
        ("技术成熟度7级的技术", 7, None),
        # the level said with a verb or a word between ("TRL是9级", "TRL level 9"): still the level
        ("哪些成果TRL是9级的", 9, None),
        ("成熟度为8级的技术有哪些", 8, None),
        ("which techs are TRL level 6", 6, None),
        ("IC50低于10 nM的药", None, None),
        ("anything we can buy outright in hydrogen?", None, "sale"),
        ("哪些成果可以作价入股", None, "equity"),
        ("which technologies can we license?", None, "license"),
        ("锦州有哪些可以转让的成果", None, None),
        ("chip techs for transfer?", None, None),
    ],
)
def test_trl_and_transfer_slots(question: str, trl: int | None, transfer: str | None) -> None:
    plan = plan_question(question, TODAY)
    assert (plan.trl, plan.transfer) == (trl, transfer)


def test_a_slot_alone_makes_a_technology_listing() -> None:
    assert plan_question("which technologies are already at TRL 9?", TODAY).intent == "technologies"
    assert plan_question("how many techs are available for outright sale?", TODAY).intent == "count"


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("有没有关于PEM的技术", "technologies"),
        ("any tech for storing hydrogen in magnesium?", "technologies"),
        ("Fuxin有哪些成果", "technologies"),
        # the law's words ask a regulation, whatever else they share with a listing question
        ("有没有关于技术经理人的规定", "search"),
        ("is there any rule on rewards for patent inventors?", "search"),
        # what is counted ends at its verb: "几项成果可以转让" counts achievements
        ("东北大学一共有几项成果可以转让", "count"),
        # a press conference is news reported, no event listed; a conference is an event
        ("what did the july 2024 press conference say about key labs", "search"),
        ("any conferences in july 2027?", "events"),
    ],
)
def test_a_listing_question_without_a_slot_is_a_listing(question: str, intent: str) -> None:
    assert plan_question(question, TODAY).intent == intent


def test_a_follow_up_keeps_the_slot_and_can_change_it() -> None:
    first = plan_question("how many techs are at TRL 9", TODAY)
    assert plan_question("and TRL 7?", TODAY, first).trl == 7
    assert plan_question("what about Dalian?", TODAY, first).trl == 9


def test_a_message_that_turns_to_another_topic_follows_nothing() -> None:
    """ "btw what were Liaoning's 2024 commercialization targets" names a period, which alone made it a
    follow-up of the stack asked about before: searched with "iridium loading" besides, it found nothing."""
    before = plan_question("iridium loading", TODAY)
    turned = plan_question("btw what were Liaoning's 2024 commercialization targets", TODAY, before)
    assert not turned.follow_up and turned.query.startswith("btw what were")
    assert not plan_question("顺便问下2024年的目标", TODAY, before).follow_up
    assert plan_question("and in 2024?", TODAY, before).follow_up  # no turn: still a follow-up


INSTITUTIONS = [
    "中国科学院大连化学物理研究所",
    "中国科学院金属研究所",
    "中国科学院沈阳计算技术研究所",
    "Dalian Institute of Chemical Physics, CAS",
    "Dalian University of Technology",
]


@pytest.mark.parametrize(
    ("question", "institution"),
    [
        ("大连化物所有哪些成果", "中国科学院大连化学物理研究所"),
        ("金属所的镁合金", "中国科学院金属研究所"),
        ("沈阳计算所做什么", "中国科学院沈阳计算技术研究所"),
        ("what does DICP offer?", "Dalian Institute of Chemical Physics, CAS"),
        ("DUT SiC MOSFET", "Dalian University of Technology"),
        ("研究所有哪些成果", None),  # a word every institute's name holds names none of them
    ],
)
def test_institutions_named_by_their_short_forms(question: str, institution: str | None) -> None:
    assert plan_question(question, TODAY, institutions=INSTITUTIONS).institution == institution


@pytest.mark.parametrize(
    ("question", "maturity"),
    [
        ("any lab-stage technologies in hydrogen?", "lab"),
        ("实验室阶段的成果有哪些", "lab"),
        ("which prototypes could we test?", "lab"),
        ("if my lab licenses a patent, how much of the income goes to the researchers?", None),
        ("辽宁实验室建了哪些平台", None),  # a laboratory's name, not a stage
    ],
)
def test_lab_maturity_is_a_stage_not_a_place(question: str, maturity: str | None) -> None:
    assert plan_question(question, TODAY).maturity == maturity


@pytest.mark.parametrize(
    ("question", "intent", "kind"),
    [
        ("how many patents does Dalian Maritime University list?", "count", "achievement"),
        ("how many matchmaking events are there next spring", "count", "event"),
        ("鞍山有几个企业需求", "count", "demand"),
        ("今年一共有多少场推介会", "count", "event"),
        # counts of something our listings do not hold are read in the news, never counted
        ("how many universities attended the Shenyang fair?", "search", None),
        ("how many tech parks does Dalian have", "search", None),
        ("2023年辽宁签了多少项技术合同", "search", None),
        ("沈阳那场大会来了多少位院士", "search", None),
        ("how many patents did Dalian University of Technology file last year?", "search", None),
        ("东北大学有多少项专利", "search", None),
        ("大连理工大学有几项专利技术", "count", "achievement"),
        # the noun phrase after an article, up to a participle
        ("how many events coming up in dalian?", "count", "event"),
        ("how many of the listed technologies are already at industrial maturity", "count", "achievement"),
    ],
)
def test_a_count_counts_what_it_names(question: str, intent: str, kind: str | None) -> None:
    plan = plan_question(question, TODAY)
    assert (plan.intent, plan.count_kind) == (intent, kind)


def test_a_half_year_is_of_the_year_named() -> None:
    for question in (
        "any events in the first half of 2027?",
        "2027年上半年有哪些对接会",
        "events in H1 2027",
    ):
        plan = plan_question(question, TODAY)
        assert (plan.date_from, plan.date_to) == (dt.date(2027, 1, 1), dt.date(2027, 6, 30)), question
    later = plan_question("events in the second half of 2027", TODAY)
    assert (later.date_from, later.date_to) == (dt.date(2027, 7, 1), dt.date(2027, 12, 31))


@pytest.mark.parametrize(
    "question",
    ["what did he talk about at the summit", "他在峰会上讲了什么", "what did they say at the forum"],
)
def test_what_was_said_at_an_event_is_a_detail_not_a_listing(question: str) -> None:
    # the events listing answered "what did he talk about at the summit" with every event
    from bot.chat.intents import DETAIL

    assert DETAIL.search(question)


# The catalog's names, as they are listed (both languages, the Academy's institutes with its prefix)
LISTED = [
    "东北大学",
    "Northeastern University",
    "大连理工大学",
    "Dalian University of Technology",
    "辽宁大学",
    "辽宁工业大学",
    "辽宁工程技术大学",
    "Liaoning Technical University",
    "辽宁石油化工大学",
    "沈阳工业大学",
    "沈阳工业大学辽阳产业技术研究院",
    "沈阳农业大学",
    "中国科学院大连化学物理研究所",
    "中国科学院沈阳自动化研究所",
    "中国科学院沈阳计算技术研究所",
]


@pytest.mark.parametrize(
    ("question", "institution"),
    [
        # the short names universities go by: place and a character of the rest, or 大 of 大学
        ("东大有哪些成果", "东北大学"),
        ("大工一共有多少项成果", "大连理工大学"),
        ("辽大那个液流电池", "辽宁大学"),
        ("沈农的大棚", "沈阳农业大学"),
        ("沈工大的电机", "沈阳工业大学"),  # not its Liaoyang institute, whose name holds it
        ("锦州辽工大那个BMS", "辽宁工业大学"),  # the tightest of three 辽…工…大 names
        # initials with the first word's syllables, as Chinese universities write them
        ("list NEU's technologies pls", "Northeastern University"),
        ("any LNTU tech on coal gangue?", "Liaoning Technical University"),
        ("DLUT fan-out packaging", "Dalian University of Technology"),
        # words of their own, not short names
        ("大工件焊接有没有技术", None),
        ("大理有什么成果", None),
        ("大学有哪些成果", None),
        ("沈阳所有哪些成果", None),  # two institutes alike
    ],
)
def test_universities_named_by_their_usual_short_names(question: str, institution: str | None) -> None:
    assert plan_question(question, TODAY, institutions=LISTED).institution == institution


@pytest.mark.parametrize(
    ("question", "kind", "city"),
    [
        ("how many magnesium materials achievements r there", "achievement", None),  # "r": texted "are"
        ("how many demands come from Anshan companies", "demand", "anshan"),
        ("沈阳有多少个储能方面的成果", "achievement", "shenyang"),  # counted: what follows 的
    ],
)
def test_what_a_count_counts(question: str, kind: str, city: str | None) -> None:
    plan = plan_question(question, TODAY)
    assert (plan.intent, plan.count_kind, plan.city) == ("count", kind, city)


def test_what_follows_de_is_counted_only_after_a_measure_of_things() -> None:
    assert plan_question("2024辽阳菱镁会上是哪几位教授做的成果发布", TODAY).intent == "search"


def test_industrialisation_is_the_industrial_stage() -> None:
    assert plan_question("已经到工业化阶段的成果有多少项", TODAY).maturity == "industrial"


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("low carbon magnesium cement boards, anything?", "technologies"),
        ("coal gangue backfill tech?", "technologies"),
        ("strip defect detection for cold rolling, anything?", "technologies"),
        ("do you have anything on sepsis diagnostics", "technologies"),
        # what an enterprise wants is its demand
        ("盘锦那家化工企业要什么技术", "demands"),
        # a question put in words is none, though it ends in "technology?"
        ("who keeps the income when a state university licenses a technology?", "search"),
    ],
)
def test_a_topic_and_a_bare_ask_lists_technologies(question: str, intent: str) -> None:
    assert plan_question(question, TODAY).intent == intent


@pytest.mark.parametrize(
    "question", ["yo! anything cool in ag tech?", "agri-tech roadshows next year?", "agtech?"]
)
def test_agriculture_shortened_is_the_agriculture_field(question: str) -> None:
    assert plan_question(question, dt.date(2026, 12, 6)).field == "modern_agriculture"


def test_the_words_of_a_trl_level_are_the_slots_not_a_topic() -> None:
    from bot.chat.maturity import maturity_words

    assert {"level", "trl"} <= set(maturity_words("which techs are TRL level 9"))


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("yo! anything going on in Anshan soon?", "events"),
        ("what's happening in Dalian next month", "events"),
        # going on with a thing asks about it, not about events
        ("what's going on with the hydrogen project in Dalian", "search"),
    ],
)
def test_events_asked_without_their_noun(question: str, intent: str) -> None:
    assert plan_question(question, TODAY).intent == intent
