"""Whether a technology meets an enterprise's requirement, asked in the conversation that holds both:
"它满足他们要求吗" (a demand described beside the technology in focus), "大化所那个全钒满足吗" (a technology
named by its owner beside the demand in focus), "does its spindle meet that", "沈自所那个准确率够吗".

The answer puts the demand's requirement beside the technology's figure for the same measure, each quoted
from its record, and lets the user compare: the records' sentences hold qualifiers ("≥", "or better",
"超过") that a computed verdict would drop.

    the pair:     the record in focus and, of the other kind, the one the message names by its owner,
                  city or title words among those shown, remembered (DialogueState.earlier) or matched
                  to the focus (the matcher); else the one remembered, else the best match
    the measure:  the one the message names (measures.py), else the words of the message before it
                  ("循环寿命要求多少", then "大化所那个全钒满足吗"), else the demand's first requirement
                  with a figure
    the figures:  the demand's sentence for that measure; the technology's sentence stating the measure,
                  else the one sharing most units with the demand's ("4 mΩ·cm²" and "3.5 mΩ·cm²")
"""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.catalog import RecordView
from retrieval.fields import cities_in
from retrieval.matching import Matcher, MatchQuery
from retrieval.text import keyword_tokens, split_sentences

from ..phrasebook import phrase
from .dialogue import DialogueState, Item
from .draft import Draft
from .measures import measure_sentence, names_measure
from .owner_names import owner_named
from .types import Citation

__all__ = ["asks_fit", "fit_answer"]

# "满足吗", "够吗", "达到要求没", "does it meet that", "is it good enough": whether one meets the other
_FITS = re.compile(
    r"满足|够(?:吗|不|用|了吗)|够不够|符合|达(?:到|得到)(?:要求|标准)|达标|\bmeets?\b|\bsatisf(?:y|ies)\b|"
    r"\bgood enough\b|\benough\b|\bfits? (?:the|their|that) (?:need|requirement|spec)",
    re.I,
)
# "有能满足的吗", "any technology that meets it?": a listing of those that fit (counterparts.py)
_WHICH = re.compile(
    r"有(?:什么|啥|没有|没)?(?:能|可以)?(?:满足|符合)|哪些|哪个|\b(?:any|anything|something|which|what)\b",
    re.I,
)
# a figure and its unit: "≥250 MPa", "20,000 rpm", "5 μm/5 μm", "15000次", "≥92%"
# (read from the start of a figure's digits only: a search from each digit of a long run is quadratic)
_FIGURE = re.compile(r"(?<![\d,.])\d[\d,.]*\s*(%|[A-Za-zµμΩ°℃·²³/]+|次|台|吨|亩|小时)")
_REQUIRES = re.compile(
    r"需要|要求|需求|不低于|不少于|以上|≥|≤|\bneeds?\b|\brequire|\bat least\b|\bor better\b|\bbelow\b|"
    r"\bshould\b|\bmust\b",
    re.I,
)
_POOL = 10  # matches of the record in focus read for the one the message names
Record = Callable[[Item], "RecordView | None"]
Twin = Callable[[str], "str | None"]


def asks_fit(message: str) -> bool:
    """The message asks whether one record meets the other, not which ones do."""
    return bool(_FITS.search(message)) and not _WHICH.search(message)


def fit_answer(
    message: str,
    lang: str,
    dialogue: DialogueState,
    record_of: Record,
    twin: Twin,
    matcher: Matcher | None,
    placed: RecordView | None = None,
) -> Draft | None:
    """The demand's requirement and the technology's figure for the measure asked, each cited; None when
    the conversation holds no such pair, or the two records state no figure of one measure. `placed`: the
    demand the message describes ("鞍山有个选矿厂要…", demand_place.py), whose city names no technology."""
    focus = placed or (record_of(dialogue.focus) if dialogue.focus is not None else None)
    if focus is None or focus.chunk.kind not in ("achievement", "demand"):
        return None
    other = _other(message, focus, dialogue, record_of, twin, matcher, by_city=placed is None)
    if other is None:
        return None
    # "does its spindle meet that" after a list: the one in focus, else the first other one shown that
    # states the measure (a technology named by its owner is that one alone)
    shown = [
        r for i in dialogue.items if (r := record_of(i)) is not None and r.chunk.kind == focus.chunk.kind
    ]
    sides = _distinct([focus, *([] if _names_owner(message, focus, twin) else shown)])
    for side in sides:
        demand, tech = (side, other) if side.chunk.kind == "demand" else (other, side)
        measure = message if _content(message, demand, tech) else f"{dialogue.said} {message}"
        required = _required(measure, demand)
        stated = _stated(measure, required, tech) if required is not None else None
        if required is not None and stated is not None:
            break
    else:
        return None
    zh = lang == "zh"
    dem, ach = (f"「{r.chunk.title}」" if zh else f'"{r.chunk.title}"' for r in (demand, tech))
    text = "\n".join(
        [
            phrase("fit.required", lang, demand=dem, sentence=required) + " [1]",
            phrase("fit.stated", lang, tech=ach, sentence=stated) + " [2]",
            phrase("fit.compare", lang),
        ]
    )
    return Draft(text, [Citation.of(1, demand.chunk), Citation.of(2, tech.chunk)], True)


def _other(
    message: str,
    focus: RecordView,
    dialogue: DialogueState,
    record_of: Record,
    twin: Twin,
    matcher: Matcher | None,
    by_city: bool = True,
) -> RecordView | None:
    """The record of the other kind the message is about: named (owner, city, title words) among those
    shown, remembered or matched to the focus; else the latest remembered, else the best match."""
    kind = "achievement" if focus.chunk.kind == "demand" else "demand"
    known = [r for i in [*dialogue.items, *dialogue.earlier] if (r := record_of(i)) is not None]
    known = [r for r in _distinct(known) if r.chunk.kind == kind]
    matched = [m.record for m in matcher.match(MatchQuery.from_record(focus), k=_POOL)] if matcher else []
    pool = _distinct([*known, *(r for r in matched if r.chunk.kind == kind)])
    words = {w.lower() for w in keyword_tokens(message) if len(w) > 1}
    cities = set(cities_in(message)) if by_city else set()

    def named(record: RecordView) -> bool:
        return _names_owner(message, record, twin) or str(record.get("city") or "") in cities

    found = [r for r in pool if named(r)]
    if len(found) > 1:  # "大化所那个全钒": the owner's record whose title holds a word of the message
        titled = [r for r in found if any(w in r.chunk.title.lower() for w in words)]
        found = titled if len(titled) == 1 else found
    if found:
        return found[0]
    if cities:
        return None  # a place named where none of them is
    return known[0] if known else (pool[0] if pool else None)


def _names_owner(message: str, record: RecordView, twin: Twin) -> bool:
    words = {w.lower() for w in keyword_tokens(message) if len(w) > 1}
    owner = record.owner_name
    return owner_named(owner, message, words) or owner_named(twin(owner) or "", message, words)


def _content(message: str, demand: RecordView, tech: RecordView) -> bool:
    """The message names what is compared (a measure, or a word of the demand's requirement)."""
    if names_measure(message):
        return True
    words = {w.lower() for w in keyword_tokens(message) if len(w) > 2}
    text = f"{demand.chunk.text} {tech.chunk.text}".lower()
    return any(w in text for w in words - _title_words(demand, tech))


def _title_words(*records: RecordView) -> set[str]:
    return {w.lower() for r in records for w in keyword_tokens(r.chunk.title)}


def _required(measure: str, demand: RecordView) -> str | None:
    """The demand's sentence that requires a figure of the measure (or its first such sentence)."""
    sentences = [s for s in split_sentences(demand.chunk.text) if _FIGURE.search(s)]
    if not sentences:
        return None
    found = measure_sentence(measure, demand.chunk)
    if found is not None:
        return found
    # a requirement's sentence before one that describes the enterprise ("壁厚2—3 mm" of its parts)
    required = [s for s in sentences if _REQUIRES.search(s)] or sentences
    words = {w.lower() for w in keyword_tokens(measure) if len(w) > 1} - _title_words(demand)
    scored = [(sum(w in s.lower() for w in words), -n, s) for n, s in enumerate(required)]
    return max(scored)[2]


def _stated(measure: str, required: str, tech: RecordView) -> str | None:
    """The technology's sentence stating the measure, else the one sharing most units with the
    requirement (the message's words break a tie); None when none shares one."""
    units = _units(required)
    found = measure_sentence(measure, tech.chunk)
    if found is not None and (not units or units & _units(found)):
        return found
    words = {w.lower() for w in keyword_tokens(measure) if len(w) > 1}
    scored = [
        (len(units & _units(s)), sum(w in s.lower() for w in words), -n, s)
        for n, s in enumerate(split_sentences(tech.chunk.text))
    ]
    best = max(scored, default=None)
    return best[3] if best is not None and best[0] > 0 else None


def _units(sentence: str) -> set[str]:
    """The units of the sentence's figures, one spelling for the micro sign ("µm" and "μm")."""
    return {u.replace("µ", "μ").lower() for u in _FIGURE.findall(sentence)}


def _distinct(records: list[RecordView]) -> list[RecordView]:
    first: dict[str, RecordView] = {}
    for r in records:
        first.setdefault(r.id, r)
    return list(first.values())
