"""The Matcher's fit factors (retrieval/matching.py `_score`) for one query against every target record, as
arrays: what bot/matchmaking/pairs.py adds to the semantic score to know which pairs to score exactly.

Field, maturity, region and transfer modes are tables over the distinct values (an event has a few dozen
fields, cities, maturities and mode sets: one row per value, cached); key-term coverage (Matcher.shared_terms,
the demand's terms either direction) is an inverted index of the targets' items, one bincount per query.
They must agree with Matcher._score: tests/integration/test_predock_pairs.py checks the result equals
Matcher.match's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from retrieval.catalog import RecordView
from retrieval.match_vocab import MATURITY_LEVEL, PREFECTURE, RELATED_FIELDS, modes_in, province_of
from retrieval.matching import (
    TERMS_FULL,
    W_FIELD_RELATED,
    W_FIELD_SAME,
    W_MATURITY_GAP,
    W_MATURITY_OK,
    W_MODES,
    W_REGION_CITY,
    W_REGION_PROVINCE,
    Matcher,
    MatchQuery,
    _Terms,
)

__all__ = ["Coverage", "Targets", "content"]


def _field_part(query: tuple[str, ...], cand: str) -> float:
    if not query or not cand:
        return 0.0
    if cand in query:
        return W_FIELD_SAME
    return W_FIELD_RELATED if any(cand in RELATED_FIELDS.get(f, ()) for f in query) else 0.0


def _maturity_part(required: object, offered: object) -> float:
    if required in MATURITY_LEVEL and offered in MATURITY_LEVEL:
        gap = MATURITY_LEVEL[str(offered)] - MATURITY_LEVEL[str(required)]
        return W_MATURITY_OK if gap >= 0 else -W_MATURITY_GAP[-gap]
    return 0.0


def _region_part(query: tuple[str, ...], cand: str) -> float:
    cities = [PREFECTURE.get(c, c) for c in query]
    if not cities or not cand:
        return 0.0
    if PREFECTURE.get(cand, cand) in cities:
        return W_REGION_CITY
    return W_REGION_PROVINCE if province_of(cand) in {province_of(c) for c in cities} else 0.0


class Targets:
    """The target records' columns, and each fit factor's row for a query value (cached by the value:
    an event has a few dozen distinct fields, cities, maturities and mode sets)."""

    def __init__(self, matcher: Matcher, records: Sequence[RecordView], vectors: np.ndarray) -> None:
        self.records = list(records)
        self.kind = self.records[0].chunk.kind
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.langs = np.array([r.chunk.lang for r in self.records])
        self.fields = [str(r.get("field") or "") for r in self.records]
        self.cities = [str(r.get("city") or "") for r in self.records]
        if self.kind == "achievement":  # what the target offers
            self.maturity = [r.get("maturity") for r in self.records]
            self.modes = [frozenset(r.get("transfer_modes") or ()) for r in self.records]
        else:  # a demand: what it requires (as Matcher._score reads a candidate demand)
            self.maturity = [r.get("required_maturity") for r in self.records]
            self.modes = [frozenset(modes_in(content(r))) for r in self.records]
        self._rows: dict[tuple[str, object], np.ndarray] = {}
        self.terms = [matcher._terms.get(r.id) or matcher._analyse(content(r)) for r in self.records]

    def fit(self, query: MatchQuery) -> np.ndarray:
        """Field + maturity + region + modes of every target for this query, as Matcher._score adds them."""
        return (
            self._row(("field", query.fields), lambda i: _field_part(query.fields, self.fields[i]))
            + self._row(("maturity", query.maturity), lambda i: self._maturity(query.maturity, i))
            + self._row(("region", query.cities), lambda i: _region_part(query.cities, self.cities[i]))
            + self._row(("modes", frozenset(query.modes)), lambda i: self._modes(query.modes, i))
        )

    def _maturity(self, query: object, i: int) -> float:
        if self.kind == "achievement":
            return _maturity_part(query, self.maturity[i])
        return _maturity_part(self.maturity[i], query)

    def _modes(self, query: tuple[str, ...], i: int) -> float:
        shared = self.modes[i] & set(query)
        return W_MODES if shared else 0.0

    def _row(self, key: tuple[str, object], part: Callable[[int], float]) -> np.ndarray:
        row = self._rows.get(key)
        if row is None:
            row = np.fromiter((part(i) for i in range(len(self.records))), np.float64, len(self.records))
            self._rows[key] = row
        return row


def content(record: RecordView) -> str:
    body = record.get("summary") if record.chunk.kind == "achievement" else record.get("description")
    return f"{record.chunk.title}\n{body or ''}"


class Coverage:
    """Key-term coverage of the demand's terms (Matcher.shared_terms, either direction) for one query
    against every target: an inverted index of the targets' items, one bincount per query."""

    def __init__(self, matcher: Matcher, targets: Targets) -> None:
        self.matcher, self.n = matcher, len(targets.records)
        self.demand_targets = targets.kind == "demand"
        postings: dict[str, list[int]] = defaultdict(list)
        self.norm = np.zeros(self.n)
        for i, terms in enumerate(targets.terms):
            if self.demand_targets:  # the targets are the needs: index their key items
                items, _, norm = self.need(terms)
                self.norm[i] = norm
            else:  # the targets are the offers: index everything they name
                items = [*terms.tokens, *(f"#{c}" for c in terms.concepts)]
            for item in items:
                postings[item].append(i)
        self.postings = {item: np.array(rows, dtype=np.int64) for item, rows in postings.items()}

    def need(self, terms: _Terms) -> tuple[list[str], list[float], float]:
        """A need's key items (Matcher.shared_terms: its concepts, and its maximal tokens not inside a
        concept's term, that are key terms), their IDF weights, and what coverage is divided by."""
        m = self.matcher
        joined = " ".join(terms.concepts.values()).lower()
        items = [f"#{c}" for c in terms.concepts]
        items += [t for t in terms.key_tokens if t not in joined]
        items = [item for item in items if m._is_key(item)]
        weights = [m._idf(item) for item in items]
        total = sum(weights)
        return items, weights, (max(total, TERMS_FULL) if total else 0.0)

    def row(self, terms: _Terms) -> np.ndarray:
        if self.demand_targets:  # the query offers: sum the weights of the needs' items it names
            names = [*terms.tokens, *(f"#{c}" for c in terms.concepts)]
            found = [(self.postings[x], self.matcher._idf(x)) for x in names if x in self.postings]
            norm = self.norm
        else:  # the query needs: its items' weights where the targets name them
            items, weights, total = self.need(terms)
            found = [(self.postings[x], w) for x, w in zip(items, weights, strict=True) if x in self.postings]
            norm = np.full(self.n, total)
        if not found:
            return np.zeros(self.n)
        rows = np.concatenate([r for r, _ in found])
        each = np.concatenate([np.full(len(r), w) for r, w in found])
        summed = np.bincount(rows, each, minlength=self.n)
        return np.divide(summed, norm, out=np.zeros(self.n), where=norm > 0)
