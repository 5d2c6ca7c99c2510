"""InMemoryStore keeps the VectorStore protocol honestly: exact cosine neighbours, SearchFilters on the same
flat metadata Chroma keeps, the content-hash manifest, and a fingerprint that moves with every write."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from retrieval.embedders import HashingEmbedder
from retrieval.stores import InMemoryStore, VectorStore
from retrieval.stores.metadata import chunk_key
from retrieval.types import Chunk, SearchFilters

EMBEDDER = HashingEmbedder(dim=128)


def chunk(doc_id: str, index: int, text: str, **kw: object) -> Chunk:
    base: dict[str, object] = {"kind": "news", "title": doc_id, "lang": "en"}
    base.update(kw)
    return Chunk(id=f"{doc_id}#{index}", doc_id=doc_id, index=index, text=text, **base)  # type: ignore[arg-type]


def write(store: VectorStore, chunks: list[Chunk], doc_hash: str, origin: str = "test") -> list[str]:
    store.upsert_many([(chunks, EMBEDDER.embed_documents([c.text for c in chunks]), doc_hash, origin)])
    return [chunk_key(c, doc_hash) for c in chunks]


@pytest.fixture
def store() -> InMemoryStore:
    store = InMemoryStore()
    write(
        store,
        [chunk("news-a", 0, "hydrogen electrolyser plant opens in Dalian", date=dt.date(2025, 3, 1))],
        "h-a",
    )
    write(
        store,
        [
            chunk(
                "reg-b",
                0,
                "第一条 为了促进科技成果转化",
                kind="regulation",
                lang="zh",
                meta={"article_no": 1},
            ),
            chunk(
                "reg-b", 1, "第二条 本法适用于辽宁省", kind="regulation", lang="zh", meta={"article_no": 2}
            ),
        ],
        "h-b",
    )
    write(
        store,
        [
            chunk(
                "ach-c",
                0,
                "flow battery stack from Dalian University of Technology",
                kind="achievement",
                meta={"field": "energy_storage", "city": "dalian"},
            )
        ],
        "h-c",
    )
    return store


def keys(store: VectorStore, filters: SearchFilters | None) -> set[str]:
    return {key.split("@")[0] for key, _, _ in store.scan(filters)}


def test_get_returns_the_written_chunk_and_leaves_out_unknown_keys(store: InMemoryStore) -> None:
    written = chunk("news-d", 0, "magnesite tailings", date=dt.date(2024, 5, 6), meta={"x": [1, 2]})
    (key,) = write(store, [written], "h-d")
    assert store.get([key, "missing@0"]) == {key: written}
    assert store.count() == 5


def test_nearest_is_exact_cosine_best_first(store: InMemoryStore) -> None:
    query = EMBEDDER.embed_query("flow battery stack")
    found = store.nearest(query, 10)
    assert found[0][0].startswith("ach-c#0@")
    sims = [sim for _, sim in found]
    assert sims == sorted(sims, reverse=True) and len(found) == 4
    vector = store.vectors([found[0][0]])[found[0][0]]
    expected = float(np.dot(query, vector) / (np.linalg.norm(query) * np.linalg.norm(vector)))
    assert found[0][1] == pytest.approx(expected, abs=1e-6)
    assert len(store.nearest(query, 2)) == 2 and store.nearest(query, 0) == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (None, {"news-a#0", "reg-b#0", "reg-b#1", "ach-c#0"}),
        (SearchFilters(kind=("regulation",)), {"reg-b#0", "reg-b#1"}),
        (SearchFilters(kind=("news", "achievement")), {"news-a#0", "ach-c#0"}),
        (SearchFilters(lang="zh"), {"reg-b#0", "reg-b#1"}),
        (SearchFilters(date_from=dt.date(2025, 1, 1)), {"news-a#0"}),
        (SearchFilters(date_to=dt.date(2025, 12, 31)), {"news-a#0"}),  # undated chunks never pass a range
        (SearchFilters(date_to=dt.date(2025, 2, 1)), set()),
        (SearchFilters(field="energy_storage"), {"ach-c#0"}),
        (SearchFilters(city="dalian"), {"ach-c#0"}),
        (SearchFilters(doc_id="reg-b"), {"reg-b#0", "reg-b#1"}),
        (SearchFilters(doc_id="reg-b", article_no=(2,)), {"reg-b#1"}),
        (SearchFilters(kind=("news",), doc_id="reg-b"), set()),
    ],
)
def test_scan_applies_the_filters(
    store: InMemoryStore, filters: SearchFilters | None, expected: set[str]
) -> None:
    assert keys(store, filters) == expected


def test_scan_without_text_and_scan_vectors(store: InMemoryStore) -> None:
    assert all(c is None for _, c, _ in store.scan(with_text=False))
    rows = list(store.scan_vectors(SearchFilters(kind=("achievement",))))
    assert [(c.doc_id, meta["f_energy_storage"]) for _, c, meta, _ in rows] == [("ach-c", True)]
    key, _, _, vector = rows[0]
    vector[:] = 0  # a caller's copy: the store's vector is untouched
    assert np.linalg.norm(store.vectors([key])[key]) > 0


def test_articles_by_number_narrowed_by_filters(store: InMemoryStore) -> None:
    assert [c.text for _, c in store.articles([2])] == ["第二条 本法适用于辽宁省"]
    assert store.articles([1, 2], SearchFilters(lang="en")) == []
    assert store.articles([]) == []  # no numbers: no articles, not every chunk


def test_a_new_version_replaces_the_old_one_after_it_is_written(store: InMemoryStore) -> None:
    write(store, [chunk("news-a", 0, "hydrogen electrolyser plant doubles output")], "h-a2")
    assert store.stored_docs()["news-a"].hashes.keys() == {"h-a", "h-a2"}  # both versions readable
    store.delete_doc("news-a", keep_hash="h-a2")
    doc = store.stored_docs()["news-a"]
    assert doc.hashes == {"h-a2": {0}} and doc.complete("h-a2") and not doc.complete("h-a")
    assert [c.text for _, c, _ in store.scan(SearchFilters(doc_id="news-a"))] == [
        "hydrogen electrolyser plant doubles output"
    ]


def test_manifest_holds_origin_and_chunk_counts_per_version() -> None:
    store = InMemoryStore()
    write(store, [chunk("long", i, f"part {i}") for i in range(3)], "h1", origin="docs/long.md")
    write(store, [chunk("long", i, f"part {i} revised") for i in range(2)], "h2", origin="docs/long.md")
    doc = store.stored_docs()["long"]
    assert doc.origin == "docs/long.md"
    assert doc.n_chunks == {"h1": 3, "h2": 2} and doc.hashes == {"h1": {0, 1, 2}, "h2": {0, 1}}
    assert doc.complete("h1") and doc.complete("h2") and not doc.complete("h3")


def test_delete_removes_a_document_from_every_read(store: InMemoryStore) -> None:
    (key,) = [k for k, c, _ in store.scan() if c is not None and c.doc_id == "ach-c"]
    store.delete_doc("ach-c")
    assert "ach-c" not in store.stored_docs()
    assert store.get([key]) == {} and store.vectors([key]) == {}
    assert key not in {k for k, _ in store.nearest(EMBEDDER.embed_query("flow battery"), 10)}
    assert store.count() == 3


def test_fingerprint_changes_on_every_write_and_only_then(store: InMemoryStore) -> None:
    seen = [store.fingerprint()]
    list(store.scan())
    store.nearest(EMBEDDER.embed_query("x"), 3)
    assert store.fingerprint() == seen[-1]  # reads change nothing
    write(store, [chunk("news-e", 0, "new")], "h-e")
    seen.append(store.fingerprint())
    store.delete_doc("news-e")
    seen.append(store.fingerprint())
    store.reset()
    seen.append(store.fingerprint())
    assert len(set(seen)) == 4 and store.count() == 0
    assert InMemoryStore().fingerprint() != InMemoryStore().fingerprint()  # two indexes, two caches
