"""Follow-ups about the record in focus that do not point back ("纯度能到多少"), the named record
without a list before it, and the counterpart asked in a need's words; on plain data, with a catalog
and a sentence picker that read the records' words (no index)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from bot.conversation.attributes import states
from bot.conversation.dialogue import DialogueState, Item
from bot.conversation.draft import Draft
from bot.conversation.followups import Followups
from retrieval.catalog import RecordView
from retrieval.glossary import Glossary
from retrieval.types import Chunk
from tests.support.catalogs import RecordsCatalog, best_shared_sentence


def _record(doc: str, kind: str, title: str, text: str, **meta: Any) -> RecordView:
    return RecordView(Chunk(f"{doc}#0", doc, 0, f"{title}\n{text}", kind, title, "zh", meta=meta))


RECORDS = [
    _record("a1", "achievement", "高炉煤气余热发电技术", "余热回收效率达到62%。已在鞍山建成两套机组。",
            institution="东北某大学", city="anshan", field="environmental"),
    _record("a2", "achievement", "秸秆制乙醇酶解技术", "酶解转化率达到90%。", institution="某研究所",
            city="shenyang", field="bio_agri", summary="酶解转化率达到90%。"),
    _record("e1", "event", "Tieling Agri Roadshow", "Teams pitch farm machinery.", start_date="2027-03-01",
            fields=["bio_agri"],
            registration="Register by 2027-02-20; the farm tour is limited to 40 people."),
]  # fmt: skip


def _followups() -> Followups:
    searcher = SimpleNamespace(glossary=Glossary([]))
    return Followups(RecordsCatalog(RECORDS), searcher, lambda: dt.date(2026, 12, 6), best_shared_sentence)  # type: ignore[arg-type]


def _after_list(*docs: str) -> DialogueState:
    state = DialogueState()
    shown = [r for r in RECORDS if r.id in docs]
    state.shown([Item(r.chunk.kind, r.id, r.chunk.title) for r in shown], "有没有余热发电的技术")
    return state


def test_a_detail_of_the_record_in_focus_without_pointing_back() -> None:
    reply = _followups().answer("回收效率多少", "zh", _after_list("a1", "a2"))
    assert isinstance(reply, Draft) and "62%" in reply.text
    assert [c.doc_id for c in reply.citations] == ["a1"]


def test_a_message_with_a_topic_of_its_own_is_left_to_the_planner() -> None:
    followups = _followups()
    assert followups.answer("沈阳的呢", "zh", _after_list("a1", "a2")) is None  # a city
    assert followups.answer("有哪些储能技术", "zh", _after_list("a1", "a2")) is None  # a listing
    assert followups.answer("秸秆乙醇技术的转化率", "zh", _after_list("a1")) is None  # another record's words


def test_an_event_follow_up_reads_its_registration() -> None:
    reply = _followups().answer("is the farm tour limited?", "en", _after_list("e1"))
    assert isinstance(reply, Draft) and "40 people" in reply.text


def test_a_record_named_with_an_attribute_needs_no_list_before_it() -> None:
    reply = _followups().answer("秸秆制乙醇那个技术是哪家的", "zh", DialogueState())
    assert isinstance(reply, Draft) and "某研究所" in reply.text


def test_the_counterpart_asked_as_a_need_only_when_it_points_back() -> None:
    matcher = SimpleNamespace(match=lambda query, k: [])
    followups = _followups()
    followups.counterparts.matcher = matcher  # type: ignore[assignment]
    state = _after_list("a1")
    reply = followups.counterpart("有企业提过这个需求吗", "zh", state)
    assert isinstance(reply, Draft) and "高炉煤气余热发电技术" in reply.text  # none fits: says so
    assert followups.counterpart("我们企业需要余热发电技术", "zh", state) is None


def test_tell_me_about_an_item_gives_it_whole_and_which_school_asks_the_owner() -> None:
    state = _after_list("a1", "a2")
    reply = _followups().answer("tell me about the second one", "zh", state)
    assert isinstance(reply, Draft) and "酶解转化率达到90%" in reply.text and "某研究所" in reply.text
    reply = _followups().answer("第一项是哪个学校的", "zh", state)
    assert isinstance(reply, Draft) and "东北某大学" in reply.text


def test_x_ne_after_one_record_asks_the_question_before_of_that_record() -> None:
    state = DialogueState()
    state.shown([Item("event", "e1", "Tieling Agri Roadshow")], "会上发布了多少需求")
    event = RECORDS[2]
    RECORDS[2] = _record("e1", "event", "Tieling Agri Roadshow", "路演共有40个团队参加。会上发布成果25项。")
    try:
        reply = _followups().answer("成果呢", "zh", state)  # a kind word, yet the question before, of e1
    finally:
        RECORDS[2] = event
    assert isinstance(reply, Draft) and "25项" in reply.text


def test_the_counterparts_in_a_city_the_follow_up_names() -> None:
    demands = [
        _record("d1", "demand", "Waste heat boilers", "", city="dalian", field="environmental"),
        _record("d2", "demand", "Heat recovery for a steel mill", "", city="anshan", field="environmental"),
        _record("d3", "demand", "Boiler sensors", "", city="anshan", field="electronics"),
    ]
    evidence = {"d1": 0.9, "d2": 0.3, "d3": 0.2}  # d3: weak, another field: not shown even in its city
    found = [SimpleNamespace(record=d, evidence=evidence[d.id]) for d in demands]
    followups = _followups()
    followups.counterparts.matcher = SimpleNamespace(match=lambda query, k: found[:k])  # type: ignore[assignment]
    reply = followups.answer("鞍山有企业需要这个吗", "zh", _after_list("a1"))
    assert isinstance(reply, Draft) and [c.doc_id for c in reply.citations] == ["d2"]
    reply = followups.answer("有企业需要这个吗", "zh", _after_list("a1"))
    assert isinstance(reply, Draft) and [c.doc_id for c in reply.citations] == ["d1", "d2", "d3"]


def test_this_tech_asks_about_the_item_shown_whatever_its_kind() -> None:
    state = DialogueState()
    state.shown([Item("event", "e1", "Tieling Agri Roadshow")], "铁岭的路演")
    reply = _followups().answer("这个技术是哪个单位的", "zh", state)
    # not the technologies of the roadshow's field: that is for "有相关的技术吗"
    assert reply is None or [c.doc_id for c in reply.citations] == ["e1"]
    listing = _followups().answer("有相关的技术吗", "zh", state)
    assert isinstance(listing, Draft) and [c.doc_id for c in listing.citations] == ["a2"]


def test_an_attribute_the_listing_lacks_is_said_but_not_counted_as_answered() -> None:
    reply = _followups().answer("它的预算是多少", "zh", _after_list("a1"))  # an achievement states no budget
    assert isinstance(reply, Draft) and "没有写明预算" in reply.text and not reply.answered
    # named without a list before it: left to the passages, which may state it
    assert _followups().answer("秸秆制乙醇那个技术的预算是多少", "zh", DialogueState()) is None
    assert states(RECORDS[1], "owner", "zh", dt.date(2026, 12, 6))
    assert not states(RECORDS[1], "budget", "zh", dt.date(2026, 12, 6))


def test_a_detail_the_record_does_not_hold_is_not_answered_with_its_title_words() -> None:
    # every sentence of a1 shares words with its title; none speaks of inventors
    assert _followups().answer("它的发明人是谁", "zh", _after_list("a1")) is None
