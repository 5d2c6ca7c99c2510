"""Dialogue state and follow-ups: ordinals, pronouns, attributes of a record, deadlines against today,
corrections and small talk, on plain data (no index)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat.intents import plan_question
from bot.conversation.attributes import (
    NEVER_LISTED,
    asked_attribute,
    asked_attributes,
    attribute_answer,
    names_budget,
    states,
    states_fully,
)
from bot.conversation.deadline_dates import deadline_in, demand_deadline
from bot.conversation.dialogue import DialogueState, Item, bare_question, mentions_previous, ordinal_in
from bot.conversation.followup_forms import strip_correction
from bot.conversation.smalltalk import smalltalk_kind
from bot.conversation.topics import points_at_topic
from retrieval.catalog import RecordView
from retrieval.types import Chunk

ITEMS = [Item("event", f"ev-{i}", f"Event {i}") for i in range(1, 4)]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("第二个在哪开？", 2),
        ("第3场呢", 3),
        ("where is the second one held?", 2),
        ("the 1st one?", 1),
        ("最后一个在哪开", -1),
        ("and the last one?", -1),
        ("第十六条讲什么", None),  # an article number, not a list position
        ("第二天安排了啥", None),  # the second day of an event
        ("what does article 2 say", None),
        ("and #3?", 3),
        ("what about number 2", 2),
    ],
)
def test_ordinals(message: str, expected: int | None) -> None:
    assert ordinal_in(message) == expected


def test_state_resolves_ordinals_and_pronouns_and_survives_json() -> None:
    state = DialogueState()
    state.shown(ITEMS, "沈阳明年有哪些对接会")
    state = DialogueState.from_json(state.to_json())
    assert state.resolve("第二个在哪开？") == ITEMS[1]
    assert state.resolve("the last one?") == ITEMS[2]
    assert state.resolve("第五个") is None  # only three were shown
    assert state.resolve("它什么时候开") == ITEMS[0]  # the focus of a list is its first item
    assert state.resolve("沈阳有哪些对接会") is None  # names nothing shown before
    state.shown([ITEMS[2]], "第三个")
    assert state.resolve("who organizes it?") == ITEMS[2]


def _event(registration: str) -> RecordView:
    meta = {
        "start_date": "2026-12-10",
        "end_date": "2026-12-11",
        "city": "liaoyang",
        "venue": "Science Hall",
        "organizers": ["Liaoyang Science Bureau"],
        "registration": registration,
    }
    chunk = Chunk("event-x#0", "event-x", 0, "Magnesite", "event", "Magnesite Matchmaking", "en", meta=meta)
    return RecordView(chunk)


@pytest.mark.parametrize(
    ("message", "kind", "attribute"),
    [
        ("在哪儿开？", "event", "venue"),
        ("who organizes it?", "event", "organizers"),
        ("can I still sign up?", "event", "deadline"),
        ("怎么报名", "event", "registration"),
        ("成熟度呢", "achievement", "maturity"),
        ("who owns it?", "achievement", "owner"),
        ("他们预算多少", "demand", "budget"),
        ("怎么联系他们", "demand", "contact"),
        ("纯度能到多少", "achievement", None),  # a detail of the description, not a field
        ("who makes RV reducers around here?", "achievement", "owner"),  # who makes it: its owner
        ("谁能做RV减速器", "achievement", "owner"),
        ("when does the Dalian PEM stack demand close?", "demand", "deadline"),
        ("how close is it to the budget?", "demand", "budget"),  # not a closing date
    ],
)
def test_asked_attribute(message: str, kind: str, attribute: str | None) -> None:
    assert asked_attribute(message, kind) == attribute


def test_a_passed_deadline_is_compared_with_today() -> None:
    record = _event("请于2026年12月5日前发送报名表至 match@example.org")
    assert deadline_in(str(record.get("registration")), 2026) == dt.date(2026, 12, 5)
    zh = attribute_answer(record, "deadline", "zh", dt.date(2026, 12, 6))
    assert zh.startswith("报名已于 2026-12-05 截止（1 天前）") and "match@example.org" in zh
    en = attribute_answer(record, "deadline", "en", dt.date(2026, 11, 30))
    assert en.startswith("The registration deadline is 2026-12-05, 5 days from now.")


def test_attributes_lead_with_the_value_and_say_what_is_missing() -> None:
    record = _event("Register at https://events.example.org by December 1, 2026.")
    assert "Science Hall" in attribute_answer(record, "venue", "en", dt.date(2026, 11, 1))
    assert "Liaoyang Science Bureau" in attribute_answer(record, "organizers", "en", dt.date(2026, 11, 1))
    fee = attribute_answer(record, "fee", "en", dt.date(2026, 11, 1))
    assert fee.startswith('The listing for "Magnesite Matchmaking" (2026-12-10) does not state a fee.')
    # the registration text still comes with it, but the fee asked is not answered (kept for staff)
    assert states(record, "fee", "en", dt.date(2026, 11, 1))
    assert not states_fully(record, "fee", "en", dt.date(2026, 11, 1))
    assert states_fully(_event("免费参加，请于12月1日前报名"), "fee", "zh", dt.date(2026, 11, 1))


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("你好", "greeting"),
        ("helo", "greeting"),
        ("Hi there!", "greeting"),
        ("早上好～", "greeting"),
        ("好的谢谢", "thanks"),
        ("ok thanks!", "thanks"),
        ("thx bye", "thanks"),
        ("bye", "bye"),
        ("再见！", "bye"),
        ("cheers, thanks", "thanks"),
        ("好的，明白了，谢谢！", "thanks"),
        ("辛苦了，谢谢你", "thanks"),
        ("what can you do?", "capabilities"),
        ("你能干啥", "capabilities"),
        ("你们能帮我找合作伙伴吗", "capabilities"),
        ("can you help me find partners?", "capabilities"),
        ("你好，辽阳有什么对接会", None),  # a greeting with a question is a question
        ("thanks to the new law, who owns the patent?", None),
        # who the asker is, nothing asked yet: greeted back; with a need or a question, it is one
        ("hello! I'm with a steel company in Anshan", "greeting"),
        ("您好，我们是海城一家镁砂厂", "greeting"),
        ("hi, I work at a university tech transfer office", "greeting"),
        ("we're an auto parts maker in benxi, customers want 1800MPa+ B-pillars, any tech?", None),
        ("我们是海城的镁企，浮选尾矿堆成山了", None),
        ("我们是做光伏逆变器的，想换国产碳化硅", None),
        ("I am not sure", None),
    ],
)
def test_smalltalk(message: str, kind: str | None) -> None:
    assert smalltalk_kind(message) == kind


def test_corrections_keep_what_they_name() -> None:
    assert strip_correction("不是，我说的是氢能") == "氢能"
    assert strip_correction("no, I meant hydrogen") == "hydrogen"
    assert strip_correction("nothing about hydrogen?") is None
    assert strip_correction("no sorry, I meant hydrogen") == "hydrogen"
    assert strip_correction("actually I meant storage") == "storage"
    assert strip_correction("nope nope nope no, hydrogen") is not None


def test_a_correction_of_the_topic_searches_the_new_topic_alone() -> None:
    previous = plan_question("any lithium battery technologies?", dt.date(2026, 12, 6))
    plan = plan_question("hydrogen", dt.date(2026, 12, 6), previous).corrected(previous, "hydrogen")
    assert plan.intent == previous.intent == "technologies"
    assert "lithium" not in plan.query and plan.query == "hydrogen"


def test_an_english_deadline_and_the_registration_read_as_two_sentences() -> None:
    record = _event("Register at https://events.example.org by December 1, 2026.")
    text = attribute_answer(record, "deadline", "en", dt.date(2026, 11, 1))
    assert "from now. How to register: Register at" in text


def test_an_item_named_by_title_words_in_the_other_language() -> None:
    items = [Item("achievement", "a1", "Fan-out wafer-level packaging process for chips")]
    items.append(Item("achievement", "a2", "MCU芯片"))
    state = DialogueState()
    state.shown(items, "芯片封装技术")
    assert state.resolve("芯片封装那个是谁的") == items[1]  # the words typed only: "芯片" is in the second
    glossary = {"芯片": ["chips"], "封装": ["packaging"], "pem": ["质子交换膜"]}
    assert state.resolve("芯片封装那个是谁的", lambda w: glossary.get(w, [])) == items[0]
    pem = [Item("achievement", "p1", "PEM water electrolyser"), Item("achievement", "p2", "质子交换膜电极")]
    state.shown(pem, "hydrogen")
    # "PEM" is in the first title, its translation in the second: the word typed decides
    assert state.resolve("the PEM one?", lambda w: glossary.get(w, [])) == pem[0]


def test_the_last_one_said_with_a_demonstrative_and_what_about_carries_the_attribute() -> None:
    assert ordinal_in("最后那个呢") == -1 and ordinal_in("最后这项在哪") == -1
    assert ordinal_in("最后") is None  # "at last", no item
    assert asked_attribute("what about the third one?", "event") is None  # not "what is it about"
    assert asked_attribute("what's the forum about?", "event") == "topics"


def test_what_no_listing_carries_is_asked_as_such() -> None:
    assert asked_attributes("when was that company founded", "demand") == ["organisation"]
    assert asked_attributes("who is the CEO of the owner?", "achievement") == ["organisation"]
    assert asked_attributes("这个技术的专利号是多少", "achievement") == ["patent_number"]
    assert asked_attributes("专利情况怎么样", "achievement") == ["ip_status"]
    # a cooperative's or an association's members are the organisation's, no listing's
    assert asked_attributes("这个合作社有多少社员", "demand") == ["organisation"]
    assert asked_attributes("how many members does the cooperative have", "demand") == ["organisation"]
    assert asked_attributes("成员单位有哪些", "demand") != ["organisation"]  # not a count of members
    assert {"price", "organisation", "patent_number"} <= set(NEVER_LISTED)
    assert {"warranty", "payback", "lead", "product_name", "customer"} <= set(NEVER_LISTED)
    # who bought or licensed it: not the owner, nor how to license it
    assert asked_attributes("which company bought the MTO license", "achievement") == ["customer"]
    assert asked_attributes("这台电机配套了哪家车企", "achievement") == ["customer"]
    assert asked_attributes("who won the bid for the purification unit", "demand") == ["customer"]
    assert asked_attributes("which company developed it", "achievement") == ["owner"]
    # a budget named outright is a demand's, however the message names the technology
    assert names_budget("how much is haicheng huamei willing to pay for tailings tech")
    assert names_budget("硝化改造预算多少钱") and not names_budget("技术转让价格大概多少钱")


def test_a_figure_of_the_record_asked_in_money_words_is_no_price() -> None:
    # "how much does X drop", "the cost per Nm3": a measure the record states, not what it sells for
    assert "price" not in asked_attributes("how much does COD in dyeing wastewater drop?", "achievement")
    assert "price" not in asked_attributes("whats the cost per Nm3", "achievement")
    assert "price" not in asked_attributes("how much does that tech save", "achievement")
    assert asked_attributes("how much does it cost", "achievement") == ["price"]
    assert asked_attributes("what's the price per ton", "achievement") == ["price"]  # named as such
    assert "price" in asked_attributes("转让费多少", "achievement")


def test_more_of_a_kind_and_paying_to_attend() -> None:
    assert points_at_topic("is there another one coming up") and not points_at_topic("the second one?")
    assert asked_attribute("do coops need to pay", "event") == "fee"
    assert asked_attribute("参加要收钱吗", "event") == "fee"


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("where is that company", ["city"]),
        ("第一个公司在哪", ["city"]),
        ("where are they based?", ["city"]),
        ("where is it used", []),  # where a technology is applied is in its text, not its city
    ],
)
def test_where_the_owner_is_asks_the_city(message: str, asked: list[str]) -> None:
    assert asked_attributes(message, "demand") == asked


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("by whom?", "who"),
        ("谁办的", "who"),
        ("那是谁开的？", "who"),
        ("when?", "when"),
        ("什么时候", "when"),
        ("where?", "where"),
        ("在哪儿办的", "where"),
        # a question of its own, or small talk about us
        ("who r u", None),
        ("你是谁", None),
        ("when is the next event?", None),
    ],
)
def test_a_question_word_asked_alone(message: str, kind: str | None) -> None:
    assert bare_question(message) == kind


def test_a_demands_deadline_is_told_with_how_far_it_is_from_today() -> None:
    today = dt.date(2026, 12, 6)
    told = demand_deadline("「温室」", "2026-12-31", today, "zh")
    assert told == "「温室」的截止日期：2026-12-31，还有 25 天。"
    assert "1 day ago" in demand_deadline('"X"', "2026-12-05", today, "en")
    assert "today" in demand_deadline('"X"', "2026-12-06", today, "en")
    assert demand_deadline('"X"', "end of Q1 2027", today, "en") == 'The deadline of "X" is end of Q1 2027.'


def test_entry_fee_and_exclusive_licence_are_asked_as_such() -> None:
    assert asked_attributes("how much to get in", "event") == ["fee"]
    assert "exclusivity" in asked_attributes("能独家授权吗", "achievement")
    assert "exclusivity" in asked_attributes("can we get an exclusive licence?", "achievement")
    assert "exclusivity" in NEVER_LISTED  # the listing gives the modes, never the terms
    # how many may come from one company: no listing says
    assert asked_attributes("can i bring a colleague", "event") == ["companions"]
    assert asked_attributes("对接会能带同事去吗", "event") == ["companions"]
    assert "companions" in NEVER_LISTED


def test_an_item_named_by_a_term_the_tokens_split() -> None:
    """ "沈化大的氨分解那个" after three English titles: 氨分解 is cut 氨 + 分解, the glossary translates the
    whole ("ammonia decomposition")."""
    items = [
        Item("achievement", "a", "Continuous-flow microreactor nitration"),
        Item("achievement", "b", "Copper electroplating additives for TSV filling"),
        Item("achievement", "c", "Ruthenium-free ammonia decomposition catalyst"),
    ]
    state = DialogueState(items=items, focus=items[0])
    gloss = {"氨分解": ["ammonia decomposition"]}
    for message in ("氨分解那个效率多少", "沈化大的氨分解那个效率多少"):
        assert state.resolve(message, lambda w: gloss.get(w, [])) == items[2], message


def test_pointers_at_what_was_shown_in_both_languages() -> None:
    for message in ("有企业在朝阳也要这东西吗", "那玩意儿贵吗", "这个东西成熟吗", "is it mature", "那家呢"):
        assert mentions_previous(message), message
    for message in ("有储氢相关的技术吗", "what about hydrogen storage", "东西"):
        assert not mentions_previous(message), message
