"""Hybrid search: dense similarity plus a bounded keyword bonus.

Reciprocal-rank fusion with BM25 lets same-language keyword matches push the right cross-lingual
passage out of the top ranks (measured in DESIGN.md: 10/10 cross-lingual rank-1 hits fell to 3/10).
Here the keyword signal can only add `keyword_weight` times its max-normalised BM25 score to the
cosine similarity, so it reorders close dense candidates but cannot bury a clearly better
cross-lingual one. The weight is calibrated with `techbridge eval`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .chroma_store import ChromaStore
from .config import SearchSettings
from .embedders import Embedder
from .glossary import Glossary
from .keyword import KeywordIndex
from .text import detect_lang
from .types import Chunk, Hit, Lang, SearchFilters

__all__ = ["HybridSearcher", "SearchResult", "article_refs"]

log = logging.getLogger(__name__)

# "Article 45", "Art. 45", "第四十五条", "第45条": a reference to an article by number is exact, and the
# article it names should come first, whatever its wording shares with the question.
_ARTICLE_REF = re.compile(r"(?:\bArt(?:icle)?\.?\s*(\d{1,3})\b)|(?:第\s*([零〇一二三四五六七八九十百\d]{1,6})\s*条)", re.I)
_ARTICLE_BONUS = 0.5
# Dense candidates come from an unfiltered query for ids and distances, split by language (and by the
# filters) with the keyword index's per-chunk fields. Chroma's `where` filter scans the metadata on every
# query: ~40 ms at 10k chunks and ~225 ms at 100k whatever n, where ids and distances of the 400 nearest
# take ~6 ms at 100k (scripts/bench.py, 2 cores). A language left with fewer than _DENSE_FLOOR
# candidates (a question whose nearest neighbours are nearly all in the other language: 32% of the
# benchmark's questions at 100k with 400, 3% with 2,000, none with 4,000) gets a wider probe, then, if
# still short, the exact filtered query: the other language's best passages are always candidates.
_PROBES = (8, 40, 80)  # neighbours fetched per candidate wanted, widening
_DENSE_FLOOR = 10


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
        store: ChromaStore,
        embedder: Embedder,
        settings: SearchSettings,
        glossary: Glossary | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.store = store
        self.glossary = glossary or Glossary([])
        self.embedder = embedder
        self.settings = settings
        self.cache_dir = cache_dir  # keyword indexes saved by store fingerprint, shared by the workers
        self._keyword: KeywordIndex | None = None
        self._keyword_fingerprint = ""
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            with self._lock:
                if self._executor is None:
                    self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="keyword")
        return self._executor

    def invalidate(self) -> None:
        """Called after writes through this process; other writers are noticed by the store fingerprint."""
        with self._lock:
            self._keyword = None

    def keyword_index(self) -> KeywordIndex:
        """The BM25 index of the store as it is now: kept while the store's fingerprint holds, else loaded
        from the cache folder (another worker or an earlier start built it), else built from a full scan."""
        fingerprint = self.store.fingerprint()
        with self._lock:
            if self._keyword is None or self._keyword_fingerprint != fingerprint:
                self._keyword = self._load_or_build(fingerprint)
                self._keyword_fingerprint = fingerprint
            return self._keyword

    def _load_or_build(self, fingerprint: str) -> KeywordIndex:
        folder = None
        if self.cache_dir is not None:
            digest = hashlib.sha1(f"{KeywordIndex.version}|{fingerprint}".encode()).hexdigest()[:20]
            folder = self.cache_dir / f"keyword-{digest}"
            if folder.is_dir():
                try:
                    return KeywordIndex.load(folder)
                except (OSError, ValueError, KeyError) as exc:  # a damaged cache is rebuilt, not fatal
                    log.warning("keyword index cache %s unreadable (%s); rebuilding", folder, exc)
        rows = ((key, c.text, meta) for key, c, meta in self.store.scan() if c is not None)
        index = KeywordIndex(rows)
        if folder is not None:
            try:
                index.save(folder)
                for old in folder.parent.glob("keyword-*"):  # earlier versions of the index
                    if old != folder and not old.name.endswith(f".tmp-{os.getpid()}"):
                        shutil.rmtree(old, ignore_errors=True)
            except OSError as exc:
                log.warning("could not save the keyword index to %s: %s", folder, exc)
        return index

    def _dense(
        self, q: np.ndarray, n: int, filters: SearchFilters | None, index: KeywordIndex
    ) -> tuple[dict[str, float], dict[str, Chunk], dict[str, float]]:
        """The n nearest chunks in each language separately (so the other language's best passages are
        candidates even when the same language has many near ones): key -> similarity; the chunks that
        came with their text (from a filtered query); and per language a ceiling on the similarity of its
        chunks that are not candidates."""
        base = filters or SearchFilters()
        langs: tuple[Lang, ...] = (base.lang,) if base.lang else ("zh", "en")
        passing = index.passing(replace(base, lang=None))
        wanted = {lang: min(n, _DENSE_FLOOR, index.size(replace(base, lang=lang))) for lang in langs}
        for times in _PROBES:
            probe = n * times
            found = self.store.nearest(q.tolist(), probe)
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
        chunks: dict[str, Chunk] = {}
        ceiling: dict[str, float] = {}
        for lang in langs:
            if lang in short:
                exact = self.store.query(q.tolist(), n, replace(base, lang=lang))
                for key, chunk, sim in exact:
                    sims[key], chunks[key] = sim, chunk
                ceiling[lang] = exact[-1][2] if len(exact) == n else -np.inf
                continue
            mine = picked[lang]
            sims.update((keys[i], float(found_sims[i])) for i in mine[:n])
            if len(mine) >= n:
                ceiling[lang] = float(found_sims[mine[n - 1]])
            else:
                ceiling[lang] = float(found_sims[-1]) if full else -np.inf
        return sims, chunks, ceiling

    def _keyword_scores(
        self, query: str, query_lang: str, n: int, filters: SearchFilters | None,
        only: Sequence[str] | None = None,
    ) -> dict[str, float]:
        """Max-normalised BM25 per language: the question's own words against its language, and the
        glossary translations of its terms against the other language, so each side gets a fair signal.
        (Dividing by the ideal score the terms allow instead was measured: recall@1 fell in every group.)"""
        index = self.keyword_index()
        base = filters or SearchFilters()
        out: dict[str, float] = {}
        other = "en" if query_lang == "zh" else "zh"
        translated = " ".join(self.glossary.translations(query))
        for lang, text, trust in ((query_lang, query, 1.0), (other, translated, self.settings.translation_trust)):
            if (base.lang and base.lang != lang) or not text:
                continue
            if only is None:
                found = index.search(text, n, replace(base, lang=lang))  # type: ignore[arg-type]
                top = max((score for _, score in found), default=0.0)
            else:  # these chunks' scores, normalised as a search would normalise them
                found, top = index.scores_of(text, only, replace(base, lang=lang))  # type: ignore[arg-type]
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
        # BM25 needs no vector: it runs while the model embeds the question.
        keyword_job = None
        if weight > 0:
            keyword_job = self._pool().submit(self._keyword_scores, query, query_lang, n, filters)
        q = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        sims, chunks, ceiling = self._dense(q, n, filters, index)
        keyword = keyword_job.result() if keyword_job is not None else {}
        refs = article_refs(query)
        cited = {key: chunk for key, chunk in self.store.articles(sorted(refs), filters)} if refs else {}
        chunks.update(cited)
        for key, vector in self.store.vectors([key for key in cited if key not in sims]).items():
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
        # A keyword match that is not a dense candidate has a similarity below its language's ceiling: it
        # is scored (its vector read) only if that ceiling could put it among the best.
        bar = sorted(scores.values(), reverse=True)[room - 1] if len(scores) >= room else -np.inf
        extra = [key for key in keyword if key not in sims]
        reachable = [key for key, lang in zip(extra, lang_of(extra), strict=True)
                     if score(key, lang, ceiling.get(lang, np.inf)) >= bar]
        vectors = self.store.vectors(reachable)
        for key, lang in zip(reachable, lang_of(reachable), strict=True):
            if key in vectors:
                sims[key] = float(np.dot(q, vectors[key]))
                scores[key] = score(key, lang, sims[key])
        best = sorted(scores, key=scores.__getitem__, reverse=True)[:room]
        unread = [key for key in best if key not in chunks]
        chunks.update(self.store.get(unread))
        hits = [
            Hit(chunks[key], scores[key], sims[key], keyword.get(key, 0.0)) for key in best if key in chunks
        ]
        return SearchResult(_prefer_own_language(hits, query_lang)[:k])

    def rank(
        self, query: str, chunks: Mapping[str, Chunk], filters: SearchFilters | None = None
    ) -> list[Hit]:
        """These chunks (by store key), scored exactly as `search` scores its candidates, best first.

        Ranking the records that fit a question's slots this way costs reading their vectors; a search
        with k = every record of the kind cost two Chroma queries for all of them (seconds at 100k chunks).
        `filters` must be those `search` would get: keyword scores are normalised within them."""
        weight, boost = self.settings.keyword_weight, self.settings.cross_lingual_boost
        query_lang = detect_lang(query)
        q = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        vectors = self.store.vectors(list(chunks))
        dense = {key: (chunks[key], float(np.dot(q, vector))) for key, vector in vectors.items()}
        keyword: dict[str, float] = {}
        if weight > 0 and dense:
            keyword = self._keyword_scores(query, query_lang, len(dense), filters, only=list(dense))
        return self._fuse(dense, keyword, article_refs(query), query_lang, weight, boost)

    @staticmethod
    def _fuse(
        dense: dict[str, tuple[Chunk, float]], keyword: dict[str, float], refs: set[int], query_lang: str,
        weight: float, boost: float,
    ) -> list[Hit]:
        hits: list[Hit] = []
        for key, (chunk, sim) in dense.items():
            kw = keyword.get(key, 0.0)
            bonus = _ARTICLE_BONUS if chunk.meta.get("article_no") in refs else 0.0
            if chunk.lang != query_lang:
                bonus += boost  # cross-lingual cosines run lower for the same relevance
            hits.append(Hit(chunk=chunk, score=sim + weight * kw + bonus, dense=sim, keyword=kw))
        hits.sort(key=lambda h: h.score, reverse=True)
        return _prefer_own_language(hits, query_lang)

    def chunk(self, key: str) -> Chunk | None:
        return self.store.get([key]).get(key)
