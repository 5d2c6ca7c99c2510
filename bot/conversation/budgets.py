"""A bound on a demand's budget, as people ask it: "which demands have a budget above 10 million yuan?",
"预算超过500万的需求", "demands under CNY 1m", "预算在1000万以上的有哪些". The listing keeps the demands whose
budget is on the asked side of the amount; a demand that states no budget is not kept (nothing says it
fits). The budget is read as superlatives.py reads it, to yuan.

    budget_bound(message) -> Bound | None
    Bound.keeps(record)   -> whether the record's budget is on the asked side
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from retrieval.catalog import RecordView

from ..numbers import NUMBER, scaled
from .superlatives import budget_of

__all__ = ["Bound", "budget_bound"]

_BUDGET = re.compile(r"预算|经费|资金|投入|\b(?:budgets?|funding|spend|pay)\b", re.I)
# The side of the amount: a word before it ("above", "超过") or after it ("以上", "or more").
_ABOVE_BEFORE = re.compile(
    r"(?:(?<!不)超过|高于|大于|多于|不低于|不少于|至少|"
    r"\b(?:above|over|more than|greater than|higher than|at least|exceeding|exceeds?|upwards of)\b)"
    r"\s{0,3}(?:CNY|RMB|¥|￥)?\s{0,3}$",
    re.I,
)
_BELOW_BEFORE = re.compile(
    r"(?:(?<!不)低于|(?<!不)少于|小于|不超过|不到|最多|"
    r"\b(?:below|under|less than|lower than|at most|up to|no more than)\b)\s{0,3}(?:CNY|RMB|¥|￥)?\s{0,3}$",
    re.I,
)
# Matched at the start of what follows the amount, its spaces stripped (\A: a search fails at once elsewhere)
_ABOVE_AFTER = re.compile(
    r"\A(?:元|yuan|CNY|RMB)?\s{0,3}(?:以上|及以上|或以上|\bor more\b|\band above\b|\bplus\b)", re.I
)
_BELOW_AFTER = re.compile(
    r"\A(?:元|yuan|CNY|RMB)?\s{0,3}(?:以下|及以下|以内|\bor less\b|\band below\b)", re.I
)
_MILLIONS = re.compile(r"\Am\b", re.I)
_BOUND_WORDS = re.compile(
    r"超过|高于|大于|多于|不低于|不少于|至少|低于|少于|小于|不超过|不到|最多|以上|以下|以内|元|"
    r"\b(?:above|over|more|than|greater|higher|lower|below|under|least|most|exceeding|exceeds?|upwards|"
    r"yuan|cny|rmb|or|plus|million|thousand|billion)\b",
    re.I,
)  # "CNY 3m": in a budget question m is millions


@dataclass(frozen=True)
class Bound:
    above: bool  # True: at least the amount; False: at most
    amount: Decimal  # yuan
    text: str  # the amount as asked, for the answer's label
    span: tuple[int, int]  # where the message asks it

    def label(self, lang: str) -> str:
        if lang == "zh":
            return f"预算{'≥' if self.above else '≤'}{self.text}"
        return f"budget {'≥' if self.above else '≤'} {self.text}"

    def without(self, message: str) -> str:
        """The message less the bound's words: "above 10 million yuan" names no topic of the listing."""
        return _BOUND_WORDS.sub(" ", message[: self.span[0]] + " " + message[self.span[1] :])

    def keeps(self, record: RecordView) -> bool:
        budget = budget_of(record)
        if budget is None:
            return False
        return budget >= self.amount if self.above else budget <= self.amount


def budget_bound(message: str) -> Bound | None:
    """The bound a message puts on a budget, or None when it puts none (it must name a budget)."""
    if not _BUDGET.search(message):
        return None
    for match in NUMBER.finditer(message):
        before = message[max(0, match.start() - 24) : match.start()]  # the words right before the amount
        after = message[match.end() : match.end() + 40]
        gap = len(after) - len(after.lstrip())
        after = after[gap:]
        above = bool(_ABOVE_BEFORE.search(before) or _ABOVE_AFTER.match(after))
        below = bool(_BELOW_BEFORE.search(before) or _BELOW_AFTER.match(after))
        if above == below:
            continue
        number, scale = scaled(match)
        millions = _MILLIONS.match(after) if scale == 1 else None  # "CNY 3m": millions
        if millions:
            scale = 10**6
        end = match.end() + (gap + millions.end() if millions else 0)
        return Bound(above, number * scale, message[match.start() : end], (match.start(), end))
    return None
