"""The most or least of the list just shown: "which one has the biggest budget?", "预算最高的是哪个",
"哪场最早", "which deadline is soonest?", "TRL最高的是哪个". The records the last answer listed are
compared on the value the message names, and the one that wins is the answer (and the record in focus
for the next follow-up); records that do not state the value are left out of the comparison.

A message is such a question only when it names a value to compare and a direction; anything else is left
to the other follow-ups (a filter on the list is subsets.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from retrieval.catalog import RecordView

from ..numbers import NUMBER, scaled
from .deadline_dates import deadline_in
from .draft import Draft
from .types import Citation

__all__ = [
    "Superlative",
    "as_compared",
    "best_of",
    "budget_of",
    "comparative_of",
    "headline",
    "no_price",
    "patents_of",
    "pick_shown",
    "superlative_of",
    "tied_headline",
    "without_superlative",
]

_MOST = re.compile(
    r"最高|最多|最大|最贵|最晚|最迟|最成熟|最新|\b(?:biggest|largest|highest|most|latest|maximum|max)\b",
    re.I,
)
_LEAST = re.compile(
    r"最低|最少|最小|最便宜|最早|最近|最快|最先|\b(?:smallest|lowest|least|fewest|cheapest|earliest|soonest|"
    r"first to close|minimum|min)\b|"
    r"\b(?:closes?|closing|ends?|due)\s+(?:the\s+)?(?:first|soonest|earliest)\b|先截止",
    re.I,
)
# The value compared, by the words that name it; the first that matches is taken.
_VALUES: list[tuple[str, re.Pattern[str]]] = [
    ("price", re.compile(r"便宜|最贵|价格|价钱|\b(?:cheap\w*|expensive|price[sd]?|pricey)\b", re.I)),
    # a demand's budget is what its enterprise pays ("which demand pays the most", "哪家出钱最多")
    (
        "budget",
        re.compile(r"预算|经费|投入|资金|出钱|给钱|出价|\b(?:budget|funding|money|pays?|paying)\b", re.I),
    ),
    ("deadline", re.compile(r"截止|期限|报名|\b(?:deadline|due|closes?|closing|registration)\b", re.I)),
    ("patents", re.compile(r"专利|\bpatent(?:s|ed)?\b", re.I)),
    ("trl", re.compile(r"\bTRL\b|成熟度|成熟|\bmature\b|\bmaturity\b|\breadiness\b", re.I)),
    ("date", re.compile(r"最早|最晚|最近|时间|日期|哪场|\b(?:earliest|latest|soonest|date|when)\b", re.I)),
]
# In a budget "m" is millions ("CNY 3m"); bot/numbers.py leaves it out: in free text it is as often metres.
# Matched right after the number; the look-behind keeps a search linear on a long run of spaces.
_MILLIONS = re.compile(r"(?<!\s)\s*m\b", re.I)


@dataclass(frozen=True)
class Superlative:
    value: str  # "price" | "budget" | "patents" | "deadline" | "trl" | "date"
    most: bool  # True: the largest (latest); False: the smallest (earliest)


def superlative_of(message: str) -> Superlative | None:
    most, least = bool(_MOST.search(message)), bool(_LEAST.search(message))
    if most == least:
        return None
    value = next((name for name, rx in _VALUES if rx.search(message)), None)
    return Superlative(value, most) if value is not None else None


# Of two ("which one is more mature", "哪个预算更高"): the direction of a comparison.
# ("跟X比哪个成熟度高": of two compared, "哪个 ... 高" needs no 更)
_MORE = re.compile(
    r"更(?:高|多|大|贵|晚|成熟|新)|哪(?:个|家|项)[^，,。？?]{0,6}(?:高|多|大|贵|晚)|"
    r"\b(?:more|higher|bigger|larger|later)\b",
    re.I,
)
_LESS = re.compile(
    r"更(?:低|少|小|便宜|早)|哪(?:个|家|项)[^，,。？?]{0,6}(?:低|少|小|便宜|早)|"
    r"\b(?:less|lower|smaller|fewer|cheaper|earlier|sooner)\b",
    re.I,
)


def comparative_of(message: str) -> Superlative | None:
    """The value two records are compared on and the direction asked ("more mature": the higher TRL)."""
    found = superlative_of(message)
    if found is not None:
        return found
    more, less = bool(_MORE.search(message)), bool(_LESS.search(message))
    if more == less:
        return None
    value = next((name for name, rx in _VALUES if rx.search(message)), None)
    return Superlative(value, more) if value is not None else None


def without_superlative(message: str) -> str:
    """The message less its direction and the value it compares: what is left names the records'
    topic ("氢能方面哪个成果最成熟" -> "氢能方面哪个成果")."""
    for rx in (_MOST, _LEAST, *(rx for _, rx in _VALUES)):
        message = rx.sub(" ", message)
    return message


def budget_of(record: RecordView) -> Decimal | None:
    """Yuan, from "500万元", "CNY 3 million", "6000万元（项目总投资）": its first number, scaled."""
    text = str(record.get("budget") or "")
    match = NUMBER.search(text)
    if match is None:
        return None
    number, scale = scaled(match)
    if scale == 1 and _MILLIONS.match(text, match.end()):
        scale = 10**6
    return number * scale


# "发明专利2项，实用新型专利4项" and "3 granted invention patents; 1 PCT application": each count of a kind
# of patent (a software copyright or a plant-variety right is none).
_PATENT_COUNT = re.compile(
    r"专利(?:申请)?\s*(\d+)\s*项|"
    r"(?<!\d)(\d+)\s+(?:[A-Za-z-]+\s+){0,2}(?:patents?|utility models?|PCT applications?)\b",
    re.I,
)


def patents_of(record: RecordView) -> int | None:
    """The patents (granted or applied for) the IP status counts; None when it counts none."""
    counts = [int(a or b) for a, b in _PATENT_COUNT.findall(str(record.get("ip_status") or ""))]
    return sum(counts) if counts else None


def _deadline(record: RecordView) -> str | None:
    if record.get("deadline"):
        return str(record.get("deadline"))
    start = str(record.get("start_date") or "")
    found = deadline_in(str(record.get("registration") or ""), int(start[:4])) if start else None
    return found.isoformat() if found else None


def _trl(record: RecordView) -> float | None:
    trl = record.get("trl")
    return float(trl) if isinstance(trl, int) else None


_READ: dict[str, Callable[[RecordView], object]] = {
    "budget": budget_of,
    "patents": patents_of,
    "deadline": _deadline,
    "trl": _trl,
    "date": lambda r: str(r.get("start_date") or r.get("date") or "") or None,
}
_SAY = {
    "budget": ("预算{how}的是「{title}」：{shown}。", "{title} has the {how} budget: {shown}."),
    "patents": ("专利{how}的是「{title}」：{shown}。", "{title} has the {how} patents: {shown}."),
    "deadline": ("截止{how}的是「{title}」：{shown}。", "{title} has the {how} deadline: {shown}."),
    "trl": ("成熟度{how}的是「{title}」：TRL {shown}。", "{title} is the {how} mature: TRL {shown}."),
    "date": ("时间{how}的是「{title}」：{shown}。", "{title} is the {how}: {shown}."),
}
_NAME = {
    "budget": ("预算", "budget"),
    "patents": ("专利", "patent count"),
    "deadline": ("截止日期", "deadline"),
    "trl": ("成熟度", "maturity"),
    "date": ("时间", "date"),
}
_NO_PRICE = (
    "这些成果的登记信息都没有写明价格（转让、许可费用由双方商定），无法比较；可向成果方询价。",
    "None of these listings states a price (transfer and licence fees are negotiated with the owner), so "
    "they cannot be compared; ask the owners.",
)
_HOW = {
    ("budget", True): ("最高", "largest"),
    ("budget", False): ("最低", "smallest"),
    ("patents", True): ("最多", "most"),
    ("patents", False): ("最少", "fewest"),
    ("deadline", True): ("最晚", "latest"),
    ("deadline", False): ("最早", "earliest"),
    ("trl", True): ("最高", "most"),
    ("trl", False): ("最低", "least"),
    ("date", True): ("最晚", "latest"),
    ("date", False): ("最早", "earliest"),
}


def best_of(asked: Superlative, records: list[RecordView]) -> tuple[object, list[RecordView]]:
    """The most (least) of the value among the records, and those that have it, in their own order;
    records that do not state the value are left out. ("price", ()) when none does."""
    read = _READ[asked.value]
    valued = [(v, r) for r in records if (v := read(r)) is not None]
    if not valued:
        return None, []
    best = (max if asked.most else min)(v for v, _ in valued)  # type: ignore[type-var]
    return best, [r for v, r in valued if v == best]


def as_compared(asked: Superlative, records: list[RecordView]) -> Superlative | None:
    """The value compared among these records: a demand's price is its budget; None for technologies'
    price, which no listing states (FORMAT.md)."""
    if (
        asked.value == "date"
        and not asked.most
        and records
        and all(r.chunk.kind == "demand" for r in records)
    ):
        return Superlative("deadline", False)  # "the earliest one" of demands: the first to close
    if asked.value != "price":
        return asked
    if any(r.chunk.kind == "demand" for r in records):  # "the cheapest demand": its budget
        return Superlative("budget", asked.most)
    return None


def no_price(lang: str) -> Draft:
    return Draft(_NO_PRICE[0 if lang == "zh" else 1], [], False)


def _shown(asked: Superlative, record: RecordView, value: object) -> object:
    return {
        "budget": record.get("budget"),
        "patents": record.get("ip_status"),
        "deadline": value,
        "trl": record.get("trl"),
        "date": value,
    }[asked.value]


def headline(asked: Superlative, record: RecordView, value: object, lang: str) -> str:
    """ "预算最高的是「…」：6000万元。": which record has the most (least), and its value."""
    zh = lang == "zh"
    how = _HOW[(asked.value, asked.most)][0 if zh else 1]
    template = _SAY[asked.value][0 if zh else 1]
    title = record.chunk.title if zh else f'"{record.chunk.title}"'
    return template.format(how=how, title=title, shown=_shown(asked, record, value))


def tied_headline(asked: Superlative, tied: list[RecordView], value: object, lang: str) -> str:
    """ "成熟度最高（TRL 9）的有 3 项：": several records share the most (least)."""
    zh = lang == "zh"
    how = _HOW[(asked.value, asked.most)][0 if zh else 1]
    name = _NAME[asked.value][0 if zh else 1]
    shown = value if asked.value == "patents" else _shown(asked, tied[0], value)
    shown = f"TRL {shown}" if asked.value == "trl" else shown
    if zh:
        return f"{name}{how}（{shown}）的有 {len(tied)} 项："
    return f"{len(tied)} share the {how} {name} ({shown}):"


def pick_shown(asked: Superlative, records: list[RecordView], lang: str) -> Draft | None:
    """The record of those shown with the most (least) of the value, leading the answer; None when no
    record shown states it. The first shown wins a tie (the list's own order)."""
    compared = as_compared(asked, records)
    if compared is None:  # no listing states a price: nothing to compare, and the answer says so
        return no_price(lang)
    value, tied = best_of(compared, records)
    if not tied:
        return None
    text = headline(compared, tied[0], value, lang)
    return Draft(f"{text} [1]", [Citation.of(1, tied[0].chunk)], True)
