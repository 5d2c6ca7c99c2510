"""The curated-answer store on SQLite in a temp dir (the PostgreSQL run of the same behaviour is in
tests/integration/test_curated_answers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import RequestError
from bot.storage.curated import CuratedAnswerStore
from bot.storage.db import Database
from retrieval.errors import NotFoundError

CITE = {"doc_id": "policy-x", "title": "Policy X", "source": "x.md", "locator": "Article 3"}


@pytest.fixture
def store(tmp_path: Path) -> CuratedAnswerStore:
    return CuratedAnswerStore(Database(f"sqlite:///{tmp_path / 'db.sqlite3'}"))


def check_store(store: CuratedAnswerStore) -> None:
    """The behaviour both databases must show (reused by the PostgreSQL test)."""
    added = store.add(
        "How do I file an invention disclosure?",
        "Send the form to the office.",
        author="ann",
        citations=[CITE],
        source_message_id="m1",
    )
    assert added.lang == "en" and added.active and added.created_at == added.updated_at
    zh = store.add("专利费用谁承担？", "由学校承担。", author="bo")
    assert zh.lang == "zh" and zh.citations == []

    got = store.get(added.id)
    assert got == added
    assert got is not None and got.citations == [CITE] and got.source_message_id == "m1"

    before = store.version()
    updated = store.update(added.id, answer="Send the form to the TTO.", author="cy")
    assert updated.answer == "Send the form to the TTO." and updated.question == added.question
    assert updated.author == "cy" and updated.citations == [CITE] and updated.updated_at > added.updated_at
    assert store.version() != before

    store.archive(zh.id, "ann")
    assert [a.id for a in store.list()] == [added.id]
    everything = store.list(active_only=False)
    assert {a.id for a in everything} == {added.id, zh.id}
    assert everything[0].id == zh.id  # newest change first
    archived = store.get(zh.id)
    assert archived is not None and not archived.active
    assert store.get("nope") is None


def test_add_get_update_archive_list(store: CuratedAnswerStore) -> None:
    check_store(store)


def test_update_can_change_question_and_citations(store: CuratedAnswerStore) -> None:
    added = store.add("Q?", "A.", author="ann", citations=[CITE])
    updated = store.update(added.id, answer="B.", question="Q2?", citations=[], author="bo")
    assert (updated.question, updated.answer, updated.citations) == ("Q2?", "B.", [])
    assert store.get(added.id) == updated


def test_refuses_empty_text_bad_lang_and_unknown_ids(store: CuratedAnswerStore) -> None:
    with pytest.raises(RequestError):
        store.add("  ", "A.", author="ann")
    with pytest.raises(RequestError):
        store.add("Q?", "", author="ann")
    with pytest.raises(RequestError):
        store.add("Q?", "A.", author="ann", lang="fr")
    with pytest.raises(NotFoundError):
        store.update("missing", answer="A.", author="ann")
    with pytest.raises(NotFoundError):
        store.archive("missing", "ann")
    assert store.list(active_only=False) == []


def test_version_moves_for_a_change_made_by_another_store_on_the_same_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    one, other = CuratedAnswerStore(Database(url)), CuratedAnswerStore(Database(url))
    empty = one.version()
    assert empty == (0, None)
    added = other.add("Q?", "A.", author="ann")
    assert one.version() == (1, added.updated_at)
    other.update(added.id, answer="B.", author="ann")
    assert one.version()[1] > added.updated_at


def test_text_is_stored_as_both_databases_can_keep_it(store: CuratedAnswerStore) -> None:
    added = store.add("Q\x00?", "A\ud800.", author="ann")
    assert store.get(added.id) == added
    assert (added.question, added.answer) == ("Q\ufffd?", "A\ufffd.")


def test_stamp_moves_at_once_for_a_change_in_this_process_and_only_then(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    one, other = CuratedAnswerStore(Database(url)), CuratedAnswerStore(Database(url))
    empty = one.stamp()
    assert one.stamp() == empty
    added = other.add("Q?", "A.", author="ann")  # another store object on this database, this process
    after_add = one.stamp()
    assert after_add != empty and one.stamp() == after_add
    other.archive(added.id, "ann")
    assert one.stamp() != after_add
