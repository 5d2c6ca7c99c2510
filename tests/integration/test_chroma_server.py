"""A real `chroma run` server on loopback: ingest and search through TECHBRIDGE_CHROMA__URL, and a
clear StoreUnavailableError (503) while it is down, recovering when it is back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.services import Services
from retrieval.embedders import HashingEmbedder
from retrieval.errors import StoreUnavailableError
from tests.support.config import TODAY, make_settings, write_news
from tests.support.servers import free_port, start_chroma, stop_process


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    port = free_port()
    proc = start_chroma(tmp_path / "chroma-server", port)
    yield tmp_path / "chroma-server", port
    stop_process(proc)


def test_ingest_and_search_through_a_chroma_server(chroma_server: tuple[Path, int], tmp_path: Path) -> None:
    _, port = chroma_server
    settings = make_settings(
        tmp_path / "data", embedding={"provider": "hashing"}, chroma={"url": f"http://127.0.0.1:{port}"}
    )
    services = Services(settings, embedder=HashingEmbedder())
    kb = tmp_path / "kb"
    write_news(kb / "news", "mg", "Magnesite", "Magnesite tailings are recycled in Liaoyang.")
    write_news(kb / "news", "h2", "Hydrogen", "PEM electrolysers are built in Dalian.")
    report = services.ingestor.ingest_paths([kb])
    assert sorted(report.added) == ["h2", "mg"]
    assert not (tmp_path / "data" / "chroma").exists()  # nothing went to the on-disk default
    assert services.searcher.search("PEM electrolysers Dalian", k=1).hits[0].chunk.doc_id == "h2"


def test_server_down_gives_503_then_recovers_without_restart(tmp_path: Path) -> None:
    port = free_port()
    path = tmp_path / "chroma-server"
    proc = start_chroma(path, port)
    settings = make_settings(
        tmp_path / "data", embedding={"provider": "hashing"}, chroma={"url": f"http://127.0.0.1:{port}"}
    )
    kb = tmp_path / "kb"
    write_news(kb / "news", "mg", "Magnesite", "Magnesite tailings are recycled in Liaoyang.")
    app = create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
    with TestClient(app) as client:
        app.state.services.ingestor.ingest_paths([kb])
        assert client.get("/api/search", params={"q": "magnesite"}).status_code == 200
        stop_process(proc)
        # another question: the one just answered is served for a few seconds from the searcher's
        # nearest-neighbour cache (retrieval/nearest_cache.py), which asks the server nothing
        down = client.get("/api/search", params={"q": "tailings recycled in Liaoyang"})
        assert down.status_code == 503 and "unavailable" in down.json()["detail"]
        assert client.get("/readyz").status_code == 503
        proc = start_chroma(path, port)
        try:
            back = client.get("/api/search", params={"q": "magnesite"})
            assert back.status_code == 200 and back.json()["hits"][0]["doc_id"] == "mg"
        finally:
            stop_process(proc)
    with pytest.raises(StoreUnavailableError):
        Services(settings, embedder=HashingEmbedder()).store.count()
