"""The curated-answer matcher with the honest hashing embedder (shared words = closer vectors) on a real
SQLite store: which entry a question finds, the cached vectors and when they are read again, and the
draft it gives. Its thresholds for the shipped model are calibrated in tests/integration/
test_curated_answers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.chat.curated import CuratedDraft, CuratedMatcher
from bot.phrasebook import phrase
from bot.storage.curated import CuratedAnswerStore
from bot.storage.db import Database
from retrieval.embedders import HashingEmbedder

QUESTION = "who pays the patent application fees for university inventions"
CITATION = {
    "n": 4,
    "doc_id": "policy-ip",
    "chunk_id": "policy-ip:0",
    "kind": "news",
    "title": "University IP policy",
    "source": "ip.md",
    "url": "",
    "date": None,
    "locator": "",
    "snippet": "The university pays the fees.",
}


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, counting the documents it embeds (the matcher's cache is what is tested)."""

    def __init__(self) -> None:
        super().__init__()
        self.documents = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents += len(texts)
        return super().embed_documents(texts)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'db.sqlite3'}"


@pytest.fixture
def store(url: str) -> CuratedAnswerStore:
    return CuratedAnswerStore(Database(url))


def test_the_question_finds_its_entry_and_another_question_none(store: CuratedAnswerStore) -> None:
    entry = store.add(QUESTION, "The university pays them.", author="ann")
    store.add("when is the technology transfer office open", "9 to 5.", author="ann")
    matcher = CuratedMatcher(store, HashingEmbedder())
    found = matcher.match("Who pays the patent application fees for university inventions?")
    assert found is not None and found[0].id == entry.id and found[1] > 0.99
    assert matcher.match("how long does a patent application take") is None
    assert CuratedMatcher(store, HashingEmbedder(), thresholds=(1.01, 1.01)).match(QUESTION) is None


def test_vectors_are_kept_until_the_store_changes_in_any_process(store: CuratedAnswerStore, url: str) -> None:
    store.add(QUESTION, "The university pays them.", author="ann")
    embedder = CountingEmbedder()
    matcher = CuratedMatcher(store, embedder)
    for _ in range(3):
        assert matcher.match(QUESTION) is not None
    assert embedder.documents == 1  # embedded once, not per question

    other = CuratedAnswerStore(Database(url))  # another replica writing to the same database
    added = other.add("where do I submit an invention disclosure form", "To the office.", author="bo")
    found = matcher.match("where do I submit an invention disclosure form?")
    assert found is not None and found[0].id == added.id
    other.archive(added.id, "bo")
    assert matcher.match("where do I submit an invention disclosure form?") is None
    assert embedder.documents == 1 + 2 + 1  # read again after each change only


def test_answer_leads_with_the_staff_text_and_cites_what_they_saved(store: CuratedAnswerStore) -> None:
    store.add(QUESTION, "The university pays them.", author="ann", citations=[CITATION])
    draft = CuratedMatcher(store, HashingEmbedder()).answer(QUESTION, "en")
    assert isinstance(draft, CuratedDraft) and draft.answered
    assert draft.text == "The university pays them. [1]"
    assert [(c.n, c.doc_id, c.title, c.snippet) for c in draft.citations] == [
        (1, "policy-ip", "University IP policy", "The university pays the fees.")
    ]


def test_an_entry_in_the_other_language_says_so_and_a_citation_without_a_document_is_dropped(
    store: CuratedAnswerStore,
) -> None:
    store.add("专利 申请 费用 谁 承担", "由学校承担。", author="ann", citations=[{"title": "no document"}])
    draft = CuratedMatcher(store, HashingEmbedder(), thresholds=(0.9, 0.9)).answer(
        "专利 申请 费用 谁 承担", "en"
    )
    assert draft is not None and draft.citations == []
    assert draft.text == "由学校承担。\n" + phrase("curated_other_lang", "en")
