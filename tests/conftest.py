"""Shared fixtures, and the tiers, one folder each, marked by where a test lives (so a marker cannot drift
from what a test does):
    unit/         pure functions and honest doubles (HashingEmbedder, the in-memory store)
    integration/  real Chroma on a temp dir, the real embedded model, real HTTP, real servers on loopback
    browser/      the widget driven in Debian's chromium
    slow/         long-running checks: kill tests, fuzzing, scale, the opt-in local LLM
`make test` runs them all; `pytest -m "not slow"` leaves out the slow folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.services import Services
from retrieval.embedders import HashingEmbedder, UseEmbedder
from tests.support.config import KNOWLEDGE, TODAY, make_settings

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
