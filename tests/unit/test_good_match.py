"""When a match is good enough to lead with (bot/matching/service.py): enough evidence, or nearly enough
and far ahead of every other candidate."""

from __future__ import annotations

from typing import Any

from bot.matching.service import is_good
from retrieval.matching import Match


def _match(semantic: float, terms: float = 0.0) -> Match:
    reasons: dict[str, Any] = {"contributions": {"semantic": semantic, "terms": terms}}
    return Match(record=None, score=semantic + terms, reasons=reasons)  # type: ignore[arg-type]


def test_enough_evidence_is_good_whatever_comes_next() -> None:
    assert is_good(_match(0.45, 0.06))
    assert is_good(_match(0.45, 0.06), _match(0.50))


def test_nearly_enough_is_good_only_far_ahead_of_the_next() -> None:
    detector = _match(0.44, 0.04)  # "AI inspection on our cold rolling line": 0.48
    assert is_good(detector, _match(0.27))
    assert not is_good(detector, _match(0.36))  # 0.12 ahead: a close call stays "closest"
    assert not is_good(detector)  # nothing known of the rest
    assert not is_good(_match(0.35), _match(0.05))  # far ahead of nothing much is still little evidence
