"""The keyword index follows the store's change log document by document (retrieval/keyword_follow.py):
a document written by another writer (here a second Ingestor on the same InMemoryStore) is found without a
full rebuild, the base index object stays the one built first, deleted and replaced documents drop out, and
the delta is scored on the base's scale (its ranking and scores agree with a rebuild's)."""

from __future__ import annotations

import datetime as dt

import pytest

import retrieval.keyword_follow as follow
from retrieval.chunking import Chunker
from retrieval.config import SearchSettings
from retrieval.embedders import HashingEmbedder
from retrieval.ingest import Ingestor
from retrieval.keyword import KeywordIndex
from retrieval.keyword_live import LiveKeywordIndex
from retrieval.search import HybridSearcher
from retrieval.stores import InMemoryStore
from retrieval.types import Document, SearchFilters

EMBEDDER = HashingEmbedder(dim=128)
TOPICS = [
    "hydrogen electrolyser",
    "magnesite tailings",
    "fuel cell stack",
    "rice seed breeding",
    "CNC grinder",
]
CITIES = ["Dalian", "Shenyang", "Anshan", "Yingkou"]


def doc(i: int, text: str | None = None, lang: str = "en") -> Document:
    body = text or f"{CITIES[i % 4]} project {i} works on {TOPICS[i % 5]} for local industry, report {i}."
    return Document(
        id=f"doc-{i}",
        kind="news",
        title=f"Report {i}",
        lang=lang,  # type: ignore[arg-type]
        text=body,
        date=dt.date(2025, 1, 1 + i % 28),
    )


def corpus(n: int) -> list[Document]:
    docs = [doc(i) for i in range(n)]
    docs += [doc(n + i, f"大连第{i}号项目研究碱性电解槽制氢技术。", lang="zh") for i in range(5)]
    return docs


@pytest.fixture
def store() -> InMemoryStore:
    store = InMemoryStore()
    Ingestor(store, EMBEDDER, Chunker()).ingest_documents(corpus(40))
    return store


def searcher_of(store: InMemoryStore) -> HybridSearcher:
    return HybridSearcher(store, EMBEDDER, SearchSettings())


def test_a_document_written_elsewhere_is_found_without_a_rebuild(store: InMemoryStore) -> None:
    searcher = searcher_of(store)
    base = searcher.keyword_index()
    assert isinstance(base, KeywordIndex) and searcher.keywords.rebuilds == 1

    other = Ingestor(store, EMBEDDER, Chunker())  # another replica's writer on the same store
    other.ingest_documents([doc(99, "Quasar photonics lab in Jinzhou builds terahertz emitters.")])

    live = searcher.keyword_index()
    assert isinstance(live, LiveKeywordIndex) and live.origin is base
    assert searcher.keywords.rebuilds == 1 and searcher.keywords.followed == 1
    assert live.search("terahertz emitters", 3)[0][0].startswith("doc-99#")
    assert searcher.search("terahertz emitters Jinzhou", k=3).hits[0].chunk.doc_id == "doc-99"
    assert len(live) == len(base) + 1 and live.idf("terahertz") < base.idf("terahertz")
    # unchanged store: the same snapshot, nothing re-read
    assert searcher.keyword_index() is live and searcher.keywords.followed == 1


def test_deleted_and_replaced_documents_drop_out(store: InMemoryStore) -> None:
    searcher = searcher_of(store)
    base = searcher.keyword_index()
    assert any(key.startswith("doc-7#") for key, _ in base.search("report 7", 5))

    store.delete_doc("doc-7")
    Ingestor(store, EMBEDDER, Chunker()).ingest_documents(
        [doc(8, "Doc eight now covers seawater desalination.")]
    )

    live = searcher.keyword_index()
    assert searcher.keywords.rebuilds == 1 and live.origin is base
    assert not any(key.startswith("doc-7#") for key, _ in live.search("report 7", 50))
    assert not live.records([key for key in base.keys if key.startswith("doc-7#")])
    assert live.size() == store.count() == len(live)
    hits = searcher.search("report 8 Shenyang", k=10).hits
    assert all(hit.chunk.doc_id not in ("doc-7",) for hit in hits)
    assert [h.chunk.text for h in hits if h.chunk.doc_id == "doc-8"] in (
        [],
        [doc(8, "Doc eight now covers seawater desalination.").text],
    )
    assert live.search("seawater desalination", 1)[0][0].startswith("doc-8#")
    assert live.size(SearchFilters(doc_id="doc-7")) == 0 and live.size(SearchFilters(doc_id="doc-8")) == 1


def test_the_delta_scores_as_a_rebuild_would(store: InMemoryStore) -> None:
    searcher = searcher_of(store)
    searcher.keyword_index()
    Ingestor(store, EMBEDDER, Chunker()).ingest_documents(
        [doc(50, "Dalian project 50 works on hydrogen electrolyser membranes.")]
    )
    live = searcher.keyword_index()
    rebuilt = KeywordIndex((key, c.text, meta, vec) for key, c, meta, vec in store.scan_vectors())
    for query, filters in (
        ("hydrogen electrolyser Dalian", None),
        ("electrolyser membranes", SearchFilters(lang="en")),
        ("碱性电解槽", None),
    ):
        ours, theirs = live.search(query, 8, filters), rebuilt.search(query, 8, filters)
        assert [key for key, _ in ours][:3] == [key for key, _ in theirs][:3]
        added = [score for key, score in theirs if key.startswith("doc-50#")]
        # The delta's chunk scores what a rebuild gives it; the base's chunks keep the statistics of their
        # build (here 45 documents, one more moves "hydrogen"'s IDF by ~6%) until compaction.
        assert [score for key, score in ours if key.startswith("doc-50#")] == pytest.approx(added, rel=0.01)
        keys = [key for key, _ in theirs]
        mine, top = live.scores_of(query, keys, filters)
        assert dict(mine) == pytest.approx(dict(ours), rel=1e-6) and top == pytest.approx(ours[0][1])
        found = live._bm25_scores(query, filters)  # the raw scores bot/matchmaking/pairs.py reads
        assert found is not None
        lo, scores = found
        rows = live.rows([key for key, _ in ours]) - lo
        assert scores[rows].tolist() == pytest.approx([score for _, score in ours], rel=1e-6)


def test_a_grown_delta_is_compacted_in_the_background(
    store: InMemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(follow, "DELTA_MAX", 3)
    searcher = searcher_of(store)
    first = searcher.keyword_index()
    writer = Ingestor(store, EMBEDDER, Chunker())
    for i in range(5):
        writer.ingest_documents([doc(200 + i, f"Compaction probe {i} on graphene anodes.")])
        searcher.keyword_index()
    searcher.keywords.wait_compacted(30)
    assert searcher.keywords.rebuilds == 2
    index = searcher.keyword_index()
    # a new base from a full scan, holding what was written before it; what came after, in its delta
    assert index.origin is not first and len(index) == store.count()
    assert {key.split("#")[0] for key, _ in index.search("graphene anodes", 10)} == {
        f"doc-{200 + i}" for i in range(5)
    }


def test_a_bulk_write_elsewhere_is_taken_in_by_a_background_rebuild(
    store: InMemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(follow, "FOLLOW_MAX", 2)
    searcher = searcher_of(store)
    first = searcher.keyword_index()
    Ingestor(store, EMBEDDER, Chunker()).ingest_documents(
        [doc(300 + i, f"Bulk record {i} on perovskite cells.") for i in range(3)]
    )
    searcher.keyword_index()  # more than FOLLOW_MAX documents: not read one by one
    assert searcher.keywords.followed == 0
    searcher.keywords.wait_compacted(30)
    index = searcher.keyword_index()
    assert searcher.keywords.rebuilds == 2 and index.origin is not first and len(index) == store.count()
    assert len(index.search("perovskite cells", 10)) == 3


def test_a_reset_store_is_rebuilt(store: InMemoryStore) -> None:
    searcher = searcher_of(store)
    searcher.keyword_index()
    store.reset()
    Ingestor(store, EMBEDDER, Chunker()).ingest_documents([doc(1)])
    index = searcher.keyword_index()
    assert searcher.keywords.rebuilds == 2 and len(index) == store.count()
