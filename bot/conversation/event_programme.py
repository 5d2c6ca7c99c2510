"""One day of an event's programme: "what's planned for day 2 of the liaoyang magnesite matchmaking",
"辽阳菱镁对接会第二天安排了什么". The listing's programme names its days ("第二天安排参观……", "day two has
enterprise demand sessions"); the sentence that names the day asked answers, in either language."""

from __future__ import annotations

import re

from retrieval.text import split_sentences

__all__ = ["day_asked", "day_sentence"]

_DAYS: dict[int, re.Pattern[str]] = {
    1: re.compile(r"第一天|首日|头一天|\bday (?:1|one)\b|\bfirst day\b|\bopening day\b", re.I),
    2: re.compile(r"第二天|次日|\bday (?:2|two)\b|\bsecond day\b", re.I),
    3: re.compile(r"第三天|\bday (?:3|three)\b|\bthird day\b", re.I),
}


def day_asked(message: str) -> int | None:
    """The day of the programme the message asks about, if it names one."""
    return next((day for day, pattern in _DAYS.items() if pattern.search(message)), None)


def day_sentence(day: int, text: str) -> str | None:
    """The programme's sentence that names the day, or None where it names none."""
    return next((s for s in split_sentences(text) if _DAYS[day].search(s)), None)
