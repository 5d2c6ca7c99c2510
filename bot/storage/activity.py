"""Read-only reports over the conversation and lead tables for the staff console: questions per day
(answered or not), feedback, traffic by channel, leads by status, the conversation log with its filters
and a session's transcript. The stores own the writes (conversations.py, bot/matching/leads.py); this
module only reads, with SQLAlchemy Core statements that run on SQLite and PostgreSQL alike.

A question counts as answered when the assistant message that follows it in its session has answered
true; the assistant row carries the flag, so the per-day counts read assistant messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, select, update

from .db import Database
from .schema import feedback, leads, messages, sessions

__all__ = ["Activity", "ConversationRow", "DayCount"]


@dataclass(frozen=True)
class DayCount:
    day: str  # YYYY-MM-DD (UTC)
    answered: int
    unanswered: int


@dataclass(frozen=True)
class ConversationRow:
    session_id: str
    channel: str
    started: dt.datetime
    last: dt.datetime
    questions: int
    unanswered: int
    up: int
    down: int
    first_question: str


class Activity:
    def __init__(self, db: Database) -> None:
        self.db = db

    def questions_per_day(self, days: int = 30, today: dt.date | None = None) -> list[DayCount]:
        """The last `days` days, oldest first, every day present (0 when nothing was asked)."""
        end = today or dt.datetime.now(dt.UTC).date()
        start = end - dt.timedelta(days=days - 1)
        since = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)
        with self.db.connect() as conn:
            rows = conn.execute(
                select(messages.c.created_at, messages.c.answered).where(
                    messages.c.role == "assistant", messages.c.created_at >= since
                )
            ).all()
        counts = {start + dt.timedelta(days=i): [0, 0] for i in range(days)}
        for created, answered in rows:
            day = created.astimezone(dt.UTC).date()
            if day in counts:
                counts[day][0 if answered else 1] += 1
        return [DayCount(d.isoformat(), a, u) for d, (a, u) in counts.items()]

    def feedback_counts(self) -> dict[str, int]:
        with self.db.connect() as conn:
            rows = conn.execute(select(feedback.c.rating, func.count()).group_by(feedback.c.rating)).all()
        return {"up": 0, "down": 0, **{str(r): int(n) for r, n in rows}}

    def channel_traffic(self) -> dict[str, int]:
        query = (
            select(sessions.c.channel, func.count())
            .select_from(messages.join(sessions, sessions.c.id == messages.c.session_id))
            .where(messages.c.role == "user")
            .group_by(sessions.c.channel)
        )
        with self.db.connect() as conn:
            return {str(c): int(n) for c, n in conn.execute(query).all()}

    def leads_by_status(self) -> dict[str, int]:
        with self.db.connect() as conn:
            rows = conn.execute(select(leads.c.status, func.count()).group_by(leads.c.status)).all()
        return {str(s): int(n) for s, n in rows}

    # ---- the conversation log
    def conversations(
        self,
        channel: str | None = None,
        answered: bool | None = None,
        rating: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        limit: int = 100,
    ) -> list[ConversationRow]:
        """Sessions with at least one message, newest activity first. `answered=False` keeps sessions with
        an unanswered question, `True` those with none; `rating` those with that feedback."""
        query = _log_query()
        if channel:
            query = query.where(sessions.c.channel == channel)
        if date_from:
            query = query.having(func.max(messages.c.created_at) >= _start(date_from))
        if date_to:
            query = query.having(func.min(messages.c.created_at) < _start(date_to + dt.timedelta(days=1)))
        unanswered = func.sum(
            case((and_(messages.c.role == "assistant", messages.c.answered.is_(False)), 1), else_=0)
        )
        if answered is True:
            query = query.having(unanswered == 0)
        elif answered is False:
            query = query.having(unanswered > 0)
        if rating in ("up", "down"):
            rated = select(feedback.c.id).where(
                feedback.c.session_id == sessions.c.id, feedback.c.rating == rating
            )
            query = query.where(exists(rated))
        with self.db.connect() as conn:
            rows = conn.execute(query.limit(limit)).mappings().all()
            votes = self._votes(conn, [r["session_id"] for r in rows])
        return [
            ConversationRow(
                session_id=r["session_id"],
                channel=r["channel"],
                started=r["started"],
                last=r["last"],
                questions=int(r["questions"] or 0),
                unanswered=int(r["unanswered"] or 0),
                up=votes.get(r["session_id"], _NO_VOTES)["up"],
                down=votes.get(r["session_id"], _NO_VOTES)["down"],
                first_question=r["first_question"] or "",
            )
            for r in rows
        ]

    def _votes(self, conn: Any, ids: list[str]) -> dict[str, dict[str, int]]:
        if not ids:
            return {}
        query = (
            select(feedback.c.session_id, feedback.c.rating, func.count())
            .where(feedback.c.session_id.in_(ids))
            .group_by(feedback.c.session_id, feedback.c.rating)
        )
        out: dict[str, dict[str, int]] = {}
        for session_id, rating, n in conn.execute(query).all():
            out.setdefault(session_id, dict(_NO_VOTES))[rating] = int(n)
        return out

    def transcript(self, session_id: str) -> list[dict[str, Any]]:
        """A session's messages in order, each with its feedback rating (None without)."""
        rating = (
            select(feedback.c.rating).where(feedback.c.message_id == messages.c.id).limit(1).scalar_subquery()
        )
        query = (
            select(messages, rating.label("rating"))
            .where(messages.c.session_id == session_id)
            .order_by(messages.c.seq, messages.c.created_at)
        )
        with self.db.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings().all()]

    def channel_of(self, session_id: str) -> str | None:
        with self.db.connect() as conn:
            return conn.execute(select(sessions.c.channel).where(sessions.c.id == session_id)).scalar()

    # ---- leads: the console's column
    def assignees(self, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        with self.db.connect() as conn:
            rows = conn.execute(select(leads.c.id, leads.c.assignee).where(leads.c.id.in_(ids))).all()
        return {i: a for i, a in rows if a}

    def assign(self, lead_id: str, assignee: str | None) -> bool:
        with self.db.begin() as conn:
            done = conn.execute(
                update(leads)
                .where(leads.c.id == lead_id)
                .values(assignee=assignee or None, updated_at=dt.datetime.now(dt.UTC))
            )
            return done.rowcount > 0


_NO_VOTES = {"up": 0, "down": 0}


def _start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _log_query() -> Select[Any]:
    asked = messages.alias("asked")  # the inner query's own rows, not the outer join's
    first = (
        select(asked.c.content)
        .where(asked.c.session_id == sessions.c.id, asked.c.role == "user")
        .order_by(asked.c.seq, asked.c.created_at)
        .limit(1)
        .correlate(sessions)
        .scalar_subquery()
    )
    return (
        select(
            sessions.c.id.label("session_id"),
            sessions.c.channel,
            func.min(messages.c.created_at).label("started"),
            func.max(messages.c.created_at).label("last"),
            func.sum(case((messages.c.role == "user", 1), else_=0)).label("questions"),
            func.sum(
                case((and_(messages.c.role == "assistant", messages.c.answered.is_(False)), 1), else_=0)
            ).label("unanswered"),
            first.label("first_question"),
        )
        .select_from(sessions.join(messages, messages.c.session_id == sessions.c.id))
        .group_by(sessions.c.id, sessions.c.channel)
        .order_by(func.max(messages.c.created_at).desc())
    )
