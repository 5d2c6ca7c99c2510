"""/readyz is free of the rate limits, so it must be cheap and quiet: one store call a second however many
probes come, and a body that names neither where the index lives nor what went wrong."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from retrieval.embedders import HashingEmbedder
from retrieval.errors import StoreUnavailableError
from tests.support.config import TODAY, make_settings, write_news


def test_readyz_is_cached_for_a_second_and_names_no_path(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", embedding={"provider": "hashing"})
    app = create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
    with TestClient(app) as client:
        services = app.state.services
        write_news(
            tmp_path / "kb" / "news", "mg", "Magnesite", "Magnesite tailings are recycled in Liaoyang."
        )
        services.ingestor.ingest_paths([tmp_path / "kb"])
        calls: list[float] = []
        real_count = services.store.count

        def counted() -> int:
            calls.append(time.monotonic())
            return real_count()

        services.store.count = counted
        started = time.monotonic()
        answers = [client.get("/readyz") for _ in range(30)]
        elapsed = time.monotonic() - started
        assert len(calls) <= int(elapsed) + 1  # one store call a second served them all (~0.1 s here: one)
        assert {a.status_code for a in answers} == {200}
        body = answers[0].json()
        assert body["status"] == "ready" and body["chunks"] >= 1
        text = answers[0].text
        assert str(tmp_path) not in text and "chroma" not in text.lower() and "store" not in body
        time.sleep(1.05)
        client.get("/readyz")
        assert len(calls) >= 2  # a second later it asks again


def test_readyz_failure_reveals_no_exception_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path / "data", embedding={"provider": "hashing"})
    app = create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
    with TestClient(app) as client:

        def down(*_: Any) -> int:
            raise StoreUnavailableError(f"cannot reach the index at {tmp_path}/chroma: connection refused")

        monkeypatch.setattr(app.state.services.store, "count", down)
        with caplog.at_level("WARNING", logger="bot.api.health"):
            refused = client.get("/readyz")
        assert refused.status_code == 503
        assert refused.json() == {"status": "unavailable", "error": "StoreUnavailableError"}
        assert str(tmp_path) not in refused.text and "refused" not in refused.text
        assert any("connection refused" in r.getMessage() for r in caplog.records)  # the log has it
