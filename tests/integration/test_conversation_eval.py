"""The conversation evaluation (evals/conversations/: questions and conversations written outside the
project, frozen) holds its held-out test split at the figures measured when these floors were set. The
issue's goal is 0.9 for facts, declines and conversations; the floors keep what has been reached from
slipping back while the rest is built (README, Evaluation)."""

from __future__ import annotations

import pytest

from bot.evaluation.conversations import evaluate_service, load_dialogues, load_singles, split_of
from bot.services import Services
from tests.support.config import ROOT

EVALS = ROOT / "evals"
# Measured on the test split (never tuned on): facts 0.877, declines 0.839, small talk 1.0,
# conversations 0.923 (0.877, 0.806, 1.0, 0.923 at the start of this round); each floor is about two
# items below.
FLOORS = {"facts": 0.85, "declines": 0.77, "smalltalk": 0.71, "multi-turn": 0.84}
# evals/holdout: a second set written by a session that read only knowledge/, held out whole (never looked
# at item by item): facts 0.85, declines 0.812, small talk 1.0, conversations 0.583 (0.833, 0.781, 1.0,
# 0.583 at the start of this round).
# evals/holdout2 and holdout3: the halves of tuning5's and tuning6's stranger-written sets held out when
# they were written (by a hash of each item), never read. holdout2: facts 0.939, declines 0.88, small talk
# 0.8, conversations 0.458 (0.879, 0.84, 0.8, 0.354 at its first reading). holdout3: facts 0.815, declines
# 0.692, small talk 1.0, conversations 0.306 (0.815, 0.615, 1.0, 0.245 at its first reading, before any
# change). holdout4, the half of stranger set 7 held out: facts 0.682, declines 1.0, small talk 1.0 (one
# item, no floor), conversations 0.264 (0.682, 1.0, 1.0, 0.245 at its first reading, before any change).
# holdout5, the half of stranger set 8 held out: facts 0.966, declines 0.833, conversations 0.380 at its
# first reading, before any change.
HOLDOUT_FLOORS = {
    "holdout": {"facts": 0.83, "declines": 0.75, "smalltalk": 0.75, "multi-turn": 0.50},
    "holdout2": {"facts": 0.90, "declines": 0.80, "smalltalk": 0.60, "multi-turn": 0.41},
    "holdout3": {"facts": 0.77, "declines": 0.53, "smalltalk": 0.50, "multi-turn": 0.26},
    "holdout4": {"facts": 0.63, "declines": 0.60, "multi-turn": 0.22},
    "holdout5": {"facts": 0.90, "declines": 0.66, "multi-turn": 0.33},
}
# evals/tuning .. tuning8: sets by strangers, tuned on whole like dev (regression guards, not results):
# tuning facts 0.951, declines 0.982, conversations 0.933; tuning2 0.938, 0.955, 0.867; tuning3 0.939,
# 1.0, 0.8; tuning4 0.937, 0.96, 0.725 (0.839, 0.720, 0.375 when it was written, before any change);
# tuning5 (the half of its set not held out) 1.0, 1.0, 0.938 (0.875, 1.0, 0.312 when it was written);
# tuning6 0.919, 0.81, 0.843 (0.823, 0.619, 0.314 when it was written); tuning7 0.895, 1.0, 0.405 (0.895,
# 1.0, 0.297 when it was written); tuning8 0.857, 1.0, 0.45 when it was written.
TUNING_FLOORS = {
    "tuning": {"facts": 0.94, "declines": 0.94, "multi-turn": 0.88},
    "tuning2": {"facts": 0.92, "declines": 0.90, "multi-turn": 0.81},
    "tuning3": {"facts": 0.92, "declines": 0.94, "multi-turn": 0.75},
    "tuning4": {"facts": 0.91, "declines": 0.92, "multi-turn": 0.69},
    "tuning5": {"facts": 0.97, "declines": 0.88, "multi-turn": 0.84},
    "tuning6": {"facts": 0.87, "declines": 0.71, "multi-turn": 0.78},
    "tuning7": {"facts": 0.84, "declines": 0.60, "multi-turn": 0.35},
    "tuning8": {"facts": 0.80, "declines": 0.80, "multi-turn": 0.40},
}


def test_the_sets_are_the_frozen_ones_with_a_fixed_split() -> None:
    singles = load_singles(EVALS / "conversations" / "singles.yaml")
    dialogues = load_dialogues(EVALS / "conversations" / "dialogues.yaml")
    assert len(singles) >= 300 and len(dialogues) >= 60
    assert split_of("沈阳明年有哪些对接会") == split_of("沈阳明年有哪些对接会")
    share = sum(c.split == "test" for c in singles) / len(singles)
    assert 0.25 < share < 0.42  # about a third held out


def test_the_test_split_holds_its_floors(shared_corpus_services: Services) -> None:
    report = evaluate_service(shared_corpus_services, EVALS)
    rates = {str(row["group"]): float(str(row["rate"])) for row in report.table() if row["split"] == "test"}
    low = {group: rates[group] for group, floor in FLOORS.items() if rates[group] < floor}
    assert not low, (low, report.misses[:20])


@pytest.mark.parametrize("name", sorted(HOLDOUT_FLOORS))
def test_the_holdout_sets_hold_their_floors(shared_corpus_services: Services, name: str) -> None:
    report = evaluate_service(shared_corpus_services, EVALS / name, split=name)
    rows = report.table()
    assert {row["split"] for row in rows} == {name}
    rates = {str(row["group"]): float(str(row["rate"])) for row in rows}
    low = {group: rates[group] for group, floor in HOLDOUT_FLOORS[name].items() if rates[group] < floor}
    assert not low, low  # the misses are not printed: the set stays unread


@pytest.mark.parametrize("name", sorted(TUNING_FLOORS))
def test_the_tuning_sets_hold_their_floors(shared_corpus_services: Services, name: str) -> None:
    report = evaluate_service(shared_corpus_services, EVALS / name, split=name)
    rates = {str(row["group"]): float(str(row["rate"])) for row in report.table()}
    low = {group: rates[group] for group, floor in TUNING_FLOORS[name].items() if rates[group] < floor}
    assert not low, (low, report.misses[:20])
