"""The vector store seam: what search, the catalog, ingest and the services need of a store.

Two implementations sit beside it: `ChromaStore` (stores/chroma.py, the only module that imports chromadb)
and `InMemoryStore` (stores/memory.py, numpy, an honest double for fast tests). Both keep each chunk as a
store key, its text, flat metadata (stores/metadata.py: scalars the filters read, the chunk's own metadata
as JSON) and its vector; filters are `SearchFilters`, never a store's own query language.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ..types import Chunk, SearchFilters

__all__ = ["ChangeFeed", "Changes", "DocWrite", "StoredDoc", "VectorStore"]

# One document's write: (its chunks, their embeddings, the document's content hash, its origin).
DocWrite = tuple[Sequence[Chunk], Sequence[Sequence[float]], str, str]


class StoredDoc:
    """What the store knows of one document: enough for incremental ingest."""

    __slots__ = ("chunks", "doc_id", "hashes", "n_chunks", "origin")

    def __init__(self, doc_id: str, origin: str) -> None:
        self.doc_id = doc_id
        self.origin = origin
        self.hashes: dict[str, set[int]] = {}  # content hash -> chunk indexes present
        self.n_chunks: dict[str, int] = {}  # content hash -> chunks expected

    def complete(self, doc_hash: str) -> bool:
        return len(self.hashes.get(doc_hash, ())) == self.n_chunks.get(doc_hash, -1)


class VectorStore(Protocol):
    """Chunks with their vectors, by store key (`chunk_key`: the chunk id and its document's hash)."""

    @property
    def location(self) -> str:
        """Where the index lives, for health checks and messages."""
        ...

    def fingerprint(self) -> str:
        """A value that changes whenever the index does; caches built on the index are keyed by it."""
        ...

    def count(self) -> int: ...

    def reset(self) -> None:
        """Drop every chunk (re-index from scratch)."""
        ...

    # ---- writes
    def upsert_many(self, docs: Sequence[DocWrite]) -> None:
        """Write the chunks of several documents in one call."""
        ...

    def delete_doc(self, doc_id: str, keep_hash: str | None = None) -> None:
        """Remove a document's chunks (with `keep_hash`, all but that version's)."""
        ...

    def stored_docs(self) -> dict[str, StoredDoc]:
        """Every document's content hashes and chunk counts: the ingest manifest."""
        ...

    # ---- reads
    def to_chunk(self, text: str | None, meta: dict[str, Any]) -> Chunk:
        """The chunk a stored record (text and metadata, as `scan` yields them) holds."""
        ...

    def get(self, keys: Sequence[str]) -> dict[str, Chunk]:
        """These chunks (keys the store does not hold are left out)."""
        ...

    def embeddings(self, keys: Sequence[str]) -> dict[str, list[float]]: ...

    def vectors(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors (float32) of these chunks."""
        ...

    def nearest(self, embedding: Sequence[float], n: int) -> list[tuple[str, float]]:
        """(key, cosine similarity) of the n nearest chunks, unfiltered, best first."""
        ...

    def scan(
        self, filters: SearchFilters | None = None, with_text: bool = True
    ) -> Iterator[tuple[str, Chunk | None, dict[str, Any]]]:
        """Every stored chunk that passes the filters: (key, chunk or None without text, metadata)."""
        ...

    def scan_vectors(
        self, filters: SearchFilters | None = None
    ) -> Iterator[tuple[str, Chunk, dict[str, Any], np.ndarray]]:
        """Every stored chunk that passes the filters, with its vector: (key, chunk, metadata, vector)."""
        ...

    def articles(
        self, numbers: Sequence[int], filters: SearchFilters | None = None
    ) -> list[tuple[str, Chunk]]:
        """Regulation articles with these numbers (all regulations unless the filters narrow them)."""
        ...


@dataclass(frozen=True)
class Changes:
    """What a store's change log says since a cursor: which documents were written (added, replaced or
    deleted; their chunks are read afresh), and the cursor to pass next time.

    `lineage` names the index the log belongs to (a reset or another collection is another lineage: a
    cache built on one is rebuilt for the other). `complete` is False when the log cannot vouch for
    everything since the cursor (trimmed past it, or an index changed by a writer that keeps no log):
    rebuild from a full scan."""

    lineage: str
    cursor: str  # opaque to the caller; a string so that it can be saved beside a cache
    doc_ids: frozenset[str]
    complete: bool = True


class ChangeFeed(Protocol):
    """A store that logs which documents each write touched, so caches follow it by document."""

    def changes(self, cursor: str | None) -> Changes:
        """Documents written since `cursor` (None: none, and the cursor of the log's end now: take it
        before a full scan, so that what is written during the scan is read again after)."""
        ...
