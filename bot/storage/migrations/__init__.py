"""Alembic migrations of the one database (bot/storage/schema.py), run in-process: `Database.upgrade()` at
start, `techbridge db upgrade` by hand. No alembic.ini: the configuration is built here, so the installed
package (wheel or Docker image) migrates without the repository beside it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

__all__ = ["config", "current", "head", "upgrade"]


def config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(config(engine), revision)


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head() -> str | None:
    """The newest revision there is (what `upgrade()` brings a database to)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(Path(__file__).parent)).get_current_head()
