"""Answer evaluation over evals/answers: accuracy (every expected fact in the answer), refusal accuracy
(unanswerable questions get answered=false), and citation correctness (each fact is in a cited chunk)."""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..settings import Settings

__all__ = ["AnswerCase", "ModeScore", "evaluate_answers", "load_answer_cases", "run_answer_eval"]

EVALS = Path(__file__).resolve().parents[2] / "evals" / "answers"


@dataclass(frozen=True)
class AnswerCase:
    q: str
    lang: str
    facts: tuple[str, ...]
    answerable: bool
    where: str


@dataclass
class ModeScore:
    mode: str
    answerable: int = 0
    correct: int = 0
    unanswerable: int = 0
    refused: int = 0
    facts: int = 0
    facts_cited: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.answerable if self.answerable else 0.0

    @property
    def refusal_accuracy(self) -> float:
        return self.refused / self.unanswerable if self.unanswerable else 0.0

    @property
    def citation_correctness(self) -> float:
        return self.facts_cited / self.facts if self.facts else 0.0

    def row(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "answerable": self.answerable,
            "accuracy": round(self.accuracy, 3),
            "unanswerable": self.unanswerable,
            "refusal_accuracy": round(self.refusal_accuracy, 3),
            "citation_correctness": round(self.citation_correctness, 3),
        }


def load_answer_cases(folder: Path = EVALS) -> list[AnswerCase]:
    cases = []
    for file in sorted(folder.glob("*.yaml")):
        for i, item in enumerate(yaml.safe_load(file.read_text(encoding="utf-8")) or [], start=1):
            facts = tuple(str(f) for f in item.get("facts") or [])
            answerable = bool(item.get("answerable", bool(facts)))
            cases.append(
                AnswerCase(str(item["q"]), str(item.get("lang") or ""), facts, answerable, f"{file.name}#{i}")
            )
    return cases


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def evaluate_answers(chat: Any, store: Any, cases: list[AnswerCase], mode: str) -> ModeScore:
    """Each question in a fresh session. `chat` is a ChatService; `store` the vector store (chunk text)."""
    score = ModeScore(mode)
    for case in cases:
        resp = chat.answer(case.q, lang=case.lang or None)
        if not case.answerable:
            score.unanswerable += 1
            if not resp.answered:
                score.refused += 1
            else:
                score.failures.append(f"answered unanswerable [{case.where}] {case.q}")
            continue
        score.answerable += 1
        answer = _norm(resp.answer)
        missing = [f for f in case.facts if _norm(f) not in answer]
        if resp.answered and not missing:
            score.correct += 1
        else:
            score.failures.append(f"missing {missing or 'answer'} [{case.where}] {case.q}")
        keys = [c.chunk_id for c in resp.citations]
        texts = _chunk_texts(store, keys)
        for fact in case.facts:
            if _norm(fact) in answer:
                score.facts += 1
                if any(_norm(fact) in _norm(t) for t in texts):
                    score.facts_cited += 1
    return score


def _chunk_texts(store: Any, chunk_ids: list[str]) -> list[str]:
    """Full text (and record fields) of cited chunks: a fact may sit beyond the snippet's cut."""
    texts = []
    for chunk_id in chunk_ids:
        doc_id, _, idx = chunk_id.rpartition("#")
        for _, chunk, _ in store.scan(where={"$and": [{"doc_id": doc_id}, {"idx": int(idx)}]}):
            texts.append(chunk.text + " " + " ".join(str(v) for v in chunk.meta.values()) + " " + chunk.title)
    return texts


def run_answer_eval(services: Any, args: argparse.Namespace) -> int:
    from ..evaluate import print_table
    from ..services import Services

    cases = load_answer_cases()
    rows = []
    for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
        with tempfile.TemporaryDirectory() as tmp:
            # Fresh conversation store per mode, same index.
            settings: Settings = services.settings.model_copy(deep=True)
            settings.llm.mode = mode
            run = Services(settings, embedder=services.embedder, clock=services.clock)
            run.__dict__["store"] = services.store
            run.__dict__["searcher"] = services.searcher
            from ..chat.store import SqliteConversationStore

            run.__dict__["conversations"] = SqliteConversationStore(Path(tmp) / "eval.sqlite3")
            score = evaluate_answers(run.chat, services.store, cases, mode)
        rows.append(score.row())
        if args.misses:
            for failure in score.failures:
                print(f"{mode}: {failure}")
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print_table(rows)
    return 0
