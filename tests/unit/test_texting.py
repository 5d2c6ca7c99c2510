"""Texting forms are read as the words they stand for; look-alikes inside words, units and Chinese stay."""

from __future__ import annotations

import pytest

from bot.conversation.texting import expand_texting


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("hey there, what do u do", "hey there, what do you do"),
        ("r there any events?", "are there any events?"),
        ("whats the fee pls", "what's the fee please"),
        ("thx!", "thanks!"),
        ("tech w/ patents", "tech with patents"),
        ("im looking for a partner", "I'm looking for a partner"),
        ("which yr", "which year"),
        ("how many yrs of protection", "how many years of protection"),
    ],
)
def test_texting_forms_are_spelled_out(typed: str, read: str) -> None:
    assert expand_texting(typed) == read


@pytest.mark.parametrize(
    "text",
    [
        "R&D intensity in 2023",
        "1.2 W/cm²",
        "U.S. market",
        "the u-turn",
        "有没有氢能相关的",
        "Article 5.u",
        "5 yr-old",
    ],
)
def test_look_alikes_are_left_as_typed(text: str) -> None:
    assert expand_texting(text) == text
