"""The most or least of the list just shown ("which one has the biggest budget?", "哪场最早"), a bare
ordinal ("第一个") showing that record, and a correction that names another kind of listing keeping the
filters of the question it corrects; on plain data, as tests/unit/test_followups_focus.py."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from bot.chat.intents import plan_question
from bot.conversation.dialogue import DialogueState, Item
from bot.conversation.draft import Draft
from bot.conversation.followups import Followups
from bot.conversation.superlatives import (
    Superlative,
    comparative_of,
    patents_of,
    pick_shown,
    superlative_of,
    without_superlative,
)
from retrieval.catalog import RecordView
from retrieval.glossary import Glossary
from retrieval.types import Chunk
from tests.support.catalogs import RecordsCatalog

TODAY = dt.date(2026, 12, 6)


def _record(doc: str, kind: str, title: str, **meta: Any) -> RecordView:
    return RecordView(Chunk(f"{doc}#0", doc, 0, f"{title}\nText.", kind, title, "zh", meta=meta))


RECORDS = [
    _record("d1", "demand", "余热回收需求", budget="80万元", deadline="2027-05-31"),
    _record("d2", "demand", "Sodium cathode need", budget="CNY 3 million", deadline="2027-01-31"),
    _record("d3", "demand", "储能电站需求", budget="1200万元（项目总投资）", deadline="2027-08-31"),
    _record("d4", "demand", "无预算需求"),
    _record("e1", "event", "春季对接会", start_date="2027-04-22"),
    _record("e2", "event", "Winter fair", start_date="2027-01-14"),
    _record("a1", "achievement", "电堆技术", trl=7),
    _record("a2", "achievement", "催化剂技术", trl=9),
]  # fmt: skip


def _ask(message: str, *docs: str, lang: str = "zh") -> Draft:
    followups = Followups(
        RecordsCatalog(RECORDS),  # type: ignore[arg-type]
        SimpleNamespace(glossary=Glossary([])),  # type: ignore[arg-type]
        lambda: TODAY,
        lambda q, c: None,
    )
    state = DialogueState()
    shown = [r for r in RECORDS if r.id in docs]
    state.shown([Item(r.chunk.kind, r.id, r.chunk.title) for r in shown], "list")
    reply = followups.answer(message, lang, state)
    assert isinstance(reply, Draft)
    return reply


@pytest.mark.parametrize(
    ("message", "lang", "docs", "winner", "value"),
    [
        ("预算最高的是哪个", "zh", ("d1", "d2", "d3", "d4"), "d3", "1200万元"),
        ("which one has the smallest budget?", "en", ("d1", "d2", "d3"), "d1", "80万元"),
        ("哪个截止最早", "zh", ("d1", "d2", "d3"), "d2", "2027-01-31"),
        ("which one is the earliest?", "en", ("e1", "e2"), "e2", "2027-01-14"),
        ("哪个最成熟", "zh", ("a1", "a2"), "a2", "TRL 9"),
        ("which one closes first", "en", ("d1", "d2", "d3"), "d2", "2027-01-31"),
        ("哪个最先截止", "zh", ("d1", "d2", "d3"), "d2", "2027-01-31"),
        ("最便宜的是哪个", "zh", ("d1", "d2", "d3"), "d1", "80万元"),  # a demand's price is its budget
    ],
)
def test_the_most_of_the_list_shown(
    message: str, lang: str, docs: tuple[str, ...], winner: str, value: str
) -> None:
    reply = _ask(message, *docs, lang=lang)
    assert [c.doc_id for c in reply.citations] == [winner]
    assert value in reply.text


def test_no_listing_states_a_price_to_compare() -> None:
    reply = _ask("the cheapest?", "a1", "a2", lang="en")
    assert not reply.answered and not reply.citations and "negotiated" in reply.text


def test_a_superlative_needs_a_value_and_one_direction() -> None:
    assert superlative_of("最高的那个和最低的那个") is None
    assert superlative_of("哪个最好") is None  # nothing to compare by


def test_a_bare_ordinal_shows_that_record() -> None:
    reply = _ask("第二个", "d1", "d3")
    assert [c.doc_id for c in reply.citations] == ["d3"] and "储能电站需求" in reply.text


def test_a_correction_to_another_kind_keeps_the_filters() -> None:
    previous = plan_question("show me robotics technologies in Shenyang", TODAY)
    corrected = plan_question("demands", TODAY, previous).corrected(previous, "demands")
    assert (corrected.intent, corrected.city, corrected.field) == ("demands", previous.city, previous.field)
    assert previous.city and previous.field
    # a correction naming its own city keeps that one
    dalian = plan_question("demands in Dalian", TODAY, previous).corrected(previous, "demands in Dalian")
    assert (dalian.city, dalian.field) == ("dalian", previous.field)


def test_budgets_are_compared_in_yuan_whatever_their_scale_word() -> None:
    budgets = {"b1": "USD 2.5m", "b2": "2千万元", "b3": "1,800万元（分期）", "b4": "0.15亿元", "b5": "待定"}
    records = [_record(doc, "demand", f"需求{doc}", budget=budget) for doc, budget in budgets.items()]
    most = pick_shown(Superlative("budget", True), records, "zh")
    least = pick_shown(Superlative("budget", False), records, "zh")
    assert most is not None and [c.doc_id for c in most.citations] == ["b2"]  # 20 million
    assert least is not None and [c.doc_id for c in least.citations] == ["b1"]  # 2.5 million; b5 states none


def test_patents_are_counted_over_each_kind_named() -> None:
    statuses = {
        "p1": "发明专利2项，实用新型专利4项",  # 6
        "p2": "3 granted invention patents; 1 PCT application",  # 4
        "p3": "发明专利5项，软件著作权12项",  # 5: a copyright is no patent
        "p4": "植物新品种权2项",  # none counted
    }
    records = [_record(doc, "achievement", f"成果{doc}", ip_status=ip) for doc, ip in statuses.items()]
    assert [patents_of(r) for r in records] == [6, 4, 5, None]
    most = pick_shown(Superlative("patents", True), records, "en")
    fewest = pick_shown(Superlative("patents", False), records, "en")
    assert most is not None and [c.doc_id for c in most.citations] == ["p1"]
    assert fewest is not None and [c.doc_id for c in fewest.citations] == ["p2"]
    assert superlative_of("which one has the fewest patents") == Superlative("patents", False)


def test_what_is_left_of_a_superlative_names_the_topic() -> None:
    assert "成熟" not in without_superlative("氢能方面哪个成果最成熟")
    assert "氢能" in without_superlative("氢能方面哪个成果最成熟")
    rest = without_superlative("which demand in Shenyang has the biggest budget")
    assert "budget" not in rest and "biggest" not in rest and "Shenyang" in rest


def test_a_comparison_of_two_names_its_value_and_direction() -> None:
    assert comparative_of("which one is more mature") == Superlative("trl", True)
    assert comparative_of("哪个预算更低") == Superlative("budget", False)
    assert comparative_of("哪个专利更多") == Superlative("patents", True)
    assert comparative_of("which one is better") is None  # nothing to compare by


def test_what_a_demand_pays_is_its_budget() -> None:
    asked = superlative_of("which demand pays the most")
    assert asked is not None and asked.value == "budget" and asked.most
