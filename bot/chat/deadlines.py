"""Demands listed by their deadline and a period: "which demands close before march 2027", "有没有截止日期在
明年三月之前的需求", "demands with a deadline in april 2027". The period is the plan's (periods.py); the
deadline words and the period's own words name no topic of the listing (`without_when`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.catalog import RecordView

from .plan import Plan

__all__ = ["due_within", "without_when"]

# The words of a deadline asked about, no topic of the demands: "closing before march 2027", "明年三月之前"
_WHEN_WORDS = re.compile(
    r"20\d\d\s*年?|[一二三四五六七八九十\d]{1,3}\s*月(?:份)?|明年|今年|去年|下个?月|截止日期|截止|之前|以前|之后|以后|"
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|end|"
    r"next|this|year|month|before|after|by|until|in|deadlines?|due|clos(?:e|es|ing))\b|[月年]?底(?:之?前)?|[月年]末",
    re.I,
)
_DUE = re.compile(r"截止|\bdeadlines?\b|\bdue\b|\bclos(?:e|es|ing)\b", re.I)
_BEFORE = re.compile(r"之前|以前|底前|\bbefore\b|\bby\b|\buntil\b", re.I)
# "by end of jan 2027", "1月底前": the period's last day is still in time
_END_OF = re.compile(r"\bend of\b|底|月末|年末", re.I)
_AFTER = re.compile(r"之后|以后|\bafter\b|\blater than\b", re.I)


def due_within(plan: Plan, question: str) -> Callable[[RecordView], bool] | None:
    """Demands whose deadline falls before, after or in the period the question names ("截止日期在明年
    三月之前的需求", "demands closing in March 2027"); None when it names no deadline and period."""
    dated = plan.date_from is not None and plan.date_to is not None
    if plan.follow_up and not _DUE.search(question):
        question = plan.query  # "what about next month" after "which demands close this month"
    if plan.intent != "demands" or not dated or not _DUE.search(question):
        return None
    assert plan.date_from is not None and plan.date_to is not None
    first, last = plan.date_from.isoformat(), plan.date_to.isoformat()
    before, after = bool(_BEFORE.search(question)), bool(_AFTER.search(question))
    end_of = bool(_END_OF.search(question))

    def keeps(record: RecordView) -> bool:
        due = str(record.get("deadline") or "")
        if not due:
            return False
        if before and not after:
            return due <= last if end_of else due < first
        if after and not before:
            return due > last
        return first <= due <= last

    return keeps


def without_when(question: str) -> str:
    """The question less its deadline and period words ("closing before march 2027")."""
    return _WHEN_WORDS.sub(" ", question)
