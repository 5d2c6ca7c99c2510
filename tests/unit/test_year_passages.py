"""The passages of the year a question names (bot/chat/year_passages.py), and an event's line of its date
and place, which is no sentence to quote (bot/chat/extractive.py)."""

from __future__ import annotations

import datetime as dt

from bot.chat.extractive import Quote, _candidates
from bot.chat.year_passages import concept_of_sentence, of_the_year, of_the_year_hits
from retrieval.types import Chunk, Hit

REPORT = Chunk(
    "news-2024#2", "news-2024", 2,
    "In 2024, Liaoning aims to promote the commercialization of over 4,000 achievements.",
    "news", "Liaoning hub", "en", dt.date(2024, 7, 23),
)  # fmt: skip
EVENT = Chunk(
    "event-2026#0", "event-2026", 0,
    "Magnesite matchmaking\n2026-12-10 辽阳 Liaoyang 辽阳经济技术开发区科技创新服务中心报告厅\n"
    "The meeting will release more than 20 achievements and 30 enterprise needs.",
    "event", "Magnesite matchmaking", "en", dt.date(2026, 12, 10), meta={"start_date": "2026-12-10"},
)  # fmt: skip


def test_the_passages_of_the_year_named() -> None:
    hits = [Hit(EVENT, 0.9, 0.5, 0.5), Hit(REPORT, 0.5, 0.3, 1.0)]
    assert [h.chunk.id for h in of_the_year_hits("Liaoning's 2024 targets", hits)] == ["news-2024#2"]
    assert of_the_year_hits("Liaoning's targets", hits) == []  # no year named: none read again
    quotes = [Quote(EVENT, "The meeting will release ...", 0.9, 2), Quote(REPORT, REPORT.text, 0.5, 0)]
    assert [q.chunk.id for q in of_the_year("24年那篇新闻说的目标", quotes)] == ["news-2024#2"]


def test_a_goal_asked_is_held_by_a_sentence_that_states_one() -> None:
    quote = Quote(REPORT, REPORT.text, 0.5, 0)
    terms, sentence = concept_of_sentence(
        "what were the 2024 targets", quote, ["commercialization", "targets"]
    )
    assert terms == ["commercialization"] and sentence.chunk.text == REPORT.text and not sentence.chunk.title
    # a count asked keeps its terms: the goals name no patent
    terms, _ = concept_of_sentence("how many patents in 2024", quote, ["patents", "granted"])
    assert terms == ["patents", "granted"]


def test_an_events_date_and_place_line_is_never_quoted() -> None:
    sentences = [s for _, _, s in _candidates([Hit(EVENT, 0.9, 0.5, 0.5)])]
    assert not any(s.startswith("2026-12-10") for s in sentences)
    assert any(s.startswith("The meeting will release") for s in sentences)
