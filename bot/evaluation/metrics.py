"""The one score type of the evaluations (retrieval, answers, matching) and the one table printer.

A `Score` is one group's (or one answer mode's) measures, each the mean of a value per case it was
measured on: recall@5 the mean of 1 (expected document in the top 5) or 0 over the questions, MRR the mean
of 1/rank, refusal accuracy the mean over the unanswerable questions only. The tables round to 3 places.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["DECIMALS", "Measure", "Score", "print_table"]

DECIMALS = 3  # what every evaluation table has printed since the first one (README's figures)


@dataclass
class Measure:
    """A running mean: the sum of the per-case values and how many cases were measured."""

    total: float = 0.0
    count: int = 0

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0


@dataclass
class Score:
    """The measures of one group of cases, and what it missed (lines for `--misses`)."""

    group: str
    measures: dict[str, Measure] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, measure: str, value: float) -> None:
        """One case's value of a measure (1.0 / 0.0 for a hit or a miss, 1/rank, a share)."""
        m = self.measures.setdefault(measure, Measure())
        m.total += value
        m.count += 1

    def mean(self, measure: str) -> float:
        """The measure's mean over its cases; 0.0 when none was measured."""
        return self.measures[measure].mean if measure in self.measures else 0.0

    def count(self, measure: str) -> int:
        """How many cases the measure was taken on."""
        return self.measures[measure].count if measure in self.measures else 0

    def rounded(self, measure: str) -> float:
        return round(self.mean(measure), DECIMALS)


def print_table(rows: Sequence[Mapping[str, object]]) -> None:
    """Rows of one shape as left-aligned columns under a header and a rule; nothing for no rows."""
    if not rows:
        return
    cols = list(rows[0])
    widths = [max(len(str(c)), *(len(str(r[c])) for r in rows)) for c in cols]
    print("  ".join(str(c).ljust(w) for c, w in zip(cols, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(r[c]).ljust(w) for c, w in zip(cols, widths, strict=True)))
