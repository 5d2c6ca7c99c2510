"""Subscriptions to new records, and the one claim per (subscription, record) that makes a push happen once.

A subscription belongs to a person (people.py) and is pushed to the channel identity that made it. Its
criteria are canonical keys and words: `field` and `city` (retrieval/fields.py keys), `institution` and
`terms` (text). A record matches when it is of the subscription's kind and meets every criterion given:
field and city by key, institution and terms as text in the record (case-insensitive, each term or one of
its glossary translations, so "hydrogen" finds "氢能" and back).

`claim` inserts the notification row with ON CONFLICT DO NOTHING: of two replicas ingesting the same
record, one pushes. Its status starts as `pending` and ends as `sent`, `failed` (after the retries, with
the error), `outside_window` (WeChat will not deliver now) or `held` (over the hourly limit: it goes
with the subscriber's next digest); every outcome is a row, none is silent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import RowMapping

from retrieval.types import Document

from .conversations import new_id
from .db import Database
from .portable import insert_new
from .schema import notifications, subscriptions
from .text import storable, storable_json

__all__ = ["CRITERIA", "Subscription", "SubscriptionStore", "matches"]

CRITERIA = ("field", "city", "institution", "terms")
Translate = Callable[[str], Iterable[str]]


@dataclass(frozen=True)
class Subscription:
    id: str
    person_id: str
    channel: str
    user_key: str
    kind: str  # achievement | demand | event
    criteria: dict[str, Any] = field(default_factory=dict)
    lang: str = "zh"
    created_at: dt.datetime | None = None


_sub_of_notification = notifications.c.subscription_id


def _subscription(row: RowMapping) -> Subscription:
    return Subscription(
        row["id"],
        row["person_id"],
        row["channel"],
        row["user_key"],
        row["kind"],
        dict(row["criteria"] or {}),
        row["lang"] or "zh",
        row["created_at"],
    )


def _text(doc: Document) -> str:
    meta = doc.meta
    names = [meta.get("institution"), meta.get("enterprise"), *(meta.get("organizers") or [])]
    return " ".join([doc.title, doc.text, *(str(n) for n in names if n)]).casefold()


def matches(criteria: Mapping[str, Any], doc: Document, translate: Translate | None = None) -> bool:
    """Whether a record meets every criterion given (an empty criteria matches every record of the kind)."""
    meta = doc.meta
    if criteria.get("field") and criteria["field"] not in {meta.get("field"), *(meta.get("fields") or [])}:
        return False
    if criteria.get("city") and criteria["city"] != meta.get("city"):
        return False
    text = _text(doc)
    wanted = [criteria["institution"]] if criteria.get("institution") else []
    for term in [*wanted, *(criteria.get("terms") or [])]:
        forms = {str(term), *(translate(str(term)) if translate else ())}
        if not any(f.casefold() in text for f in forms if f.strip()):
            return False
    return True


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SubscriptionStore:
    def __init__(
        self, database: Database, clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    ):
        self.database = database
        self.clock = clock

    def add(
        self, person_id: str, channel: str, user_key: str, kind: str, criteria: Mapping[str, Any], lang: str
    ) -> tuple[Subscription, bool]:
        """(the subscription, True) when new; (the same active one, False) when the person has it already."""
        criteria = {k: criteria[k] for k in CRITERIA if criteria.get(k)}
        for existing in self.active(person_id):
            if existing.kind == kind and existing.criteria == criteria:
                return existing, False
        sub = Subscription(
            new_id(), person_id, storable(channel), storable(user_key), kind, storable_json(criteria), lang
        )
        values = {**sub.__dict__, "created_at": self.clock()}
        with self.database.begin() as conn:
            conn.execute(subscriptions.insert().values(**values))
        return Subscription(**values), True

    def active(self, person_id: str) -> list[Subscription]:
        """The person's active subscriptions, oldest first (the numbers a user cancels by)."""
        query = (
            select(subscriptions)
            .where(subscriptions.c.person_id == person_id, subscriptions.c.cancelled_at.is_(None))
            .order_by(subscriptions.c.created_at, subscriptions.c.id)
        )
        with self.database.connect() as conn:
            return [_subscription(r) for r in conn.execute(query).mappings()]

    def cancel(self, person_id: str, ids: Iterable[str] | None = None) -> int:
        """Cancel some (or, with None, all) of the person's active subscriptions; how many were."""
        query = update(subscriptions).where(
            subscriptions.c.person_id == person_id, subscriptions.c.cancelled_at.is_(None)
        )
        if ids is not None:
            query = query.where(subscriptions.c.id.in_(list(ids)))
        with self.database.begin() as conn:
            return conn.execute(query.values(cancelled_at=self.clock())).rowcount

    def cancel_to(self, channel: str, user_key: str) -> int:
        """Cancel every active subscription pushed to one address (an e-mail's unsubscribe link)."""
        query = update(subscriptions).where(
            subscriptions.c.channel == channel,
            subscriptions.c.user_key == storable(user_key),
            subscriptions.c.cancelled_at.is_(None),
        )
        with self.database.begin() as conn:
            return conn.execute(query.values(cancelled_at=self.clock())).rowcount

    def matching(
        self, docs: Sequence[Document], translate: Translate | None = None
    ) -> list[tuple[Subscription, Document]]:
        """(subscription, record) for each active subscription each new record meets (one query for
        the lot: an upload of 1,000 listings is not 1,000 queries)."""
        kinds = {d.kind for d in docs}
        query = select(subscriptions).where(
            subscriptions.c.kind.in_(kinds), subscriptions.c.cancelled_at.is_(None)
        )
        with self.database.connect() as conn:
            subs = [_subscription(r) for r in conn.execute(query).mappings()] if kinds else []
        return [(s, d) for d in docs for s in subs if s.kind == d.kind and matches(s.criteria, d, translate)]

    # ---- notifications ---------------------------------------------------------------------------------
    def claim(self, subscription_id: str, record_id: str) -> bool:
        """True for the one caller that is to push this record to this subscription."""
        with self.database.begin() as conn:
            return insert_new(
                conn,
                notifications,
                subscription_id=subscription_id,
                record_id=storable(record_id),
                status="pending",
                created_at=self.clock(),
            )

    def record(self, pairs: Iterable[tuple[str, str]], status: str, detail: str = "") -> None:
        """The outcome of one push, for every (subscription, record) it carried."""
        at, detail = self.clock(), storable(detail[:1000])
        with self.database.begin() as conn:
            for subscription_id, record_id in pairs:
                conn.execute(
                    update(notifications)
                    .where(
                        notifications.c.subscription_id == subscription_id,
                        notifications.c.record_id == storable(record_id),
                    )
                    .values(status=status, detail=detail, created_at=at)
                )

    def hold(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """(subscription, record, digest entry) kept `held` for the subscriber's next digest."""
        with self.database.begin() as conn:
            for subscription_id, record_id, entry in rows:
                conn.execute(
                    update(notifications)
                    .where(
                        notifications.c.subscription_id == subscription_id,
                        notifications.c.record_id == storable(record_id),
                    )
                    .values(status="held", detail=storable(entry[:1000]), created_at=self.clock())
                )

    def held(self, channel: str, user_key: str) -> list[tuple[str, str, str]]:
        """(subscription, record, digest entry) held for one channel identity, oldest first."""
        query = (
            select(notifications.c.subscription_id, notifications.c.record_id, notifications.c.detail)
            .select_from(notifications.join(subscriptions, subscriptions.c.id == _sub_of_notification))
            .where(
                subscriptions.c.channel == channel,
                subscriptions.c.user_key == user_key,
                subscriptions.c.cancelled_at.is_(None),
                notifications.c.status == "held",
            )
            .order_by(notifications.c.created_at)
        )
        with self.database.connect() as conn:
            return [(s, r, d or r) for s, r, d in conn.execute(query).tuples()]

    def notifications(self, subscription_id: str) -> dict[str, tuple[str, str]]:
        """record id -> (status, detail) of one subscription's pushes."""
        query = select(notifications.c.record_id, notifications.c.status, notifications.c.detail).where(
            notifications.c.subscription_id == subscription_id
        )
        with self.database.connect() as conn:
            return {r: (s, d or "") for r, s, d in conn.execute(query).tuples()}

    def sent_since(self, channel: str, user_key: str, since: dt.datetime) -> int:
        """Messages sent to one channel identity since `since`: the rate limit counts messages, not
        records (the rows of one digest share its detail, "message <id>")."""
        query = (
            select(func.count(func.distinct(notifications.c.detail)))
            .select_from(
                notifications.join(subscriptions, subscriptions.c.id == notifications.c.subscription_id)
            )
            .where(
                subscriptions.c.channel == channel,
                subscriptions.c.user_key == user_key,
                notifications.c.status == "sent",
                notifications.c.created_at >= since,
            )
        )
        with self.database.connect() as conn:
            return int(conn.scalar(query) or 0)
