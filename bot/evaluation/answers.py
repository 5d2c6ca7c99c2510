"""Answer evaluation over evals/answers: accuracy (every expected fact in the answer), refusal accuracy
(unanswerable questions get answered=false), and citation correctness (each fact is in a cited chunk)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from retrieval.types import SearchFilters

from ..chat.service import ChatService
from ..services import Services
from ..settings import LLMSettings
from ..storage.db import Database, database_url
from .metrics import Score

__all__ = ["AnswerCase", "answer_row", "evaluate_answer_modes", "evaluate_answers", "load_answer_cases"]


@dataclass(frozen=True)
class AnswerCase:
    q: str
    lang: str
    facts: tuple[str, ...]
    answerable: bool
    where: str


def load_answer_cases(folder: Path) -> list[AnswerCase]:
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


def evaluate_answers(chat: ChatService, store: Any, cases: list[AnswerCase], mode: str) -> Score:
    """Each question in a fresh session; `store` is the vector store (the cited chunks' full text).

    Measures: "accuracy" over the answerable questions, "refusal_accuracy" over the unanswerable ones,
    "citation_correctness" over the expected facts found in the answers."""
    score = Score(mode)
    for case in cases:
        resp = chat.answer(case.q, lang=case.lang or None)
        if not case.answerable:
            score.add("refusal_accuracy", float(not resp.answered))
            if resp.answered:
                score.misses.append(f"answered unanswerable [{case.where}] {case.q}")
            continue
        answer = _norm(resp.answer)
        missing = [f for f in case.facts if _norm(f) not in answer]
        score.add("accuracy", float(resp.answered and not missing))
        if not (resp.answered and not missing):
            score.misses.append(f"missing {missing or 'answer'} [{case.where}] {case.q}")
        texts = _chunk_texts(store, [c.chunk_id for c in resp.citations])
        for fact in case.facts:
            if _norm(fact) in answer:
                score.add("citation_correctness", float(any(_norm(fact) in _norm(t) for t in texts)))
    return score


def _chunk_texts(store: Any, chunk_ids: list[str]) -> list[str]:
    """Full text (and record fields) of cited chunks: a fact may sit beyond the snippet's cut."""
    texts = []
    for chunk_id in chunk_ids:
        doc_id, _, idx = chunk_id.rpartition("#")
        for _, chunk, meta in store.scan(SearchFilters(doc_id=doc_id)):
            if chunk is not None and int(meta["idx"]) == int(idx):
                fields = " ".join(str(v) for v in chunk.meta.values())
                texts.append(f"{chunk.text} {fields} {chunk.title}")
    return texts


def evaluate_answer_modes(
    services: Services, cases: list[AnswerCase], modes: Sequence[str]
) -> Iterator[Score]:
    """One score per answer mode as each is done, each with a fresh database (conversations, leads) over
    the same index."""
    for mode in modes:
        with tempfile.TemporaryDirectory() as tmp:
            settings = services.settings.model_copy(deep=True)
            # Validated: a mode that does not exist fails here, naming the ones that do.
            settings.llm = LLMSettings.model_validate(settings.llm.model_dump() | {"mode": mode})
            run = Services(settings, embedder=services.embedder, clock=services.clock)
            run.__dict__["store"] = services.store
            run.__dict__["searcher"] = services.searcher
            run.__dict__["database"] = Database(database_url(None, Path(tmp)))  # conversations, leads
            yield evaluate_answers(run.chat, services.store, cases, mode)


def answer_row(score: Score) -> dict[str, Any]:
    return {
        "mode": score.group,
        "answerable": score.count("accuracy"),
        "accuracy": score.rounded("accuracy"),
        "unanswerable": score.count("refusal_accuracy"),
        "refusal_accuracy": score.rounded("refusal_accuracy"),
        "citation_correctness": score.rounded("citation_correctness"),
    }
