"""Two records named and compared on one value: "PEM electrolyser stack vs NEU alkaline electrode, which
one is more mature", "KRAS候选药和脓毒症快检 哪个更成熟". Each side of "vs", "和", "还是" names its record
(named.py); the one with the more (less) of the value is the answer, with both values shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from retrieval.catalog import RecordView
from retrieval.text import keyword_tokens

from .draft import Draft
from .named import named_record
from .superlatives import as_compared, best_of, comparative_of
from .types import Citation

__all__ = ["compare_named"]

# Where one record's name ends and the other's begins.
_VERSUS = re.compile(
    r"\bvs\.?|\bversus\b|\bcompared (?:with|to)\b|\bor\b|\bthan\b|和|与|跟|还是|对比|比较|相比", re.I
)


def compare_named(
    message: str,
    lang: str,
    records: list[RecordView],
    translations: Callable[[str], Iterable[str]],
    focus: RecordView | None = None,
    owner_named: Callable[[RecordView, str], bool] | None = None,
) -> Draft | None:
    """The record of the two named with the more (less) of the value asked, after which it is; None
    when the message does not compare, or does not name two records. With the record in `focus`, one
    named is compared with it ("跟大化所那个PEM的比哪个成熟度高" after the alkaline electrode); an owner
    the message names by its short form (`owner_named`: "大化所") tells apart titles that share a word."""
    asked = comparative_of(message)
    if asked is None or not _VERSUS.search(message):
        return None
    parts = [p for p in _VERSUS.split(message, maxsplit=1) if p.strip()]
    if len(parts) == 2:
        named = [_named(p, records, translations, owner_named) for p in parts]
        if focus is not None and sum(n is None for n in named) == 1:  # "is it more mature than X"
            named = [n or focus for n in named]
    elif len(parts) == 1 and focus is not None:  # "跟X比": X, and the record in focus
        others = [r for r in records if r.id != focus.id]
        named = [focus, _named(parts[0], others, translations, owner_named)]
    else:
        return None
    if named[0] is None or named[1] is None or named[0].id == named[1].id:
        return None
    pair = [named[0], named[1]]
    compared = as_compared(asked, pair)  # a demand's price is its budget; a technology's is never stated
    if compared is None:
        return None
    asked = compared
    _, tied = best_of(asked, pair)
    if not tied:
        return None  # neither states the value
    first = tied[0] if len(tied) == 1 else pair[0]
    other = next(r for r in pair if r.id != first.id)
    zh = lang == "zh"
    name = _NAMES[asked.value][0 if zh else 1]
    how = ("更高" if asked.most else "更低", "higher" if asked.most else "lower")[0 if zh else 1]
    if len(tied) == 2:  # the same value: neither is more
        lead = f"两者的{name}相同" if zh else f"Both have the same {name}"
    else:
        title = first.chunk.title
        lead = f"「{title}」的{name}{how}" if zh else f'"{title}" has the {how} {name}'
    values = [_value_line(asked.value, r, lang) for r in (first, other)]
    text = f"{lead}：{'；'.join(values)}。" if zh else f"{lead}: {'; '.join(values)}."
    citations = [Citation.of(i, r.chunk) for i, r in enumerate(pair, start=1)]
    return Draft(f"{text} [1][2]", citations, True)


def _named(
    part: str,
    records: list[RecordView],
    translations: Callable[[str], Iterable[str]],
    owner_named: Callable[[RecordView, str], bool] | None,
) -> RecordView | None:
    """The record the part of the message names by its title; among the named owner's records first
    ("大化所那个PEM": DICP's PEM stack, not DUT's PEM fuel-cell electrode, which also says PEM)."""
    if owner_named is not None:
        theirs = [r for r in records if owner_named(r, part)]
        found = named_record(part, translations(part), theirs, translations) if theirs else None
        # the owner named is one thing named: a word of one of its titles besides names that one
        words = {w.lower() for w in keyword_tokens(" ".join([part, *translations(part)])) if len(w) > 2}
        titled = [r for r in theirs if any(w in r.chunk.title.lower() for w in words)]
        if found is not None or len(titled) == 1:
            return found or titled[0]
    return named_record(part, translations(part), records, translations)


# the value's name in each language ("date" compares events, which are not compared here)
_NAMES = {
    "budget": ("预算", "budget"),
    "patents": ("专利数", "patent count"),
    "deadline": ("截止日期", "deadline"),
    "trl": ("成熟度", "maturity"),
    "date": ("日期", "date"),
    "price": ("价格", "price"),
}


def _value_line(value: str, record: RecordView, lang: str) -> str:
    field = {"patents": "ip_status"}.get(value, value)
    shown = record.get(field)
    title = record.chunk.title
    if value == "trl":
        shown = f"TRL {shown}"
    return f"「{title}」{shown}" if lang == "zh" else f'"{title}" {shown}'
