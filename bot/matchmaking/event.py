"""An indexed event's listings for pre-docking (`techbridge predock --event ID`).

Event records (knowledge/events/*.yaml) carry no list of registered demands, so the event's listings are
read off its fields and city:

- registered demands: the demands whose field is one of the event's fields (any field when the event
  names none) from enterprises in the event's province (its city or another city of the same province:
  the 2018 Shenyang meeting's 1,302 requirements came from companies across Liaoning's cities);
- achievements: those in the event's fields from anywhere (universities and institutes travel to a
  matchmaking event; the Shenyang meeting's 1,239 came from 100 of them), all of them when it names none.
"""

from __future__ import annotations

from retrieval.catalog import Catalog, RecordView
from retrieval.errors import NotFoundError
from retrieval.match_vocab import province_of

__all__ = ["event_listings"]


def event_listings(catalog: Catalog, event_id: str) -> tuple[RecordView, list[RecordView], list[RecordView]]:
    """(the event, its registered demands, the achievements in its fields), in listing order."""
    event = catalog.record("event", event_id)
    if event is None:
        raise NotFoundError(f"no event {event_id!r} in the index (techbridge search, or /api/events)")
    fields = set(event.get("fields") or [])
    province = province_of(str(event.get("city") or "")) or None

    def in_fields(r: RecordView) -> bool:
        return not fields or r.get("field") in fields

    demands = [
        r
        for r in catalog.records("demand")
        if in_fields(r) and (province is None or province_of(str(r.get("city") or "")) == province)
    ]
    achievements = [r for r in catalog.records("achievement") if in_fields(r)]
    return event, demands, achievements
