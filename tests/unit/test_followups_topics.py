"""Topic carry-over: the kind asked, in the field of the list shown ("any events on that topic?")."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from bot.conversation.attributes import asked_attribute
from bot.conversation.dialogue import DialogueState, Item
from bot.conversation.draft import Draft
from bot.conversation.followups import Followups
from bot.conversation.topics import carried_field, points_at_topic
from retrieval.catalog import RecordView
from retrieval.glossary import Glossary
from retrieval.types import Chunk

TODAY = dt.date(2026, 12, 6)


def _record(doc: str, kind: str, title: str, **meta: Any) -> RecordView:
    return RecordView(Chunk(f"{doc}#0", doc, 0, title, kind, title, "en", meta=meta))


RECORDS = [
    _record("a1", "achievement", "Sodium-ion cell", field="energy_storage", city="jinzhou"),
    _record("a2", "achievement", "Thermal storage brick", field="energy_storage", city="fuxin"),
    _record("a3", "achievement", "Rice variety", field="modern_agriculture", city="shenyang"),
    _record("e1", "event", "Storage Week", fields=["energy_storage"], start_date="2027-02-01"),
    _record("e2", "event", "Farm Roadshow", fields=["modern_agriculture"], start_date="2027-03-01"),
    _record("e3", "event", "Battery Forum 2025", fields=["energy_storage"], start_date="2025-03-01"),
]


class _Catalog:
    def records(self, kind: str) -> list[RecordView]:
        return [r for r in RECORDS if r.chunk.kind == kind]

    def record(self, kind: str, doc_id: str) -> RecordView | None:
        return next((r for r in self.records(kind) if r.id == doc_id), None)

    def events(self, today: dt.date, upcoming: bool | None = None, field: str | None = None) -> list[Any]:
        found = [r for r in self.records("event") if field is None or field in r.get("fields")]
        if upcoming:
            found = [r for r in found if r.get("start_date") >= today.isoformat()]
        return found

    def institutions(self) -> list[str]:
        return []


def _followups() -> Followups:
    searcher = SimpleNamespace(glossary=Glossary([]))
    return Followups(_Catalog(), searcher, lambda: TODAY, lambda q, c: None)  # type: ignore[arg-type]


def _after(*docs: str) -> DialogueState:
    state = DialogueState()
    state.shown([Item(r.chunk.kind, r.id, r.chunk.title) for r in RECORDS if r.id in docs], "storage tech")
    return state


def test_the_topic_is_the_field_most_of_the_list_shares() -> None:
    assert carried_field([RECORDS[2], RECORDS[0], RECORDS[1]]) == "energy_storage"
    assert points_at_topic("anything similar coming up?") and points_at_topic("这方面有对接会吗")
    assert not points_at_topic("where is it held?")


def test_events_on_the_topic_of_the_technologies_shown() -> None:
    for message in ("is there a meetup on that topic?", "这方面有什么对接会"):
        reply = _followups().answer(message, "en", _after("a1", "a2", "a3"))
        assert isinstance(reply, Draft)
        assert [c.doc_id for c in reply.citations] == ["e1"]  # upcoming ones, not the 2025 forum or farming


def test_a_message_naming_its_own_field_or_asking_the_same_kind_is_not_carried_over() -> None:
    assert _followups().answer("any events on modern agriculture?", "en", _after("a1", "a2")) is None
    reply = _followups().answer("related technologies?", "en", _after("e2"))
    assert isinstance(reply, Draft) and [c.doc_id for c in reply.citations] == ["a3"]


def test_fee_asked_in_everyday_words() -> None:
    assert asked_attribute("要交钱吗", "event") == "fee"
    assert asked_attribute("do I have to pay to attend?", "event") == "fee"


def test_contact_asked_in_everyday_words() -> None:
    for message in ("how do I reach their transfer office?", "can I get in touch with them?", "怎么联系他们"):
        assert asked_attribute(message, "achievement") == "contact", message
    assert asked_attribute("what density do the parts reach?", "achievement") != "contact"
