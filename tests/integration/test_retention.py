"""Retention: messages (with their feedback and idle sessions) and leads older than the retention settings
are deleted by `techbridge purge`, on SQLite and on the real PostgreSQL server (conftest.py's
`make_database`), and nothing newer is touched."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.cli import main
from bot.matching.leads import Lead, SqlLeadStore
from bot.settings import Settings
from bot.storage import schema
from bot.storage.conversations import ConversationStore, Message, SqlConversationStore, new_id
from bot.storage.db import Database, database_url

NOW = dt.datetime.now(dt.UTC)
OLD = (NOW - dt.timedelta(days=400)).isoformat(timespec="milliseconds")
CUTOFF = NOW - dt.timedelta(days=365)


def exchange(store: ConversationStore, sid: str, question: str, created: str | None = None) -> Message:
    store.add_message(Message(new_id(), sid, "user", question, "en", created_at=created or ""))
    return store.add_message(
        Message(new_id(), sid, "assistant", f"answer to {question}", "en", False, created_at=created or "")
    )


def test_purge_deletes_old_messages_their_feedback_and_idle_sessions(
    make_database: Callable[[], Database],
) -> None:
    store = SqlConversationStore(make_database())
    old_session = store.ensure_session(None, "slack", "U-old")
    mixed = store.ensure_session(None)
    old_answer = exchange(store, old_session, "an old question?", OLD)
    store.add_feedback(old_session, old_answer.id, "down", "an old comment")
    exchange(store, mixed, "another old question?", OLD)
    new_answer = exchange(store, mixed, "a new question?")
    store.add_feedback(mixed, new_answer.id, "up", None)

    assert store.purge(CUTOFF, dry_run=True) == {
        "feedback": 1,
        "messages": 4,
        "sessions": 0,  # both sessions were created now; an idle old one goes, see below
        "channel_events": 0,
    }
    assert len(store.history(old_session)) == 2  # a dry run deletes nothing
    counts = store.purge(CUTOFF)
    assert counts["feedback"] == 1 and counts["messages"] == 4
    assert store.history(old_session) == []
    assert [m.content for m in store.history(mixed, limit=10)] == [
        "a new question?",
        "answer to a new question?",
    ]
    assert [f.comment for f in store.feedback()] == [None]  # the new feedback stays
    assert [m.content for m in store.unanswered()] == ["a new question?"]
    assert store.purge(CUTOFF) == {"feedback": 0, "messages": 0, "sessions": 0, "channel_events": 0}


def test_sessions_and_event_claims_older_than_the_cutoff_go(make_database: Callable[[], Database]) -> None:
    database = make_database()
    store = SqlConversationStore(database)
    idle = store.ensure_session(None, "wecom", "zhangsan")
    active = store.ensure_session(None)
    exchange(store, active, "still talking?")
    store.claim_event("wecom", "msg-1")
    with database.begin() as conn:
        conn.execute(update(schema.sessions).values(created_at=OLD))
        conn.execute(update(schema.channel_events).values(created_at=OLD))
    counts = store.purge(CUTOFF)
    assert counts["sessions"] == 1 and counts["channel_events"] == 1
    assert store.ensure_session(None, "wecom", "zhangsan") != idle  # a new conversation for that user
    assert len(store.history(active)) == 2


def lead(lead_id: str, status: str = "pending") -> Lead:
    return Lead(id=lead_id, status=status, description="we need magnesite tailings processing", contact="138")  # type: ignore[arg-type]


def test_purge_deletes_leads_not_updated_within_the_retention(make_database: Callable[[], Database]) -> None:
    database = make_database()
    leads = SqlLeadStore(database)
    for lead_id, status in (("a" * 12, "approved"), ("b" * 12, "pending"), ("c" * 12, "pending")):
        leads.add(lead(lead_id, status))
    with database.begin() as conn:
        conn.execute(
            update(schema.leads).where(schema.leads.c.id.in_(["a" * 12, "b" * 12])).values(updated_at=OLD)
        )
    assert leads.purge(CUTOFF, dry_run=True) == 2 and len(leads.list(None)) == 3
    assert leads.purge(CUTOFF) == 2
    assert [x.id for x in leads.list(None)] == ["c" * 12]


def test_the_purge_command_reads_the_retention_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("TECHBRIDGE_DATA_DIR", str(data))
    monkeypatch.setenv("TECHBRIDGE_EMBEDDING__PROVIDER", "hashing")
    monkeypatch.setenv("TECHBRIDGE_RETENTION__MESSAGES_DAYS", "30")
    monkeypatch.setenv("TECHBRIDGE_RETENTION__LEADS_DAYS", "0")  # keep leads forever
    assert Settings().retention.messages_days == 30 and Settings().retention.leads_days == 0
    assert Settings(_env_file=None).retention.model_fields["messages_days"].default == 365  # type: ignore[call-arg]
    database = Database(database_url(None, data))
    store = SqlConversationStore(database)
    sid = store.ensure_session(None)
    exchange(
        store, sid, "from last quarter?", (NOW - dt.timedelta(days=90)).isoformat(timespec="milliseconds")
    )
    exchange(store, sid, "from last week?", (NOW - dt.timedelta(days=7)).isoformat(timespec="milliseconds"))
    SqlLeadStore(database).add(lead("d" * 12))

    assert main(["purge", "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["dry_run"] is True and dry["conversations"]["messages"] == 2 and "leads" not in dry
    assert len(store.history(sid, limit=10)) == 4
    assert main(["purge"]) == 0
    out = capsys.readouterr().out
    assert "deleted 0 feedback, 2 messages" in out and "leads are kept forever" in out
    assert [m.content for m in store.history(sid, limit=10)] == [
        "from last week?",
        "answer to from last week?",
    ]
    assert main(["purge", "--json", "--leads-days", "1", "--messages-days", "0"]) == 0
    assert json.loads(capsys.readouterr().out)["leads"] == 0  # the lead was updated just now
