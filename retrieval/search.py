"""Hybrid search: dense similarity plus a bounded keyword bonus.

Reciprocal-rank fusion with BM25 lets same-language keyword matches push the right cross-lingual
passage out of the top ranks (measured in DESIGN.md: 10/10 cross-lingual rank-1 hits fell to 3/10).
Here the keyword signal can only add `keyword_weight` times its max-normalised BM25 score to the
cosine similarity, so it reorders close dense candidates but cannot bury a clearly better
cross-lingual one. The weight is calibrated with `techbridge eval`.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace

import numpy as np

from .chroma_store import ChromaStore
from .config import SearchSettings
from .embedders import Embedder
from .glossary import Glossary
from .keyword import KeywordIndex
from .text import detect_lang
from .types import Chunk, Hit, SearchFilters

__all__ = ["HybridSearcher", "SearchResult", "article_refs"]

# "Article 45", "Art. 45", "第四十五条", "第45条": a reference to an article by number is exact, and the
# article it names should come first, whatever its wording shares with the question.
_ARTICLE_REF = re.compile(r"(?:\bArt(?:icle)?\.?\s*(\d{1,3})\b)|(?:第\s*([零〇一二三四五六七八九十百\d]{1,6})\s*条)", re.I)
_ARTICLE_BONUS = 0.5


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
        self, store: ChromaStore, embedder: Embedder, settings: SearchSettings, glossary: Glossary | None = None
    ) -> None:
        self.store = store
        self.glossary = glossary or Glossary([])
        self.embedder = embedder
        self.settings = settings
        self._keyword: KeywordIndex | None = None
        self._keyword_count = -1
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Called after writes through this process; other writers are noticed by the chunk count."""
        with self._lock:
            self._keyword = None

    def keyword_index(self) -> KeywordIndex:
        count = self.store.count()
        with self._lock:
            if self._keyword is None or self._keyword_count != count:
                rows = ((key, c.text, meta) for key, c, meta in self.store.scan() if c is not None)
                self._keyword = KeywordIndex(rows)
                self._keyword_count = count
            return self._keyword

    def _dense(self, q: np.ndarray, n: int, filters: SearchFilters | None) -> dict[str, tuple[Chunk, float]]:
        """Nearest chunks in each language separately, so the other language's best passages are always
        candidates even when the same language has many near ones."""
        base = filters or SearchFilters()
        langs = (base.lang,) if base.lang else ("zh", "en")
        out: dict[str, tuple[Chunk, float]] = {}
        for lang in langs:
            for key, chunk, sim in self.store.query(q.tolist(), n, replace(base, lang=lang)):
                out[key] = (chunk, sim)
        return out

    def _keyword_scores(self, query: str, query_lang: str, n: int, filters: SearchFilters | None) -> dict[str, float]:
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
            found = index.search(text, n, replace(base, lang=lang))  # type: ignore[arg-type]
            top = max((score for _, score in found), default=0.0)
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
        q = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        dense = self._dense(q, n, filters)
        keyword = self._keyword_scores(query, query_lang, n, filters) if weight > 0 else {}
        refs = article_refs(query)
        cited = {key: chunk for key, chunk in self.store.articles(sorted(refs), filters)} if refs else {}
        missing = [key for key in {**keyword, **cited} if key not in dense]
        if missing:
            chunks = self.store.get(missing)
            vectors = self.store.embeddings(list(chunks))
            for key, chunk in chunks.items():
                dense[key] = (chunk, float(np.dot(q, np.asarray(vectors[key], dtype=np.float32))))

        hits: list[Hit] = []
        for key, (chunk, sim) in dense.items():
            kw = keyword.get(key, 0.0)
            bonus = _ARTICLE_BONUS if chunk.meta.get("article_no") in refs else 0.0
            if chunk.lang != query_lang:
                bonus += boost  # cross-lingual cosines run lower for the same relevance
            hits.append(Hit(chunk=chunk, score=sim + weight * kw + bonus, dense=sim, keyword=kw))
        hits.sort(key=lambda h: h.score, reverse=True)
        return SearchResult(_prefer_own_language(hits, query_lang)[:k])

    def chunk(self, key: str) -> Chunk | None:
        return self.store.get([key]).get(key)
