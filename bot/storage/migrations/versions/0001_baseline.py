"""Baseline: the tables of the hand-written SQLite store (conversations, feedback, channel events, leads).

A data folder from the earlier versions already has them: each is created only where it is missing, so the
folder's rows stay and later revisions alter them in place.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.schema import Json, Timestamp

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = set(sa.inspect(op.get_bind()).get_table_names())
    if "sessions" not in have:
        op.create_table(
            "sessions",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("channel", sa.Text, nullable=False),
            sa.Column("user_key", sa.Text),
            sa.Column("state", Json, nullable=False, server_default=sa.text("'{}'")),
            sa.Column("created_at", Timestamp, nullable=False),
        )
        op.create_index(
            "sessions_user",
            "sessions",
            ["channel", "user_key"],
            unique=True,
            sqlite_where=sa.text("user_key IS NOT NULL"),
            postgresql_where=sa.text("user_key IS NOT NULL"),
        )
    if "messages" not in have:
        op.create_table(
            "messages",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), nullable=False),
            sa.Column("role", sa.Text, nullable=False),
            sa.Column("content", sa.Text, nullable=False),
            sa.Column("lang", sa.Text),
            sa.Column("answered", sa.Boolean),
            sa.Column("mode", sa.Text),
            sa.Column("citations", Json, nullable=False, server_default=sa.text("'[]'")),
            sa.Column("created_at", Timestamp, nullable=False),
            sa.Column("seq", sa.Integer),
        )
        op.create_index("messages_session", "messages", ["session_id", "seq"])
    if "feedback" not in have:
        op.create_table(
            "feedback",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("session_id", sa.Text, nullable=False),
            sa.Column("message_id", sa.Text, sa.ForeignKey("messages.id"), nullable=False),
            sa.Column("rating", sa.Text, nullable=False),
            sa.Column("comment", sa.Text),
            sa.Column("created_at", Timestamp, nullable=False),
            sa.CheckConstraint("rating IN ('up', 'down')", name="feedback_rating"),
        )
    if "channel_events" not in have:
        op.create_table(
            "channel_events",
            sa.Column("channel", sa.Text, primary_key=True),
            sa.Column("event_id", sa.Text, primary_key=True),
            sa.Column("created_at", Timestamp, nullable=False),
        )
    if "leads" not in have:
        op.create_table(
            "leads",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("status", sa.Text, nullable=False),
            sa.Column("description", sa.Text, nullable=False),
            *(sa.Column(name, sa.Text) for name in ("lang", "session_id", "title", "field", "city")),
            *(sa.Column(name, sa.Text) for name in ("required_maturity", "enterprise", "contact")),
            sa.Column("deadline", sa.Text),
            sa.Column("best_match", sa.Text),
            sa.Column("best_score", sa.Float),
            sa.Column("demand_id", sa.Text),
            sa.Column("note", sa.Text),
            sa.Column("created_at", Timestamp, nullable=False),
            sa.Column("updated_at", Timestamp, nullable=False),
            sa.Column("reviewed_at", Timestamp),
            sa.CheckConstraint(
                "status IN ('collecting', 'pending', 'approved', 'rejected', 'cancelled')",
                name="leads_status_check",
            ),
        )
        op.create_index("leads_status", "leads", ["status", "created_at"])
