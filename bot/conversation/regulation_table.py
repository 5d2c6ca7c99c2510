"""The regulations' articles as a table: each article with both language versions, their words and the
glossary concepts they name, re-read when the store changes.

    ArticleTable(store, glossary, regulations)
        .articles()        -> {(translation group, article number): ArticleText}
        .of(chunk)         -> the ArticleText of one article's chunk (either language)
        .by_chunk_id(id)   -> the ArticleText holding that chunk (the article in focus)
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from retrieval.chunking import article_text
from retrieval.stores.base import VectorStore
from retrieval.types import Chunk, SearchFilters

from .regulation_evidence import ArticleText

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
        self._table: tuple[str, dict[Key, ArticleText], dict[str, Key]] | None = None

    def articles(self) -> dict[Key, ArticleText]:
        return self._read()[1]

    def of(self, chunk: Chunk) -> ArticleText | None:
        return self._read()[1].get(article_key(chunk))

    def by_chunk_id(self, chunk_id: str) -> ArticleText | None:
        _, table, ids = self._read()
        key = ids.get(chunk_id)
        return table.get(key) if key is not None else None

    def _read(self) -> tuple[str, dict[Key, ArticleText], dict[str, Key]]:
        fingerprint = self._store.fingerprint()
        with self._lock:
            if self._table is not None and self._table[0] == fingerprint:
                return self._table
        chunks: dict[Key, list[Chunk]] = {}
        for _, chunk, _ in self._store.scan(SearchFilters(kind=("regulation",))):
            if chunk is not None and chunk.locator and chunk.meta.get("article_no"):
                chunks.setdefault(article_key(chunk), []).append(chunk)
        names: dict[str, list[str]] = {}
        for doc in self._regulations.regulations():
            names.setdefault(doc.group, []).extend([doc.name, *doc.aliases])
        table = {}
        for key, versions in chunks.items():
            concepts = frozenset(self._glossary.concepts(" ".join(article_text(c.text) for c in versions)))
            table[key] = ArticleText.of(versions, names.get(key[0], []), concepts)
        ids = {c.id: key for key, versions in chunks.items() for c in versions}
        with self._lock:
            self._table = (fingerprint, table, ids)
        return self._table
