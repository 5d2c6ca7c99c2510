"""Conversations, messages, feedback, dialogue state and processed channel events, stored durably.

`SqlConversationStore` keeps them in the one database (db.py: SQLite in the data dir by default, WAL and
synchronous=FULL, so a message that got a success response survives a SIGKILL; PostgreSQL with
TECHBRIDGE_DATABASE_URL for several workers or hosts), with the same SQLAlchemy Core statements on both.
Text is kept as text.py makes it storable (NUL and lone surrogates become U+FFFD), and `purge` deletes what
is older than the retention period (`techbridge purge`, settings `retention.*`).

Concurrency: every write is one transaction (BEGIN IMMEDIATE on SQLite). A message locks its session row
on PostgreSQL, so two workers adding to one session still number its messages 1, 2, 3; unique keys (a
channel user's session, a channel event) are inserted with ON CONFLICT DO NOTHING: the first writer wins.

A chat turn costs one read and one write: `open_session` reads the session and its state (a session not
stored yet is only named), `save_turn` writes the question, the answer and the new state in one
transaction, creating the session with them when it is new. Each commit on SQLite is an fsync
(synchronous=FULL) and each transaction costs SQLAlchemy about as much again: four writes a turn (the
session, the question, the answer, the state) took ~3 of the ~4 ms the store cost a message (measured).
The statements a turn runs are built once, so their SQL and cache key are reused.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import RowMapping

from retrieval.errors import NotFoundError

from .db import Database
from .portable import insert_new, iso, moment
from .schema import channel_events, feedback, messages, sessions
from .text import storable, storable_json

__all__ = [
    "ConversationStore",
    "Feedback",
    "Message",
    "OpenedSession",
    "SqlConversationStore",
    "new_id",
    "stored_message",
]


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Message:
    id: str
    session_id: str
    role: str  # user | assistant
    content: str
    lang: str = ""
    answered: bool | None = None
    mode: str = ""
    citations: list[dict[str, Any]] = field(default_factory=list)
    created_at: str = ""


@dataclass(frozen=True)
class Feedback:
    id: int
    session_id: str
    message_id: str
    rating: str
    comment: str | None
    created_at: str


@dataclass(frozen=True)
class OpenedSession:
    """The session a turn goes on: its id, its state, and the channel to create it in when it is not
    stored yet (None when it is): the turn's `save_turn` creates it."""

    id: str
    state: dict[str, Any]
    create: str | None = None


def stored_message(message: Message) -> Message:
    """The message as the store keeps it (text.py)."""
    return replace(
        message,
        id=storable(message.id),
        session_id=storable(message.session_id),
        content=storable(message.content),
        lang=storable(message.lang),
        mode=storable(message.mode),
        citations=storable_json(message.citations),
    )


class ConversationStore(Protocol):
    def ensure_session(
        self, session_id: str | None, channel: str = "web", user: str | None = None
    ) -> str: ...
    def add_message(self, message: Message) -> Message: ...
    def open_session(
        self, session_id: str | None, channel: str = "web", user: str | None = None
    ) -> OpenedSession: ...
    def save_turn(
        self,
        session_id: str,
        turn: Sequence[Message],
        state: dict[str, Any] | None = None,
        create: str | None = None,
    ) -> list[Message]: ...
    def history(self, session_id: str, limit: int = 10) -> list[Message]: ...
    def get_state(self, session_id: str) -> dict[str, Any]: ...
    def set_state(self, session_id: str, state: dict[str, Any]) -> None: ...
    def add_feedback(
        self, session_id: str, message_id: str, rating: str, comment: str | None
    ) -> Feedback: ...
    def feedback(self, limit: int = 100) -> list[Feedback]: ...
    def unanswered(self, limit: int = 100) -> list[Message]: ...
    def rated_down(self, limit: int = 100) -> list[tuple[Message, Feedback]]: ...
    def stats(self) -> dict[str, Any]: ...
    def claim_event(self, channel: str, event_id: str) -> bool: ...
    def purge(self, before: dt.datetime, dry_run: bool = False) -> dict[str, int]: ...


def _message(row: RowMapping) -> Message:
    return Message(
        id=row["id"],
        session_id=row["session_id"],
        role=row["role"],
        content=row["content"],
        lang=row["lang"] or "",
        answered=row["answered"],
        mode=row["mode"] or "",
        citations=list(row["citations"] or []),
        created_at=iso(row["created_at"]),
    )


def _feedback(row: RowMapping) -> Feedback:
    return Feedback(
        row["id"], row["session_id"], row["message_id"], row["rating"], row["comment"], iso(row["created_at"])
    )


def _count(table: Table, *where: ColumnElement[bool]) -> Select[Any]:
    return select(func.count()).select_from(table).where(*where)


# The question an answer replies to: the message just before it in its session.
_q, _a = messages.alias("q"), messages.alias("a")
_QUESTION_OF_ANSWER = _a.join(_q, and_(_q.c.session_id == _a.c.session_id, _q.c.seq == _a.c.seq - 1))


# The stats' statements, built once (they take no parameters).
_m, _f = messages.c, feedback.c
_TOTALS = select(
    *(
        _count(table, *where).scalar_subquery().label(name)
        for name, table, where in (
            ("sessions", sessions, ()),
            ("questions", messages, (_m.role == "user",)),
            ("answers", messages, (_m.role == "assistant",)),
            ("unanswered", messages, (_m.role == "assistant", _m.answered == false())),
            ("feedback_up", feedback, (_f.rating == "up",)),
            ("feedback_down", feedback, (_f.rating == "down",)),
        )
    )
)
_BY_CHANNEL = (
    select(sessions.c.channel, func.count().label("n"))
    .select_from(messages.join(sessions, sessions.c.id == _m.session_id))
    .where(_m.role == "user")
    .group_by(sessions.c.channel)
)


# A turn's statements, built once.
_STATE_OF = select(sessions.c.state).where(sessions.c.id == bindparam("sid"))
_USERS_SESSION = select(sessions.c.id, sessions.c.state).where(
    sessions.c.channel == bindparam("channel"), sessions.c.user_key == bindparam("user")
)
_LOCK_SESSION = select(sessions.c.id).where(sessions.c.id == bindparam("sid")).with_for_update()
_NEXT_SEQ = select(func.coalesce(func.max(messages.c.seq), 0) + 1).where(
    messages.c.session_id == bindparam("sid")
)
_ADD_MESSAGES = insert(messages)
_NEW_SESSION = {d.dialect.name: d.insert(sessions).on_conflict_do_nothing() for d in (postgresql, sqlite)}
_SET_STATE = update(sessions).where(sessions.c.id == bindparam("sid")).values(state=bindparam("state"))


class SqlConversationStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    def _rows(self, query: Select[Any]) -> Sequence[RowMapping]:
        with self.database.connect() as conn:
            return conn.execute(query).mappings().all()

    # ---- sessions ------------------------------------------------------------------------------
    def ensure_session(self, session_id: str | None, channel: str = "web", user: str | None = None) -> str:
        """The session to use: the given one (created if new), or the channel user's own one."""
        session_id, channel, user = storable(session_id), storable(channel), storable(user)
        by_user = user is not None and session_id is None
        users_session = select(sessions.c.id).where(
            sessions.c.channel == channel, sessions.c.user_key == user
        )
        with self.database.begin() as conn:
            if by_user and (found := conn.scalar(users_session)) is not None:
                return str(found)
            sid = session_id or new_id()
            key = user if by_user else None
            created = insert_new(
                conn, sessions, id=sid, channel=channel, user_key=key, created_at=moment(None)
            )
            if by_user and not created:  # another worker created this user's session first
                return str(conn.scalar(users_session))
            return sid

    def open_session(
        self, session_id: str | None, channel: str = "web", user: str | None = None
    ) -> OpenedSession:
        """The session `ensure_session` would give, with its state, read without writing: a session not
        stored yet (a new id, or one never seen) comes back with `create` set, for its turn's
        `save_turn`. A channel user's first session is made here: its key is unique, so a worker that
        lost the race to make it must use the winner's id from the start."""
        session_id, channel, user = storable(session_id), storable(channel), storable(user)
        if user is not None and session_id is None:
            with self.database.connect() as conn:
                row = conn.execute(_USERS_SESSION, {"channel": channel, "user": user}).first()
            if row is not None:
                return OpenedSession(str(row.id), dict(row.state))
            sid = self.ensure_session(None, channel, user)
            return OpenedSession(sid, self.get_state(sid))
        if session_id is None:
            return OpenedSession(new_id(), {}, channel)
        with self.database.connect() as conn:
            state = conn.scalar(_STATE_OF, {"sid": session_id})
        return (
            OpenedSession(session_id, dict(state))
            if state is not None
            else OpenedSession(session_id, {}, channel)
        )

    def get_state(self, session_id: str) -> dict[str, Any]:
        with self.database.connect() as conn:
            state = conn.scalar(_STATE_OF, {"sid": storable(session_id)})
        return dict(state) if state is not None else {}

    def set_state(self, session_id: str, state: dict[str, Any]) -> None:
        with self.database.begin() as conn:
            conn.execute(_SET_STATE, {"sid": storable(session_id), "state": storable_json(state)})

    # ---- messages ------------------------------------------------------------------------------
    def add_message(self, message: Message) -> Message:
        return self.save_turn(message.session_id, [message])[0]

    def save_turn(
        self,
        session_id: str,
        turn: Sequence[Message],
        state: dict[str, Any] | None = None,
        create: str | None = None,
    ) -> list[Message]:
        """A turn's messages, in order, and the session's new state (when given), in one transaction: on
        disk together when this returns. `create`: the session's channel, to create it first when it is
        not there (OpenedSession.create). The messages come back as stored."""
        sid = storable(session_id)
        stored = [stored_message(replace(m, session_id=sid)) for m in turn]
        created = [moment(m.created_at) for m in stored]
        with self.database.begin() as conn:
            if create is not None:
                made = created[0] if created else moment(None)
                new = {"id": sid, "channel": storable(create), "user_key": None, "created_at": made}
                conn.execute(_NEW_SESSION[conn.dialect.name], new)  # insert_new's, built once
            if conn.dialect.name != "sqlite":
                # The session row lock orders writers to one session (SQLite has one writer anyway): no
                # gaps or repeats in seq.
                conn.execute(_LOCK_SESSION, {"sid": sid})
            if stored:
                seq = int(conn.scalar(_NEXT_SEQ, {"sid": sid}) or 1)
                rows = [
                    {**m.__dict__, "created_at": at, "seq": seq + i}
                    for i, (m, at) in enumerate(zip(stored, created, strict=True))
                ]
                conn.execute(_ADD_MESSAGES, rows)
            if state is not None:
                conn.execute(_SET_STATE, {"sid": sid, "state": storable_json(state)})
        return [replace(m, created_at=iso(at)) for m, at in zip(stored, created, strict=True)]

    def history(self, session_id: str, limit: int = 10) -> list[Message]:
        query = select(messages).where(messages.c.session_id == storable(session_id))
        return [_message(r) for r in reversed(self._rows(query.order_by(messages.c.seq.desc()).limit(limit)))]

    def get_message(self, message_id: str) -> Message | None:
        rows = self._rows(select(messages).where(messages.c.id == storable(message_id)))
        return _message(rows[0]) if rows else None

    # ---- feedback ------------------------------------------------------------------------------
    def add_feedback(self, session_id: str, message_id: str, rating: str, comment: str | None) -> Feedback:
        session_id, message_id, comment = storable(session_id), storable(message_id), storable(comment)
        with self.database.begin() as conn:
            answer = conn.execute(
                select(messages.c.session_id, messages.c.role).where(messages.c.id == message_id)
            ).first()
            if answer is None or tuple(answer) != (session_id, "assistant"):
                raise NotFoundError(f"no answer {message_id!r} in session {session_id!r}")
            saved = Feedback(0, session_id, message_id, rating, comment, iso(moment(None)))
            values = {k: v for k, v in saved.__dict__.items() if k != "id"}
            (key,) = conn.execute(insert(feedback).values(values)).inserted_primary_key or (0,)
        return replace(saved, id=int(key))

    def feedback(self, limit: int = 100) -> list[Feedback]:
        return [
            _feedback(r) for r in self._rows(select(feedback).order_by(feedback.c.id.desc()).limit(limit))
        ]

    # ---- analytics -----------------------------------------------------------------------------
    def unanswered(self, limit: int = 100) -> list[Message]:
        """User questions whose answer said the knowledge base had nothing (newest first)."""
        query = (
            select(_q)
            .select_from(_QUESTION_OF_ANSWER)
            .where(_a.c.role == "assistant", _a.c.answered == false(), _q.c.role == "user")
            .order_by(_a.c.created_at.desc(), _a.c.seq.desc())
            .limit(limit)
        )
        return [_message(r) for r in self._rows(query)]

    def rated_down(self, limit: int = 100) -> list[tuple[Message, Feedback]]:
        """(question, feedback) for answers rated down (newest first)."""
        f = feedback.c
        query = (
            select(_q, f.id.label("f_id"), f.comment.label("f_comment"), f.created_at.label("f_created"))
            .select_from(feedback.join(_QUESTION_OF_ANSWER, _a.c.id == f.message_id))
            .where(f.rating == "down")
            .order_by(f.id.desc())
            .limit(limit)
        )
        return [
            (
                _message(r),
                Feedback(r["f_id"], r["session_id"], "", "down", r["f_comment"], iso(r["f_created"])),
            )
            for r in self._rows(query)
        ]

    def stats(self) -> dict[str, Any]:
        (totals,) = self._rows(_TOTALS)
        channels = {r["channel"]: int(r["n"]) for r in self._rows(_BY_CHANNEL)}
        return {**{k: int(v) for k, v in totals.items()}, "by_channel": channels}

    # ---- channels ------------------------------------------------------------------------------
    def claim_event(self, channel: str, event_id: str) -> bool:
        """True the first time a platform event id is seen; False for a redelivery."""
        with self.database.begin() as conn:
            event = {"channel": storable(channel), "event_id": storable(event_id), "created_at": moment(None)}
            return insert_new(conn, channel_events, **event)

    # ---- retention -----------------------------------------------------------------------------
    def purge(self, before: dt.datetime, dry_run: bool = False) -> dict[str, int]:
        """Delete messages created before `before` with their feedback (and feedback on them), sessions
        created before it that have no message left, and channel event claims older than it. Counts what
        is (or, with `dry_run`, would be) deleted, table by table in a safe order (feedback points at
        messages, messages at sessions)."""
        old_messages = select(messages.c.id).where(messages.c.created_at < before)
        talking = select(messages.c.session_id).where(messages.c.created_at >= before)
        doomed: list[tuple[Table, ColumnElement[bool]]] = [
            (feedback, or_(feedback.c.created_at < before, feedback.c.message_id.in_(old_messages))),
            (messages, messages.c.created_at < before),
            (sessions, and_(sessions.c.created_at < before, sessions.c.id.not_in(talking))),
            (channel_events, channel_events.c.created_at < before),
        ]
        counts: dict[str, int] = {}
        with self.database.begin() as conn:
            for table, where in doomed:
                if dry_run:
                    counts[table.name] = int(conn.scalar(_count(table, where)) or 0)
                else:
                    counts[table.name] = conn.execute(delete(table).where(where)).rowcount
        return counts
