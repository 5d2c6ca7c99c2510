"""Retrieval evaluation over evals/retrieval: recall@1, recall@5 and MRR per question group (zh, en,
cross-lingual) and over all questions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from retrieval.search import HybridSearcher

from .metrics import Score

__all__ = ["RetrievalCase", "evaluate_retrieval", "load_retrieval_cases", "retrieval_row"]


@dataclass(frozen=True)
class RetrievalCase:
    q: str
    group: str
    expected: tuple[str, ...]
    where: str


def load_retrieval_cases(folder: Path) -> list[RetrievalCase]:
    cases = []
    for file in sorted(folder.glob("*.yaml")):
        for i, item in enumerate(yaml.safe_load(file.read_text(encoding="utf-8")) or [], start=1):
            expected = item.get("expected") or []
            cases.append(
                RetrievalCase(str(item["q"]), str(item["group"]), tuple(expected), f"{file.name}#{i}")
            )
    return cases


def evaluate_retrieval(
    searcher: HybridSearcher,
    cases: Iterable[RetrievalCase],
    keyword_weight: float | None = None,
    cross_lingual_boost: float | None = None,
) -> dict[str, Score]:
    """Scores per group plus "all", in the order the groups first occur; a hit is any expected document
    among the first k distinct documents. A group's misses are its questions with none in the top 5."""
    groups: dict[str, Score] = {}
    for case in cases:
        ranked = searcher.search(
            case.q, k=30, keyword_weight=keyword_weight, cross_lingual_boost=cross_lingual_boost
        ).doc_ids()
        rank = next((i for i, doc in enumerate(ranked, start=1) if doc in case.expected), None)
        for name in (case.group, "all"):
            score = groups.setdefault(name, Score(name))
            score.add("recall@1", float(rank == 1))
            score.add("recall@5", float(rank is not None and rank <= 5))
            score.add("mrr", 1.0 / rank if rank else 0.0)
            if (rank is None or rank > 5) and name != "all":
                score.misses.append(f"{case.q} -> {ranked[:5]}")
    return groups


def retrieval_row(score: Score) -> dict[str, Any]:
    return {
        "group": score.group,
        "n": score.count("mrr"),
        "recall@1": score.rounded("recall@1"),
        "recall@5": score.rounded("recall@5"),
        "mrr": score.rounded("mrr"),
    }
