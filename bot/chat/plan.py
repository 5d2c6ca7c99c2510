"""A plan: what a question asks for (its intent) and the slots it names, as intents.py reads them.

It is kept in the conversation's state (state/from_state), so a follow-up after a restart or on another
channel inherits the previous question's slots; a correction rewrites it (corrected).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal, TypedDict

__all__ = ["Intent", "Plan", "Slots"]

Intent = Literal["events", "technologies", "demands", "count", "article", "search", "match"]


class Slots(TypedDict, total=False):
    """The slots a message names, as Plan's keyword arguments (a follow-up passes only some of them)."""

    city: str | None
    field: str | None
    institution: str | None
    maturity: str | None
    trl: int | None
    transfer: str | None
    upcoming: bool | None
    date_from: dt.date | None
    date_to: dt.date | None


@dataclass(frozen=True)
class Plan:
    intent: Intent
    query: str  # the text to search with: the question, plus the previous one for a follow-up
    count_kind: str | None = None
    city: str | None = None
    field: str | None = None
    institution: str | None = None
    maturity: str | None = None
    upcoming: bool | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    articles: tuple[int, ...] = ()
    follow_up: bool = False
    slots_named: tuple[str, ...] = ()
    trl: int | None = None
    transfer: str | None = None

    def state(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("date_from", "date_to"):
            data[key] = data[key].isoformat() if data[key] else None
        data["articles"] = list(self.articles)
        data["slots_named"] = list(self.slots_named)
        return data

    def corrected(self, previous: Plan, said: str) -> Plan:
        """A correction naming another kind of listing ("no, I meant demands" after robotics technologies
        in Shenyang) keeps the filters of the question it corrects that it does not name itself; one naming
        another topic ("no sorry, I meant hydrogen" after lithium batteries) replaces the topic searched
        (the previous words would keep asking for lithium)."""
        if self.follow_up:
            return replace(self, query=said)
        listings = ("technologies", "demands", "events")
        if self.intent not in listings or previous.intent not in listings or self.intent == previous.intent:
            return self
        kept = {
            key: getattr(previous, key)
            for key in ("city", "field", "institution", "maturity", "trl", "transfer")
            if key not in self.slots_named and getattr(previous, key) is not None
        }
        return replace(self, query=f"{previous.query} {self.query}", **kept)

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> Plan | None:
        if not data or "intent" not in data:
            return None
        data = dict(data)
        for key in ("date_from", "date_to"):
            data[key] = dt.date.fromisoformat(data[key]) if data.get(key) else None
        data["articles"] = tuple(data.get("articles") or ())
        data["slots_named"] = tuple(data.get("slots_named") or ())
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
