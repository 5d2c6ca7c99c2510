"""When the knowledge base counts as having an answer: the evidence bars of the answering path
(answering.py), calibrated on evals/answers (README)."""

from __future__ import annotations

from dataclasses import dataclass

from .extractive import Quote

__all__ = ["Thresholds"]


@dataclass(frozen=True)
class Thresholds:
    """When the knowledge base counts as having an answer, calibrated on evals/answers (README).

    Passage-level similarity does not separate "is there a space elevator technology?" (unanswerable)
    from real questions; the best quotable sentence does better: on evals/answers its score (similarity
    plus IDF-weighted keyword coverage plus answer-type bonus) was >= 0.53 for every answerable question
    that reaches passage search, and < 0.50 for the unanswerable ones except near misses such as "what
    minimum salary does the law set for technology managers?" (0.63-0.68; the law has articles on
    technology managers, not their pay).
    """

    evidence: float = 0.52  # best sentence score for an answer from passages
    covered: float = 0.5  # ... or a sentence holding this share of the question's terms
    covered_evidence: float = 0.44  # ... that scores at least this
    passage_floor: float = 0.12  # passages below this cosine similarity are not even read
    # ... unless it is news that a keyword search ranks among the first of its language (BM25 normalised
    # to the best): an article's paragraph holds several topics, and a question of the other language that
    # asks about one of them lands far from it ("玲珑一号核心模块交付给谁了" 0.10 from the paragraph that
    # names Linglong No. 1, its best keyword match through the glossary)
    news_keyword: float = 0.95
    prose_first: float = 0.62  # a count/event question whose answer is plainly in the news goes there
    route_margin: float = 0.1  # the router overrides the rules this far ahead of its runner-up (dev)
    # A record quoted as a passage holds this share of the question's key terms' weight (evidence.py): a
    # question about one record also names what it asks ("false alarm rate"), which the record may word
    # otherwise; a record that shares only the asker's name or city ("大连理工大学有多少学生") falls short.
    record_share: float = 0.2

    # ... or a sentence holding a name of the question that one or two passages hold ("Linglong No. 1",
    # "whats the Linglong No. 1 thing in the news": 0.35-0.44; the name is the question's subject, and
    # the rest of its words, "thing", "news", are none)
    named_evidence: float = 0.30

    def answered(self, best: Quote, named: bool = False) -> bool:
        """Whether the best quote answers: it scores above the evidence bar, or it holds most of the
        question's terms and scores nearly as well (a Chinese question answered by an English sentence
        scores lower for the same evidence: cross-lingual cosines run lower), or it holds a rare name the
        question gives (`named`). On the dev questions of evals/conversations the second arm answered 3
        more of 202 and declined as many of 56."""
        if best.score >= self.evidence or (named and best.score >= self.named_evidence):
            return True
        return best.coverage >= self.covered and best.score >= self.covered_evidence
