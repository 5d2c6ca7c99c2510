"""The conversation store on PostgreSQL, for the server set-up (several uvicorn workers or hosts).

Same protocol and semantics as `SqliteConversationStore`: sessions per channel user, messages numbered in
order within their session, feedback only on an assistant message of the same session, unanswered and
rated-down questions, stats, and channel events claimed once. Chosen when `TECHBRIDGE_DATABASE_URL` is set
(e.g. postgresql://techbridge:secret@db:5432/techbridge). psycopg 3 is an optional extra:
`pip install 'techbridge[postgres]'`.

Text is made storable first (text.py): PostgreSQL's `text` and `jsonb` refuse NUL, which SQLite keeps, so
without it a NUL in a message or a comment was a 500 here and a 200 there.

Concurrency: every write runs in one transaction. Messages lock their session row, so two workers adding
to one session still number its messages 1, 2, 3; unique keys (a channel user's session, a channel event)
are claimed with ON CONFLICT, so the first writer wins and the others read its row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from retrieval.errors import ConfigError, NotFoundError

from .conversations import Feedback, Message, new_id, purge_statements, stored_message
from .text import storable, storable_json

__all__ = ["PostgresConversationStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, channel TEXT NOT NULL, user_key TEXT, state JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS sessions_user ON sessions(channel, user_key) WHERE user_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id), role TEXT NOT NULL,
    content TEXT NOT NULL, lang TEXT, answered BOOLEAN, mode TEXT, citations JSONB NOT NULL DEFAULT '[]',
    created_at TIMESTAMPTZ NOT NULL, seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_session ON messages(session_id, seq);
CREATE INDEX IF NOT EXISTS messages_unanswered ON messages(created_at)
    WHERE role = 'assistant' AND answered = false;
CREATE TABLE IF NOT EXISTS feedback (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, session_id TEXT NOT NULL,
    message_id TEXT NOT NULL REFERENCES messages(id),
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')), comment TEXT, created_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS channel_events (
    channel TEXT NOT NULL, event_id TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel, event_id)
);
"""
# Serialises schema creation when several workers start at once (CREATE ... IF NOT EXISTS can still race).
_SCHEMA_LOCK = 0x7465_6368  # "tech"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(value: dt.datetime) -> str:
    """The same text the SQLite store keeps: UTC, milliseconds, +00:00."""
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def _message(row: dict[str, Any]) -> Message:
    return Message(
        id=row["id"],
        session_id=row["session_id"],
        role=row["role"],
        content=row["content"],
        lang=row["lang"] or "",
        answered=row["answered"],
        mode=row["mode"] or "",
        citations=list(row["citations"] or []),
        created_at=_iso(row["created_at"]),
    )


def _feedback(row: dict[str, Any]) -> Feedback:
    return Feedback(
        int(row["id"]),
        row["session_id"],
        row["message_id"],
        row["rating"],
        row["comment"],
        _iso(row["created_at"]),
    )


class PostgresConversationStore:
    def __init__(
        self, url: str, min_connections: int = 1, max_connections: int = 10, timeout_s: float = 30.0
    ) -> None:
        try:
            from psycopg.rows import dict_row
            from psycopg_pool import ConnectionPool
        except ImportError as exc:  # the extra is optional: the embedded default needs none of it
            raise ConfigError(
                "TECHBRIDGE_DATABASE_URL is set but the PostgreSQL driver is not installed: "
                "pip install 'techbridge[postgres]' (psycopg 3 and psycopg-pool)"
            ) from exc

        # One pool per process; uvicorn's thread pool takes a connection per call and gives it back.
        self._pool = ConnectionPool(
            url,
            min_size=min_connections,
            max_size=max_connections,
            timeout=timeout_s,
            open=False,
            kwargs={"row_factory": dict_row, "autocommit": False, "options": "-c TimeZone=UTC"},
        )
        self._pool.open(wait=True, timeout=timeout_s)
        with self._tx() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            conn.execute(_SCHEMA)

    def close(self) -> None:
        self._pool.close()

    @contextmanager
    def _tx(self) -> Iterator[Any]:
        """A connection in a transaction: committed when the block ends, rolled back if it raises."""
        with self._pool.connection() as conn, conn.transaction():
            yield conn

    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> dict[str, Any] | None:
        with self._tx() as conn:
            return conn.execute(sql, params).fetchone()

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        with self._tx() as conn:
            return conn.execute(sql, params).fetchall()

    # ---- sessions ------------------------------------------------------------------------------
    def ensure_session(self, session_id: str | None, channel: str = "web", user: str | None = None) -> str:
        """The session to use: the given one (created if new), or the channel user's own one."""
        session_id, channel, user = storable(session_id), storable(channel), storable(user)
        by_user = user is not None and session_id is None
        with self._tx() as conn:
            if by_user:
                row = conn.execute(
                    "SELECT id FROM sessions WHERE channel=%s AND user_key=%s", (channel, user)
                ).fetchone()
                if row:
                    return str(row["id"])
            sid = session_id or new_id()
            cur = conn.execute(
                "INSERT INTO sessions(id, channel, user_key, created_at) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT DO NOTHING",
                (sid, channel, user if by_user else None, _now()),
            )
            if by_user and cur.rowcount == 0:  # another worker created this user's session first
                row = conn.execute(
                    "SELECT id FROM sessions WHERE channel=%s AND user_key=%s", (channel, user)
                ).fetchone()
                assert row is not None
                return str(row["id"])
            return sid

    def get_state(self, session_id: str) -> dict[str, Any]:
        row = self._one("SELECT state FROM sessions WHERE id=%s", (storable(session_id),))
        return dict(row["state"]) if row else {}

    def set_state(self, session_id: str, state: dict[str, Any]) -> None:
        from psycopg.types.json import Jsonb

        with self._tx() as conn:
            conn.execute(
                "UPDATE sessions SET state=%s WHERE id=%s",
                (Jsonb(storable_json(state)), storable(session_id)),
            )

    # ---- messages ------------------------------------------------------------------------------
    def add_message(self, message: Message) -> Message:
        from psycopg.types.json import Jsonb

        message = stored_message(message)
        created = dt.datetime.fromisoformat(message.created_at) if message.created_at else _now()
        with self._tx() as conn:
            # The session row lock orders concurrent writers to one session, so seq has no gaps or repeats.
            conn.execute("SELECT 1 FROM sessions WHERE id=%s FOR UPDATE", (message.session_id,))
            seq = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM messages WHERE session_id=%s",
                (message.session_id,),
            ).fetchone()["seq"]
            conn.execute(
                "INSERT INTO messages(id, session_id, role, content, lang, answered, mode, citations,"
                " created_at, seq)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    message.id,
                    message.session_id,
                    message.role,
                    message.content,
                    message.lang,
                    message.answered,
                    message.mode,
                    Jsonb(message.citations),
                    created,
                    seq,
                ),
            )
        return Message(**{**message.__dict__, "created_at": _iso(created)})

    def history(self, session_id: str, limit: int = 10) -> list[Message]:
        rows = self._all(
            "SELECT * FROM messages WHERE session_id=%s ORDER BY seq DESC LIMIT %s",
            (storable(session_id), limit),
        )
        return [_message(r) for r in reversed(rows)]

    def get_message(self, message_id: str) -> Message | None:
        row = self._one("SELECT * FROM messages WHERE id=%s", (storable(message_id),))
        return _message(row) if row else None

    # ---- feedback ------------------------------------------------------------------------------
    def add_feedback(self, session_id: str, message_id: str, rating: str, comment: str | None) -> Feedback:
        session_id, message_id, comment = storable(session_id), storable(message_id), storable(comment)
        with self._tx() as conn:
            row = conn.execute("SELECT session_id, role FROM messages WHERE id=%s", (message_id,)).fetchone()
            if row is None or row["session_id"] != session_id or row["role"] != "assistant":
                raise NotFoundError(f"no answer {message_id!r} in session {session_id!r}")
            saved = conn.execute(
                "INSERT INTO feedback(session_id, message_id, rating, comment, created_at)"
                " VALUES (%s, %s, %s, %s, %s)"
                " RETURNING *",
                (session_id, message_id, rating, comment, _now()),
            ).fetchone()
        return _feedback(saved)

    def feedback(self, limit: int = 100) -> list[Feedback]:
        return [_feedback(r) for r in self._all("SELECT * FROM feedback ORDER BY id DESC LIMIT %s", (limit,))]

    # ---- analytics -----------------------------------------------------------------------------
    def unanswered(self, limit: int = 100) -> list[Message]:
        """User questions whose answer said the knowledge base had nothing (newest first)."""
        rows = self._all(
            "SELECT q.* FROM messages a JOIN messages q ON q.session_id = a.session_id AND q.seq = a.seq - 1 "
            "WHERE a.role='assistant' AND a.answered = false AND q.role='user' "
            "ORDER BY a.created_at DESC, a.seq DESC LIMIT %s",
            (limit,),
        )
        return [_message(r) for r in rows]

    def rated_down(self, limit: int = 100) -> list[tuple[Message, Feedback]]:
        """(question, feedback) for answers rated down (newest first)."""
        rows = self._all(
            "SELECT q.*, f.id AS f_id, f.rating AS f_rating, f.comment AS f_comment, "
            "f.created_at AS f_created "
            "FROM feedback f JOIN messages a ON a.id = f.message_id "
            "JOIN messages q ON q.session_id = a.session_id AND q.seq = a.seq - 1 "
            "WHERE f.rating='down' ORDER BY f.id DESC LIMIT %s",
            (limit,),
        )
        return [
            (
                _message(r),
                Feedback(
                    int(r["f_id"]), r["session_id"], "", r["f_rating"], r["f_comment"], _iso(r["f_created"])
                ),
            )
            for r in rows
        ]

    def stats(self) -> dict[str, Any]:
        with self._tx() as conn:
            counts = conn.execute(
                "SELECT (SELECT COUNT(*) FROM sessions) AS sessions,"
                " COUNT(*) FILTER (WHERE role='user') AS questions,"
                " COUNT(*) FILTER (WHERE role='assistant') AS answers,"
                " COUNT(*) FILTER (WHERE role='assistant' AND answered = false) AS unanswered,"
                " (SELECT COUNT(*) FROM feedback WHERE rating='up') AS feedback_up,"
                " (SELECT COUNT(*) FROM feedback WHERE rating='down') AS feedback_down"
                " FROM messages"
            ).fetchone()
            channels = conn.execute(
                "SELECT s.channel, COUNT(*) AS n FROM messages m JOIN sessions s ON s.id = m.session_id "
                "WHERE m.role='user' GROUP BY s.channel"
            ).fetchall()
        return {
            **{k: int(v) for k, v in counts.items()},
            "by_channel": {r["channel"]: int(r["n"]) for r in channels},
        }

    # ---- channels ------------------------------------------------------------------------------
    def claim_event(self, channel: str, event_id: str) -> bool:
        """True the first time a platform event id is seen; False for a redelivery."""
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO channel_events(channel, event_id, created_at) VALUES (%s, %s, %s)"
                " ON CONFLICT DO NOTHING",
                (storable(channel), storable(event_id), _now()),
            )
            return cur.rowcount == 1

    # ---- retention -----------------------------------------------------------------------------
    def purge(self, before: dt.datetime, dry_run: bool = False) -> dict[str, int]:
        """As SqliteConversationStore.purge: messages older than `before` with their feedback, sessions
        left without messages, old channel event claims; counts what is (or would be) deleted."""
        counts: dict[str, int] = {}
        with self._tx() as conn:
            for table, (where, args) in purge_statements("%s", before).items():
                if dry_run:
                    counts[table] = int(conn.execute(f"SELECT COUNT(*) AS n {where}", args).fetchone()["n"])
                else:
                    counts[table] = conn.execute(f"DELETE {where}", args).rowcount
        return counts
