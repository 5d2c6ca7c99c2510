"""A filter on the list just shown ("which of them ...", "其中 ...") and the item a listed question named."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from bot.conversation.dialogue import DialogueState, Item
from bot.conversation.subsets import Subset, filter_shown, subset_of
from retrieval.catalog import RecordView
from retrieval.types import Chunk

TODAY = dt.date(2026, 12, 6)


def _tech(n: int, **meta: Any) -> RecordView:
    meta = {"institution": "Some University", "field": "hydrogen_energy", **meta}
    chunk = Chunk(f"ach-{n}#0", f"ach-{n}", 0, f"Tech {n}", "achievement", f"Tech {n}", "en", meta=meta)
    return RecordView(chunk)


def _event(n: int, start: str, city: str) -> RecordView:
    meta = {"start_date": start, "end_date": start, "city": city}
    return RecordView(Chunk(f"ev-{n}#0", f"ev-{n}", 0, "x", "event", f"Meeting {n}", "en", meta=meta))


def test_a_filter_needs_a_pointer_at_the_list_and_a_value() -> None:
    assert subset_of("out of these, which are still at pilot scale?") == Subset(maturity="pilot")
    assert subset_of("这几个里面有在大连的吗") == Subset(city="dalian")
    assert subset_of("上面这些哪些还没举办") == Subset(when="upcoming")
    assert subset_of("any pilot-stage hydrogen technologies?") is None  # a new listing, not the list shown
    assert subset_of("which of them is the cheapest?") is None  # no value to filter by


def test_the_shown_records_are_filtered_by_maturity_stage_or_trl() -> None:
    shown = [_tech(1, maturity="lab"), _tech(2, trl=8), _tech(3, maturity="industrial")]
    draft = filter_shown(Subset(maturity="industrial"), shown, "en", TODAY)
    assert draft.answered
    assert [c.doc_id for c in draft.citations] == ["ach-2", "ach-3"]
    assert draft.text.startswith("2 of the 3 listed above are industrial stage")


def test_no_record_shown_has_the_value_says_so() -> None:
    shown = [_event(1, "2025-05-01", "dalian"), _event(2, "2026-01-01", "shenyang")]
    draft = filter_shown(Subset(when="upcoming"), shown, "zh", TODAY)
    assert draft.citations == [] and "没有尚未举办的" in draft.text
    kept = filter_shown(Subset(city="shenyang"), shown, "zh", TODAY)
    assert [c.doc_id for c in kept.citations] == ["ev-2"]


def test_the_item_the_question_named_becomes_the_focus_of_a_list() -> None:
    items = [
        Item("event", "ev-a", "Anshan Steel Materials Matchmaking 2027"),
        Item("event", "ev-b", "Jinzhou Battery Recycling Forum 2027"),
        Item("event", "ev-c", "Jinzhou Auto Parts Roadshow 2027"),
    ]
    state = DialogueState()
    state.shown(items, "when is the jinzhou battery recycling forum")
    assert state.focus == items[0]  # a list's focus is its first item until a title is named
    state.focus_named("when is the jinzhou battery recycling forum")
    assert state.focus == items[1]
    state.focus_named("jinzhou events in 2027")  # names two titles' words equally: the focus stays
    assert state.focus == items[1]


def test_registration_still_open_reads_the_deadline_not_the_start() -> None:
    assert subset_of("which of these can I still register for?") == Subset(when="open")
    closed = _event(1, "2026-12-20", "dalian")
    closed.chunk.meta["registration"] = "Register by 2026-12-01 at the office."
    open_ = _event(2, "2026-12-20", "dalian")
    open_.chunk.meta["registration"] = "请于2026年12月15日前报名。"
    draft = filter_shown(Subset(when="open"), [closed, open_], "en", TODAY)
    assert [c.doc_id for c in draft.citations] == ["ev-2"]
    assert "still open for registration" in draft.text


def test_after_a_filter_the_last_one_is_the_last_kept() -> None:
    from bot.conversation.followups import Followups

    records = {
        r.id: r for r in [_tech(1, maturity="lab"), _tech(2, maturity="pilot"), _tech(3, maturity="pilot")]
    }
    catalog = SimpleNamespace(
        records=lambda kind: list(records.values()),
        record=lambda kind, doc_id: records.get(doc_id),
        institutions=lambda: [],
    )
    followups = Followups(catalog, SimpleNamespace(glossary=None), lambda: TODAY, lambda q, c: None)  # type: ignore[arg-type]
    state = DialogueState()
    state.shown([Item("achievement", r.id, r.chunk.title) for r in records.values()], "tech")
    reply = followups.answer("among them, which are at pilot scale?", "en", state)
    assert reply is not None and [c.doc_id for c in reply.citations] == ["ach-2", "ach-3"]
    assert state.resolve("the last one") == Item("achievement", "ach-3", "Tech 3")
    assert state.resolve("the first one") == Item("achievement", "ach-2", "Tech 2")


def test_a_filter_by_transfer_mode_and_by_several_fields() -> None:
    assert subset_of("其中有几个能作价入股") == Subset(transfer="equity")
    assert subset_of("只要储能和氢能的") == Subset(fields=("hydrogen_energy", "energy_storage"))
    assert subset_of("only the chip-related ones") == Subset(fields=("integrated_circuits",))
    assert subset_of("沈阳这几个里面已经工业化的是哪些") == Subset(maturity="industrial", city="shenyang")
    shown = [
        _tech(1, transfer_modes=["license", "equity"]),
        _tech(2, transfer_modes=["license"], field="energy_storage"),
        _tech(3, transfer_modes=["equity"], field="new_materials"),
    ]
    kept = filter_shown(Subset(transfer="equity"), shown, "zh", TODAY)
    assert [c.doc_id for c in kept.citations] == ["ach-1", "ach-3"] and "可作价入股的有 2 项" in kept.text
    both = filter_shown(Subset(fields=("hydrogen_energy", "energy_storage")), shown, "en", TODAY)
    assert [c.doc_id for c in both.citations] == ["ach-1", "ach-2"]


def test_the_item_after_the_one_in_focus() -> None:
    items = [Item("event", f"ev-{n}", f"Meeting {n}") for n in (1, 2, 3)]
    dialogue = DialogueState(items=items, focus=items[0])
    assert dialogue.resolve("and the one after that?") == items[1]
    dialogue.focus = items[1]
    assert dialogue.resolve("下一场呢") == items[2]
    dialogue.focus = items[2]
    assert dialogue.resolve("and the one after that?", fallback=False) is None  # none after the last
