"""The regulation-status store on SQLite in a temp dir (PostgreSQL: tests/integration/
test_curated_answers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import RequestError
from bot.storage.db import Database
from bot.storage.regulation_status import RegulationStatusStore, article_key


@pytest.fixture
def store(tmp_path: Path) -> RegulationStatusStore:
    return RegulationStatusStore(Database(f"sqlite:///{tmp_path / 'db.sqlite3'}"))


def check_store(store: RegulationStatusStore) -> None:
    """The behaviour both databases must show (reused by the PostgreSQL test)."""
    assert store.all() == {} and store.get("reg-a", 12) is None
    store.set("reg-a", "12", "repealed", note="replaced by the 2026 rules", author="ann")
    store.set("reg-a", "第三条", "amended", note="", author="bo")
    got = store.get("reg-a", "Article 12")
    assert got is not None
    assert (got.status, got.note, got.author, got.article) == (
        "repealed",
        "replaced by the 2026 rules",
        "ann",
        "12",
    )
    assert set(store.all()) == {("reg-a", "12"), ("reg-a", "3")}
    assert store.all()[("reg-a", "3")].status == "amended"

    store.set("reg-a", 12, "amended", note="fee changed", author="cy")  # a second mark replaces the first
    again = store.get("reg-a", 12)
    assert again is not None and (again.status, again.note, again.author) == ("amended", "fee changed", "cy")

    store.set("reg-a", 12, "in_force", note="", author="cy")  # back in force: no row
    assert store.get("reg-a", 12) is None
    assert set(store.all()) == {("reg-a", "3")}
    assert store.get("reg-b", 3) is None  # another regulation's article 3 is not marked


def test_set_get_all_and_back_in_force(store: RegulationStatusStore) -> None:
    check_store(store)


def test_refuses_an_unknown_status_or_no_article_number(store: RegulationStatusStore) -> None:
    with pytest.raises(RequestError):
        store.set("reg-a", 12, "abolished", note="", author="ann")
    with pytest.raises(RequestError):
        store.set("reg-a", "the preamble", "repealed", note="", author="ann")
    assert store.all() == {}


@pytest.mark.parametrize(
    ("given", "key"),
    [(12, "12"), ("012", "12"), ("Article 12", "12"), ("第十二条", "12"), ("第四十五条", "45")],
)
def test_article_key_reads_numbers_in_both_languages(given: str | int, key: str) -> None:
    assert article_key(given) == key
