"""The period a question names, as its first and last day: "next month", "本月", "2027年下半年", "H2 2027",
"3月", "三月", "March 2027", "2027年", "明年", "明年十二月", counted from today (a month without a year is
this year's, or next year's once it has passed). The dates slot of a plan (intents.py).

Every pattern here runs on user text, so each runs in time linear in it (tests/unit/test_bounded_patterns.py).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..numbers import cn_number

__all__ = ["period_named"]

_NEXT_MONTH = re.compile(r"\bnext month\b|下个月|下月", re.I)
_THIS_MONTH = re.compile(r"\bthis month\b|本月|这个月", re.I)
# "3月", "三月", "十二月" (\s* after 年 only: one scan of a space run)
_MONTH_ZH = re.compile(r"(?:(20\d\d)年\s*)?(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月")
# the name or the short form people type ("end of jan 2027", "Sept 2027"); read by its first three letters
_MONTH_EN = re.compile(
    r"\b(" + "|".join(calendar.month_name[1:]) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?"
    r"(?:\s+(20\d\d))?",
    re.I,
)
_YEAR = re.compile(r"(20\d\d)\s*年?")
# "2027年下半年", "明年上半年", "first half of 2027", "H2 2027"
_HALF = re.compile(
    r"(?:(20\d\d)\s*(?:年\s*)?)?(?:上半年|下半年)|"
    r"(?:the )?(?:first|second) half(?: of)?(?: (20\d\d))?|\bH[12](?: (20\d\d))?\b",
    re.I,
)
_RELATIVE_YEAR = {  # years counted from today's
    0: re.compile(r"\bthis year\b|今年|本年度?", re.I),
    1: re.compile(r"\bnext year\b|明年|下一?年", re.I),
    -1: re.compile(r"\blast year\b|去年|上一?年", re.I),
}
_FIRST_HALF = re.compile(r"上半年|first half|\bH1\b", re.I)


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def period_named(text: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of the period a question names ("next month", "2027年下半年", "March",
    "last year"), counted from `today`; (None, None) where it names none."""
    if _NEXT_MONTH.search(text):
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return _month_range(year, month)
    if _THIS_MONTH.search(text):
        return _month_range(today.year, today.month)
    half = _HALF.search(text)
    if half:
        year_s = half.group(1) or half.group(2) or half.group(3)
        year = int(year_s) if year_s else today.year + (1 if _RELATIVE_YEAR[1].search(text) else 0)
        first = bool(_FIRST_HALF.search(half.group(0)))
        return (
            (dt.date(year, 1, 1), dt.date(year, 6, 30))
            if first
            else (dt.date(year, 7, 1), dt.date(year, 12, 31))
        )
    zh = _MONTH_ZH.search(text)
    en = _MONTH_EN.search(text)
    if zh or en:
        if zh:
            digits = zh.group(2)
            month, year_s = int(digits) if digits.isdigit() else cn_number(digits) or 0, zh.group(1)
        else:
            assert en is not None
            month = [m.lower()[:3] for m in calendar.month_name].index(en.group(1).lower()[:3])
            year_s = en.group(2)
        # "明年12月" is next year's, "3月" this year's or, once passed, next year's
        offset = next((o for o, pattern in _RELATIVE_YEAR.items() if pattern.search(text)), None)
        ahead = today.year if month >= today.month else today.year + 1
        year = int(year_s) if year_s else today.year + offset if offset is not None else ahead
        return _month_range(year, month)
    year_m = _YEAR.search(text)
    if year_m:
        year = int(year_m.group(1))
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    for offset, pattern in _RELATIVE_YEAR.items():
        if pattern.search(text):
            year = today.year + offset
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None, None
