"""Shared fixtures. Tiers: unit (pure functions, HashingEmbedder), integration (real Chroma on a temp
dir, the real embedded model, real HTTP through the app, real servers on loopback)."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.services import Services
from bot.settings import Settings
from retrieval.embedders import HashingEmbedder, UseEmbedder

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
TODAY = dt.date(2026, 11, 22)  # the clock the tests run on: "upcoming" is relative to it

UNLIMITED = {"chat_per_minute": 0, "api_per_minute": 0, "channel_per_minute": 0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    base: dict[str, object] = {
        "environment": "test",
        "data_dir": data_dir,
        "knowledge_dir": KNOWLEDGE,
        # One TestClient is one client: lift the per-client rate limits (the default
        # ones are proved in tests/test_limits.py).
        "limits": UNLIMITED,
    }
    base.update(overrides)
    return Settings(**base)  # type: ignore[arg-type]


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
