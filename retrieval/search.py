"""Hybrid search: dense similarity plus a bounded keyword bonus.

Reciprocal-rank fusion with BM25 lets same-language keyword matches push the right cross-lingual
passage out of the top ranks (measured in DESIGN.md: 10/10 cross-lingual rank-1 hits fell to 3/10).
Here the keyword signal can only add `keyword_weight` times its max-normalised BM25 score to the
cosine similarity, so it reorders close dense candidates but cannot bury a clearly better
cross-lingual one. The weight is calibrated with `techbridge eval`.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .aliases import alias_table
from .config import SearchSettings
from .embedders import Embedder
from .glossary import Glossary
from .keyword_follow import KeywordFollower
from .keyword_live import KeywordSnapshot
from .nearest_cache import NearestCache
from .stores.base import VectorStore
from .text import detect_lang
from .types import Chunk, Hit, Lang, SearchFilters

__all__ = ["HybridSearcher", "SearchResult", "article_refs"]

log = logging.getLogger(__name__)

# "Article 45", "Art. 45", "第四十五条", "第45条": a reference to an article by number is exact, and the
# article it names should come first, whatever its wording shares with the question.
_ARTICLE_REF = re.compile(
    r"(?:\bArt(?:icle)?\.?\s*(\d{1,3})\b)|(?:第\s*([零〇一二三四五六七八九十百\d]{1,6})\s*条)", re.I
)
_ARTICLE_BONUS = 0.5
# Dense candidates come from an unfiltered query for ids and distances, split by language (and by the
# filters) with the keyword index's per-chunk fields. Chroma's `where` filter scans the metadata on every
# query: ~40 ms at 10k chunks and ~225 ms at 100k whatever n, where ids and distances of the 100 nearest
# take ~2 ms at 100k, 400 ~4 ms and 2,000 ~13 ms (scripts/bench.py, 2 cores).
# An unfiltered question takes the 2n nearest as they come, whatever their language: a per-language floor
# (widen the probe until each language has 10) made a third of the questions at 100k chunks probe 2,000
# deep, doubling p95, for the same recall@5 on the benchmark (0.58) and on evals/retrieval (cross-lingual
# 0.974): the other language's passages reach the candidates through the glossary's keyword translations.
# A filtered search (a kind, a date range, a field, a city) keeps the floor: the chunks that pass may be
# rare among the nearest, so the probe widens and, if a language is still short, its passing chunks are
# scored exactly from their stored vectors when there are at most _EXACT_MAX of them (Chroma's filtered
# query, the earlier fallback, took 225-450 ms at 100k); more than that and still short means they are
# all far from the question: the probe's candidates stand, and keyword matches below its ceiling are read.
_PROBES = (2, 8, 40)  # neighbours fetched per candidate wanted, widening
_DENSE_FLOOR = 10
_EXACT_MAX = 5000


def article_refs(query: str) -> set[int]:
    from .chunking import chinese_numeral

    refs = set()
    for en, cn in _ARTICLE_REF.findall(query):
        try:
            refs.add(int(en) if en else chinese_numeral(cn))
        except ValueError:
            continue
    return refs


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]

    def doc_ids(self) -> list[str]:
        """Document ids in order of their best chunk, without repeats."""
        seen: dict[str, None] = {}
        for hit in self.hits:
            seen.setdefault(hit.chunk.doc_id, None)
        return list(seen)


def _prefer_own_language(hits: list[Hit], lang: str) -> list[Hit]:
    """Where a document ships in both languages (front matter `translation_group`), show the version in
    the question's language, at the rank of the better of the two."""
    best: dict[tuple[str, int], Hit] = {}
    for hit in hits:
        group = hit.chunk.meta.get("translation_group")
        if not group:
            continue
        key = (str(group), int(hit.chunk.meta.get("article_no") or hit.chunk.index))
        held = best.get(key)
        if held is None or (hit.chunk.lang == lang and held.chunk.lang != lang):
            best[key] = hit
    out, placed = [], set()
    for hit in hits:
        group = hit.chunk.meta.get("translation_group")
        if not group:
            out.append(hit)
            continue
        key = (str(group), int(hit.chunk.meta.get("article_no") or hit.chunk.index))
        if key not in placed:
            placed.add(key)
            chosen = best[key]
            out.append(Hit(chosen.chunk, max(hit.score, chosen.score), chosen.dense, chosen.keyword))
    return out


class HybridSearcher:
    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder,
        settings: SearchSettings,
        glossary: Glossary | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.store = store
        self.glossary = glossary or Glossary([])
        self.embedder = embedder
        self.settings = settings
        self.cache_dir = cache_dir  # keyword indexes saved by the store's lineage, shared by the workers
        self.keywords = KeywordFollower(store, cache_dir)
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._neighbours = NearestCache()  # a message's searches share the store's unfiltered answer

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            with self._lock:
                if self._executor is None:
                    self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="search")
        return self._executor

    def invalidate(self) -> None:
        """Called after writes through this process; other writers are noticed by the store fingerprint."""
        self.keywords.invalidate()

    def keyword_index(self) -> KeywordSnapshot:
        """The BM25 index of the store as it is now: kept while the store's fingerprint holds, else brought
        up to date from the store's change log, document by document (retrieval/keyword_follow.py)."""
        return self.keywords.index(self.store.fingerprint())

    def _vectors(self, index: KeywordSnapshot, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors of these chunks: from the index's snapshot, else (written since) from the store."""
        found = index.vectors(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            found.update(self.store.vectors(missing))
        return found

    def _chunks(self, index: KeywordSnapshot, keys: Sequence[str]) -> dict[str, Chunk]:
        """These chunks: from the index's snapshot, else (written since) from the store."""
        found = {key: self.store.to_chunk(text, meta) for key, (text, meta) in index.records(keys).items()}
        missing = [key for key in keys if key not in found]
        if missing:
            found.update(self.store.get(missing))
        return found

    def _neighbours_key(self, q: np.ndarray, n: int) -> tuple[str, int, bytes]:
        return NearestCache.key(self.store.fingerprint(), q, n)

    def _nearest(self, q: np.ndarray, n: int) -> list[tuple[str, float]]:
        """The store's n nearest chunks to q, unfiltered: kept a few seconds (nearest_cache.py)."""
        key = self._neighbours_key(q, n)
        found = self._neighbours.get(key)
        return found if found is not None else self._neighbours.put(key, self.store.nearest(q.tolist(), n))

    def _dense(
        self,
        q: np.ndarray,
        n: int,
        filters: SearchFilters | None,
        index: KeywordSnapshot,
        first: Future[list[tuple[str, float]]] | None = None,
    ) -> tuple[dict[str, float], dict[str, float]]:
        """Up to n nearest chunks per language among those that pass the filters (key -> similarity), and
        per language a ceiling on the similarity of its chunks that are not candidates (what a
        keyword-only match could at most have). `first`: the first probe's neighbours, if the caller
        started that query already."""
        base = filters or SearchFilters()
        langs: tuple[Lang, ...] = (base.lang,) if base.lang else ("zh", "en")
        narrowed = replace(base, lang=None)
        passing = index.passing(narrowed)
        floor = _DENSE_FLOOR if narrowed != SearchFilters() else 0
        wanted = {lang: min(n, floor, index.size(replace(base, lang=lang))) for lang in langs}
        for times in _PROBES:
            probe = n * times
            found = first.result() if first is not None and times == _PROBES[0] else self._nearest(q, probe)
            keys = [key for key, _ in found]
            found_sims = np.fromiter((sim for _, sim in found), dtype=np.float64, count=len(found))
            rows = index.rows(keys)
            keep = rows >= 0  # a key the index does not know yet was written in the last second: skip it
            if passing is not None:
                keep[keep] = passing[rows[keep]]
            row_langs = np.full(len(found), "", dtype=object)
            row_langs[rows >= 0] = index.langs(rows[rows >= 0])
            picked = {lang: np.flatnonzero(keep & (row_langs == lang)) for lang in langs}
            full = len(found) == probe  # else the probe returned every chunk
            short = [lang for lang in langs if full and len(picked[lang]) < wanted[lang]]
            if not short:
                break
        sims: dict[str, float] = {}
        ceiling: dict[str, float] = {}
        for lang in langs:
            mask = index.passing(replace(base, lang=lang)) if lang in short else None
            rare = np.flatnonzero(mask) if mask is not None else ()
            if 0 < len(rare) <= _EXACT_MAX:
                # Few chunks pass (and few of them are near): score them all from their stored vectors.
                vectors = self._vectors(index, [index.keys[i] for i in rare])
                exact = sorted(((float(np.dot(q, v)), key) for key, v in vectors.items()), reverse=True)
                sims.update((key, sim) for sim, key in exact[:n])
                ceiling[lang] = exact[n - 1][0] if len(exact) >= n else -np.inf
                continue
            mine = picked[lang]
            sims.update((keys[i], float(found_sims[i])) for i in mine[:n])
            if len(mine) >= n:
                ceiling[lang] = float(found_sims[mine[n - 1]])
            else:
                ceiling[lang] = float(found_sims[-1]) if full else -np.inf
        return sims, ceiling

    def _keyword_scores(
        self,
        index: KeywordSnapshot,
        query: str,
        query_lang: str,
        n: int,
        filters: SearchFilters | None,
        only: Sequence[str] | None = None,
    ) -> dict[str, float]:
        """Max-normalised BM25 per language: the question's own words against its language, and the
        glossary translations of its terms against the other language, so each side gets a fair signal.
        (Dividing by the ideal score the terms allow instead was measured: recall@1 fell in every group.)
        `index` is the caller's, so that the keyword and dense stages read one snapshot of the store."""
        base = filters or SearchFilters()
        out: dict[str, float] = {}
        other = "en" if query_lang == "zh" else "zh"
        # the glossary's terms, and the names this index's corpus spells in the other script (aliases.py)
        translated = " ".join(self.glossary.translations(query, alias_table(index)))
        rows = index.rows(only) if only is not None else None  # the same keys for both languages
        for lang, text, trust in (
            (query_lang, query, 1.0),
            (other, translated, self.settings.translation_trust),
        ):
            if (base.lang and base.lang != lang) or not text:
                continue
            if only is None:
                found = index.search(text, n, replace(base, lang=lang))  # type: ignore[arg-type]
                top = max((score for _, score in found), default=0.0)
            else:  # these chunks' scores, normalised as a search would normalise them
                found, top = index.scores_of(text, only, replace(base, lang=lang), rows)  # type: ignore[arg-type]
            out.update({key: trust * score / top for key, score in found if top > 0})
        return out

    def search(
        self,
        query: str,
        k: int = 5,
        filters: SearchFilters | None = None,
        keyword_weight: float | None = None,
        cross_lingual_boost: float | None = None,
    ) -> SearchResult:
        weight = self.settings.keyword_weight if keyword_weight is None else keyword_weight
        boost = self.settings.cross_lingual_boost if cross_lingual_boost is None else cross_lingual_boost
        query_lang = detect_lang(query)
        n = max(self.settings.candidates, k)
        index = self.keyword_index()
        q = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        # Chroma's query for the nearest neighbours runs on a pool thread while BM25 runs here: its Rust
        # core releases the GIL for most of the query. The thread runs the query alone, and what comes
        # after it runs here: with all of `_dense` on the thread, its Python waited for BM25's and this
        # thread then waited to be woken (ours minus keyword-free search, p50 at 100k chunks, interleaved
        # on the benchmark's questions: 0.7-1.2 ms that way, 0.0-0.3 ms this way). The other way round
        # (BM25 on the thread), the query's return waited for the thread's Python.
        keyword: dict[str, float] = {}
        first = None
        if weight > 0:
            if not self._neighbours.holds(self._neighbours_key(q, n * _PROBES[0])):
                first = self._pool().submit(self._nearest, q, n * _PROBES[0])
                time.sleep(0)  # let the thread reach Chroma (it releases the GIL there) before BM25 takes it
            keyword = self._keyword_scores(index, query, query_lang, n, filters)
        sims, ceiling = self._dense(q, n, filters, index, first)
        chunks: dict[str, Chunk] = {}
        refs = article_refs(query)
        cited = {key: chunk for key, chunk in self.store.articles(sorted(refs), filters)} if refs else {}
        chunks.update(cited)
        for key, vector in self._vectors(index, [key for key in cited if key not in sims]).items():
            sims[key] = float(np.dot(q, vector))

        # Scores from what the index knows (language) and the cited articles (bonus); the text and
        # metadata of only the best candidates are then read (~0.2 ms a chunk).
        def lang_of(keys: list[str]) -> list[str]:
            rows = index.rows(keys)
            known = index.langs(np.maximum(rows, 0)) if len(index) else [""] * len(keys)
            pairs = zip(keys, known, strict=True)
            return [chunks[key].lang if key in chunks else str(lang) for key, lang in pairs]

        def score(key: str, lang: str, sim: float) -> float:
            bonus = (_ARTICLE_BONUS if key in cited else 0.0) + (boost if lang != query_lang else 0.0)
            return sim + weight * keyword.get(key, 0.0) + bonus

        keys = list(sims)
        scores = {key: score(key, lang, sims[key]) for key, lang in zip(keys, lang_of(keys), strict=True)}
        room = 2 * k + 6  # the best candidates read; room for translation pairs
        # A keyword match that is not a dense candidate has a similarity below its language's ceiling (up to
        # the approximate index's misses: reading them all, not best bound first until the bar rises, keeps
        # 22 of 600 better results at 100k): it is scored (its vector read) only if that ceiling could put it
        # among the best.
        bar = sorted(scores.values(), reverse=True)[room - 1] if len(scores) >= room else -np.inf
        extra = [key for key in keyword if key not in sims]
        reachable = [
            (key, lang)
            for key, lang in zip(extra, lang_of(extra), strict=True)
            if score(key, lang, ceiling.get(lang, np.inf)) >= bar
        ]
        vectors = self._vectors(index, [key for key, _ in reachable])
        for key, lang in reachable:
            if key in vectors:
                sims[key] = float(np.dot(q, vectors[key]))
                scores[key] = score(key, lang, sims[key])
        best = sorted(scores, key=scores.__getitem__, reverse=True)[:room]
        # The k best are read first (~60 us a record); the rest of the room only if one of them has a
        # translation (its other-language version may stand in for it) or was deleted since the snapshot.
        chunks.update(self._chunks(index, [key for key in best[:k] if key not in chunks]))
        head = [chunks[key] for key in best[:k] if key in chunks]
        if len(head) < min(k, len(best)) or any(chunk.meta.get("translation_group") for chunk in head):
            chunks.update(self._chunks(index, [key for key in best if key not in chunks]))
        hits = [
            Hit(chunks[key], scores[key], sims[key], keyword.get(key, 0.0)) for key in best if key in chunks
        ]
        return SearchResult(_prefer_own_language(hits, query_lang)[:k])

    def rank(
        self,
        query: str,
        chunks: Mapping[str, Chunk],
        filters: SearchFilters | None = None,
        vectors: np.ndarray | None = None,
        min_score: float | None = None,
    ) -> list[Hit]:
        """These chunks (by store key), scored exactly as `search` scores its candidates, best first;
        with `min_score`, only those that reach it.

        Ranking the records that fit a question's slots this way costs one product of their vectors with
        the question's; `vectors` (rows in the order of `chunks`) are the caller's copy, else they are
        read from the store. A search with k = every record of the kind cost two Chroma queries for all of
        them (seconds at 100k chunks). `filters` must be those `search` would get: keyword scores are
        normalised within them."""
        weight, boost = self.settings.keyword_weight, self.settings.cross_lingual_boost
        query_lang = detect_lang(query)
        q = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        keys = list(chunks)
        index = self.keyword_index()
        if vectors is None:
            found = self._vectors(index, keys)
            keys = [key for key in keys if key in found]
            vectors = np.stack([found[key] for key in keys]) if keys else np.zeros((0, q.size), np.float32)
        if not keys:
            return []
        dense = vectors @ q
        keyword = np.zeros(len(keys))
        if weight > 0:
            position = {key: i for i, key in enumerate(keys)}
            found_kw = self._keyword_scores(index, query, query_lang, len(keys), filters, only=keys)
            for key, value in found_kw.items():
                keyword[position[key]] = value
        other_lang = np.fromiter(
            (chunks[key].lang != query_lang for key in keys), dtype=bool, count=len(keys)
        )
        scores = dense + weight * keyword + boost * other_lang
        refs = article_refs(query)
        if refs:
            cited = [i for i, key in enumerate(keys) if chunks[key].meta.get("article_no") in refs]
            scores[cited] += _ARTICLE_BONUS
        picked = np.flatnonzero(scores >= min_score) if min_score is not None else np.arange(len(keys))
        order = picked[np.argsort(-scores[picked], kind="stable")]
        hits = [
            Hit(
                chunk=chunks[keys[i]],
                score=float(scores[i]),
                dense=float(dense[i]),
                keyword=float(keyword[i]),
            )
            for i in order
        ]
        return _prefer_own_language(hits, query_lang)

    def chunk(self, key: str) -> Chunk | None:
        return self.store.get([key]).get(key)
