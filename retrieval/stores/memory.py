"""`InMemoryStore`: the `VectorStore` protocol in numpy, for fast tests and small embedded uses.

An honest double, not a stub: exact cosine nearest neighbours over every stored vector, the filters
applied by `SearchFilters.matches` on the same flat metadata Chroma keeps (stores/metadata.py), each
chunk keeping its document's content hash (so it is its own ingest manifest), and a fingerprint that
changes on every write. What it leaves out is what only a shared index needs: persistence and other
processes' writes.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..types import Chunk, SearchFilters
from .base import Changes, DocWrite, StoredDoc
from .metadata import chunk_key, stored_docs, to_chunk, to_metadata

__all__ = ["InMemoryStore"]

_instances = itertools.count(1)


@dataclass(frozen=True)
class _Row:
    text: str
    meta: dict[str, Any]
    vector: np.ndarray  # float32, as written


class InMemoryStore:
    def __init__(self, name: str = "memory") -> None:
        self._name = f"{name}-{next(_instances)}"  # two stores never share a fingerprint
        self._rows: dict[str, _Row] = {}  # insertion order, as a scan returns them
        self._writes = 0
        self._lock = threading.RLock()
        self._matrix: tuple[list[str], np.ndarray] | None = None  # unit rows for `nearest`, built lazily
        self._log: list[frozenset[str]] = []  # the change log: the documents each write touched
        self._resets = 0  # a reset starts another lineage (Changes)

    @property
    def location(self) -> str:
        return f"memory:{self._name}"

    def fingerprint(self) -> str:
        with self._lock:
            return f"{self._name}:{self._writes}"

    def count(self) -> int:
        with self._lock:
            return len(self._rows)

    def reset(self) -> None:
        with self._lock:
            self._rows.clear()
            self._log.clear()
            self._resets += 1
            self._written()

    def changes(self, cursor: str | None) -> Changes:
        """The `ChangeFeed` (stores/base.py): the cursor is a position in this process's log."""
        with self._lock:
            lineage, end = f"{self._name}:{self._resets}", len(self._log)
            start = end if cursor is None else int(cursor)
            touched = frozenset().union(*self._log[start:]) if start <= end else frozenset()
            return Changes(lineage, str(end), touched, complete=start <= end)

    # ---- writes -------------------------------------------------------------------------------
    def upsert_many(self, docs: Sequence[DocWrite]) -> None:
        rows = {
            chunk_key(chunk, doc_hash): _Row(
                chunk.text, to_metadata(chunk, doc_hash, len(chunks), origin), np.asarray(vector, np.float32)
            )
            for chunks, vectors, doc_hash, origin in docs
            for chunk, vector in zip(chunks, vectors, strict=True)
        }
        if not rows:
            return
        with self._lock:
            self._rows.update(rows)
            self._log.append(frozenset(chunks[0].doc_id for chunks, _, _, _ in docs if chunks))
            self._written()

    def delete_doc(self, doc_id: str, keep_hash: str | None = None) -> None:
        with self._lock:
            gone = [
                key
                for key, row in self._rows.items()
                if row.meta["doc_id"] == doc_id and not (keep_hash and row.meta["doc_hash"] == keep_hash)
            ]
            for key in gone:
                del self._rows[key]
            self._log.append(frozenset((doc_id,)))
            self._written()  # as Chroma's: every delete counts as a write, even of nothing

    def _written(self) -> None:
        self._writes += 1
        self._matrix = None

    def stored_docs(self) -> dict[str, StoredDoc]:
        return stored_docs(meta for _, _, meta in self.scan(with_text=False))

    # ---- reads --------------------------------------------------------------------------------
    @staticmethod
    def to_chunk(text: str | None, meta: dict[str, Any]) -> Chunk:
        return to_chunk(text, meta)

    def _held(self, keys: Sequence[str]) -> list[tuple[str, _Row]]:
        with self._lock:
            return [(key, self._rows[key]) for key in keys if key in self._rows]

    def get(self, keys: Sequence[str]) -> dict[str, Chunk]:
        return {key: to_chunk(row.text, row.meta) for key, row in self._held(keys)}

    def embeddings(self, keys: Sequence[str]) -> dict[str, list[float]]:
        return {key: [float(x) for x in row.vector] for key, row in self._held(keys)}

    def vectors(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return {key: row.vector.copy() for key, row in self._held(keys)}

    def nearest(self, embedding: Sequence[float], n: int) -> list[tuple[str, float]]:
        """Exact cosine similarity against every stored vector (Chroma's is approximate, HNSW)."""
        if n <= 0:
            return []
        with self._lock:
            if self._matrix is None:
                keys = list(self._rows)
                matrix = np.stack([self._rows[k].vector for k in keys]) if keys else np.zeros((0, 0))
                norms = np.linalg.norm(matrix, axis=1, keepdims=True) if keys else np.ones((0, 1))
                self._matrix = (keys, matrix / np.where(norms > 0, norms, 1.0))
            keys, matrix = self._matrix
        if not keys:
            return []
        q = np.asarray(embedding, dtype=np.float32)
        norm = float(np.linalg.norm(q))
        sims = matrix @ (q / norm if norm else q)
        order = np.argsort(-sims, kind="stable")[:n]
        return [(keys[i], float(sims[i])) for i in order]

    def _passing(self, filters: SearchFilters | None) -> list[tuple[str, _Row]]:
        with self._lock:
            rows = list(self._rows.items())
        return [(key, row) for key, row in rows if filters is None or filters.matches(row.meta)]

    def scan(
        self, filters: SearchFilters | None = None, with_text: bool = True
    ) -> Iterator[tuple[str, Chunk | None, dict[str, Any]]]:
        for key, row in self._passing(filters):
            yield key, (to_chunk(row.text, row.meta) if with_text else None), dict(row.meta)

    def scan_vectors(
        self, filters: SearchFilters | None = None
    ) -> Iterator[tuple[str, Chunk, dict[str, Any], np.ndarray]]:
        for key, row in self._passing(filters):
            yield key, to_chunk(row.text, row.meta), dict(row.meta), row.vector.copy()

    def articles(
        self, numbers: Sequence[int], filters: SearchFilters | None = None
    ) -> list[tuple[str, Chunk]]:
        if not numbers:
            return []
        wanted = replace(filters or SearchFilters(), article_no=tuple(int(n) for n in numbers))
        return [(key, chunk) for key, chunk, _ in self.scan(wanted) if chunk is not None]
