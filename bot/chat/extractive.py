"""The extractive answerer: quotes the sentences of the retrieved passages that best answer the question.

Each candidate sentence is scored by its embedding similarity to the question plus the share of the
question's keywords it contains; the best one is taken, with the next ones that come close, up to a
length budget. Sentences keep their passage's citation number. No LLM involved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from retrieval.embedders import Embedder
from retrieval.text import keyword_tokens, split_sentences
from retrieval.types import Chunk, Hit

__all__ = ["Quote", "select_quotes"]

_MAX_CHUNKS = 4  # passages considered: beyond the 4th, sentences rarely win and cost embedding time
_MAX_QUOTES = 3
_MAX_CHARS = 700
_CLOSE = 0.85  # a further sentence is quoted when it scores at least this share of the best one
_KEYWORD_WEIGHT = 0.3


@dataclass(frozen=True)
class Quote:
    chunk: Chunk
    text: str
    score: float
    position: int  # sentence index within its passage, to keep reading order
    similarity: float = 0.0  # cosine similarity of the sentence to the question
    coverage: float = 0.0  # share of the question's keywords (and their translations) in the sentence


def _candidates(hits: list[Hit]) -> list[tuple[Hit, int, str]]:
    out = []
    for hit in hits[:_MAX_CHUNKS]:
        for i, sentence in enumerate(split_sentences(hit.chunk.text)):
            letters = sum(ch.isalnum() for ch in sentence)
            # A heading ("第二十一条 国有企业科技成果转化奖励") is not an answer: short and unpunctuated.
            heading = len(sentence) < 40 and not re.search(r"[。！？；.!?;]$", sentence.rstrip("”\"'）)"))
            if letters >= 8 and not heading and not sentence.rstrip().endswith(":"):
                out.append((hit, i, sentence))
    return out


def select_quotes(
    question: str, hits: list[Hit], embedder: Embedder, translations: list[str] | None = None
) -> list[Quote]:
    """The quotes to answer with, best first; `translations` are glossary terms of the other language,
    so that an English sentence can cover a Chinese question's keywords."""
    cands = _candidates(hits)
    if not cands:
        return []
    q = np.asarray(embedder.embed_query(question), dtype=np.float32)
    vecs = np.asarray(embedder.embed_documents([s for _, _, s in cands]), dtype=np.float32)
    sims = vecs @ q
    terms = set(keyword_tokens(question))
    translated = set(keyword_tokens(" ".join(translations or []))) - terms
    scored = []
    for (hit, pos, sentence), sim in zip(cands, sims, strict=True):
        words = set(keyword_tokens(sentence))
        matched = len(terms & words) + (1 if translated & words else 0)
        overlap = min(1.0, matched / len(terms)) if terms else 0.0
        # The passage's own rank counts a little: a sentence from the best passage wins a near-tie.
        score = float(sim) + _KEYWORD_WEIGHT * overlap + 0.1 * hit.score
        scored.append(Quote(hit.chunk, sentence, score, pos, float(sim), overlap))
    scored.sort(key=lambda x: x.score, reverse=True)
    best = scored[0]
    chosen = [best]
    used = len(best.text)
    for quote in scored[1:]:
        if len(chosen) >= _MAX_QUOTES or quote.score < _CLOSE * best.score:
            break
        if used + len(quote.text) > _MAX_CHARS or any(quote.text == c.text for c in chosen):
            continue
        chosen.append(quote)
        used += len(quote.text)
    return chosen
