"""A real `chroma run` server on loopback: ingest and search through TECHBRIDGE_CHROMA__URL, and a
clear StoreUnavailableError (503) while it is down, recovering when it is back."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.services import Services
from retrieval.embedders import HashingEmbedder
from retrieval.errors import StoreUnavailableError

from .conftest import TODAY, free_port, make_settings
from .test_ingest import write_news

pytestmark = pytest.mark.integration


def start_chroma(path: Path, port: int) -> subprocess.Popen[bytes]:
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("chroma server did not start")


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    port = free_port()
    proc = start_chroma(tmp_path / "chroma-server", port)
    yield tmp_path / "chroma-server", port
    proc.terminate()
    proc.wait(timeout=20)


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
        proc.terminate()
        proc.wait(timeout=20)
        down = client.get("/api/search", params={"q": "magnesite"})
        assert down.status_code == 503 and "unavailable" in down.json()["detail"]
        assert client.get("/readyz").status_code == 503
        proc = start_chroma(path, port)
        try:
            back = client.get("/api/search", params={"q": "magnesite"})
            assert back.status_code == 200 and back.json()["hits"][0]["doc_id"] == "mg"
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    with pytest.raises(StoreUnavailableError):
        Services(settings, embedder=HashingEmbedder()).store.count()
