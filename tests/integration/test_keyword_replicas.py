"""Two replicas on one Chroma index (on disk, and a `chroma run` server): what one writes, the other's
keyword index follows through the change log, without a full rebuild (retrieval/keyword_follow.py)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from retrieval.chunking import Chunker
from retrieval.config import ChromaSettings, SearchSettings
from retrieval.embedders import HashingEmbedder
from retrieval.ingest import Ingestor
from retrieval.keyword_live import LiveKeywordIndex
from retrieval.search import HybridSearcher
from retrieval.stores.chroma import ChromaStore
from retrieval.types import Document
from tests.support.servers import free_port, start_chroma, stop_process

EMBEDDER = HashingEmbedder(dim=64)
TOPICS = ["hydrogen electrolyser", "magnesite tailings", "fuel cell stack", "rice seed breeding"]


def doc(i: int, text: str | None = None) -> Document:
    return Document(
        id=f"doc-{i}",
        kind="news",
        title=f"Report {i}",
        lang="en",
        text=text or f"Project {i} in Dalian works on {TOPICS[i % 4]}; report {i}.",
        date=dt.date(2025, 2, 1 + i % 28),
    )


@pytest.fixture(params=["disk", "server"])
def replicas(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], ChromaStore]]:
    """A factory of stores, each a replica's own connection to one index."""
    if request.param == "disk":
        yield lambda: ChromaStore(ChromaSettings(), tmp_path, EMBEDDER)
        return
    port = free_port()
    server = start_chroma(tmp_path / "chroma", port)
    try:
        yield lambda: ChromaStore(ChromaSettings(url=f"http://127.0.0.1:{port}"), tmp_path, EMBEDDER)
    finally:
        stop_process(server)


def until(check: Callable[[], bool], timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def test_the_other_replica_follows_writes_without_a_rebuild(
    replicas: Callable[[], ChromaStore], tmp_path: Path
) -> None:
    writer = Ingestor(replicas(), EMBEDDER, Chunker())  # replica 2: uploads
    writer.ingest_documents([doc(i) for i in range(60)])
    searcher = HybridSearcher(replicas(), EMBEDDER, SearchSettings(), cache_dir=tmp_path / "cache")
    base = searcher.keyword_index()
    assert searcher.keywords.rebuilds == 1 and len(base) == 60

    writer.ingest_documents([doc(100, "Terahertz emitters from a photonics lab in Jinzhou.")])

    def found(query: str, doc_id: str) -> bool:
        return any(hit.chunk.doc_id == doc_id for hit in searcher.search(query, k=3).hits)

    # seen within the fingerprint's refresh (~1 s) plus one read of the log and of the document
    assert until(lambda: found("terahertz emitters Jinzhou", "doc-100"))
    live = searcher.keyword_index()
    assert isinstance(live, LiveKeywordIndex) and live.origin is base
    assert searcher.keywords.rebuilds == 1 and searcher.keywords.followed == 1

    writer.store.delete_doc("doc-5")
    assert until(
        lambda: (
            not any(key.startswith("doc-5#") for key, _ in searcher.keyword_index().search("report 5", 60))
        )
    )
    assert not found("Project 5 report 5", "doc-5")
    assert searcher.keywords.rebuilds == 1 and searcher.keyword_index().origin is base

    # a third replica starts from the saved base and catches up from its cursor: no scan
    third = HybridSearcher(replicas(), EMBEDDER, SearchSettings(), cache_dir=tmp_path / "cache")
    index = third.keyword_index()
    assert third.keywords.rebuilds == 0 and third.keywords.loads == 1
    assert len(index) == searcher.keyword_index().size() == 60
    assert any(hit.chunk.doc_id == "doc-100" for hit in third.search("terahertz emitters", k=3).hits)
