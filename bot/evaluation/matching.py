"""Matchmaking evaluation over evals/match: precision@3 and MRR, overall and per group.

Each case is a demand (a record id or free text) with the achievements an expert would offer, or an
achievement with the demands it should go to. Groups: the query's language ("zh", "en"), "cross-lingual"
(the first expected record is in the other language) and the direction.

precision@3 here is the share of the top 3 that are expected, out of min(3, number expected): with one
right answer per case, as most have, plain P@3 could not exceed 1/3 and would hide the ranking quality.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from retrieval.catalog import Catalog
from retrieval.matching import Matcher, MatchQuery
from retrieval.text import detect_lang

from .metrics import Score

__all__ = ["DIRECTIONS", "MatchCase", "evaluate_matching", "load_match_cases", "match_row"]

DIRECTIONS = ("demand_to_technology", "technology_to_demand")


@dataclass(frozen=True)
class MatchCase:
    expected: tuple[str, ...]
    direction: str
    text: str | None = None
    record_id: str | None = None
    where: str = ""


def load_match_cases(folder: Path) -> list[MatchCase]:
    cases = []
    for file in sorted(folder.glob("*.yaml")):
        for i, item in enumerate(yaml.safe_load(file.read_text(encoding="utf-8")) or [], start=1):
            record_id = item.get("demand_id") or item.get("achievement_id") or item.get("record_id")
            direction = item.get("direction") or (
                "technology_to_demand" if item.get("achievement_id") else "demand_to_technology"
            )
            if direction not in DIRECTIONS:
                raise ValueError(f"{file.name}#{i}: direction must be one of {DIRECTIONS}")
            expected = tuple(str(x) for x in item.get("expected") or [])
            if not expected or not (record_id or item.get("text")):
                raise ValueError(f"{file.name}#{i}: needs expected ids and a text or a record id")
            cases.append(MatchCase(expected, direction, item.get("text"), record_id, f"{file.name}#{i}"))
    return cases


def _query(case: MatchCase, catalog: Catalog) -> MatchQuery:
    if case.record_id:
        kind = "demand" if case.direction == "demand_to_technology" else "achievement"
        record = catalog.record(kind, case.record_id)
        if record is None:
            raise ValueError(f"{case.where}: no {kind} {case.record_id!r} in the index")
        return MatchQuery.from_record(record)
    assert case.text is not None
    return MatchQuery.from_text(
        case.text, "demand" if case.direction == "demand_to_technology" else "achievement"
    )


def evaluate_matching(matcher: Matcher, catalog: Catalog, cases: list[MatchCase]) -> dict[str, Score]:
    """Scores per group, "all" first; the misses (cases not right at rank 1) are kept under "all"."""
    langs = {r.id: r.chunk.lang for kind in ("achievement", "demand") for r in catalog.records(kind)}
    scores: dict[str, Score] = {"all": Score("all")}
    for case in cases:
        query = _query(case, catalog)
        ranked = [m.record.id for m in matcher.match(query, k=10)]
        lang = query.lang or detect_lang(query.text)
        groups = ["all", lang, case.direction]
        if langs.get(case.expected[0], lang) != lang:
            groups.append("cross-lingual")
        top3 = sum(1 for r in ranked[:3] if r in case.expected) / min(3, len(case.expected))
        rank = next((i for i, r in enumerate(ranked, start=1) if r in case.expected), None)
        for g in groups:
            s = scores.setdefault(g, Score(g))
            s.add("precision@3", top3)
            s.add("MRR", 1.0 / rank if rank else 0.0)
            s.add("hit@1", float(rank == 1))
        if rank != 1:
            scores["all"].misses.append(
                f"[{case.where}] {case.text or case.record_id}: expected "
                f"{case.expected[0]} at rank {rank or '>10'}; got {ranked[:3]}"
            )
    order = ["all", "zh", "en", "cross-lingual", *DIRECTIONS]
    return {g: scores[g] for g in order if g in scores}


def match_row(score: Score) -> dict[str, Any]:
    return {
        "group": score.group,
        "cases": score.count("MRR"),
        "precision@3": score.rounded("precision@3"),
        "MRR": score.rounded("MRR"),
        "hit@1": score.rounded("hit@1"),
    }
