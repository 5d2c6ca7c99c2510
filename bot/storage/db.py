"""The one database behind every store: an SQLAlchemy engine on SQLite by default (a file in the data dir)
or PostgreSQL with TECHBRIDGE_DATABASE_URL, migrated to the newest schema with Alembic before use.

SQLite runs in WAL with synchronous=FULL, so a write that returned is on disk even after a SIGKILL, and
its writers are serialised by SQLite itself (BEGIN IMMEDIATE, a 30 s busy timeout) rather than failing on
"database is locked". PostgreSQL gets a pool checked before use, so a restarted server costs one error,
not a dead pool.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from retrieval.errors import ConfigError

__all__ = ["Database", "database_url", "sqlite_path"]

_MIGRATION_LOCK = 0x7465_6368  # pg_advisory_lock key ("tech"): replicas starting together migrate once


def sqlite_path(data_dir: Path) -> Path:
    """The embedded default's file: the one the earlier versions kept conversations and leads in, so an
    existing data folder is migrated in place, not replaced."""
    return Path(data_dir) / "conversations.sqlite3"


def database_url(url: str | None, data_dir: Path) -> str:
    """A SQLAlchemy URL: `url` as given (postgresql://... gets the psycopg 3 driver) or the SQLite file."""
    if not url:
        return f"sqlite:///{sqlite_path(data_dir)}"
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # committed means on disk, even after SIGKILL
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
    # pysqlite's own BEGIN comes late (at the first write); SQLAlchemy's "begin" event issues it instead.
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn: Connection) -> None:
    # A write transaction takes the write lock at BEGIN (IMMEDIATE): two writers queue on the busy timeout
    # instead of one failing when it upgrades a read lock. Reads stay deferred and never block writers (WAL).
    immediate = conn.get_execution_options().get("immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """An engine and its migrations. `connect()` reads, `begin()` writes in one transaction."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = make_url(url).database
            if path:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        else:
            try:
                self.engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
            except ImportError as exc:  # an optional extra: the embedded default needs none of it
                raise ConfigError(
                    "TECHBRIDGE_DATABASE_URL is set but the PostgreSQL driver is not installed: "
                    "pip install 'techbridge[postgres]' (psycopg 3)"
                ) from exc
        if migrate:
            self.upgrade()

    @classmethod
    def from_settings(cls, settings: Any, *, migrate: bool = True) -> Database:
        secret = settings.database_url
        raw = secret.get_secret_value() if secret is not None else None
        return cls(database_url(raw, Path(settings.data_dir)), migrate=migrate)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(immediate=True)
            with conn.begin():
                yield conn

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to `revision` (Alembic), once even when several processes start together."""
        from .migrations import upgrade

        with self._migration_lock():
            upgrade(self.engine, revision)

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        if self.is_sqlite:
            path = make_url(self.url).database
            if not path:  # in-memory: one process
                yield
                return
            with open(f"{path}.migrate.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)
            return
        with self.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})
                conn.commit()

    def dispose(self) -> None:
        self.engine.dispose()
