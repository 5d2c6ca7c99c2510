"""Numbers and amounts as people write them, in both languages, read to one value: "1,644" = 1644,
"10.8亿" = 1.08 billion = "1,080,000,000", "300万" = "3 million", "四十五" = 45, "二〇二四" = 2024,
"twelve" = 12. The one home of this reading: the grounding check compares an answer's numbers with its
sources' (bot/chat/grounding.py), and the superlatives compare the budgets of a list (bot/conversation/
superlatives.py); both import it from here, as the conversation pieces may not import the chat package.

    NUMBER.finditer(text)  -> an Arabic number with its scale word, if any ("1,644", "10.8亿", "3 million")
    scaled(match)          -> (Decimal("10.8"), 10**8): the number and the scale of one NUMBER match
    cn_number("四十五")     -> 45;  EN_NUMBER / EN_NUMBERS: "twelve" -> 12, "third" -> 3
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["CN_NUMERAL", "EN_NUMBER", "EN_NUMBERS", "NUMBER", "SCALES", "cn_number", "scaled"]

_CN_DIGIT = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = (
    "零〇一二两三四五六七八九十百千万亿"  # the characters of a Chinese numeral, for a pattern's class
)
SCALES = {
    "万亿": 10**12,
    "千万": 10**7,
    "百万": 10**6,
    "亿": 10**8,
    "万": 10**4,
    "trillion": 10**12,
    "billion": 10**9,
    "bn": 10**9,
    "hundred million": 10**8,  # 亿 translated word for word
    "million": 10**6,
    "ten thousand": 10**4,  # 万 translated word for word
    "thousand": 10**3,
}
# No bare 千 or "k": 500千瓦 is kilowatts, and 5k as often a size as an amount. Digits grouped by threes
# or not at all ("1,644"), and never begun after a digit, point or comma nor ended before a digit.
NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\d)(?:\s*(万亿|千万|百万|亿|万|trillion|billion|bn\b|"
    r"hundred\s+million|million|ten\s+thousand|thousand))?",
    re.I,
)
EN_NUMBERS = {
    word: n
    for words, first in [
        ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen", 0),
        ("first second third fourth fifth sixth seventh eighth ninth tenth", 1),
    ]
    for n, word in enumerate(words.split(), first)
} | {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
EN_NUMBER = re.compile(r"\b(" + "|".join(EN_NUMBERS) + r")\b", re.I)


def scaled(match: re.Match[str]) -> tuple[Decimal, int]:
    """The number and the scale of a NUMBER match: "1,080.5 万" -> (Decimal("1080.5"), 10000)."""
    number = Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
    scale = SCALES[re.sub(r"\s+", " ", match.group(3).lower())] if match.group(3) else 1
    return number, scale


def cn_number(text: str) -> int | None:
    """二〇二四 -> 2024, 四十五 -> 45, 一亿二千万 -> 120000000; None for what is no one number (十四五)."""
    if text and all(ch in _CN_DIGIT for ch in text):
        return int("".join(str(_CN_DIGIT[ch]) for ch in text))
    total, section, digit, pending = 0, 0, 0, False
    for ch in text:
        if ch in _CN_DIGIT:
            if pending and digit:
                return None  # two digits in a row among units
            digit, pending = _CN_DIGIT[ch], True
        elif ch in _CN_UNIT:
            section += (digit if pending else 1) * _CN_UNIT[ch]
            digit, pending = 0, False
        else:  # 万, 亿
            total = (total + section + digit) * 10**8 if ch == "亿" else total + (section + digit) * 10**4
            section, digit, pending = 0, 0, False
    return total + section + digit if text else None
