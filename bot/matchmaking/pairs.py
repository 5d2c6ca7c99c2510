"""Many records' best matches at once: Matcher.match (retrieval/matching.py) for every query record of an
event, computed in matrix blocks instead of one search and 300 Python scorings per query.

For a block of BLOCK query records against every target record (the other kind):

    semantic = query vector . target vector                     HybridSearcher.rank's score: the dense
             + keyword_weight * BM25 / best BM25 of its language  part one matrix product per block, the
             + cross_lingual_boost where the languages differ    keyword part one BM25 pass per query
    approx   = semantic + the fit factors as arrays (fit.py)

Each query keeps, as Matcher.match does, its best WINDOW targets by semantic score (ties in listing order);
among them the best by `approx` are scored by the Matcher's own `_score` (the reasons a person checks), in
that order, until the k-th exact score is above every approx score left. So the result is Matcher.match's
over the same targets, with the Python scoring run for ~k pairs a query instead of 300. Memory is a few
BLOCK x targets arrays (float64: 40 MB at 10,000 targets), never a queries x targets matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from retrieval.aliases import alias_table
from retrieval.catalog import RecordView
from retrieval.matching import W_TERMS, Match, Matcher, MatchQuery
from retrieval.search import HybridSearcher
from retrieval.text import detect_lang
from retrieval.types import SearchFilters

from .fit import Coverage, Targets

__all__ = ["BLOCK", "WINDOW", "best_matches", "stored_vectors"]

BLOCK = 512  # query rows per block: 512 x 10,000 float32 is 20 MB
WINDOW = 300  # targets the Matcher scores in full per query (retrieval/matching.py _DETAILED)
# Exact scores are rounded to 4 places: a pair whose approx score is within 1e-4 of the k-th could tie it.
_MARGIN = 1e-4


def stored_vectors(searcher: HybridSearcher, records: Sequence[RecordView]) -> np.ndarray:
    """The records' vectors as the index holds them (what the catalog ranks with), in order."""
    found = searcher.keyword_index().vectors([r.key for r in records])
    missing = [r.key for r in records if r.key not in found]
    if missing:
        found.update(searcher.store.vectors(missing))
    return np.stack([np.asarray(found[r.key], dtype=np.float32) for r in records])


class _Keyword:
    """HybridSearcher.rank's keyword and language terms for one query against every target: max-normalised
    BM25 per language (the query's words against its language, the glossary's translations against the
    other), over the whole index's records of the target kind, as a search would normalise them."""

    def __init__(self, searcher: HybridSearcher, targets: Targets) -> None:
        self.searcher = searcher
        self.index = searcher.keyword_index()
        self.aliases = alias_table(self.index)
        self.rows = self.index.rows([r.key for r in targets.records])
        self.langs = targets.langs
        self.kind = targets.kind

    def add(self, dense: np.ndarray, text: str) -> np.ndarray:
        s = self.searcher.settings
        query_lang = detect_lang(text)
        other = "en" if query_lang == "zh" else "zh"
        keyword = np.zeros(len(self.rows))
        if s.keyword_weight > 0:
            translated = " ".join(self.searcher.glossary.translations(text, self.aliases))
            for lang, words, trust in ((query_lang, text, 1.0), (other, translated, s.translation_trust)):
                filters = SearchFilters(kind=(self.kind,), lang=lang)  # type: ignore[arg-type]
                # bm25s scores of the filters' rows: KeywordIndex.scores_of without its per-key tuples
                found = self.index._bm25_scores(words, filters) if words else None
                if found is None:
                    continue
                lo, scores = found
                top = float(scores.max(initial=0.0))
                at = self.rows - lo
                inside = np.flatnonzero((self.rows >= 0) & (at >= 0) & (at < len(scores)))
                if top > 0 and len(inside):
                    keyword[inside] += trust * scores[at[inside]].astype(np.float64) / top
        # the order of HybridSearcher.rank's sum: dense + weight * keyword, then the language boost
        semantic = dense + s.keyword_weight * keyword
        semantic += s.cross_lingual_boost * (self.langs != query_lang)
        return semantic


def _window(semantic: np.ndarray, size: int) -> np.ndarray:
    """The best `size` targets by semantic score, best first, ties in listing order (a stable sort)."""
    n = len(semantic)
    if n > size:
        bar = np.partition(semantic, n - size)[n - size]
        above = np.flatnonzero(semantic > bar)
        picked = np.concatenate((above, np.flatnonzero(semantic == bar)[: size - len(above)]))
    else:
        picked = np.arange(n)
    return picked[np.lexsort((picked, -semantic[picked]))]


def _best(
    matcher: Matcher, query: MatchQuery, semantic: np.ndarray, targets: Targets, coverage: Coverage, k: int
) -> list[Match]:
    picked = _window(semantic, max(WINDOW, 4 * k))
    qterms = matcher._terms.get(query.record_id or "") or matcher._analyse(query.content or query.text)
    approx = semantic[picked] + targets.fit(query)[picked] + W_TERMS * coverage.row(qterms)[picked]
    found: list[tuple[float, int, Match]] = []  # (-score, window place, match): Matcher.match's order
    kth = -np.inf
    for j in np.argsort(-approx, kind="stable").tolist():
        if len(found) >= k and kth > approx[j] + _MARGIN:
            break  # no pair left can reach the k-th
        t = int(picked[j])
        m = matcher._score(query, targets.records[t], float(semantic[t]), qterms, targets.terms[t])
        found.append((-m.score, j, m))
        if len(found) >= k:
            kth = -sorted(found)[k - 1][0]
    return [m for _, _, m in sorted(found)[:k]]


def best_matches(
    matcher: Matcher,
    queries: Sequence[RecordView],
    query_vectors: np.ndarray,
    targets: Sequence[RecordView],
    target_vectors: np.ndarray,
    k: int,
    progress: Callable[[int], None] | None = None,
) -> list[list[Match]]:
    """Each query record's k best targets (the other kind), as Matcher.match would rank them among these
    targets. `query_vectors`: the queries' match texts embedded (MatchQuery.text: title and body);
    `target_vectors`: the targets' stored vectors."""
    matcher._stats()  # the term statistics over the index's records, once
    if not queries or not targets:
        return [[] for _ in queries]
    side = Targets(matcher, targets, target_vectors)
    coverage = Coverage(matcher, side)
    keyword = _Keyword(matcher.searcher, side)
    out: list[list[Match]] = []
    for start in range(0, len(queries), BLOCK):
        block = queries[start : start + BLOCK]
        dense = np.asarray(query_vectors[start : start + BLOCK], dtype=np.float32) @ side.vectors.T
        for i, record in enumerate(block):
            query = MatchQuery.from_record(record)
            out.append(_best(matcher, query, keyword.add(dense[i], query.text), side, coverage, k))
        if progress is not None:
            progress(start + len(block))
    return out
