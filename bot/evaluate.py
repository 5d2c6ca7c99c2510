"""`techbridge eval`: prints tables of the retrieval (and answer, match) evaluations."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from retrieval.evaluation import evaluate_retrieval, load_cases

from .services import Services

EVALS = Path(__file__).resolve().parent.parent / "evals"


def print_table(rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    widths = [max(len(str(c)), *(len(str(r[c])) for r in rows)) for c in cols]
    print("  ".join(str(c).ljust(w) for c, w in zip(cols, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(r[c]).ljust(w) for c, w in zip(cols, widths, strict=True)))


def run_eval(services: Services, args: argparse.Namespace) -> int:
    if args.answers:
        from .chat.evaluation import run_answer_eval

        return run_answer_eval(services, args)
    if args.match:
        from .matching.evaluation import run_match_eval

        return run_match_eval(services, args)
    cases = load_cases(EVALS / "retrieval")
    weights = [float(w) for w in args.weights.split(",")] if args.weights else [None]
    out = []
    for weight in weights:
        scores = evaluate_retrieval(services.searcher, cases, keyword_weight=weight)
        label = services.settings.search.keyword_weight if weight is None else weight
        rows = [{"keyword_weight": label, **s.row()} for s in scores.values()]
        out.extend(rows)
        if not args.json:
            print_table(rows)
            print()
        if args.misses:
            for s in scores.values():
                for q, top in s.misses or []:
                    print(f"miss [{s.group}] {q} -> {top}")
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0
