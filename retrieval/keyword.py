"""BM25 keyword index (bm25s) over jieba-segmented text, with the same filters as the vector store."""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

import bm25s
import numpy as np

from .text import keyword_tokens
from .types import SearchFilters, date_int, field_flag

__all__ = ["KeywordIndex"]


class KeywordIndex:
    """Immutable once built; the searcher builds a new one when the store changes."""

    def __init__(self, rows: Iterable[tuple[str, str, dict[str, Any]]]) -> None:
        keys: list[str] = []
        corpus: list[list[str]] = []
        kinds, langs, cities, days = [], [], [], []
        flags: dict[str, list[int]] = {}
        for i, (key, text, meta) in enumerate(rows):
            keys.append(key)
            corpus.append(keyword_tokens(f"{meta.get('title', '')} {meta.get('locator', '')} {text}"))
            kinds.append(meta.get("kind", ""))
            langs.append(meta.get("lang", ""))
            cities.append(meta.get("city", ""))
            days.append(int(meta.get("date_int") or 0))
            for name, value in meta.items():
                if name.startswith("f_") and value:
                    flags.setdefault(name, []).append(i)
        self.keys = keys
        self._df: Counter[str] = Counter()
        for tokens in corpus:
            self._df.update(set(tokens))
        self._kinds = np.array(kinds, dtype=object)
        self._langs = np.array(langs, dtype=object)
        self._cities = np.array(cities, dtype=object)
        self._days = np.array(days, dtype=np.int64)
        self._flags = {name: np.array(idx, dtype=np.int64) for name, idx in flags.items()}
        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on itself
        self._bm25: bm25s.BM25 | None = None
        if keys:
            self._bm25 = bm25s.BM25()
            self._bm25.index(corpus, show_progress=False)

    def __len__(self) -> int:
        return len(self.keys)

    def idf(self, term: str) -> float:
        """Inverse document frequency; a term no passage contains gets the highest value, since a question
        that hinges on it ("futures price", "seafood restaurant") is one the corpus cannot answer."""
        n = len(self.keys)
        return math.log((n + 1) / (self._df.get(term, 0) + 0.5))

    def _mask(self, filters: SearchFilters | None) -> np.ndarray | None:
        if filters is None or filters == SearchFilters():
            return None
        mask = np.ones(len(self.keys), dtype=bool)
        if filters.kind:
            mask &= np.isin(self._kinds, list(filters.kind))
        if filters.lang:
            mask &= self._langs == filters.lang
        if filters.date_from:
            mask &= self._days >= date_int(filters.date_from)
        if filters.date_to:
            mask &= (self._days <= date_int(filters.date_to)) & (self._days > 0)
        if filters.city:
            mask &= self._cities == filters.city
        if filters.field:
            flagged = np.zeros(len(self.keys), dtype=bool)
            flagged[self._flags.get(field_flag(filters.field), np.array([], dtype=np.int64))] = True
            mask &= flagged
        return mask

    def search(self, query: str, k: int, filters: SearchFilters | None = None) -> list[tuple[str, float]]:
        """Top-k (key, BM25 score) with a positive score that pass the filters."""
        tokens = keyword_tokens(query)
        if self._bm25 is None or not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        mask = self._mask(filters)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.keys[i], float(scores[i])) for i in top if scores[i] > 0]
