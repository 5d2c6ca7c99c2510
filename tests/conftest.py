"""Shared fixtures, and the tiers, one folder each, marked by where a test lives (so a marker cannot drift
from what a test does):
    unit/         pure functions and honest doubles (HashingEmbedder, the in-memory store)
    integration/  real Chroma on a temp dir, the real embedded model, real HTTP, real servers on loopback
    browser/      the widget driven in Debian's chromium
    slow/         long-running checks: kill tests, fuzzing, scale, the opt-in local LLM
`make test` runs them all; `pytest -m "not slow"` leaves out the slow folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.services import Services
from bot.storage.db import Database, database_url
from retrieval.embedders import HashingEmbedder, UseEmbedder
from tests.support.config import KNOWLEDGE, TODAY, make_settings
from tests.support.servers import PgServer, start_postgres

_TIERS = ("unit", "integration", "browser", "slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        tier = next((t for t in _TIERS if f"/tests/{t}/" in str(item.path)), None)
        if tier is not None and tier != "unit":
            item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture
def hashing_services(tmp_path: Path) -> Services:
    """Fast services on a fresh index with the honest hashing embedder (shared words = closer)."""
    settings = make_settings(tmp_path, embedding={"provider": "hashing"})
    return Services(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)


@pytest.fixture(scope="session")
def use_embedder() -> UseEmbedder:
    return UseEmbedder()


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory, use_embedder: UseEmbedder) -> Path:
    """A data dir with the shipped knowledge/ ingested once with the real embedded model."""
    data = tmp_path_factory.mktemp("corpus")
    services = Services(make_settings(data), embedder=use_embedder, clock=lambda: TODAY)
    report = services.ingestor.ingest_paths([KNOWLEDGE])
    assert not report.errors, report.errors
    return data


@pytest.fixture
def corpus_services(corpus_dir: Path, tmp_path: Path, use_embedder: UseEmbedder) -> Iterator[Services]:
    """Services over a private copy of the ingested corpus (tests may write to it)."""
    data = tmp_path / "data"
    shutil.copytree(corpus_dir, data)
    yield Services(make_settings(data), embedder=use_embedder, clock=lambda: TODAY)


@pytest.fixture(scope="session")
def shared_corpus_services(corpus_dir: Path, use_embedder: UseEmbedder) -> Services:
    """Read-only services over the session's ingested corpus (evaluations, search)."""
    return Services(make_settings(corpus_dir), embedder=use_embedder, clock=lambda: TODAY)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One real PostgreSQL server for the session (tests/support/servers.py); its tests skip, saying why,
    where there is none."""
    try:
        server = start_postgres()
    except RuntimeError as exc:
        pytest.skip(f"PostgreSQL tier: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def make_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Database]]:
    """A factory of migrated `Database`s over one database, SQLite in tmp_path or a fresh one on the
    session's PostgreSQL server: calling it twice gives two replicas (or workers) sharing the rows."""
    url = (
        database_url(None, tmp_path)
        if request.param == "sqlite"
        else database_url(request.getfixturevalue("pg_server").new_database(), tmp_path)
    )
    opened: list[Database] = []

    def factory() -> Database:
        opened.append(Database(url))
        return opened[-1]

    yield factory
    for database in opened:
        database.dispose()
