"""The regulations' articles as a table: each article with both language versions, their words and the
glossary concepts they name, re-read when the store changes.

    ArticleTable(store, glossary, regulations)
        .articles()        -> {(translation group, article number): ArticleText}
        .of(chunk)         -> the ArticleText of one article's chunk (either language)
        .by_chunk_id(id)   -> the ArticleText holding that chunk (the article in focus)
        .holding(unit)     -> how many articles hold a unit of a question (kept: questions repeat words)
        .spread(concept)   -> how many articles name a glossary concept
        .named_concepts()  -> the concepts the regulations' own names and titles name
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from retrieval.chunking import article_text
from retrieval.stores.base import VectorStore
from retrieval.types import Chunk, SearchFilters

from .regulation_evidence import ArticleText, Unit, holds

if TYPE_CHECKING:
    from retrieval.glossary import Glossary

    from .regulations import RegulationAnswerer

__all__ = ["ArticleTable", "article_key"]

Key = tuple[str, int]


def article_key(chunk: Chunk) -> Key:
    """An article, whichever language version: its regulation's translation group and its number."""
    return str(chunk.meta.get("translation_group") or chunk.doc_id), int(chunk.meta.get("article_no") or 0)


class ArticleTable:
    """Every regulation article, both language versions together (a few hundred at most: read whole)."""

    def __init__(self, store: VectorStore, glossary: Glossary, regulations: RegulationAnswerer) -> None:
        self._store = store
        self._glossary = glossary
        self._regulations = regulations
        self._lock = threading.Lock()
        self._table: _Table | None = None

    def articles(self) -> dict[Key, ArticleText]:
        return self._read().articles

    def of(self, chunk: Chunk) -> ArticleText | None:
        return self._read().articles.get(article_key(chunk))

    def by_chunk_id(self, chunk_id: str) -> ArticleText | None:
        table = self._read()
        key = table.ids.get(chunk_id)
        return table.articles.get(key) if key is not None else None

    def holding(self, unit: Unit) -> int:
        table = self._read()
        found = table.holding.get(unit.forms)
        if found is None:
            found = sum(holds(unit, a) for a in table.articles.values())
            if len(table.holding) < 4096:
                table.holding[unit.forms] = found
        return found

    def spread(self, concept: int) -> int:
        return self._read().spread.get(concept, 0)

    def named_concepts(self) -> frozenset[int]:
        return self._read().named

    def _read(self) -> _Table:
        fingerprint = self._store.fingerprint()
        with self._lock:
            if self._table is not None and self._table.fingerprint == fingerprint:
                return self._table
        chunks: dict[Key, list[Chunk]] = {}
        for _, chunk, _ in self._store.scan(SearchFilters(kind=("regulation",))):
            if chunk is not None and chunk.locator and chunk.meta.get("article_no"):
                chunks.setdefault(article_key(chunk), []).append(chunk)
        names: dict[str, list[str]] = {}
        named: set[int] = set()
        for doc in self._regulations.regulations():
            names.setdefault(doc.group, []).extend([doc.name, *doc.aliases])
            named.update(self._glossary.concepts(" ".join([doc.title, doc.name, *doc.aliases])))
        articles = {}
        for key, versions in chunks.items():
            concepts = frozenset(self._glossary.concepts(" ".join(article_text(c.text) for c in versions)))
            articles[key] = ArticleText.of(versions, names.get(key[0], []), concepts)
        ids = {c.id: key for key, versions in chunks.items() for c in versions}
        spread = Counter(c for a in articles.values() for c in a.concepts)
        table = _Table(fingerprint, articles, ids, dict(spread), frozenset(named), {})
        with self._lock:
            self._table = table
        return table


@dataclass
class _Table:
    fingerprint: str
    articles: dict[Key, ArticleText]
    ids: dict[str, Key]  # chunk id -> its article
    spread: dict[int, int]  # glossary concept -> the articles naming it
    named: frozenset[int]  # the concepts the regulations' names and titles name
    holding: dict[tuple[str, ...], int]  # a unit's forms -> the articles holding it (kept as asked)
