"""Alembic's entry point: migrate the engine `bot.storage.migrations.config` put in the attributes."""

from __future__ import annotations

from alembic import context

from bot.storage.schema import metadata

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    # render_as_batch: SQLite alters a table by copying it; the same migration runs on PostgreSQL.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
