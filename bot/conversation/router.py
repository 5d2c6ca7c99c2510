"""A semantic intent router: the intent whose prototype utterances lie nearest to the message.

Each intent has 12-20 prototype utterances in Chinese and English (prototypes.yaml). They are embedded
once, on the first call to `route` (thread-safe), into one unit-row matrix; a message costs one
`embed_query` and one matrix-vector product. An intent's score is the mean of its `top_k` best cosine
similarities (3 by default: one stray prototype cannot win alone, and a broad intent is not penalised for
prototypes far from the message, as a mean over all of them would). `margin` is the best intent's score
minus the runner-up's, the router's confidence for callers that fall back or ask when it is small.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from retrieval.embedders import Embedder

__all__ = ["DEFAULT_PROTOTYPES", "IntentRouter", "Routing", "load_prototypes"]

DEFAULT_PROTOTYPES = Path(__file__).resolve().with_name("prototypes.yaml")
TOP_K = 3  # measured on the dev split of evals/routing: 3 beat 1, 2, 5 and the mean of all (README)


@dataclass(frozen=True)
class Routing:
    """The chosen intent, its score (mean of its top-k cosine similarities), and its lead over the next."""

    intent: str
    score: float
    margin: float
    runner_up: str
    scores: Mapping[str, float] = field(default_factory=dict)  # every intent's score

    def behind(self, intent: str) -> float:
        """How far `intent` scores below the chosen one (0 for the chosen one; inf when unknown)."""
        return self.score - self.scores[intent] if intent in self.scores else float("inf")


def load_prototypes(path: Path = DEFAULT_PROTOTYPES) -> dict[str, list[str]]:
    """Intent -> utterances from a YAML mapping of intent -> {zh: [...], en: [...]} (or a plain list)."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not raw:
        raise ValueError(f"{path}: expected a mapping of intent -> utterances")
    prototypes: dict[str, list[str]] = {}
    for intent, entry in raw.items():
        groups = entry.values() if isinstance(entry, dict) else [entry]
        texts = [str(t).strip() for group in groups for t in (group or [])]
        if not texts:
            raise ValueError(f"{path}: intent {intent!r} has no utterances")
        prototypes[str(intent)] = texts
    return prototypes


class IntentRouter:
    """Routes a message to the intent of its nearest prototypes; `extra` adds utterances per intent
    (labelled examples, e.g. the dev split of evals/routing) to the prototypes."""

    def __init__(
        self,
        embedder: Embedder,
        prototypes: Mapping[str, Sequence[str]],
        *,
        extra: Mapping[str, Sequence[str]] | None = None,
        top_k: int = TOP_K,
    ) -> None:
        merged: dict[str, list[str]] = {intent: list(texts) for intent, texts in prototypes.items()}
        for intent, texts in (extra or {}).items():
            merged.setdefault(intent, []).extend(texts)
        merged = {intent: list(dict.fromkeys(texts)) for intent, texts in merged.items() if texts}
        if len(merged) < 2:
            raise ValueError("an intent router needs prototypes for at least two intents")
        if top_k < 1:
            raise ValueError("top_k must be at least 1")
        self._embedder = embedder
        self._prototypes = merged
        self._top_k = top_k
        self._intents = sorted(merged)
        self._lock = threading.Lock()
        self._matrix: np.ndarray | None = None  # one unit row per prototype, grouped by intent
        self._spans: list[tuple[int, int]] = []  # the rows of each intent, in self._intents order

    @property
    def intents(self) -> list[str]:
        return list(self._intents)

    def prepare(self) -> None:
        """Embed the prototypes now (else on the first `route`); safe to call from several threads."""
        if self._matrix is not None:
            return
        with self._lock:
            if self._matrix is not None:
                return
            texts: list[str] = []
            spans = []
            for intent in self._intents:
                spans.append((len(texts), len(texts) + len(self._prototypes[intent])))
                texts.extend(self._prototypes[intent])
            self._spans = spans
            self._matrix = _unit_rows(np.asarray(self._embedder.embed_documents(texts), dtype=np.float32))

    def route(self, text: str) -> Routing:
        """The intent nearest to `text`: one query embedding and one matrix-vector product."""
        return self._decide(np.asarray(self._embedder.embed_query(text), dtype=np.float32))

    def route_many(self, texts: Sequence[str]) -> list[Routing]:
        """`route` for a batch (evaluation): the texts embed in one `embed_documents` call."""
        if not texts:
            return []
        vectors = _unit_rows(np.asarray(self._embedder.embed_documents(list(texts)), dtype=np.float32))
        return [self._decide(vector) for vector in vectors]

    def _decide(self, vector: np.ndarray) -> Routing:
        self.prepare()
        assert self._matrix is not None
        norm = float(np.linalg.norm(vector))
        similarities = self._matrix @ (vector / norm if norm else vector)
        scores = np.empty(len(self._intents), dtype=np.float32)
        for i, (start, end) in enumerate(self._spans):
            row = similarities[start:end]
            k = min(self._top_k, len(row))
            scores[i] = np.partition(row, len(row) - k)[len(row) - k :].mean()
        best, second = (int(i) for i in np.argsort(-scores, kind="stable")[:2])
        return Routing(
            intent=self._intents[best],
            score=float(scores[best]),
            margin=float(scores[best] - scores[second]),
            runner_up=self._intents[second],
            scores={intent: float(score) for intent, score in zip(self._intents, scores, strict=True)},
        )


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    if matrix.ndim != 2:
        raise ValueError("the embedder returned no vectors")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)
