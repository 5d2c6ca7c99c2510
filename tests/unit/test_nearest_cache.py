"""A message's searches share the store's unfiltered nearest-neighbour answer (retrieval/nearest_cache.py):
the same hits as searches that each ask the store, one question to the store instead of one per search,
and a new one after a write or once the answer is a few seconds old."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from retrieval import nearest_cache
from retrieval.chunking import Chunker
from retrieval.config import SearchSettings
from retrieval.embedders import HashingEmbedder
from retrieval.ingest import Ingestor
from retrieval.nearest_cache import NearestCache
from retrieval.records import Achievement
from retrieval.search import HybridSearcher
from retrieval.stores import InMemoryStore
from retrieval.types import RECORD_KINDS, Document, SearchFilters


class CountingStore(InMemoryStore):
    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def nearest(self, embedding: Sequence[float], n: int) -> list[tuple[str, float]]:
        self.asked += 1
        return super().nearest(embedding, n)


def news(doc_id: str, text: str, day: dt.date) -> Document:
    return Document(doc_id, "news", doc_id, "en", text, day, origin="news")


def stack(doc_id: str, title: str) -> Document:
    return Achievement(
        id=doc_id,
        lang="en",
        title=title,
        institution="Dalian University of Technology",
        city="dalian",
        field="energy_storage",
        summary=f"{title}: a vanadium flow battery stack.",
        trl=6,
    ).to_document("records")


DOCS = [
    news("news-h2", "A hydrogen electrolyser plant opened in Dalian port.", dt.date(2025, 3, 1)),
    news("news-bat", "A vanadium flow battery farm stores wind power.", dt.date(2025, 9, 1)),
    stack("ach-stack", "Flow battery stack"),
]
FILTERS = [SearchFilters(kind=RECORD_KINDS), SearchFilters(kind=("news",)), None]


def indexed(store: InMemoryStore) -> HybridSearcher:
    Ingestor(store, HashingEmbedder(), Chunker()).ingest_documents(DOCS)
    return HybridSearcher(store, HashingEmbedder(), SearchSettings())


def hits(searcher: HybridSearcher, query: str, filters: SearchFilters | None) -> list[tuple[str, str, float]]:
    return [(h.chunk.doc_id, h.chunk.id, h.score) for h in searcher.search(query, k=5, filters=filters).hits]


def test_one_message_searched_thrice_asks_the_store_once_for_the_same_hits() -> None:
    store = CountingStore()
    searcher = indexed(store)
    query = "vanadium flow battery stack"
    found = [hits(searcher, query, f) for f in FILTERS]
    assert store.asked == 1
    for filters, shared in zip(FILTERS, found, strict=True):  # a searcher of its own asks the store each time
        assert hits(HybridSearcher(store, HashingEmbedder(), SearchSettings()), query, filters) == shared
    assert any(shared for shared in found)


def test_a_write_asks_the_store_again_and_finds_what_was_written() -> None:
    store = CountingStore()
    searcher = indexed(store)
    query = "vanadium flow battery stack"
    hits(searcher, query, None)
    Ingestor(store, HashingEmbedder(), Chunker()).ingest_documents(
        [stack("ach-new", "Vanadium flow battery stack")]
    )
    asked = store.asked
    assert "ach-new" in {doc for doc, _, _ in hits(searcher, query, None)}
    assert store.asked == asked + 1


def test_an_answer_is_forgotten_after_its_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(nearest_cache.time, "monotonic", lambda: now[0])
    cache = NearestCache(size=2, seconds=5.0)
    key = NearestCache.key("fp", [0.1, 0.2], 10)  # type: ignore[arg-type]
    cache.put(key, [("a", 0.9)])
    now[0] += 4.0
    assert cache.get(key) == [("a", 0.9)] and cache.holds(key)
    now[0] += 2.0
    assert cache.get(key) is None and not cache.holds(key)
    assert NearestCache.key("other", [0.1, 0.2], 10) != key  # type: ignore[arg-type]
    for i in range(3):  # the oldest answer gives way
        cache.put(NearestCache.key("fp", [float(i)], 10), [])  # type: ignore[arg-type]
    assert cache.get(NearestCache.key("fp", [0.0], 10)) is None  # type: ignore[arg-type]
