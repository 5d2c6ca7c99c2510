"""One contract, two stores: InMemoryStore (the test double) and ChromaStore on a temp dir answer the same
writes, reads, filters and deletes alike, so tests over the double say something about Chroma."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from retrieval.config import ChromaSettings
from retrieval.embedders import HashingEmbedder
from retrieval.stores import InMemoryStore, VectorStore
from retrieval.stores.chroma import ChromaStore
from retrieval.stores.metadata import chunk_key
from retrieval.types import Chunk, SearchFilters

EMBEDDER = HashingEmbedder(dim=64)


def chunk(doc_id: str, index: int, text: str, **kw: object) -> Chunk:
    base: dict[str, object] = {"kind": "news", "title": doc_id, "lang": "en"}
    base.update(kw)
    return Chunk(id=f"{doc_id}#{index}", doc_id=doc_id, index=index, text=text, **base)  # type: ignore[arg-type]


DOCS: list[tuple[list[Chunk], str]] = [
    ([chunk("news-a", 0, "hydrogen electrolyser opens in Dalian", date=dt.date(2025, 3, 1))], "ha"),
    (
        [
            chunk("reg-b", 0, "第一条 科技成果转化", kind="regulation", lang="zh", meta={"article_no": 1}),
            chunk("reg-b", 1, "第二条 适用范围", kind="regulation", lang="zh", meta={"article_no": 2}),
        ],
        "hb",
    ),
    (
        [
            chunk(
                "ach-c",
                0,
                "flow battery stack",
                kind="achievement",
                date=dt.date(2024, 1, 5),
                meta={"field": "energy_storage", "city": "dalian"},
            )
        ],
        "hc",
    ),
]
FILTERS = [
    None,
    SearchFilters(kind=("regulation", "achievement")),
    SearchFilters(lang="zh"),
    SearchFilters(date_from=dt.date(2025, 1, 1)),
    SearchFilters(date_to=dt.date(2024, 12, 31)),
    SearchFilters(field="energy_storage"),
    SearchFilters(city="dalian"),
    SearchFilters(doc_id="reg-b"),
    SearchFilters(kind=("regulation",), doc_id="reg-b", article_no=(2,)),
    SearchFilters(kind=("news",), doc_id="reg-b"),
]


def write(store: VectorStore, docs: list[tuple[list[Chunk], str]]) -> None:
    store.upsert_many([(cs, EMBEDDER.embed_documents([c.text for c in cs]), h, "test") for cs, h in docs])


@pytest.fixture(params=["memory", "chroma"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[VectorStore]:
    made: VectorStore = (
        InMemoryStore() if request.param == "memory" else ChromaStore(ChromaSettings(), tmp_path, EMBEDDER)
    )
    write(made, DOCS)
    yield made


def test_upsert_then_get_count_and_vectors(store: VectorStore) -> None:
    (cs, h) = DOCS[2]
    key = chunk_key(cs[0], h)
    assert store.count() == 4
    assert store.get([key, "nope@0"]) == {key: cs[0]}
    assert np.allclose(store.vectors([key])[key], EMBEDDER.embed_documents([cs[0].text])[0], atol=1e-6)
    assert store.nearest(EMBEDDER.embed_query("flow battery stack"), 2)[0][0] == key


@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_scan_with_filters_matches_the_filters_own_reading(
    store: VectorStore, filters: SearchFilters | None
) -> None:
    everything = {key: meta for key, _, meta in store.scan()}
    expected = {key for key, meta in everything.items() if filters is None or filters.matches(meta)}
    assert {key for key, _, _ in store.scan(filters)} == expected
    assert {key for key, _, _, _ in store.scan_vectors(filters)} == expected


def test_filters_select_what_they_should(store: VectorStore) -> None:
    def docs(filters: SearchFilters) -> list[str]:
        return sorted(f"{c.doc_id}#{c.index}" for _, c, _ in store.scan(filters) if c is not None)

    assert docs(SearchFilters(doc_id="reg-b", article_no=(2,))) == ["reg-b#1"]
    assert docs(SearchFilters(date_to=dt.date(2024, 12, 31))) == ["ach-c#0"]
    assert docs(SearchFilters(kind=("news",), doc_id="reg-b")) == []
    assert [c.text for _, c in store.articles([1])] == ["第一条 科技成果转化"]


def test_delete_and_manifest_and_fingerprint(store: VectorStore) -> None:
    before = store.fingerprint()
    assert store.fingerprint() == before  # reads alone do not move it
    write(store, [([chunk("news-a", 0, "hydrogen electrolyser doubles output")], "ha2")])
    after_write = store.fingerprint()
    assert after_write != before
    assert store.stored_docs()["news-a"].hashes == {"ha": {0}, "ha2": {0}}
    store.delete_doc("news-a", keep_hash="ha2")
    assert store.stored_docs()["news-a"].hashes == {"ha2": {0}}
    store.delete_doc("reg-b")
    assert "reg-b" not in store.stored_docs() and store.count() == 2
    assert store.fingerprint() not in (before, after_write)
