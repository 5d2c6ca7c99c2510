"""The period a question names, counted from today (2026-12-06): months written in Chinese numerals, and a
month of next or last year."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat.periods import period_named

TODAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("三月有什么对接会", dt.date(2027, 3, 1)),  # passed this year: next year's
        ("十二月有哪些活动", dt.date(2026, 12, 1)),
        ("十一月的活动", dt.date(2027, 11, 1)),
        ("2027年三月", dt.date(2027, 3, 1)),
        ("明年十二月", dt.date(2027, 12, 1)),  # next year's, though this December has not passed
        ("去年十二月", dt.date(2025, 12, 1)),
        ("3月有什么对接会", dt.date(2027, 3, 1)),
    ],
)
def test_a_month_in_either_numerals(question: str, first: dt.date) -> None:
    assert period_named(question, TODAY)[0] == first


def test_a_duration_is_no_month() -> None:
    assert period_named("一个月内能完成吗", TODAY) == (None, None)
