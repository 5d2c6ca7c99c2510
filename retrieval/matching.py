"""Matchmaking: pair enterprise demands with achievements (technologies) both ways, with reasons.

Candidates of the other kind come from the hybrid searcher (so cross-lingual recall is the searcher's),
then each is re-scored with signals a person can check:

    score = semantic                                   fused search score (cosine + keyword bonus)
          + W_TERMS * key-term coverage                share of the query's key terms the candidate has
          + W_FIELD_SAME | W_FIELD_RELATED             same field, or a related one (RELATED_FIELDS)
          + W_MATURITY_OK | -W_MATURITY_GAP * levels   the offered maturity meets the required one, or
                                                       falls short by 1-2 levels (lab < pilot < industrial)
          + W_REGION_CITY | W_REGION_PROVINCE          same city, or same province
          + W_MODES                                    a transfer mode the demand asks for is offered

Key terms are words and glossary concepts that occur in at least one and at most MAX_TERM_SHARE of
the records, weighted by IDF over the records; a glossary concept counts across languages and is
reported as "尾矿/tailings". The weights were tuned on evals/match (`techbridge eval --match`, README).
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog, RecordView
from .fields import cities_in, fields_in
from .glossary import Glossary
from .search import HybridSearcher
from .text import detect_lang, keyword_tokens
from .types import SearchFilters

__all__ = [
    "MATURITY_LEVEL", "RELATED_FIELDS", "Match", "MatchQuery", "Matcher", "maturity_in", "modes_in", "province_of",
]

# ---- weights (tuned on evals/match: see the README table) -----------------------------------------------
W_TERMS = 0.30
W_FIELD_SAME = 0.10
W_FIELD_RELATED = 0.04
W_MATURITY_OK = 0.03
# Per level short of the requirement. Large on purpose: a lab prototype offered to an enterprise that
# needs production-ready technology is a poor first answer however well its words fit (a near-copy of the
# demand's wording scores at most ~0.35 more than a fitting industrial candidate).
W_MATURITY_GAP = 0.20
W_REGION_CITY = 0.03
W_REGION_PROVINCE = 0.01
W_MODES = 0.02
MAX_TERM_SHARE = 0.2  # a word in more than this share of records ("technology", "系统") is not a key term

MATURITY_LEVEL = {"lab": 0, "pilot": 1, "industrial": 2}

# Fields whose technologies often answer each other's needs (symmetric).
_RELATED_PAIRS = [
    ("hydrogen_energy", "energy_storage"),
    ("hydrogen_energy", "magnesium_materials"),  # magnesium hydride storage
    ("hydrogen_energy", "chemicals"),  # catalysts, by-product hydrogen
    ("magnesium_materials", "new_materials"),
    ("magnesium_materials", "environmental"),  # tailings, desulphurisation with MgO
    ("energy_storage", "new_energy_vehicles"),
    ("cnc_machine_tools", "equipment_manufacturing"),
    ("cnc_machine_tools", "industrial_robots"),
    ("industrial_robots", "equipment_manufacturing"),
    ("industrial_robots", "ai_software"),
    ("ai_software", "equipment_manufacturing"),
    ("integrated_circuits", "new_materials"),
    ("chemicals", "environmental"),
    ("chemicals", "biomedicine"),
    ("new_materials", "new_energy_vehicles"),
    ("new_materials", "equipment_manufacturing"),
    ("marine_engineering", "equipment_manufacturing"),
    ("modern_agriculture", "environmental"),
]
RELATED_FIELDS: dict[str, frozenset[str]] = {}
for _a, _b in _RELATED_PAIRS:
    RELATED_FIELDS[_a] = RELATED_FIELDS.get(_a, frozenset()) | {_b}
    RELATED_FIELDS[_b] = RELATED_FIELDS.get(_b, frozenset()) | {_a}

# Province of each place the corpus names; county-level cities map to their prefecture first.
_PREFECTURE = {"haicheng": "anshan", "lanxi": "jinhua"}
_LIAONING = {"shenyang", "dalian", "anshan", "fushun", "benxi", "dandong", "jinzhou", "yingkou", "fuxin",
             "liaoyang", "panjin", "tieling", "chaoyang", "huludao"}
_PROVINCE = {**dict.fromkeys(_LIAONING, "liaoning"), "jinhua": "zhejiang", "hangzhou": "zhejiang",
             "beijing": "beijing", "shanghai": "shanghai", "tianjin": "tianjin", "chongqing": "chongqing",
             "harbin": "heilongjiang", "changchun": "jilin", "nanjing": "jiangsu", "qingdao": "shandong",
             "guangzhou": "guangdong", "shenzhen": "guangdong", "wuhan": "hubei", "chengdu": "sichuan",
             "xian": "shaanxi", "xiamen": "fujian", "lhasa": "tibet"}

_MATURITY_WORDS = {
    "industrial": re.compile(r"\b(industrial(?:i[sz]ed)?|mass[- ]produc\w*|production[- ]ready|proven|commercial"
                             r"(?:ly)? (?:proven|available)|in (?:serial|volume) production|mature)\b|"
                             r"产业化|量产|批量生产|成熟(?:的)?技术|工业化|已投产|工程应用", re.I),
    "pilot": re.compile(r"\bpilot\b|中试|小试|示范线", re.I),
    "lab": re.compile(r"\b(lab(?:oratory)?[- ]stage|early[- ]stage|pre-?clinical|prototype|proof of concept)\b|"
                      r"实验室|临床前|早期|概念验证|样机", re.I),
}
MODE_WORDS: dict[str, re.Pattern[str]] = {
    "license": re.compile(r"\blicen[cs]\w*|许可", re.I),
    "sale": re.compile(r"\b(purchase|buy|buying|assignment|outright)\b|转让|买断|购买|采购", re.I),
    "joint_development": re.compile(r"\b(joint(?:ly)?[- ]develop\w*|co-?develop\w*|co-?fund\w*|partner)\b|"
                                    r"联合开发|合作开发|共同开发|联合攻关|合作研发", re.I),
    "equity": re.compile(r"\bequity\b|入股|股权|作价投资", re.I),
}
_NUMERIC = re.compile(r"^[\d.]+[a-z]{0,2}$")
# Words that say nothing about what is needed or offered: units, comparisons, the vocabulary of any
# listing ("需要", "采用", "system"). BM25's IDF is not enough here: with ~90 records, "than" and "以上"
# are rare enough to look like key terms.
_GENERIC = frozenset(
    "than below above within over under less more least most per up into onto has have had must should need "
    "needs needed want wants seek seeks seeking looking require requires required requirement use used using "
    "based such also other each both only able one two three first phase year years day days hour hours time "
    "times new high higher low lower large small good better best key level class grade rate scale type "
    "mm cm kg kw mw kwh kva mpa gpa nm µm wt ppm rpm cny rmb yuan million tonne tonnes ton tons co ltd "
    "sample company enterprise technology technologies solution solutions system systems process "
    "我们 我司 本公司 企业 公司 需要 需求 希望 要求 采用 达到 以上 以下 不低于 不少于 不超过 完成 小时 提供 实现 "
    "进行 通过 用于 满足 具备 能够 可以 支持 合作 开发 技术 系统 工艺 方案 问题 解决 应用 配套 相关 一种 "
    "现有 目前 主要 已经 以及 其中 左右 每年 年产 万元 亿元 示例 有限公司 提高 降低 优化 传统".split()
)


def maturity_in(text: str) -> str | None:
    """The maturity a free-text demand asks for ("production-ready" -> industrial), if it names one."""
    return next((m for m, rx in _MATURITY_WORDS.items() if rx.search(text)), None)


def modes_in(text: str) -> tuple[str, ...]:
    return tuple(m for m, rx in MODE_WORDS.items() if rx.search(text))


def province_of(city: str | None) -> str | None:
    if not city:
        return None
    city = _PREFECTURE.get(city, city)
    return _PROVINCE.get(city, city)


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
        fields = tuple(fields_in(text))
        return cls(text=text, kind=kind, content=text, lang=detect_lang(text), fields=fields,
                   cities=tuple(c for c in cities_in(text)), maturity=maturity_in(text), modes=modes_in(text))

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
        return cls(text=record.chunk.text, kind=kind, content=content, lang=record.chunk.lang,
                   fields=(record.get("field"),) if record.get("field") else (), cities=(city,) if city else (),
                   maturity=maturity, modes=modes, record_id=record.id)


@dataclass(frozen=True)
class Match:
    record: RecordView
    score: float
    reasons: dict[str, Any] = field(default_factory=dict)


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
        tokens = [t for t in keyword_tokens(text) if not _NUMERIC.match(t) and len(t) > 1 and t not in _GENERIC]
        unique = list(dict.fromkeys(tokens))
        key = [t for t in unique if not any(t != o and t in o for o in unique)]
        return _Terms(set(unique), key, self.glossary.concepts(text))

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
        coverage = sum(self._idf(k) for k, _, _ in shared) / total if total else 0.0
        return labels, coverage

    # ---- matching ----------------------------------------------------------------------------------------
    def match(self, query: MatchQuery, k: int = 5, min_score: float | None = None) -> list[Match]:
        """The k best records of the other kind, best first, each with its score and reasons."""
        self._stats()
        target = query.target
        pool = {r.id: r for r in self.catalog.records(target)}
        if not pool:
            return []
        hits = self.searcher.search(query.text, k=len(pool), filters=SearchFilters(kind=(target,)))  # type: ignore[arg-type]
        qterms = self._analyse(query.content or query.text)
        out: list[Match] = []
        for hit in hits.hits:
            record = pool.get(hit.chunk.doc_id)
            if record is None or record.id == query.record_id:
                continue
            cterms = self._terms.get(record.id) or self._analyse(_content(record))
            out.append(self._score(query, record, hit.score, qterms, cterms))
        out.sort(key=lambda m: m.score, reverse=True)
        if min_score is not None:
            out = [m for m in out if m.score >= min_score]
        return out[:k]

    def _score(self, query: MatchQuery, record: RecordView, semantic: float, qterms: _Terms, cterms: _Terms) -> Match:
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
            parts["maturity"] = W_MATURITY_OK if gap >= 0 else W_MATURITY_GAP * gap
        else:
            maturity_fit, parts["maturity"] = "unknown", 0.0

        cand_city = str(record.get("city") or "")
        cities = [_PREFECTURE.get(c, c) for c in query.cities]
        if not cities or not cand_city:
            region_fit = "unknown"
        elif _PREFECTURE.get(cand_city, cand_city) in cities:
            region_fit = "same_city"
        elif province_of(cand_city) in {province_of(c) for c in cities}:
            region_fit = "same_province"
        else:
            region_fit = "different"
        parts["region"] = {"same_city": W_REGION_CITY, "same_province": W_REGION_PROVINCE}.get(region_fit, 0.0)

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
