"""Dates of deadlines: the first date a registration text writes (either language, its year taken from the
event where the text leaves it out), and a deadline told with how far it is from today ("registration
closed three days ago", "还有 25 天")."""

from __future__ import annotations

import datetime as dt
import re

from ..phrasebook import phrase

__all__ = ["deadline_in", "deadline_phrase", "demand_deadline"]

_DATE_ZH = re.compile(r"(?:(20\d\d)\s*年\s*)?(1[0-2]|0?[1-9])\s*月\s*([12]\d|3[01]|0?[1-9])\s*日")
_DATE_ISO = re.compile(r"(20\d\d)-(\d\d)-(\d\d)")
_DATE_EN = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+"
    r"(\d{1,2})(?:st|nd|rd|th)?,?\s*(20\d\d)?",
    re.I,
)
_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip


def deadline_in(text: str, year: int) -> dt.date | None:
    """The first date in a registration text (the deadline it states), with the event's year when the
    text leaves it out."""
    found: list[tuple[int, dt.date | None]] = []
    for m in _DATE_ZH.finditer(text):
        found.append((m.start(), _date(int(m.group(1) or year), int(m.group(2)), int(m.group(3)))))
    for m in _DATE_ISO.finditer(text):
        found.append((m.start(), _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    for m in _DATE_EN.finditer(text):
        month = _MONTHS.index(m.group(1).lower()) + 1
        found.append((m.start(), _date(int(m.group(3) or year), month, int(m.group(2)))))
    valid = sorted((pos, d) for pos, d in found if d is not None)
    return valid[0][1] if valid else None  # the first date written is the deadline


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def deadline_phrase(deadline: dt.date, today: dt.date, lang: str) -> str:
    days = (deadline - today).days
    date = deadline.isoformat()
    if days < 0:
        return phrase("attr.deadline_closed", lang, date=date, days=-days)
    if days == 0:
        return phrase("attr.deadline_today", lang, date=date)
    return phrase("attr.deadline_ahead", lang, date=date, days=days)


def demand_deadline(name: str, deadline: str, today: dt.date, lang: str) -> str:
    """A demand's deadline with how far it is from today ("还来得及吗" is asked with it); a deadline
    written otherwise than as a date is given as written."""
    try:
        days = (dt.date.fromisoformat(deadline.strip()[:10]) - today).days
    except ValueError:
        return phrase("attr.demand_deadline", lang, name=name, deadline=deadline)
    key = "today" if days == 0 else "passed" if days < 0 else "ahead"
    return phrase(f"attr.demand_deadline_{key}", lang, name=name, deadline=deadline, days=abs(days))
