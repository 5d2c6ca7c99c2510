"""Retrieval evaluation: recall@1, recall@5 and MRR per question group (zh, en, cross-lingual)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .search import HybridSearcher

__all__ = ["GroupScore", "RetrievalCase", "evaluate_retrieval", "load_cases"]


@dataclass(frozen=True)
class RetrievalCase:
    q: str
    group: str
    expected: tuple[str, ...]
    where: str


@dataclass
class GroupScore:
    group: str
    n: int = 0
    hits1: int = 0
    hits5: int = 0
    rr: float = 0.0
    misses: list[tuple[str, list[str]]] | None = None

    @property
    def recall1(self) -> float:
        return self.hits1 / self.n if self.n else 0.0

    @property
    def recall5(self) -> float:
        return self.hits5 / self.n if self.n else 0.0

    @property
    def mrr(self) -> float:
        return self.rr / self.n if self.n else 0.0

    def row(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "n": self.n,
            "recall@1": round(self.recall1, 3),
            "recall@5": round(self.recall5, 3),
            "mrr": round(self.mrr, 3),
        }


def load_cases(folder: Path) -> list[RetrievalCase]:
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
) -> dict[str, GroupScore]:
    """Scores per group plus "all"; a hit is any expected document among the first k distinct documents."""
    groups: dict[str, GroupScore] = {}
    for case in cases:
        ranked = searcher.search(
            case.q, k=30, keyword_weight=keyword_weight, cross_lingual_boost=cross_lingual_boost
        ).doc_ids()
        rank = next((i for i, doc in enumerate(ranked, start=1) if doc in case.expected), None)
        for name in (case.group, "all"):
            score = groups.setdefault(name, GroupScore(name, misses=[]))
            score.n += 1
            if rank is not None:
                score.hits1 += rank == 1
                score.hits5 += rank <= 5
                score.rr += 1.0 / rank
            if (rank is None or rank > 5) and name != "all" and score.misses is not None:
                score.misses.append((case.q, ranked[:5]))
    return groups
