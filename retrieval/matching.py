"""Matchmaking: pair enterprise demands with achievements (technologies) both ways, with reasons.

Candidates of the other kind come from the hybrid searcher (so cross-lingual recall is the searcher's),
then each is re-scored with signals a person can check:

    score = semantic                                   fused search score (cosine + keyword bonus) of
                                                       the query's title and description
          + W_TERMS * key-term coverage                share of the demand's key-term weight the
                                                       technology names (either direction)
          + W_FIELD_SAME | W_FIELD_RELATED             same field, or a related one (RELATED_FIELDS)
          + W_MATURITY_OK | -W_MATURITY_GAP[levels]    the offered maturity meets the required one, or
                                                       falls short by 1-2 levels (lab < pilot < industrial)
          + W_REGION_CITY | W_REGION_PROVINCE          same city, or same province
          + W_MODES                                    a transfer mode the demand asks for is offered

Key terms are words and glossary concepts that occur in at least one and at most MAX_TERM_SHARE of
the records, weighted by IDF over the records; a glossary concept counts across languages and is
reported as "尾矿/tailings". A need naming fewer than TERMS_FULL of IDF weight gets proportionally less.
The weights were tuned on evals/match (`techbridge eval --match`, README). `Match.evidence` (semantic +
terms) says whether there is a good match at all; the bot's GOOD_MATCH threshold applies to it.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog, RecordView
from .fields import cities_in, fields_in
from .glossary import Glossary
from .match_vocab import (
    GENERIC_WORDS,
    MATURITY_LEVEL,
    PREFECTURE,
    RELATED_FIELDS,
    is_noise,
    maturity_in,
    modes_in,
    province_of,
)
from .search import HybridSearcher
from .text import detect_lang, keyword_tokens

__all__ = [
    "GENERIC_WORDS",
    "MATURITY_LEVEL",
    "RELATED_FIELDS",
    "Match",
    "MatchQuery",
    "Matcher",
    "maturity_in",
    "modes_in",
    "province_of",
]

# ---- weights (tuned on evals/match: see the README table) -----------------------------------------------
W_TERMS = 0.20
W_FIELD_SAME = 0.15
W_FIELD_RELATED = 0.04
W_MATURITY_OK = 0.03
# Short of the required maturity by one level (pilot for industrial) or two (lab for industrial). Two
# levels cost more than any wording can win back (a near-copy of the demand's words scores up to ~0.5
# above a fitting industrial candidate): an enterprise that needs production-ready technology is not
# offered a lab prototype first. One level is a real option, ranked down.
W_MATURITY_GAP = {1: 0.10, 2: 0.60}
W_REGION_CITY = 0.03
W_REGION_PROVINCE = 0.01
W_MODES = 0.02
TERMS_FULL = 8.0  # IDF weight of about three specific terms (a term in 1-5 of ~90 records has IDF 2.8-4.1)
_DETAILED = 300  # records scored in full per match (all of them on the shipped corpus)
MAX_TERM_SHARE = 0.2  # a word in more than this share of records ("technology", "系统") is not a key term


@dataclass(frozen=True)
class MatchQuery:
    """One side of a match: a demand (rank achievements) or an achievement (rank demands)."""

    text: str  # what to search with
    kind: str  # the query's own kind: "demand" or "achievement"
    content: str = ""  # where key terms come from (defaults to text)
    lang: str = ""
    fields: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    maturity: str | None = None  # demand: required; achievement: offered
    modes: tuple[str, ...] = ()  # demand: wanted; achievement: offered
    record_id: str | None = None

    @property
    def target(self) -> str:
        return "achievement" if self.kind == "demand" else "demand"

    @classmethod
    def from_text(cls, text: str, kind: str = "demand") -> MatchQuery:
        # "氢氧化镁" (magnesium hydroxide) names no hydrogen technology, though it starts with "氢".
        fields = tuple(fields_in(text.replace("氢氧化", "羟")))
        return cls(
            text=text,
            kind=kind,
            content=text,
            lang=detect_lang(text),
            fields=fields,
            cities=tuple(c for c in cities_in(text)),
            maturity=maturity_in(text),
            modes=modes_in(text),
        )

    @classmethod
    def from_record(cls, record: RecordView) -> MatchQuery:
        kind = record.chunk.kind
        if kind not in ("demand", "achievement"):
            raise ValueError(f"{record.id} is a {kind}; only demands and achievements are matched")
        content = _content(record)
        if kind == "demand":
            maturity = record.get("required_maturity") or maturity_in(content)
            modes = modes_in(content)
        else:
            maturity, modes = record.get("maturity"), tuple(record.get("transfer_modes") or ())
        city = record.get("city")
        return cls(
            text=content,
            kind=kind,
            content=content,
            lang=record.chunk.lang,
            fields=(record.get("field"),) if record.get("field") else (),
            cities=(city,) if city else (),
            maturity=maturity,
            modes=modes,
            record_id=record.id,
        )


@dataclass(frozen=True)
class Match:
    record: RecordView
    score: float
    reasons: dict[str, Any] = field(default_factory=dict)

    @property
    def evidence(self) -> float:
        """What the content itself says for the match (search score plus key terms), without the fit
        factors: a same-field, same-city record shares no need by being there, so "is there a good match
        at all" is judged on this, while the ranking uses the whole score."""
        parts = self.reasons.get("contributions") or {}
        return round(float(parts.get("semantic", 0.0)) + float(parts.get("terms", 0.0)), 4)


def _content(record: RecordView) -> str:
    body = record.get("summary") if record.chunk.kind == "achievement" else record.get("description")
    return f"{record.chunk.title}\n{body or ''}"


@dataclass
class _Terms:
    tokens: set[str]  # every keyword token (jieba search mode: sub-words too)
    key_tokens: list[str]  # maximal tokens: not part of a longer token of the same text
    concepts: dict[int, str]  # glossary entry -> the term found


class Matcher:
    def __init__(self, searcher: HybridSearcher, catalog: Catalog) -> None:
        self.searcher = searcher
        self.catalog = catalog
        self._lock = threading.Lock()
        self._stats_key: tuple[str, ...] = ()
        self._terms: dict[str, _Terms] = {}
        self._df: Counter[str] = Counter()
        self._n = 0

    @property
    def glossary(self) -> Glossary:
        return self.searcher.glossary

    # ---- term statistics over the records ----------------------------------------------------------
    def _analyse(self, text: str) -> _Terms:
        tokens = [t for t in keyword_tokens(text) if not is_noise(t)]
        unique = list(dict.fromkeys(tokens))
        key = [t for t in unique if not any(t != o and t in o for o in unique)]
        concepts = {
            cid: term
            for cid, term in self.glossary.concepts(text).items()
            if term.lower() not in GENERIC_WORDS
        }
        return _Terms(set(unique), key, concepts)

    def warm(self) -> None:
        """Compute the records' term statistics now (a server does it in the background at start: over
        2,000 records it takes ~3 s, which the first matching question would otherwise wait for)."""
        self._stats()

    def _stats(self) -> None:
        records = self.catalog.records("achievement") + self.catalog.records("demand")
        key = tuple(sorted(f"{r.id}:{r.chunk.meta.get('title', r.chunk.title)}" for r in records))
        with self._lock:
            if key == self._stats_key:
                return
            terms = {r.id: self._analyse(_content(r)) for r in records}
            df: Counter[str] = Counter()
            for t in terms.values():
                df.update(t.tokens)
                df.update(f"#{c}" for c in t.concepts)
            self._terms, self._df, self._n, self._stats_key = terms, df, len(records), key

    def _idf(self, item: str) -> float:
        return math.log((self._n + 1) / (self._df.get(item, 0) + 0.5))

    def _is_key(self, item: str) -> bool:
        df = self._df.get(item, 0)
        return 1 <= df <= max(2, MAX_TERM_SHARE * self._n)

    def shared_terms(self, need: _Terms, offer: _Terms, need_first: bool = True) -> tuple[list[str], float]:
        """The key terms both sides name, as shown to people ("尾矿/tailings": the query's term first),
        and the share of the need's key-term weight (IDF) that the offer covers (0..1). Coverage is of
        the demand's terms in both directions: how much of the need the technology addresses."""
        concept_terms = " ".join(need.concepts.values()).lower()
        items: list[tuple[str, str, str]] = []  # (df key, need's term, offer's term or "")
        for cid, term in need.concepts.items():
            items.append((f"#{cid}", term, offer.concepts.get(cid, "")))
        for token in need.key_tokens:
            if token not in concept_terms:
                items.append((token, token, token if token in offer.tokens else ""))
        items = [it for it in items if self._is_key(it[0])]
        total = sum(self._idf(k) for k, _, _ in items)
        shared = [(k, n, o) for k, n, o in items if o]
        # "菱镁矿尾矿/magnesite tailings" makes "尾矿/tailings" redundant to show (it still counts).
        labels: list[str] = []
        shown: list[str] = []
        for _, n, o in sorted(shared, key=lambda it: -len(it[1])):
            if any(n in other for other in shown):
                continue
            shown.append(n)
            first, second = (n, o) if need_first else (o, n)
            labels.append(first if first.lower() == second.lower() else f"{first}/{second}")
        # A need that names one key term is weaker evidence than one that names five: below TERMS_FULL
        # of IDF weight (about three specific terms) the coverage is scaled down.
        coverage = sum(self._idf(k) for k, _, _ in shared) / max(total, TERMS_FULL) if total else 0.0
        return labels, coverage

    # ---- matching ----------------------------------------------------------------------------------------
    def match(self, query: MatchQuery, k: int = 5, min_score: float | None = None) -> list[Match]:
        """The k best records of the other kind, best first, each with its score and reasons."""
        self._stats()
        target = query.target
        pool = {r.id: r for r in self.catalog.records(target)}
        if not pool:
            return []
        # Every record of the kind scored as a search would score it (one product with the catalog's
        # vectors), then the best _DETAILED of them scored in full: field, maturity, region and shared terms
        # add at most 0.43 to the semantic score, and at 100k chunks scoring 25k records in full took
        # seconds where the semantic order alone takes milliseconds.
        ranked = self.catalog.scored(target, query.text)
        qterms = self._analyse(query.content or query.text)
        out: list[Match] = []
        for hit in ranked[: max(_DETAILED, 4 * k)]:
            record = pool.get(hit.chunk.doc_id)
            if record is None or record.id == query.record_id:
                continue
            cterms = self._terms.get(record.id) or self._analyse(_content(record))
            out.append(self._score(query, record, hit.score, qterms, cterms))
        out.sort(key=lambda m: m.score, reverse=True)
        if min_score is not None:
            out = [m for m in out if m.score >= min_score]
        return out[:k]

    def _score(
        self, query: MatchQuery, record: RecordView, semantic: float, qterms: _Terms, cterms: _Terms
    ) -> Match:
        if query.kind == "demand":
            terms, coverage = self.shared_terms(qterms, cterms, need_first=True)
        else:
            terms, coverage = self.shared_terms(cterms, qterms, need_first=False)
        parts: dict[str, float] = {"semantic": semantic, "terms": W_TERMS * coverage}

        cand_field = str(record.get("field") or "")
        if not query.fields or not cand_field:
            field_fit = "unknown"
        elif cand_field in query.fields:
            field_fit = "same"
        elif any(cand_field in RELATED_FIELDS.get(f, ()) for f in query.fields):
            field_fit = "related"
        else:
            field_fit = "different"
        parts["field"] = {"same": W_FIELD_SAME, "related": W_FIELD_RELATED}.get(field_fit, 0.0)

        # Maturity: what the demand requires against what the achievement offers.
        if query.kind == "demand":
            required, offered = query.maturity, record.get("maturity")
            trl = record.get("trl")
        else:
            required, offered = record.get("required_maturity"), query.maturity
            trl = None
        if required in MATURITY_LEVEL and offered in MATURITY_LEVEL:
            gap = MATURITY_LEVEL[str(offered)] - MATURITY_LEVEL[str(required)]
            maturity_fit = "meets" if gap == 0 else "exceeds" if gap > 0 else "below"
            parts["maturity"] = W_MATURITY_OK if gap >= 0 else -W_MATURITY_GAP[-gap]
        else:
            maturity_fit, parts["maturity"] = "unknown", 0.0

        cand_city = str(record.get("city") or "")
        cities = [PREFECTURE.get(c, c) for c in query.cities]
        if not cities or not cand_city:
            region_fit = "unknown"
        elif PREFECTURE.get(cand_city, cand_city) in cities:
            region_fit = "same_city"
        elif province_of(cand_city) in {province_of(c) for c in cities}:
            region_fit = "same_province"
        else:
            region_fit = "different"
        parts["region"] = {"same_city": W_REGION_CITY, "same_province": W_REGION_PROVINCE}.get(
            region_fit, 0.0
        )

        if query.kind == "demand":
            wanted, offered_modes = list(query.modes), list(record.get("transfer_modes") or [])
        else:
            wanted, offered_modes = list(modes_in(_content(record))), list(query.modes)
        shared_modes = [m for m in wanted if m in offered_modes]
        parts["transfer_modes"] = W_MODES if shared_modes else 0.0

        reasons: dict[str, Any] = {
            "terms": terms,
            "field": {"fit": field_fit, "query": list(query.fields), "candidate": cand_field or None},
            "maturity": {"fit": maturity_fit, "required": required, "offered": offered, "trl": trl},
            "region": {"fit": region_fit, "query": list(query.cities), "candidate": cand_city or None},
            "transfer_modes": {"wanted": wanted, "offered": offered_modes, "shared": shared_modes},
            "contributions": {k: round(v, 4) for k, v in parts.items()},
        }
        return Match(record, round(sum(parts.values()), 4), reasons)
