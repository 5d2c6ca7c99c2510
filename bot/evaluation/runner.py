"""`techbridge eval`: prints the table of the retrieval evaluation (default), the answer evaluation
(--answers), the matchmaking evaluation (--match), the intent routing (--routing: accuracy and the
confusion matrix) or the conversation evaluation (--conversations: dev and test splits, the tuning sets,
and the sets held out whole in evals/holdout and evals/holdout2), reading the cases from the settings'
evals dir."""

from __future__ import annotations

import argparse
import json

from ..services import Services
from .answers import answer_row, evaluate_answer_modes, load_answer_cases
from .conversations import HOLDOUT_SETS, TUNING_SETS, evaluate_service
from .matching import evaluate_matching, load_match_cases, match_row
from .metrics import print_table
from .retrieval import evaluate_retrieval, load_retrieval_cases, retrieval_row
from .routing import evaluate_default_routing, print_routing

__all__ = [
    "run_answer_eval",
    "run_conversation_eval",
    "run_eval",
    "run_match_eval",
    "run_retrieval_eval",
    "run_routing_eval",
]


def run_routing_eval(services: Services, args: argparse.Namespace) -> int:
    """The shipped prototypes on evals/routing (dev and test accuracy, the test split's confusion)."""
    cases = services.settings.evals_dir / "routing" / "utterances.yaml"
    report = evaluate_default_routing(services.embedder, cases_path=cases)
    print_routing(report)
    if args.misses:
        for item, routed in report.misses.get("test", []):
            print(f"miss [{item.intent} -> {routed.intent}] {item.text}")
    return 0


def run_conversation_eval(services: Services, args: argparse.Namespace) -> int:
    """Single questions and multi-turn conversations written outside the project, dev and test."""
    report = evaluate_service(services, services.settings.evals_dir)
    rows = report.table()
    # More sets written by strangers from knowledge/ only, each whole in one split: the tuning sets
    # (tuned on, like dev) and the holdouts (never read item by item, never tuned on).
    for split in (*TUNING_SETS, *HOLDOUT_SETS):
        folder = services.settings.evals_dir / split
        if (folder / "conversations").is_dir():
            more = evaluate_service(services, folder, split=split)
            rows += more.table()
            report.misses += more.misses
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print_table(rows)
    if args.misses:  # the splits tuned on; the test and holdout misses stay unread
        for miss in report.misses:
            if miss.startswith(("[dev", "[tuning")):
                print(miss)
    return 0


def run_eval(services: Services, args: argparse.Namespace) -> int:
    if getattr(args, "routing", False):
        return run_routing_eval(services, args)
    if getattr(args, "conversations", False):
        return run_conversation_eval(services, args)
    if args.answers:
        return run_answer_eval(services, args)
    if args.match:
        return run_match_eval(services, args)
    return run_retrieval_eval(services, args)


def run_retrieval_eval(services: Services, args: argparse.Namespace) -> int:
    """One table per keyword weight (--weights 0,0.1,0.2 compares them; default: the configured one)."""
    cases = load_retrieval_cases(services.settings.evals_dir / "retrieval")
    weights = [float(w) for w in args.weights.split(",")] if args.weights else [None]
    out = []
    for weight in weights:
        scores = evaluate_retrieval(services.searcher, cases, keyword_weight=weight)
        label = services.settings.search.keyword_weight if weight is None else weight
        rows = [{"keyword_weight": label, **retrieval_row(s)} for s in scores.values()]
        out.extend(rows)
        if not args.json:
            print_table(rows)
            print()
        if args.misses:
            for s in scores.values():
                for miss in s.misses:
                    print(f"miss [{s.group}] {miss}")
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def run_answer_eval(services: Services, args: argparse.Namespace) -> int:
    """One row per answer mode (--modes extractive,llm)."""
    cases = load_answer_cases(services.settings.evals_dir / "answers")
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    rows = []
    for score in evaluate_answer_modes(services, cases, modes):
        rows.append(answer_row(score))
        if args.misses:
            for failure in score.misses:
                print(f"{score.group}: {failure}")
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print_table(rows)
    return 0


def run_match_eval(services: Services, args: argparse.Namespace) -> int:
    cases = load_match_cases(services.settings.evals_dir / "match")
    scores = evaluate_matching(services.matcher, services.catalog, cases)
    rows = [match_row(s) for s in scores.values()]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print_table(rows)
    if args.misses:
        for miss in scores["all"].misses:
            print(f"miss {miss}")
    return 0
