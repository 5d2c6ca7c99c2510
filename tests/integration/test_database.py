"""The one database: a data folder from the earlier hand-written SQLite store is migrated in place with
every row kept; SQLite commits durably (WAL, synchronous=FULL); replicas on one database see each other's
writes; the settings choose PostgreSQL by URL; `techbridge db upgrade` and `db current`."""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from bot.cli import main
from bot.matching.leads import Lead, SqlLeadStore
from bot.services import Services
from bot.storage.conversations import Message, SqlConversationStore, new_id
from bot.storage.db import Database, database_url
from bot.storage.migrations import current, head
from bot.storage.schema import metadata
from retrieval.errors import ConfigError
from tests.support.config import make_settings
from tests.support.servers import PgServer

# The schema the earlier versions wrote (bot/storage/conversations.py and bot/matching/leads.py before the
# one persistence layer), verbatim: what a data folder in the field holds.
OLD_SCHEMA = """
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
CREATE TABLE IF NOT EXISTS leads (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('collecting', 'pending', 'approved', 'rejected', 'cancelled')),
    description TEXT NOT NULL, lang TEXT, session_id TEXT, title TEXT, field TEXT, city TEXT,
    required_maturity TEXT, enterprise TEXT, contact TEXT, deadline TEXT, best_match TEXT, best_score REAL,
    demand_id TEXT, note TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, reviewed_at TEXT
);
CREATE INDEX IF NOT EXISTS leads_status ON leads(status, created_at);
"""
T1, T2, T3 = "2026-03-01T08:00:00.000+00:00", "2026-03-01T08:00:01.250+00:00", "2026-03-01T08:05:00.000+00:00"


def old_data_folder(data: Path) -> None:
    """A conversation in Slack with a rated-down unanswered question, a claimed event and a lead, written
    by the earlier store's SQL."""
    data.mkdir(parents=True)
    with sqlite3.connect(data / "conversations.sqlite3") as db:
        db.executescript(OLD_SCHEMA)
        db.execute(
            "INSERT INTO sessions VALUES ('s1', 'slack', 'U1', ?, ?)", ('{"plan": {"city": "大连"}}', T1)
        )
        db.executemany(
            "INSERT INTO messages VALUES (?, 's1', ?, ?, 'zh', ?, ?, ?, ?, ?)",
            [
                ("m1", "user", "有没有太空电梯技术？", None, None, "[]", T1, 1),
                ("m2", "assistant", "知识库里没有。", 0, "extractive", '[{"n": 1, "doc_id": "d1"}]', T2, 2),
            ],
        )
        db.execute("INSERT INTO feedback VALUES (1, 's1', 'm2', 'down', '没用', ?)", (T3,))
        db.execute("INSERT INTO channel_events VALUES ('slack', 'Ev1', ?)", (T1,))
        db.execute(
            "INSERT INTO leads(id, status, description, lang, session_id, contact, best_score, created_at,"
            " updated_at) VALUES ('lead1', 'pending', '需要菱镁尾矿处理技术', 'zh', 's1', '138', 0.42, ?, ?)",
            (T1, T3),
        )


def test_an_earlier_sqlite_data_folder_is_migrated_with_every_row_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    old_data_folder(data)
    services = Services(make_settings(data, embedding={"provider": "hashing"}))
    store, leads = services.conversations, services.leads

    assert current(services.database.engine) == head()
    assert set(inspect(services.database.engine).get_table_names()) >= set(metadata.tables)
    assert store.ensure_session(None, "slack", "U1") == "s1"
    assert store.get_state("s1") == {"plan": {"city": "大连"}}
    question, answer = store.history("s1")
    assert (question.content, question.answered, question.created_at) == ("有没有太空电梯技术？", None, T1)
    assert (answer.answered, answer.mode) == (False, "extractive")
    assert answer.citations == [{"n": 1, "doc_id": "d1"}]
    assert [m.id for m in store.unanswered()] == ["m1"]
    ((rated, feedback),) = store.rated_down()
    assert rated.id == "m1" and (feedback.id, feedback.comment, feedback.created_at) == (1, "没用", T3)
    assert store.claim_event("slack", "Ev1") is False  # claimed before the upgrade: still a redelivery
    assert store.stats()["by_channel"] == {"slack": 1}
    lead = leads.get("lead1")
    assert lead is not None and (lead.contact, lead.best_score, lead.assignee) == ("138", 0.42, None)
    assert (lead.created_at, lead.updated_at, lead.reviewed_at) == (T1, T3, None)

    # And it goes on: the next message is numbered after the old ones, the new feedback after the old.
    store.add_message(Message(new_id(), "s1", "user", "那氢能呢？", "zh"))
    assert [m.content for m in store.history("s1", limit=1)] == ["那氢能呢？"]
    assert store.add_feedback("s1", "m2", "up", None).id == 2
    services.database.dispose()
    with sqlite3.connect(data / "conversations.sqlite3") as db:  # the same file, not a new one beside it
        assert db.execute("SELECT MAX(seq) FROM messages").fetchone() == (3,)


def test_a_sqlite_commit_is_durable(tmp_path: Path) -> None:
    """WAL and synchronous=FULL on every connection: a write that returned is on disk (the SIGKILL test is
    tests/slow/test_durability.py)."""
    database = Database(database_url(None, tmp_path))
    store = SqlConversationStore(database)
    sid = store.ensure_session(None)
    with database.connect() as conn:
        pragmas = [conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in ("journal_mode", "synchronous")]
    assert pragmas == ["wal", 2]  # 2 is FULL: the WAL is synced at every commit
    with sqlite3.connect(tmp_path / "conversations.sqlite3") as other:  # another process's view
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # kept in the file itself
        assert other.execute("SELECT id FROM sessions").fetchall() == [(sid,)]
    database.dispose()


def test_replicas_on_one_database_see_each_others_writes(make_database: Callable[[], Database]) -> None:
    """Two replicas of the app (two Database engines on one database): a lead or a message one writes,
    the other reads; a lead one updates is the other's updated lead."""
    one, two = make_database(), make_database()
    leads_one, leads_two = SqlLeadStore(one), SqlLeadStore(two)
    chat_one, chat_two = SqlConversationStore(one), SqlConversationStore(two)
    leads_one.add(Lead(id="lead1", status="pending", description="magnesite tailings", contact="138"))
    seen = leads_two.get("lead1")
    assert seen is not None and seen.contact == "138"
    leads_two.update(Lead(**{**seen.as_dict(), "assignee": "wang"}))
    assert [(x.id, x.assignee) for x in leads_one.list("pending")] == [("lead1", "wang")]

    sid = chat_one.ensure_session(None, "wecom", "zhangsan")
    assert chat_two.ensure_session(None, "wecom", "zhangsan") == sid
    chat_one.add_message(Message(new_id(), sid, "user", "q", "en"))
    chat_two.add_message(Message(new_id(), sid, "assistant", "a", "en", True))
    assert [m.content for m in chat_one.history(sid)] == ["q", "a"]
    assert chat_two.claim_event("wecom", "m1") and not chat_one.claim_event("wecom", "m1")


@pytest.mark.integration
def test_a_database_url_puts_every_store_on_postgresql(pg_server: PgServer, tmp_path: Path) -> None:
    services = Services(
        make_settings(tmp_path, embedding={"provider": "hashing"}, database_url=pg_server.new_database())
    )
    try:
        assert services.database.url.startswith("postgresql+psycopg://")
        sid = services.conversations.ensure_session(None, "web")
        services.leads.add(Lead(id="lead1", status="collecting", description="hydrogen"))
        assert services.conversations.stats()["sessions"] == 1 and sid
        assert current(services.database.engine) == head()
        assert not (tmp_path / "conversations.sqlite3").exists()
    finally:
        services.database.dispose()


def test_sqlite_in_the_data_dir_is_the_default(tmp_path: Path) -> None:
    services = Services(make_settings(tmp_path, embedding={"provider": "hashing"}))
    assert services.database.url == f"sqlite:///{tmp_path / 'conversations.sqlite3'}"
    services.database.dispose()


def test_a_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_psycopg(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in ("psycopg", "psycopg_pool"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(ConfigError, match=r"techbridge\[postgres\]"):
        Database(database_url("postgresql://nobody@127.0.0.1:1/none", Path(".")))


def test_db_commands_show_and_upgrade_the_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    old_data_folder(data)
    monkeypatch.setenv("TECHBRIDGE_DATA_DIR", str(data))
    assert main(["db", "current"]) == 0
    assert f"revision none (not migrated) (the newest is {head()})" in capsys.readouterr().out
    assert main(["db", "upgrade", "0001"]) == 0
    assert f"revision 0001 (the newest is {head()})" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert f"revision {head()} (the newest)" in capsys.readouterr().out
    with sqlite3.connect(data / "conversations.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM messages").fetchone() == (2,)
        assert "assignee" in [row[1] for row in db.execute("PRAGMA table_info(leads)")]
