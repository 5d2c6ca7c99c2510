"""Which item shown a follow-up points at, and what it asks of it (bot/conversation/followups.py,
dialogue.py): the words every listing's question holds name no item; an item named by its owner or city;
"it" keeps the focus; the superlative's record answers the attribute asked; "their deadline?" asks each
record listed; "那边有对接会吗" lists the place shown; "anything on offer that meets it?" asks for the
counterpart; thanks in a few words more is thanks. Plain data: a catalog of records, no index."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from bot.conversation.dialogue import DialogueState, Item
from bot.conversation.draft import Draft
from bot.conversation.followups import Followups
from bot.conversation.smalltalk import smalltalk_kind
from retrieval.catalog import RecordView
from retrieval.glossary import Glossary
from retrieval.types import Chunk
from tests.support.catalogs import RecordsCatalog, best_shared_sentence

TODAY = dt.date(2026, 12, 6)


def _record(doc: str, kind: str, title: str, text: str = "", **meta: Any) -> RecordView:
    return RecordView(Chunk(f"{doc}#0", doc, 0, f"{title}\n{text}", kind, title, "en", meta=meta))


RECORDS = [
    _record("d1", "demand", "Purifying refinery off-gas hydrogen to fuel-cell grade", "We need a unit.",
            enterprise="Fushun Xinghua Refining Co., Ltd. (sample)", city="fushun", budget="CNY 12 million",
            deadline="2027-02-28", field="hydrogen_energy"),
    _record("d2", "demand", "兆瓦级PEM电解水制氢电堆技术合作需求", "需要电堆。",
            enterprise="大连蓝海氢能装备有限公司（示例）", city="dalian", budget="1500万元",
            deadline="2027-04-30", field="hydrogen_energy"),
    _record("a1", "achievement", "全钒液流电池电堆技术", "能量效率≥80%。",
            institution="中国科学院大连化学物理研究所", city="dalian", field="energy_storage", trl=9),
    _record("a2", "achievement", "Sodium-ion cathode material", "It delivers 145 mAh/g.",
            institution="Northeastern University", city="shenyang", field="energy_storage", trl=6),
    _record("e1", "event", "Dalian Hydrogen Matchmaking 2027", "Pitches.", start_date="2027-01-14",
            end_date="2027-01-15", city="dalian", venue="Dalian World Expo Center",
            fields=["hydrogen_energy"]),
    _record("e2", "event", "Shenyang Hydrogen Forum 2027", "Talks.", start_date="2027-05-10",
            end_date="2027-05-10", city="shenyang", venue="Shenyang Expo Hall", fields=["hydrogen_energy"]),
    _record("e3", "event", "Fushun Refining Roadshow 2027", "Pitches.", start_date="2027-03-03",
            end_date="2027-03-03", city="fushun", venue="Fushun Hall", fields=["fine_chemicals"]),
]  # fmt: skip


def _followups() -> Followups:
    searcher = SimpleNamespace(glossary=Glossary([(["需求"], ["demand", "demands"])]))
    return Followups(RecordsCatalog(RECORDS), searcher, lambda: TODAY, best_shared_sentence)  # type: ignore[arg-type]


def _shown(*docs: str, query: str = "any demands about hydrogen?") -> DialogueState:
    state = DialogueState()
    items = [Item(r.chunk.kind, r.id, r.chunk.title) for d in docs for r in RECORDS if r.id == d]
    state.shown(items, query)
    return state


def test_the_words_of_any_listing_name_no_item_of_it() -> None:
    state = _shown("d1", "d2")
    state.focus_named("is there a demand for that? 需求 技术 企业")  # kind words: in one title, name none
    assert state.focus is not None and state.focus.doc_id == "d1"
    state.focus_named("the PEM 电解水 electrolysis stack")
    assert state.focus is not None and state.focus.doc_id == "d2"


def test_an_item_shown_named_by_its_owner_or_city() -> None:
    followups = _followups()
    reply = followups.answer("what's the budget of the Fushun one", "en", _shown("d1", "d2"))
    assert isinstance(reply, Draft) and "12 million" in reply.text
    reply = followups.answer("蓝海那家预算多少", "zh", _shown("d1", "d2"))
    assert isinstance(reply, Draft) and "1500万元" in reply.text
    reply = followups.answer("化物所那个成熟度多少", "zh", _shown("a2", "a1"))
    assert isinstance(reply, Draft) and [c.doc_id for c in reply.citations] == ["a1"]
    # two shown share the city: neither is named by it
    state = _shown("a1", "d2", "a2")
    assert followups._resolve("the Dalian one", state, fallback=False) is None


def test_it_keeps_the_item_in_focus_when_another_title_holds_its_words_as_well() -> None:
    state = _shown("d1", "d2")
    state.focus = state.items[1]
    translate = {"hydrogen": ["氢"]}.get
    assert state.resolve("what hydrogen purity does it need", lambda w: translate(w) or []) == state.items[1]


def test_the_superlatives_record_answers_the_attribute_asked() -> None:
    reply = _followups().answer("最早的那个在哪里开", "zh", _shown("e2", "e1", "e3", query="氢能对接会"))
    assert isinstance(reply, Draft) and reply.answered
    assert "Dalian Hydrogen Matchmaking 2027" in reply.text and "Dalian World Expo Center" in reply.text
    assert [c.doc_id for c in reply.citations] == ["e1"]


def test_their_attribute_right_after_a_list_is_each_records() -> None:
    reply = _followups().answer("their deadline?", "en", _shown("d1", "d2"))
    assert isinstance(reply, Draft) and "2027-02-28" in reply.text and "2027-04-30" in reply.text
    assert [c.doc_id for c in reply.citations] == ["d1", "d2"]
    state = _shown("d1", "d2")
    state.shown([state.items[1]], "", about_shown=True)  # then one of them was asked about
    reply = _followups().answer("their deadline?", "en", state)
    assert isinstance(reply, Draft) and [c.doc_id for c in reply.citations] == ["d2"]
    assert DialogueState.from_json(_shown("d1", "d2").to_json()).listed


def test_events_there_are_those_of_the_place_shown() -> None:
    reply = _followups().answer("那边有对接会吗，什么时候", "zh", _shown("d1"))
    assert isinstance(reply, Draft) and [c.doc_id for c in reply.citations] == ["e3"]
    # "is there" is no place: the events of the topic shown
    reply = _followups().answer("is there an event on that topic?", "en", _shown("d1"))
    assert isinstance(reply, Draft) and [c.doc_id for c in reply.citations] == ["e1", "e2"]


def test_a_counterpart_asked_in_other_words() -> None:
    followups = _followups()
    followups.counterparts.matcher = SimpleNamespace(match=lambda query, k: [])  # type: ignore[assignment]
    for message in ("anything on offer that meets it?", "有能满足的吗"):
        reply = followups.answer(message, "en", _shown("d1"))
        assert isinstance(reply, Draft) and not reply.citations and not reply.answered, message


def test_each_company_asks_about_the_event_in_focus() -> None:
    state = _shown("e1", query="大连氢能对接会")
    assert not _followups()._names_a_topic("每家企业最多去几个人", state)
    assert _followups()._names_a_topic("有企业做这个吗", state)


def test_thanks_in_a_few_more_words_is_thanks() -> None:
    for message in ("ok thanks, that helps", "thanks, that's clear", "多谢，很有帮助", "好的，懂了，谢谢"):
        assert smalltalk_kind(message) == "thanks", message
    for message in ("太感谢了", "谢谢你的帮助", "Thank you very much for the information", "no thanks"):
        assert smalltalk_kind(message) == "thanks", message
    for message in (
        "好的",
        "ok",
        "got it",
        "明白了",
        "嗯嗯",
        "行，我知道了",
        "that's all for now",
        "👍",
        "hmm",
        "kk",
    ):
        assert smalltalk_kind(message) == "ack", message  # acknowledged: no question, no refusal
    asking = (
        "thanks, what about the budget?",
        "that helps",
        "谢谢，那预算呢",
        "好的，那预算呢",
        "ok what",
        "Kafka",
    )
    for message in asking:
        assert smalltalk_kind(message) is None, message


def test_a_correction_that_points_at_another_item_asks_the_question_before_of_it() -> None:
    followups, state = _followups(), _shown("d1", "d2")
    first = followups.answer("what's the budget of the first one", "en", state)
    assert isinstance(first, Draft) and "12 million" in first.text
    state.shown(first.citations and [state.items[0]], "", about_shown=True)
    reply = followups.corrected_item("the second one", "en", state)
    assert isinstance(reply, Draft) and "1500万元" in reply.text
    assert followups.corrected_item("hydrogen", "en", state) is None  # a topic: the planner's


def test_a_budget_asked_of_an_event_is_no_sentence_of_it() -> None:
    event = _record("e9", "event", "Finance Day", "Banks talk about the budget of a pilot line.",
                    start_date="2027-02-01", end_date="2027-02-01", city="dalian")  # fmt: skip
    RECORDS.append(event)
    try:
        # the sentence shares the word, yet an event has no budget: the question is not about it
        assert _followups().answer("what's its budget?", "en", _shown("e9", query="finance day")) is None
        assert _followups().answer("where is it held?", "en", _shown("e9", query="finance day")) is not None
    finally:
        RECORDS.remove(event)


def test_the_other_one_of_two_asks_the_question_before_of_it() -> None:
    followups, state = _followups(), _shown("d1", "d2")
    first = followups.answer("第二个截止日期", "zh", state)
    assert isinstance(first, Draft) and "2027-04-30" in first.text
    state.shown([state.items[1]], "", about_shown=True)
    for message in ("另一个呢", "and the other one?"):
        reply = followups.answer(message, "zh", state)
        assert isinstance(reply, Draft) and "2027-02-28" in reply.text, message
