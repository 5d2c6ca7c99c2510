"""Conversations, messages, feedback and processed channel events, stored durably.

`SqliteConversationStore` is the embedded default (WAL, synchronous=FULL: a message that got a success
response survives a SIGKILL). A PostgreSQL store implements the same protocol for scale-out. Both keep
text as text.py makes it storable (NUL and lone surrogates become U+FFFD), and both `purge` what is older
than the retention period (`techbridge purge`, settings `retention.*`).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from retrieval.errors import NotFoundError

from .text import storable, storable_json

__all__ = [
    "ConversationStore",
    "Feedback",
    "Message",
    "SqliteConversationStore",
    "new_id",
    "purge_statements",
    "stored_message",
]


def new_id() -> str:
    return uuid.uuid4().hex


def _now() -> str:
    return _iso(dt.datetime.now(dt.UTC))


def _iso(moment: dt.datetime) -> str:
    """UTC, milliseconds, +00:00: the text every timestamp is stored as (it sorts as it reads)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


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


def stored_message(message: Message) -> Message:
    """The message as a store keeps it (text.py): the same on SQLite and PostgreSQL."""
    return Message(
        **{
            **message.__dict__,
            "id": storable(message.id),
            "session_id": storable(message.session_id),
            "content": storable(message.content),
            "lang": storable(message.lang),
            "mode": storable(message.mode),
            "citations": storable_json(message.citations),
        }
    )


class ConversationStore(Protocol):
    def ensure_session(
        self, session_id: str | None, channel: str = "web", user: str | None = None
    ) -> str: ...
    def add_message(self, message: Message) -> Message: ...
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


def purge_statements(mark: str, cutoff: object) -> dict[str, tuple[str, tuple[object, ...]]]:
    """What retention deletes, table by table in a safe order (feedback points at messages), as
    "FROM ... WHERE ..." with the driver's parameter mark ("?" SQLite, "%s" psycopg) and its arguments."""
    old = f"SELECT id FROM messages WHERE created_at < {mark}"
    return {
        "feedback": (f"FROM feedback WHERE created_at < {mark} OR message_id IN ({old})", (cutoff, cutoff)),
        "messages": (f"FROM messages WHERE created_at < {mark}", (cutoff,)),
        "sessions": (
            f"FROM sessions WHERE created_at < {mark} AND id NOT IN "
            f"(SELECT session_id FROM messages WHERE created_at >= {mark})",
            (cutoff, cutoff),
        ),
        "channel_events": (f"FROM channel_events WHERE created_at < {mark}", (cutoff,)),
    }


_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, channel TEXT NOT NULL, user_key TEXT, state TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS sessions_user ON sessions(channel, user_key) WHERE user_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id), role TEXT NOT NULL,
    content TEXT NOT NULL, lang TEXT, answered INTEGER, mode TEXT, citations TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL, seq INTEGER
);
CREATE INDEX IF NOT EXISTS messages_session ON messages(session_id, seq);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL,
    message_id TEXT NOT NULL REFERENCES messages(id),
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')), comment TEXT, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS channel_events (
    channel TEXT NOT NULL, event_id TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (channel, event_id)
);
"""


def _row_message(row: sqlite3.Row) -> Message:
    return Message(
        id=row["id"],
        session_id=row["session_id"],
        role=row["role"],
        content=row["content"],
        lang=row["lang"] or "",
        answered=None if row["answered"] is None else bool(row["answered"]),
        mode=row["mode"] or "",
        citations=json.loads(row["citations"] or "[]"),
        created_at=row["created_at"],
    )


def _row_feedback(row: sqlite3.Row) -> Feedback:
    return Feedback(
        row["id"], row["session_id"], row["message_id"], row["rating"], row["comment"], row["created_at"]
    )


class SqliteDatabase:
    """One SQLite file shared by the stores on it: a connection per thread, WAL, and write transactions
    serialised in-process (BEGIN IMMEDIATE) so that committed means on disk."""

    def __init__(self, path: Path, schema: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._connection().executescript(schema)

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")  # committed means on disk, even after SIGKILL
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
        return conn

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        yield self._connection()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        conn = self._connection()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")


class SqliteConversationStore(SqliteDatabase):
    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA)

    # ---- sessions ------------------------------------------------------------------------------
    def ensure_session(self, session_id: str | None, channel: str = "web", user: str | None = None) -> str:
        """The session to use: the given one (created if new), or the channel user's own one."""
        session_id, channel, user = storable(session_id), storable(channel), storable(user)
        with self._tx() as conn:
            if user is not None and session_id is None:
                row = conn.execute(
                    "SELECT id FROM sessions WHERE channel=? AND user_key=?", (channel, user)
                ).fetchone()
                if row:
                    return str(row["id"])
            sid = session_id or new_id()
            conn.execute(
                "INSERT OR IGNORE INTO sessions(id, channel, user_key, created_at) VALUES (?, ?, ?, ?)",
                (sid, channel, user if session_id is None else None, _now()),
            )
            return sid

    def get_state(self, session_id: str) -> dict[str, Any]:
        with self._conn() as conn:
            row = conn.execute("SELECT state FROM sessions WHERE id=?", (storable(session_id),)).fetchone()
        return json.loads(row["state"]) if row else {}

    def set_state(self, session_id: str, state: dict[str, Any]) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE sessions SET state=? WHERE id=?",
                (json.dumps(storable_json(state), ensure_ascii=False), storable(session_id)),
            )

    # ---- messages ------------------------------------------------------------------------------
    def add_message(self, message: Message) -> Message:
        message = stored_message(message)
        created = message.created_at or _now()
        with self._tx() as conn:
            seq = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE session_id=?", (message.session_id,)
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO messages(id, session_id, role, content, lang, answered, mode, citations, "
                "created_at, seq)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    message.id,
                    message.session_id,
                    message.role,
                    message.content,
                    message.lang,
                    None if message.answered is None else int(message.answered),
                    message.mode,
                    json.dumps(message.citations, ensure_ascii=False),
                    created,
                    seq,
                ),
            )
        return Message(**{**message.__dict__, "created_at": created})

    def history(self, session_id: str, limit: int = 10) -> list[Message]:
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT * FROM messages WHERE session_id=? ORDER BY seq DESC LIMIT ?",
                (storable(session_id), limit),
            ).fetchall()
        return [_row_message(r) for r in reversed(rows)]

    def get_message(self, message_id: str) -> Message | None:
        with self._conn() as conn:
            row = conn.execute("SELECT * FROM messages WHERE id=?", (storable(message_id),)).fetchone()
        return _row_message(row) if row else None

    # ---- feedback ------------------------------------------------------------------------------
    def add_feedback(self, session_id: str, message_id: str, rating: str, comment: str | None) -> Feedback:
        session_id, message_id, comment = storable(session_id), storable(message_id), storable(comment)
        with self._tx() as conn:
            row = conn.execute("SELECT session_id, role FROM messages WHERE id=?", (message_id,)).fetchone()
            if row is None or row["session_id"] != session_id or row["role"] != "assistant":
                raise NotFoundError(f"no answer {message_id!r} in session {session_id!r}")
            created = _now()
            cur = conn.execute(
                "INSERT INTO feedback(session_id, message_id, rating, comment, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (session_id, message_id, rating, comment, created),
            )
            return Feedback(int(cur.lastrowid or 0), session_id, message_id, rating, comment, created)

    def feedback(self, limit: int = 100) -> list[Feedback]:
        with self._conn() as conn:
            rows = conn.execute("SELECT * FROM feedback ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [_row_feedback(r) for r in rows]

    # ---- analytics -----------------------------------------------------------------------------
    def unanswered(self, limit: int = 100) -> list[Message]:
        """User questions whose answer said the knowledge base had nothing (newest first)."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT q.* FROM messages a "
                "JOIN messages q ON q.session_id = a.session_id AND q.seq = a.seq - 1 "
                "WHERE a.role='assistant' AND a.answered=0 AND q.role='user' "
                "ORDER BY a.created_at DESC, a.seq DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [_row_message(r) for r in rows]

    def rated_down(self, limit: int = 100) -> list[tuple[Message, Feedback]]:
        """(question, feedback) for answers rated down (newest first)."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT q.*, f.id AS f_id, f.rating AS f_rating, f.comment AS f_comment, "
                "f.created_at AS f_created "
                "FROM feedback f JOIN messages a ON a.id = f.message_id "
                "JOIN messages q ON q.session_id = a.session_id AND q.seq = a.seq - 1 "
                "WHERE f.rating='down' ORDER BY f.id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            (
                _row_message(r),
                Feedback(r["f_id"], r["session_id"], "", r["f_rating"], r["f_comment"], r["f_created"]),
            )
            for r in rows
        ]

    def stats(self) -> dict[str, Any]:
        with self._conn() as conn:
            one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
            return {
                "sessions": one("SELECT COUNT(*) FROM sessions"),
                "questions": one("SELECT COUNT(*) FROM messages WHERE role='user'"),
                "answers": one("SELECT COUNT(*) FROM messages WHERE role='assistant'"),
                "unanswered": one("SELECT COUNT(*) FROM messages WHERE role='assistant' AND answered=0"),
                "feedback_up": one("SELECT COUNT(*) FROM feedback WHERE rating='up'"),
                "feedback_down": one("SELECT COUNT(*) FROM feedback WHERE rating='down'"),
                "by_channel": {
                    r[0]: r[1]
                    for r in conn.execute(
                        "SELECT s.channel, COUNT(*) FROM messages m JOIN sessions s ON s.id = m.session_id "
                        "WHERE m.role='user' GROUP BY s.channel"
                    )
                },
            }

    # ---- channels ------------------------------------------------------------------------------
    def claim_event(self, channel: str, event_id: str) -> bool:
        """True the first time a platform event id is seen; False for a redelivery."""
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO channel_events(channel, event_id, created_at) VALUES (?, ?, ?)",
                (storable(channel), storable(event_id), _now()),
            )
            return cur.rowcount == 1

    # ---- retention -----------------------------------------------------------------------------
    def purge(self, before: dt.datetime, dry_run: bool = False) -> dict[str, int]:
        """Delete messages created before `before` with their feedback (and feedback on them), sessions
        created before it that have no message left, and channel event claims older than it. Counts what
        is (or, with `dry_run`, would be) deleted."""
        counts: dict[str, int] = {}
        with self._tx() as conn:
            for table, (where, args) in purge_statements("?", _iso(before)).items():
                sql = f"SELECT COUNT(*) {where}" if dry_run else f"DELETE {where}"
                cur = conn.execute(sql, args)
                counts[table] = int(cur.fetchone()[0]) if dry_run else cur.rowcount
        return counts
