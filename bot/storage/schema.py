"""Every table TechBridge keeps, in one SQLAlchemy MetaData: the schema the Alembic migrations build and
the stores query. Column types are portable: timestamps are TIMESTAMPTZ on PostgreSQL and ISO-8601 text
on SQLite (the text the earlier SQLite store wrote, so old rows read back unchanged); JSON is JSONB on
PostgreSQL and text on SQLite.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = [
    "Json",
    "Timestamp",
    "audit_log",
    "channel_events",
    "curated_answers",
    "feedback",
    "leads",
    "link_codes",
    "messages",
    "metadata",
    "notifications",
    "people",
    "person_links",
    "regulation_status",
    "sessions",
    "staff_users",
    "subscriptions",
]


class Timestamp(TypeDecorator[dt.datetime]):
    """An aware UTC datetime. SQLite keeps "2026-12-06T15:04:05.123+00:00" (sorts as it reads)."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(DateTime(timezone=True))
        return dialect.type_descriptor(String(40))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value if dialect.name == "postgresql" else value.isoformat(timespec="milliseconds")

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


Json = JSON().with_variant(JSONB(), "postgresql")

metadata = MetaData()

# -- conversations (bot/storage/conversations.py) ----------------------------------------------------
sessions = Table(
    "sessions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("channel", Text, nullable=False),
    Column("user_key", Text),
    Column("state", Json, nullable=False, server_default=text("'{}'")),
    Column("created_at", Timestamp, nullable=False),
    Index(
        "sessions_user",
        "channel",
        "user_key",
        unique=True,
        sqlite_where=text("user_key IS NOT NULL"),
        postgresql_where=text("user_key IS NOT NULL"),
    ),
)
messages = Table(
    "messages",
    metadata,
    Column("id", Text, primary_key=True),
    Column("session_id", Text, ForeignKey("sessions.id"), nullable=False),
    Column("role", Text, nullable=False),
    Column("content", Text, nullable=False),
    Column("lang", Text),
    Column("answered", Boolean),
    Column("mode", Text),
    Column("citations", Json, nullable=False, server_default=text("'[]'")),
    Column("created_at", Timestamp, nullable=False),
    Column("seq", Integer),
    Index("messages_session", "session_id", "seq"),
    Index("messages_created", "created_at"),
)
feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Text, nullable=False),
    Column("message_id", Text, ForeignKey("messages.id"), nullable=False),
    Column("rating", Text, nullable=False),
    Column("comment", Text),
    Column("created_at", Timestamp, nullable=False),
    CheckConstraint("rating IN ('up', 'down')", name="feedback_rating"),
)
channel_events = Table(  # a webhook delivery claimed once, whichever replica gets the retry
    "channel_events",
    metadata,
    Column("channel", Text, primary_key=True),
    Column("event_id", Text, primary_key=True),
    Column("created_at", Timestamp, nullable=False),
)

# -- leads (bot/matching/leads.py) --------------------------------------------------------------------
leads = Table(
    "leads",
    metadata,
    Column("id", Text, primary_key=True),
    Column("status", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("lang", Text),
    Column("session_id", Text),
    Column("title", Text),
    Column("field", Text),
    Column("city", Text),
    Column("required_maturity", Text),
    Column("enterprise", Text),
    Column("contact", Text),  # staff only: never indexed, never in an answer
    Column("deadline", Text),
    Column("best_match", Text),
    Column("best_score", Float),
    Column("demand_id", Text),
    Column("note", Text),
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Column("reviewed_at", Timestamp),
    Column("assignee", Text),  # the broker working it (console)
    CheckConstraint(
        "status IN ('collecting', 'pending', 'approved', 'rejected', 'cancelled')", name="leads_status_check"
    ),
    Index("leads_status", "status", "created_at"),
)

# -- staff console (bot/console) ----------------------------------------------------------------------
staff_users = Table(
    "staff_users",
    metadata,
    Column("username", Text, primary_key=True),
    Column("role", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    CheckConstraint("role IN ('admin', 'editor', 'broker', 'viewer')", name="staff_role"),
)
audit_log = Table(  # who changed what, when: every staff action that changes something
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("actor", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("target", Text),
    Column("detail", Json),
    Column("created_at", Timestamp, nullable=False),
    Index("audit_created", "created_at"),
)
curated_answers = Table(  # staff-written answers used when the question (or a paraphrase) recurs
    "curated_answers",
    metadata,
    Column("id", Text, primary_key=True),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("lang", Text),
    Column("citations", Json, nullable=False, server_default=text("'[]'")),
    Column("source_message_id", Text),
    Column("author", Text, nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
)
regulation_status = Table(  # an article marked amended or repealed by an editor; answers say so
    "regulation_status",
    metadata,
    Column("doc_id", Text, primary_key=True),
    Column("article", Text, primary_key=True),
    Column("status", Text, nullable=False),
    Column("note", Text),
    Column("author", Text, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    CheckConstraint("status IN ('in_force', 'amended', 'repealed')", name="regulation_status_check"),
)

# -- one person across channels (bot/channels) ----------------------------------------------------------
people = Table(
    "people",
    metadata,
    Column("id", Text, primary_key=True),
    Column("created_at", Timestamp, nullable=False),
)
person_links = Table(  # (channel, user) -> person: every channel identity of one person
    "person_links",
    metadata,
    Column("channel", Text, primary_key=True),
    Column("user_key", Text, primary_key=True),
    Column("person_id", Text, ForeignKey("people.id"), nullable=False),
    Column("linked_by", Text),  # "code" or the staff member who approved it
    Column("created_at", Timestamp, nullable=False),
    Index("person_links_person", "person_id"),
)
link_codes = Table(  # one-time codes a person types in a second channel to join it to the first
    "link_codes",
    metadata,
    Column("code", Text, primary_key=True),
    Column("person_id", Text, ForeignKey("people.id"), nullable=False),
    Column("expires_at", Timestamp, nullable=False),
)

# -- subscriptions and push (bot/matchmaking) -----------------------------------------------------------
subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("person_id", Text, nullable=False),  # a people.id, or "channel:user" before any link
    Column("channel", Text, nullable=False),  # where to push
    Column("user_key", Text, nullable=False),
    Column("kind", Text, nullable=False),  # achievement | demand | event
    Column("criteria", Json, nullable=False),  # field, city, institution, terms
    Column("lang", Text),
    Column("created_at", Timestamp, nullable=False),
    Column("cancelled_at", Timestamp),
    Index("subscriptions_person", "person_id"),
)
notifications = Table(  # one push per subscription and record, whichever replica ingests it
    "notifications",
    metadata,
    Column("subscription_id", Text, primary_key=True),
    Column("record_id", Text, primary_key=True),
    Column("status", Text, nullable=False),  # sent | failed | outside_window
    Column("detail", Text),
    Column("created_at", Timestamp, nullable=False),
)
