"""The passages of the year a question names: "how many contracts were registered in 2024?" is not
answered by a 2023 report, however well its sentence matches; and where the sentences chosen were all of
other years, the passages of the year read on their own may answer, when their best sentence holds the
question's key concept ("what were Liaoning's 2024 commercialization targets": a 2026 event's summary read
nearer to its words than the 2024 report that states the goals).
"""

from __future__ import annotations

import dataclasses
import re

from retrieval.catalog import RecordView
from retrieval.types import Chunk, Hit

from .extractive import Quote
from .news_naming import named_period
from .outcomes import ASKS_TARGET, STATES_TARGET

__all__ = ["concept_of_sentence", "of_the_year", "of_the_year_hits"]

_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def _years(question: str) -> set[str]:
    years = set(_YEAR.findall(question))
    period = named_period(question)  # "23年那篇新闻": the article's year, written short
    if period is not None:
        years.add(str(period[0].year))
    return years


def _about(chunk: Chunk) -> str:
    return " ".join([chunk.title, chunk.text, chunk.date.isoformat() if chunk.date else ""])


def of_the_year(question: str, quotes: list[Quote]) -> list[Quote]:
    """Where the question names a year, the quotes whose passage is about it."""
    years = _years(question)
    if not years:
        return quotes
    return [q for q in quotes if any(year in _about(q.chunk) for year in years)]


def of_the_year_hits(question: str, hits: list[Hit]) -> list[Hit]:
    """The hits whose passage is about the year the question names (none where it names none)."""
    years = _years(question)
    return [h for h in hits if any(year in _about(h.chunk) for year in years)]


def concept_of_sentence(question: str, quote: Quote, terms: list[str]) -> tuple[list[str], RecordView]:
    """The key terms a quote read on its own must hold, and the quote as what holds them: its sentence
    alone (the passage's other sentences answer nothing quoted). A goal asked is held by a sentence that
    states one ("targets" by "aims to"), whatever its words."""
    if ASKS_TARGET.search(question) and STATES_TARGET.search(quote.text):
        terms = [t for t in terms if not ASKS_TARGET.search(t)]
    sentence = dataclasses.replace(quote.chunk, text=quote.text, title="", meta={})
    return terms, RecordView(sentence)
