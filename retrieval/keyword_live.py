"""The keyword index as it follows a store that other processes write: a base plus a delta.

bm25s builds an index in one go and cannot add a document to it, and a full build is a scan and a
jieba pass over every chunk (~45 s at 100k chunks on 2 cores, 8 minutes at 654k from a Chroma server).
So a replica keeps the index it built or loaded (the base) and, as the store's change log (stores/base.py
`ChangeFeed`) names documents written since, re-reads just those documents into a small second index (the
delta) and hides their old chunks in the base (`KeywordIndex.without`). Searches read both:
`LiveKeywordIndex`.

Scores stay on one scale: the delta is scored with bm25s's formula (lucene IDF, k1 1.5, b 0.75, its
defaults) but with the base's document count, document frequencies and average length, plus its own
(`_DeltaBM25`), so a chunk scores in the delta what it would in a rebuilt index, up to the drift of those
statistics between rebuilds. The base's own scores keep the statistics of its build (with its removed
rows counted) until the follower compacts: rebuilds from a full scan, in the background, once the delta
holds `DELTA_MAX` chunks or a share of the base (retrieval/keyword_follow.py).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from .keyword import KeywordIndex
from .types import SearchFilters

__all__ = ["LiveKeywordIndex", "delta_scorer"]

# bm25s's defaults (bm25s.BM25()), with which the base is built
_K1, _B = 1.5, 0.75


class _DeltaBM25:
    """What `KeywordIndex` reads of a bm25s index (`get_tokens_ids`, `scores` as term-major postings),
    computed for a few chunks with statistics supplied from outside."""

    def __init__(self, corpus: list[list[str]], n: int, avgdl: float, df: Callable[[str], int]) -> None:
        self.vocab_dict: dict[str, int] = {}
        entries: list[tuple[int, int, float]] = []
        for row, tokens in enumerate(corpus):
            norm = _K1 * ((1 - _B) + _B * len(tokens) / avgdl)
            for term, tf in Counter(tokens).items():
                term_id = self.vocab_dict.setdefault(term, len(self.vocab_dict))
                f = df(term)
                idf = math.log(1 + (n - f + 0.5) / (f + 0.5))
                entries.append((term_id, row, idf * tf / (norm + tf)))
        entries.sort()
        terms = np.array([e[0] for e in entries], dtype=np.int64)
        self.scores = {
            "indptr": np.searchsorted(terms, np.arange(len(self.vocab_dict) + 1)).astype(np.int64),
            "indices": np.array([e[1] for e in entries], dtype=np.int32),
            "data": np.array([e[2] for e in entries], dtype=np.float32),
            "num_docs": len(corpus),
        }

    def get_tokens_ids(self, tokens: Iterable[str]) -> list[int]:
        return [self.vocab_dict[t] for t in tokens if t in self.vocab_dict]


def delta_scorer(base: KeywordIndex, corpus: Sequence[Sequence[str]]) -> Callable[[list[list[str]]], Any]:
    """The scorer (`KeywordIndex(scorer=...)`) of a delta holding `corpus` beside `base`: the document
    count and frequencies of both, the base's average length."""
    own: Counter[str] = Counter()
    for tokens in corpus:
        own.update(set(tokens))
    n = base.live() + len(corpus)
    held = base._df
    return lambda docs: _DeltaBM25(docs, n, base.avgdl, lambda t: held.get(t, 0) + own[t])


class LiveKeywordIndex:
    """A base index less the chunks written since (`KeywordIndex.without`) plus a delta holding their
    current versions, searched as one: what `KeywordIndex` offers the searcher, over rows numbered base
    first (its removed rows included, never returned), then the delta's."""

    def __init__(self, base: KeywordIndex, delta: KeywordIndex | None) -> None:
        self.base, self.delta = base, delta
        self.origin = base.origin  # the index as built or loaded (aliases.py keys its table by it)
        self._df = base._df  # its vocabulary, for the alias table
        self._n = len(base.keys)
        self._keys: list[str] | None = None
        self._passing: dict[SearchFilters | None, np.ndarray | None] = {}

    @property
    def keys(self) -> list[str]:
        if self._keys is None:
            self._keys = self.base.keys + (self.delta.keys if self.delta is not None else [])
        return self._keys

    def __len__(self) -> int:
        return self.base.live() + (len(self.delta) if self.delta is not None else 0)

    def holders(self, term: str) -> int:
        return self.base.holders(term) + (self.delta.holders(term) if self.delta is not None else 0)

    def idf(self, term: str) -> float:
        return math.log((len(self) + 1) / (self.holders(term) + 0.5))

    def rows(self, keys: Iterable[str]) -> np.ndarray:
        keys = list(keys)
        rows = self.base.rows(keys)
        missing = np.flatnonzero(rows < 0)
        if self.delta is not None and len(missing):
            found = self.delta.rows([keys[i] for i in missing.tolist()])
            rows[missing[found >= 0]] = found[found >= 0] + self._n
        return rows

    def vectors(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        keys = list(keys)
        out = self.base.vectors(keys)
        if self.delta is not None:
            out.update(self.delta.vectors([key for key in keys if key not in out]))
        return out

    def records(self, keys: Iterable[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        keys = list(keys)
        out = self.base.records(keys)
        if self.delta is not None:
            out.update(self.delta.records([key for key in keys if key not in out]))
        return out

    def langs(self, rows: np.ndarray) -> np.ndarray:
        out = np.empty(len(rows), dtype="<U8")
        mine = rows < self._n
        out[mine] = self.base.langs(rows[mine])
        if self.delta is not None and not mine.all():
            out[~mine] = self.delta.langs(rows[~mine] - self._n)
        return out

    def size(self, filters: SearchFilters | None = None) -> int:
        return self.base.size(filters) + (self.delta.size(filters) if self.delta is not None else 0)

    def passing(self, filters: SearchFilters | None) -> np.ndarray | None:
        if filters not in self._passing:
            mine = self.base.passing(filters)
            theirs = self.delta.passing(filters) if self.delta is not None else None
            mask = None
            if mine is not None or theirs is not None:
                ones = np.ones(len(self.delta.keys) if self.delta is not None else 0, dtype=bool)
                mask = np.concatenate(
                    (
                        np.ones(self._n, dtype=bool) if mine is None else mine,
                        ones if theirs is None else theirs,
                    )
                )
            if len(self._passing) >= 64:
                self._passing = {}
            self._passing[filters] = mask
        return self._passing[filters]

    def search(self, query: str, k: int, filters: SearchFilters | None = None) -> list[tuple[str, float]]:
        found = self.base.search(query, k, filters)
        if self.delta is not None:  # best first; at equal scores the base's rows first, as a rebuild's
            found = sorted(found + self.delta.search(query, k, filters), key=lambda hit: -hit[1])[:k]
        return found

    def _bm25_scores(self, query: str, filters: SearchFilters | None) -> tuple[int, np.ndarray] | None:
        """`KeywordIndex._bm25_scores` over both parts: (lo, scores of the rows lo, lo+1, ... up to the
        delta's last), None when no term of the query is in either (bot/matchmaking/pairs.py reads it)."""
        mine = self.base._bm25_scores(query, filters)
        theirs = self.delta._bm25_scores(query, filters) if self.delta is not None else None
        if theirs is None or self.delta is None:
            return mine
        lo = mine[0] if mine is not None else self._n
        out = np.zeros(self._n + len(self.delta.keys) - lo, dtype=np.float32)
        if mine is not None:
            out[: len(mine[1])] = mine[1]
        at = self._n + theirs[0] - lo
        out[at : at + len(theirs[1])] = theirs[1]
        return lo, out

    def scores_of(
        self,
        query: str,
        keys: Iterable[str],
        filters: SearchFilters | None = None,
        rows: np.ndarray | None = None,
    ) -> tuple[list[tuple[str, float]], float]:
        keys = list(keys)
        rows = self.rows(keys) if rows is None else rows
        mine = rows < self._n
        picked = np.flatnonzero(mine).tolist()
        found, top = self.base.scores_of(query, [keys[i] for i in picked], filters, rows[mine])
        if self.delta is not None:
            theirs = np.flatnonzero(~mine).tolist()
            more, best = self.delta.scores_of(
                query, [keys[i] for i in theirs], filters, rows[~mine] - self._n
            )
            found, top = found + more, max(top, best)
        return found, top


KeywordSnapshot = KeywordIndex | LiveKeywordIndex
