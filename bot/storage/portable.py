"""What every store needs to say the same thing on SQLite and PostgreSQL: timestamps as the ISO text the
domain types carry (`iso`, `moment`), and an insert that keeps the first writer's row (`insert_new`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

__all__ = ["insert_new", "iso", "moment"]


def iso(moment: dt.datetime) -> str:
    """UTC, milliseconds, +00:00: the text a timestamp is given back as (it sorts as it reads)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def moment(text: str | None) -> dt.datetime:
    """The time an ISO text names (UTC when it names no zone), or now when it is empty."""
    if not text:
        return dt.datetime.now(dt.UTC)
    parsed = dt.datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def insert_new(conn: Connection, table: Table, **values: Any) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING on either dialect: True when the row was inserted, False when one
    with its key was there (another request, worker or replica got there first)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**values).on_conflict_do_nothing()
    # An INSERT's rowcount is kept only when asked for (SQLAlchemy 2: UPDATE and DELETE always keep it).
    return conn.execute(statement, execution_options={"preserve_rowcount": True}).rowcount == 1
