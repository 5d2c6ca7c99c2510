"""The patterns of the follow-up modules added after tests/unit/test_bounded_patterns.py listed its
modules (filters on a list, named records, topics, attribute answers) run in time linear in the text,
with the same inputs, sizes and budgets (SECURITY.md, Limits: bounded work on user text)."""

from __future__ import annotations

import importlib

import pytest

from tests.unit.test_bounded_patterns import check_linear, collect

MODULES = (
    "bot.conversation.subsets",
    "bot.conversation.named",
    "bot.conversation.topics",
    "bot.conversation.attribute_answers",
    "bot.conversation.deadline_dates",
    # the answerers added with the conversation work that read the user's message: event naming,
    # regulation articles and names, superlatives over the list shown
    "bot.conversation.event_evidence",
    "bot.conversation.event_names",
    "bot.conversation.regulation_articles",
    "bot.conversation.regulation_names",
    "bot.conversation.regulation_quote",
    "bot.conversation.regulation_words",
    "bot.conversation.superlatives",
    "bot.numbers",  # the superlatives' reading of a budget
    # the question types of an event and a record's detail sentences: they read the message too, and
    # source sentences and owner names, whose long runs of digits, Chinese or spaces were quadratic
    "bot.conversation.event_answer_types",
    "bot.conversation.detail_text",
    # this round's: who a person is (the message, and the news' appositions), the article next to one
    "bot.conversation.people",
    "bot.conversation.news_facts",
    "bot.conversation.regulation_steps",
    # a measure asked of the record in focus, and the figure of it in a record's sentence
    "bot.conversation.measures",
    # a detail of a named event (a set of events asked for, as of now or to come), a day of its programme,
    # and one end of the events listed ("the last matchmaking event in 2027")
    "bot.conversation.event_details",
    "bot.conversation.event_programme",
    "bot.chat.structured",
    "bot.conversation.comparisons",  # two records named and compared
    "bot.conversation.fit_check",  # whether a technology meets a demand's requirement
    "bot.conversation.demand_place",  # a demand named by its city and what the company is
)
PATTERNS = collect(tuple(importlib.import_module(m) for m in MODULES))


def test_every_module_has_patterns_collected() -> None:
    assert {name.rsplit(".", 1)[0].split("[")[0] for name in PATTERNS} == set(MODULES)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_follow_up_pattern_runs_in_linear_time(name: str) -> None:
    check_linear(name, PATTERNS[name])
