"""A conversation that moves between an enterprise's demand and a technology: the records in focus before
are remembered, one of them is asked of again by its owner or by a budget, and a demand answers how the
enterprise wants to cooperate; on plain data (no index)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.conversation.attributes import asked_attributes, attribute_answer, states
from bot.conversation.dialogue import DialogueState, Item
from bot.conversation.earlier import earlier_meant
from bot.conversation.owner_names import owner_named
from retrieval.catalog import RecordView
from retrieval.types import Chunk

TODAY = dt.date(2026, 12, 6)
DEMAND = Item("demand", "dem-haiyue", "Five-axis machining centres for impeller production")
TECH = Item("achievement", "ach-dut", "High-precision five-axis vertical machining centre")
OTHER = Item("achievement", "ach-sict", "高档五轴联动数控系统")


def _record(item: Item, owner: str, city: str, text: str = "", **meta: object) -> RecordView:
    key = "enterprise" if item.kind == "demand" else "institution"
    chunk = Chunk(
        id=f"{item.doc_id}#0",
        doc_id=item.doc_id,
        kind=item.kind,
        lang="en",
        title=item.title,
        text=text or item.title,
        index=0,
        meta={key: owner, "city": city, **meta},
    )
    return RecordView(chunk)


RECORDS = {
    DEMAND.doc_id: _record(DEMAND, "Dalian Haiyue Precision Machinery Co., Ltd. (sample)", "dalian"),
    TECH.doc_id: _record(TECH, "Dalian University of Technology", "dalian"),
    OTHER.doc_id: _record(OTHER, "中国科学院沈阳计算技术研究所", "shenyang"),
}


def _state() -> DialogueState:
    """The demand asked about, then the technologies that fit it listed: the demand is remembered."""
    state = DialogueState()
    state.shown([DEMAND], "Dalian Haiyue wants five-axis machines")
    state.shown([TECH, OTHER], "is there an achievement that fits")
    return DialogueState.from_json(state.to_json())


def _meant(message: str, state: DialogueState) -> RecordView | None:
    return earlier_meant(message, state, lambda i: RECORDS.get(i.doc_id), lambda _: None)


def test_the_record_in_focus_before_is_remembered_once() -> None:
    state = _state()
    assert state.focus == TECH and state.earlier == [DEMAND]
    state.shown([DEMAND], "whats Haiyue's budget")
    assert state.focus == DEMAND and state.earlier == [TECH]  # the demand is no longer listed twice


def test_a_remembered_record_named_by_its_owner_or_asked_its_budget() -> None:
    state = _state()
    named = _meant("whats Haiyue's budget", state)
    assert named is not None and named.id == DEMAND.doc_id
    budget = _meant("药企那边预算多少", state)  # a budget, with a technology in focus: the demand
    assert budget is not None and budget.id == DEMAND.doc_id
    assert _meant("how many units built so far", state) is None  # of the technology in focus


def test_nothing_remembered_is_meant_when_the_focus_is_named() -> None:
    state = _state()
    assert _meant("what budget does DUT's machine need", state) is None  # DUT's is the one in focus
    assert _meant("whats Haiyue's budget", DialogueState()) is None  # nothing remembered


def test_a_demand_tells_how_the_enterprise_wants_to_cooperate() -> None:
    text = "公司拟开发镁合金薄壁压铸件。需要抗拉强度≥250 MPa的压铸镁合金。希望以联合开发方式合作。"
    demand = _record(Item("demand", "dem-mg", "镁合金压铸"), "辽阳鑫镁轻合金", "liaoyang", text)
    assert asked_attributes("他们想怎么合作", "demand") == ["transfer_modes"]
    assert attribute_answer(demand, "transfer_modes", "zh", TODAY) == "希望以联合开发方式合作。"
    silent = _record(Item("demand", "dem-x", "X"), "X Co.", "dalian", "We need a better sensor.")
    assert not states(silent, "transfer_modes", "en", TODAY)


@pytest.mark.parametrize(
    ("message", "kind", "expected"),
    [
        ("can we co-develop it with them", "achievement", ["transfer_modes"]),
        ("how do they want to cooperate", "demand", ["transfer_modes"]),
        ("which company partnered with DUT to build them", "achievement", ["customer"]),
        ("跟哪家航发企业合作过", "achievement", ["customer"]),
        ("金属所给哪家车企供的货", "achievement", ["customer"]),
        ("这个合作社有多少社员", "demand", []),  # a cooperative is no way to cooperate
    ],
)
def test_cooperation_and_partners_asked(message: str, kind: str, expected: list[str]) -> None:
    assert [a for a in asked_attributes(message, kind) if a in ("transfer_modes", "customer")] == expected


def test_an_acronym_before_chinese_names_its_owner() -> None:
    message = "SIA的平台接入过多少台"
    assert owner_named("Shenyang Institute of Automation, CAS", message, {"sia"})
    assert not owner_named("Dalian Institute of Chemical Physics, CAS", message, {"sia"})
