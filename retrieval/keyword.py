"""BM25 keyword index (bm25s) over jieba-segmented text, with the same filters as the vector store."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import logging
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from .keyword_files import ByteFile, Parts, read, write
from .text import _STOP, keyword_tokens
from .types import KINDS, SearchFilters, date_int, field_flag

__all__ = ["KeywordIndex"]


@functools.lru_cache(maxsize=2048)
def _query_terms(text: str) -> list[str]:
    """A question's terms: it is looked up several times per message (search, ranking, both languages)
    and jieba takes ~0.2 ms a Chinese question. Callers must not change the list."""
    return keyword_tokens(text)


_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}


class KeywordIndex:
    """Immutable once built; the searcher builds a new one when the store changes, or loads the one saved
    for the store's current fingerprint (`save`/`load`: tokenizing 100k chunks with jieba takes minutes on
    2 cores, loading the saved index about a second).

    It is the searcher's snapshot of the store: beside BM25 and the per-chunk filter fields it holds each
    chunk's vector and its stored record (text and metadata), so a search reads nothing from Chroma but
    the nearest neighbours (two reads from Chroma took 5 of a search's 16 ms at 100k chunks). Loaded, the
    vectors are in memory and the records are read from the saved file as needed."""

    # Part of the saved index's cache key: bump it when what `__init__` builds changes. The stop-word list
    # is hashed in, so editing it invalidates saved indexes by itself.
    version = f"5:{bm25s.__version__}:{hashlib.sha1(' '.join(sorted(_STOP)).encode()).hexdigest()[:8]}"

    def __init__(
        self,
        rows: Iterable[tuple[str, str, dict[str, Any], np.ndarray | None]],
        tokens: Mapping[str, list[str]] | None = None,
        scorer: Callable[[list[list[str]]], Any] | None = None,
    ) -> None:
        """`rows`: (store key, text, the store's metadata, vector) of every chunk; `tokens`: the terms of
        chunks already tokenized (by key, as `terms` gives them); `scorer`: builds the BM25 scores from
        the corpus in place of bm25s (an object with bm25s's `get_tokens_ids` and `scores`: the delta of
        keyword_live.py, scored with its base's statistics)."""
        keys: list[str] = []
        corpus: list[list[str]] = []
        kinds, langs, cities, days = [], [], [], []
        flags: dict[str, list[int]] = {}
        vectors: list[np.ndarray] = []
        blobs: list[bytes] = []  # each chunk's JSON [text, metadata]
        for i, (key, text, meta, vector) in enumerate(rows):
            keys.append(key)
            if vector is not None:
                vectors.append(np.asarray(vector, dtype=np.float32))
            blobs.append(json.dumps([text, meta], ensure_ascii=False).encode())
            corpus.append(tokens[key] if tokens is not None and key in tokens else self.terms(text, meta))
            kinds.append(meta.get("kind", ""))
            langs.append(meta.get("lang", ""))
            cities.append(meta.get("city", ""))
            days.append(int(meta.get("date_int") or 0))
            for name, value in meta.items():
                if name.startswith("f_") and value:
                    flags.setdefault(name, []).append(i)
        # Rows grouped by language, then kind (news and regulations side by side): the rows a filter passes
        # lie in one narrow range, and each of the query's terms is scored over that range of its postings
        # only (a posting lists its rows in order), not over all rows (~1.6 -> 0.3 ms a lookup for one
        # kind and language at 100k chunks).
        order = sorted(range(len(keys)), key=lambda i: (langs[i], _KIND_ORDER.get(kinds[i], 9), i))
        if order != list(range(len(keys))):
            keys, corpus = [keys[i] for i in order], [corpus[i] for i in order]
            kinds, langs = [kinds[i] for i in order], [langs[i] for i in order]
            cities, days = [cities[i] for i in order], [days[i] for i in order]
            if len(vectors) == len(keys):
                vectors = [vectors[i] for i in order]
            blobs = [blobs[i] for i in order]
            new_row = np.empty(len(order), dtype=np.int64)
            new_row[np.array(order, dtype=np.int64)] = np.arange(len(order))
            flags = {name: sorted(new_row[rows].tolist()) for name, rows in flags.items()}
        df: Counter[str] = Counter()
        for terms in corpus:
            df.update(set(terms))
        bm25: Any = None
        if keys and scorer is not None:
            bm25 = scorer(corpus)
        elif keys:
            logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on itself
            bm25 = bm25s.BM25()
            bm25.index(corpus, show_progress=False)
        # bm25s's average document length (its `index`), kept so a delta can be scored on this scale
        avgdl = float(np.mean([len(t) for t in corpus])) if corpus else 1.0
        # Fixed-width strings, not object arrays: a filter mask over 100k chunks is one vector compare.
        flag_rows = {name: np.array(rows, dtype=np.int64) for name, rows in flags.items()}
        self._init(
            keys,
            df,
            np.array(kinds, dtype=str),
            np.array(langs, dtype=str),
            np.array(cities, dtype=str),
            np.array(days, dtype=np.int64),
            flag_rows,
            bm25,
            np.stack(vectors) if vectors and len(vectors) == len(keys) else None,
            np.frombuffer(b"".join(blobs), dtype=np.uint8),
            np.concatenate(([0], np.cumsum([len(b) for b in blobs], dtype=np.int64))),
            avgdl,
        )

    @staticmethod
    def terms(text: str, meta: Mapping[str, Any]) -> list[str]:
        """A chunk's BM25 terms: its title, locator and text, segmented."""
        return keyword_tokens(f"{meta.get('title', '')} {meta.get('locator', '')} {text}")

    def _init(
        self,
        keys: list[str],
        df: Counter[str],
        kinds: np.ndarray,
        langs: np.ndarray,
        cities: np.ndarray,
        days: np.ndarray,
        flags: dict[str, np.ndarray],
        bm25: Any,
        vectors: np.ndarray | None,
        records: np.ndarray | ByteFile,
        offsets: np.ndarray,
        avgdl: float,
    ) -> None:
        self.keys = keys
        self.origin = self  # the index as built or loaded; a `without` view shares it
        self._vectors = vectors  # row -> the chunk's vector (None: not every chunk had one)
        self._records, self._offsets = records, offsets  # row -> JSON [text, metadata] in records
        self._df = df
        self._kinds, self._langs, self._cities, self._days, self._flags = kinds, langs, cities, days, flags
        self._docs: np.ndarray | None = None  # document ids, built on the first search filtered by one
        self._bm25 = bm25
        self.avgdl = avgdl
        self._masks: dict[SearchFilters, np.ndarray] = {}  # filters seen -> mask (the few the app uses)
        self._spans: dict[SearchFilters | None, tuple[int, int, np.ndarray | None]] = {}  # -> _span
        self._matrix: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._rows: dict[str, int] | None = None  # key -> row, built on first use
        self._dead: np.ndarray | None = None  # rows deleted or replaced since the build (`without`)
        self._alive: np.ndarray | None = None  # ~_dead, the mask of a search without filters
        self._doc_hashes: np.ndarray | None = None  # each row's document id's hash (`doc_rows`)

    def without(self, rows: np.ndarray) -> KeywordIndex:
        """This index less these rows (their chunks deleted or replaced since it was built): a view that
        shares every array, the BM25 matrix and the key table with this one; the rows drop out of every
        search, filter and lookup."""
        self._shared()
        view = copy.copy(self)
        dead = np.zeros(len(self.keys), dtype=bool)
        dead[np.asarray(rows, dtype=np.int64)] = True
        view._dead, view._alive = (dead, ~dead) if dead.any() else (None, None)
        view._masks, view._spans = {}, {}
        return view

    def _shared(self) -> None:
        """Build the lazily built tables a `without` view shares (once, on the index it is taken of)."""
        if self._rows is None:
            self._rows = {key: i for i, key in enumerate(self.keys)}
        if self._doc_hashes is None:
            docs = (key.rpartition("@")[0].rpartition("#")[0] for key in self.keys)
            self._doc_hashes = np.fromiter((hash(d) for d in docs), dtype=np.int64, count=len(self.keys))
        if self._bm25 is not None:
            self._postings()

    def live(self) -> int:
        """How many chunks the index holds, less those `without` took out."""
        return len(self.keys) - (int(np.count_nonzero(self._dead)) if self._dead is not None else 0)

    def doc_rows(self, doc_ids: Iterable[str]) -> np.ndarray:
        """The rows of these documents' chunks (those `without` took out included)."""
        self._shared()
        assert self._doc_hashes is not None
        wanted = set(doc_ids)
        hits = np.flatnonzero(np.isin(self._doc_hashes, np.array([hash(d) for d in wanted], dtype=np.int64)))
        rows = [i for i in hits.tolist() if self.keys[i].rpartition("@")[0].rpartition("#")[0] in wanted]
        return np.array(rows, dtype=np.int64)

    def save(self, folder: Path) -> None:
        """Write the index to `folder` (created; written beside and renamed, so a reader never sees half):
        retrieval/keyword_files.py."""
        parts = (self._kinds, self._langs, self._cities, self._days, self._flags, self._bm25, self._vectors)
        write(Parts(self.keys, self._df, *parts, self._records, self._offsets, self.avgdl), folder)

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        """The index `save` wrote; the BM25 matrices are memory-mapped (workers on one machine share them)
        and the records read from the file as needed: retrieval/keyword_files.py."""
        index = cls.__new__(cls)
        index._init(*read(folder))
        return index

    def __len__(self) -> int:
        return len(self.keys)

    def idf(self, term: str) -> float:
        """Inverse document frequency; a term no passage contains gets the highest value, since a question
        that hinges on it ("futures price", "seafood restaurant") is one the corpus cannot answer."""
        n = len(self.keys)
        return math.log((n + 1) / (self._df.get(term, 0) + 0.5))

    def holders(self, term: str) -> int:
        """How many passages hold the term."""
        return int(self._df.get(term, 0))

    def rows(self, keys: Iterable[str]) -> np.ndarray:
        """Row of each key in this index's per-chunk fields, -1 for a key it does not hold (written by
        another process since it was built)."""
        if self._rows is None:
            self._rows = {key: i for i, key in enumerate(self.keys)}
        rows = self._rows
        found = np.fromiter((rows.get(key, -1) for key in keys), dtype=np.int64)
        if self._dead is not None and len(found):
            found[(found >= 0) & self._dead[np.maximum(found, 0)]] = -1
        return found

    def vectors(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        """The vectors of these chunks that the index holds (float32)."""
        if self._vectors is None:
            return {}
        keys = list(keys)
        rows = self.rows(keys)
        known = np.flatnonzero(rows >= 0)
        block = self._vectors[rows[known]]
        return {keys[i]: block[j] for j, i in enumerate(known.tolist())}

    def records(self, keys: Iterable[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """(text, the store's metadata) of these chunks that the index holds."""
        out: dict[str, tuple[str, dict[str, Any]]] = {}
        keys = list(keys)
        for key, row in zip(keys, self.rows(keys).tolist(), strict=True):
            if row >= 0:
                start, end = int(self._offsets[row]), int(self._offsets[row + 1])
                text, meta = json.loads(bytes(self._records[start:end]))
                out[key] = (text, meta)
        return out

    def langs(self, rows: np.ndarray) -> np.ndarray:
        return self._langs[rows]

    def size(self, filters: SearchFilters | None = None) -> int:
        """How many chunks pass the filters."""
        mask = self._mask(filters)
        return len(self.keys) if mask is None else int(np.count_nonzero(mask))

    def passing(self, filters: SearchFilters | None) -> np.ndarray | None:
        """Which chunks pass the filters (the same test the vector store applies); None for all."""
        return self._mask(filters)

    def _mask(self, filters: SearchFilters | None) -> np.ndarray | None:
        if filters is None or filters == SearchFilters():
            return self._alive
        mask = self._masks.get(filters)
        if mask is None:
            mask = self._build_mask(filters)
            if len(self._masks) >= 64:  # date ranges make many distinct filters; keep the cache small
                self._masks = {}
            self._masks[filters] = mask
        return mask

    def _span(self, filters: SearchFilters | None) -> tuple[int, int, np.ndarray | None]:
        """The row range [lo, hi) that holds every row passing the filters, and which rows of it pass
        (None: all of them)."""
        span = self._spans.get(filters)
        if span is not None:
            return span
        mask = self._mask(filters)
        if mask is None:
            span = (0, len(self.keys), None)
        elif not mask.any():
            span = (0, 0, None)
        else:
            lo, hi = int(np.argmax(mask)), len(mask) - int(np.argmax(mask[::-1]))
            within = mask[lo:hi]
            span = (lo, hi, None if within.all() else within)
        if len(self._spans) >= 64:
            self._spans = {}
        self._spans[filters] = span
        return span

    def _postings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """bm25s's term-major score matrix (indptr, row indices, scores) as plain arrays: slicing its
        memory maps costs a Python-level `__array_finalize__` per slice."""
        if self._matrix is None:
            assert self._bm25 is not None
            m = self._bm25.scores
            self._matrix = (np.asarray(m["indptr"]), np.asarray(m["indices"]), np.asarray(m["data"]))
        return self._matrix

    def _bm25_scores(self, query: str, filters: SearchFilters | None) -> tuple[int, np.ndarray] | None:
        """(lo, BM25 scores of the rows lo, lo+1, ... of the filters' span), rows that do not pass at 0;
        None when no term of the query is in the index. The sums of bm25s's `get_scores` (float32, a
        repeated term counted again; up to rounding, as terms are added in another order), over the span's
        part of each posting list only."""
        if self._bm25 is None:
            return None
        ids = self._bm25.get_tokens_ids(_query_terms(query))
        if not ids:
            return None
        lo, hi, within = self._span(filters)
        scores = np.zeros(hi - lo, dtype=np.float32)
        indptr, indices, data = self._postings()
        span = np.array((lo, hi), dtype=indices.dtype)
        # A term the question repeats (a glossary expansion can hold one four times) is added once, times
        # its count.
        terms, counts = np.unique(np.asarray(ids, dtype=np.int64), return_counts=True)
        bounds = zip(indptr[terms].tolist(), indptr[terms + 1].tolist(), counts.tolist(), strict=True)
        for start, end, times in bounds:
            first, last = (indices[start:end].searchsorted(span) + start).tolist()
            values = data[first:last]
            np.add.at(scores, indices[first:last] - lo, values if times == 1 else values * np.float32(times))
        if within is not None:
            scores[~within] = 0.0
        return lo, scores

    def _doc_ids(self) -> np.ndarray:
        """Each row's document id, read off its key ("{doc_id}#{index}@{hash}", stores/metadata.py)."""
        if self._docs is None:
            self._docs = np.array([key.rpartition("@")[0].rpartition("#")[0] for key in self.keys], dtype=str)
        return self._docs

    def _build_mask(self, filters: SearchFilters) -> np.ndarray:
        mask = np.ones(len(self.keys), dtype=bool) if self._dead is None else ~self._dead
        if filters.kind:
            mask &= np.isin(self._kinds, list(filters.kind))
        if filters.lang:
            mask &= self._langs == filters.lang
        if filters.date_from:
            mask &= self._days >= date_int(filters.date_from)
        if filters.date_to:
            mask &= (self._days <= date_int(filters.date_to)) & (self._days > 0)
        if filters.doc_id:
            mask &= self._doc_ids() == filters.doc_id
        if filters.city:
            mask &= self._cities == filters.city
        if filters.field:
            flagged = np.zeros(len(self.keys), dtype=bool)
            flagged[self._flags.get(field_flag(filters.field), np.array([], dtype=np.int64))] = True
            mask &= flagged
        return mask

    def scores_of(
        self,
        query: str,
        keys: Iterable[str],
        filters: SearchFilters | None = None,
        rows: np.ndarray | None = None,
    ) -> tuple[list[tuple[str, float]], float]:
        """(key, BM25 score) of these chunks where positive and passing the filters, and the best score of
        any chunk that passes them (what `search` results are normalised by). `rows`: the keys' rows, if
        the caller has them (`rows(keys)`)."""
        found = self._bm25_scores(query, filters)
        if found is None:
            return [], 0.0
        lo, scores = found
        keys = list(keys)
        rows = (self.rows(keys) if rows is None else rows) - lo
        inside = (rows >= 0) & (rows < len(scores))
        mine = np.zeros(len(keys), dtype=np.float32)
        mine[inside] = scores[rows[inside]]
        out = [(keys[i], float(mine[i])) for i in np.flatnonzero(mine > 0).tolist()]
        return out, float(scores.max(initial=0.0))

    def search(self, query: str, k: int, filters: SearchFilters | None = None) -> list[tuple[str, float]]:
        """Top-k (key, BM25 score) with a positive score that pass the filters."""
        found = self._bm25_scores(query, filters) if k > 0 else None
        if found is None:
            return []
        lo, scores = found
        # The k-th best score by one partition of the negated scores: numpy's selection of the k-th from the
        # top of a span of mostly zeros took up to 1 ms (0.04 ms from the bottom), and an argpartition also
        # moves an index array (a lookup at 100k chunks 0.65 -> 0.27 ms on average with the bounds above).
        # Then the rows above it and the first rows at it, best first and equal scores in row order (a tie
        # at the k-th place keeps the first rows, not whichever the selection left there; thousands of rows
        # can share a score, one term in texts of one length, and only the k needed are sorted).
        bar = -np.partition(-scores, k - 1)[k - 1] if len(scores) > k else 0.0
        if bar > 0:
            top = np.flatnonzero(scores > bar)
            top = np.concatenate((top, np.flatnonzero(scores == bar)[: k - len(top)]))
        else:  # at most k rows score at all
            top = np.flatnonzero(scores > 0)
        top = top[np.lexsort((top, -scores[top]))]
        return [(self.keys[lo + i], float(scores[i])) for i in top.tolist()]
