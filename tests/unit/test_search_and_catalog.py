"""Hybrid search, the catalog and incremental ingest over the in-memory store and the hashing embedder:
the real code paths (keyword index, dense probe, filters, listings), no Chroma, milliseconds a test."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest

from retrieval.catalog import Catalog
from retrieval.chunking import Chunker
from retrieval.config import SearchSettings
from retrieval.embedders import HashingEmbedder
from retrieval.ingest import Ingestor
from retrieval.records import Achievement, Event
from retrieval.search import HybridSearcher
from retrieval.stores import InMemoryStore
from retrieval.types import Document, SearchFilters

TODAY = dt.date(2026, 11, 22)


def news(doc_id: str, title: str, text: str, day: dt.date, lang: str = "en") -> Document:
    return Document(doc_id, "news", title, lang, text, day, origin="news")  # type: ignore[arg-type]


DOCS = [
    news(
        "news-h2",
        "Hydrogen plant",
        "A hydrogen electrolyser plant opened in Dalian port.",
        dt.date(2025, 3, 1),
    ),
    news("news-mg", "Magnesium", "Magnesite tailings are turned into building boards.", dt.date(2024, 6, 1)),
    news("news-bat", "Batteries", "A vanadium flow battery farm stores wind power.", dt.date(2025, 9, 1)),
    news("news-zh", "氢能", "大连港的氢能电解槽项目投产。", dt.date(2025, 4, 1), lang="zh"),
    Achievement(
        id="ach-stack",
        lang="en",
        title="Flow battery stack",
        institution="Dalian University of Technology",
        city="dalian",
        field="energy_storage",
        summary="A vanadium flow battery stack with higher power density.",
        trl=7,
        transfer_modes=["license", "sale"],
    ).to_document("records"),
    Achievement(
        id="ach-tailings",
        lang="en",
        title="Tailings boards",
        institution="Northeastern University",
        city="shenyang",
        field="magnesium_materials",
        summary="Building boards from magnesite tailings.",
        trl=4,
        transfer_modes=["license"],
    ).to_document("records"),
    Event(
        id="event-past",
        lang="en",
        title="Hydrogen forum",
        start_date=dt.date(2026, 5, 10),
        city="dalian",
        fields=["hydrogen_energy"],
        summary="Forum on hydrogen electrolysers.",
    ).to_document("records"),
    Event(
        id="event-next",
        lang="en",
        title="Energy storage fair",
        start_date=dt.date(2026, 12, 3),
        end_date=dt.date(2026, 12, 4),
        city="shenyang",
        fields=["energy_storage"],
        summary="Fair on flow batteries and storage.",
    ).to_document("records"),
]


@dataclass
class Index:
    store: InMemoryStore
    searcher: HybridSearcher
    catalog: Catalog
    ingestor: Ingestor


@pytest.fixture
def index() -> Index:
    store, embedder = InMemoryStore(), HashingEmbedder()
    searcher = HybridSearcher(store, embedder, SearchSettings())
    catalog = Catalog(store, searcher)
    ingestor = Ingestor(store, embedder, Chunker())
    report = ingestor.ingest_documents(DOCS)
    assert len(report.added) == len(DOCS) and not report.errors
    return Index(store, searcher, catalog, ingestor)


def test_search_finds_a_document_by_shared_words(index: Index) -> None:
    found = index.searcher.search("magnesite tailings boards", k=3).doc_ids()
    assert set(found[:2]) == {"news-mg", "ach-tailings"}  # the two documents that share the words
    top = index.searcher.search("hydrogen electrolyser Dalian port", k=1).hits[0]
    assert top.chunk.doc_id == "news-h2" and top.keyword > 0 and top.dense > 0


def test_search_filters_by_kind_date_and_city(index: Index) -> None:
    query = "vanadium flow battery"
    kinds = {
        h.chunk.kind for h in index.searcher.search(query, k=10, filters=SearchFilters(kind=("news",))).hits
    }
    assert kinds == {"news"}
    recent = SearchFilters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31))
    dated = index.searcher.search(query, k=10, filters=recent).doc_ids()
    assert dated and set(dated) <= {"news-h2", "news-bat", "news-zh"} and dated[0] == "news-bat"
    in_dalian = index.searcher.search(query, k=10, filters=SearchFilters(city="dalian")).doc_ids()
    assert in_dalian[0] == "ach-stack" and "event-next" not in in_dalian  # the fair is in Shenyang


def test_search_in_one_language(index: Index) -> None:
    hits = index.searcher.search("氢能 电解槽", k=5, filters=SearchFilters(lang="zh")).hits
    assert [h.chunk.doc_id for h in hits] == ["news-zh"]


def test_catalog_lists_records_in_listing_order(index: Index) -> None:
    assert [r.id for r in index.catalog.records("achievement")] == ["ach-stack", "ach-tailings"]  # by TRL
    found = index.catalog.record("achievement", "ach-tailings")
    assert found is not None and found.id == "ach-tailings"
    assert index.catalog.record("demand", "ach-tailings") is None  # another kind's id
    assert [r.id for r in index.catalog.technologies(field="magnesium_materials")] == ["ach-tailings"]
    assert [r.id for r in index.catalog.technologies(institution="dalian university")] == ["ach-stack"]
    assert [r.id for r in index.catalog.events(TODAY, upcoming=True)] == ["event-next"]
    assert [r.id for r in index.catalog.events(TODAY, upcoming=False)] == ["event-past"]
    assert [r.id for r in index.catalog.events(TODAY, city="dalian")] == ["event-past"]
    assert index.catalog.institutions() == ["Dalian University of Technology", "Northeastern University"]
    assert [r.id for r in index.catalog.technologies(trl=4)] == ["ach-tailings"]
    assert [r.id for r in index.catalog.technologies(transfer="sale")] == ["ach-stack"]
    assert index.catalog.technologies(trl=9) == []


def test_catalog_ranks_by_a_question(index: Index) -> None:
    ranked = index.catalog.technologies(q="magnesite tailings building boards")
    assert [r.id for r in ranked] == ["ach-tailings"]  # the other falls below the bar


def test_a_delete_removes_the_doc_from_search_and_catalog(index: Index) -> None:
    assert "ach-stack" in index.searcher.search("flow battery stack", k=5).doc_ids()
    assert index.ingestor.delete("ach-stack") is True
    assert "ach-stack" not in index.searcher.search("flow battery stack", k=5).doc_ids()
    assert [r.id for r in index.catalog.records("achievement")] == ["ach-tailings"]
    assert index.ingestor.delete("ach-stack") is False


def test_ingest_is_incremental_by_content_hash(index: Index) -> None:
    again = index.ingestor.ingest_documents(DOCS)
    assert len(again.unchanged) == len(DOCS) and again.chunks_written == 0
    changed = [replace(DOCS[1], text="Magnesite tailings now make fire-proof panels.")]
    report = index.ingestor.ingest_documents(changed)
    assert report.updated == ["news-mg"]
    (doc,) = [d for d in index.store.stored_docs().values() if d.doc_id == "news-mg"]
    assert len(doc.hashes) == 1  # the old version's chunks are gone
    assert index.searcher.search("fire-proof panels", k=1).doc_ids() == ["news-mg"]


def test_a_listing_for_a_place_outside_liaoning_has_none(index: Index) -> None:
    from bot.chat.intents import plan_question
    from bot.chat.structured import answer_listing

    harbin = plan_question("any achievements from Harbin Institute of Technology?", TODAY)
    assert harbin.city == "harbin"
    draft = answer_listing(harbin, index.catalog, "en", harbin.query)
    assert not draft.answered and not draft.citations
    # a city of ours lists what is filed there
    dalian = plan_question("any flow battery achievements in Dalian?", TODAY)
    assert answer_listing(dalian, index.catalog, "en", dalian.query).citations
