"""The staff console (accounts, audit log, curated answers, regulation status), one person across
channels (people, links, one-time codes), subscriptions and their notifications; leads get an assignee.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.schema import Json, Timestamp

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("assignee", sa.Text))
    op.create_index("messages_created", "messages", ["created_at"])
    op.create_table(
        "staff_users",
        sa.Column("username", sa.Text, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.CheckConstraint("role IN ('admin', 'editor', 'broker', 'viewer')", name="staff_role"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("target", sa.Text),
        sa.Column("detail", Json),
        sa.Column("created_at", Timestamp, nullable=False),
    )
    op.create_index("audit_created", "audit_log", ["created_at"])
    op.create_table(
        "curated_answers",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("lang", sa.Text),
        sa.Column("citations", Json, nullable=False, server_default=sa.text("'[]'")),
        sa.Column("source_message_id", sa.Text),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
    )
    op.create_table(
        "regulation_status",
        sa.Column("doc_id", sa.Text, primary_key=True),
        sa.Column("article", sa.Text, primary_key=True),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.CheckConstraint("status IN ('in_force', 'amended', 'repealed')", name="regulation_status_check"),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("created_at", Timestamp, nullable=False),
    )
    op.create_table(
        "person_links",
        sa.Column("channel", sa.Text, primary_key=True),
        sa.Column("user_key", sa.Text, primary_key=True),
        sa.Column("person_id", sa.Text, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("linked_by", sa.Text),
        sa.Column("created_at", Timestamp, nullable=False),
    )
    op.create_index("person_links_person", "person_links", ["person_id"])
    op.create_table(
        "link_codes",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("person_id", sa.Text, sa.ForeignKey("people.id"), nullable=False),
        sa.Column("expires_at", Timestamp, nullable=False),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("person_id", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("user_key", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("criteria", Json, nullable=False),
        sa.Column("lang", sa.Text),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("cancelled_at", Timestamp),
    )
    op.create_index("subscriptions_person", "subscriptions", ["person_id"])
    op.create_table(
        "notifications",
        sa.Column("subscription_id", sa.Text, primary_key=True),
        sa.Column("record_id", sa.Text, primary_key=True),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("created_at", Timestamp, nullable=False),
    )
