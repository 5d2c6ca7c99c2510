"""Grounding: a model's sentence may state only the numbers, dates, amounts and names that the sources it
cites hold.

    ground(text, sources) -> Grounded      # "[n]" in `text` is sources[n - 1], as numbered in the prompt

Each sentence (with the citations after it) is read for claims, normalised the same way in the answer and
in the sources: "1,644" = "1644"; "10.8亿" = "1.08 billion" = "1,080,000,000"; "12%" = "12 %" = "百分之十二";
"第四十五条" = "Article 45"; "2024年7月23日" = "2024-07-23" = "July 23, 2024"; a romanized Chinese name
("Chen Dongsheng", "Dalian") is found in a source holding 陈东升 or 大连, and a hanzi name in one holding
its pinyin (romanized as retrieval/aliases.py does for search); numbers are read by bot/numbers.py, names
found by proper_names.py. Each claim must be in one of the sources the sentence cites, or the sentence is
removed. A sentence with no citation is read against what a later sentence of its paragraph cites (models
cite at the end of a paragraph), else it is cited to the first source that holds all its claims, else
removed. A sentence that claims none of these things (a connective, a paraphrase) is kept as it is.

Not checked, and why: words, paraphrase and translation (there is no bilingual dictionary), so an English
sentence about a Chinese source is checked for its numbers, dates and romanized names, not for
"University"; a lone English word that reads as pinyin ("Base", "Long"), for it is English as often;
hanzi words that jieba tags as person names unless a title stands beside them ("潘复生院士", "副市长李斌峰"),
because jieba's dictionary also tags 许可 and 公正 as names.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from ..numbers import CN_NUMERAL, EN_NUMBER, EN_NUMBERS, NUMBER, cn_number, scaled
from .proper_names import HANZI, LATIN_WORD, fold, names_in, plain, spellings

__all__ = ["Claim", "Grounded", "Sentence", "SourceFacts", "claims_of", "ground", "split_sentences"]


# ---- sentences ------------------------------------------------------------------------------------------
_CITE = re.compile(r"\[(\d{1,3})\]")
# A sentence ends at 。！？!? or at a full stop before white space, a quote, a bracket or the end ("10.8"
# and "kb.example" go on), then come its closing quotes and its citations; a line break ends one too.
_BOUNDARY = re.compile(r"(?:[。！？!?]+|\.(?=[\s\"'”’)\[]|$))[\"'”’」』）)]*(?:[ \t]*\[\d{1,3}\])*|\n+")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|No|Nos|St|Co|Ltd|Inc|Jr|vs|etc|e\.g|i\.e|Fig|Art)|\b[A-Z])\.$"
)
_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.、)]|[（(]\d{1,2}[)）]|[-*•])\s*")
_URL = re.compile(r"\]\([^)]*\)|https?://\S+|www\.\S+", re.I)
_CJK_END = re.compile(r"[\u3000-\u303f\uff00-\uffef\u3400-\u9fff]$")


@dataclass(frozen=True)
class Piece:
    text: str  # as written: its leading white space, its citations
    separator: bool = False  # a line break between sentences


def split_sentences(text: str) -> list[Piece]:
    """The text cut into sentences and line breaks; joined again they are the text."""
    pieces: list[Piece] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group().startswith("\n"):
            if m.start() > start:
                pieces.append(Piece(text[start : m.start()], separator=not text[start : m.start()].strip()))
            pieces.append(Piece(m.group(), separator=True))
        else:
            pieces.append(Piece(text[start : m.end()]))
        start = m.end()
    if start < len(text):
        pieces.append(Piece(text[start:], separator=not text[start:].strip()))
    merged: list[Piece] = []
    for piece in pieces:
        prev = merged[-1] if merged else None
        if prev is not None and not prev.separator and not piece.separator:
            before = _CITE.sub("", prev.text).strip()
            # "Prof." and "U.S." end no sentence, "1." alone is a list marker, "[2]." alone is the last one's.
            if _ABBREV.search(before) or _LIST_MARK.fullmatch(before) or not re.search(r"\w", piece.text):
                merged[-1] = Piece(prev.text + piece.text)
                continue
        merged.append(piece)
    return merged


def citations_in(text: str) -> list[int]:
    return [int(n) for n in _CITE.findall(text)]


# ---- numbers and dates ----------------------------------------------------------------------------------
_CN_PERCENT = re.compile(rf"百分之([{CN_NUMERAL}]+|\d+(?:\.\d+)?)")
_CN_RUN = re.compile(rf"[{CN_NUMERAL}]+")
# In an answer a Chinese numeral is a claim as an ordinal (第四十五条) or as a count of something (三年).
_CN_CLAIM = re.compile(rf"第([{CN_NUMERAL}]+)|([{CN_NUMERAL}]+)(?=[个项家条款倍元名位人次场届批所座天年周])")

_MONTH_NAMES = "January February March April May June July August September October November December"
_MONTHS = {name.lower(): i for i, name in enumerate(_MONTH_NAMES.split(), 1)}
_MONTHS |= {name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES.split(), 1)} | {"sept": 9}
# Capitalized only: "may" is a verb.
_MONTH = "(" + "|".join(sorted({n.capitalize() for n in _MONTHS}, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_CN_DAY = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_CN_YEAR = r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年"
_DATES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(rf"{_CN_YEAR}\s*{_CN_DAY}\s*月\s*{_CN_DAY}\s*[日号]"), "ymd"),
    (re.compile(rf"{_CN_YEAR}\s*{_CN_DAY}\s*月"), "ym"),
    (re.compile(rf"(?<![\d年]){_CN_DAY}\s*月\s*{_CN_DAY}\s*[日号]"), "md"),
    (re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(\d{{4}})(?!\d)"), "Mdy"),
    (re.compile(rf"(?<!\d){_DAY}\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})(?!\d)"), "dMy"),
    (re.compile(rf"\b{_MONTH},?\s+(\d{{4}})(?!\d)"), "My"),
    (re.compile(rf"\b{_MONTH}\s+{_DAY}(?!\d)"), "Md"),
]


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_number(text)


def _date_key(form: str, groups: Sequence[str]) -> str | None:
    """A date as "2024-07-23", a month as "2024-07", a day of no given year as "--07-23"; None if no date.
    `form` names the groups in order: y year, m month number, M month name, d day."""
    parts: dict[str, int | None] = {"y": None, "m": None, "d": None}
    for letter, text in zip(form, groups, strict=True):
        if letter == "M":
            parts["m"] = _MONTHS.get(text.lower())
        else:
            parts[letter] = _int(text)
    y, m, d = parts["y"], parts["m"], parts["d"]
    try:
        if y and m and d:
            return dt.date(y, m, d).isoformat()
        if y and m and 1 <= m <= 12 and "d" not in form:
            return f"{y:04d}-{m:02d}"
        if m and d and "y" not in form:
            dt.date(2000, m, d)  # a real day of the year (2000 was a leap year)
            return f"--{m:02d}-{d:02d}"
    except ValueError:
        return None
    return None


def _dates(text: str) -> tuple[list[tuple[str, str]], str]:
    """[(as written, key)] and the text with them blanked (a date's digits are no numbers of their own)."""
    found: list[tuple[str, str]] = []
    for pattern, form in _DATES:

        def take(m: re.Match[str], form: str = form) -> str:
            key = _date_key(form, m.groups())
            if key is None:
                return m.group()
            found.append((m.group(), key))
            return " " * len(m.group())

        text = pattern.sub(take, text)
    return found, text


def _numbers(text: str, answer: bool) -> list[tuple[str, Decimal]]:
    """(as written, value) for the numbers of `text` (dates blanked). In a source every numeral counts and
    an amount also by its bare number (10.8亿 also 10.8); in an answer a Chinese numeral only as _CN_CLAIM."""
    found: list[tuple[str, Decimal]] = []

    def percent(m: re.Match[str]) -> str:
        value = Decimal(m.group(1)) if m.group(1)[0].isdigit() else cn_number(m.group(1))
        if value is not None:
            found.append((m.group(), Decimal(value)))
        return " " * len(m.group())

    def arabic(m: re.Match[str]) -> str:
        number, scale = scaled(m)
        found.append((m.group().strip(), number * scale))
        if not answer and scale != 1:
            found.append((m.group(1), number))
        return " " * len(m.group())

    rest = NUMBER.sub(arabic, _CN_PERCENT.sub(percent, text))  # then the 万 of 300万 is spent
    if answer:
        for m in _CN_CLAIM.finditer(rest):
            n = cn_number(m.group(1) or m.group(2))
            if n is not None and (m.group(1) or n >= 2):  # "一项" is an article more than a count
                found.append((m.group(), Decimal(n)))
        return found
    found += [
        (m.group(), Decimal(n)) for m in _CN_RUN.finditer(rest) if (n := cn_number(m.group())) is not None
    ]
    found += [(m.group(), Decimal(EN_NUMBERS[m.group().lower()])) for m in EN_NUMBER.finditer(rest)]
    return found


@dataclass(frozen=True)
class Claim:
    kind: Literal["number", "date", "name"]
    shown: str  # as the answer wrote it
    keys: frozenset[Any]  # any one of them found in a source supports the claim
    how: Literal["value", "date", "latin", "word", "hanzi"]


# ---- claims and sources ---------------------------------------------------------------------------------
def claims_of(sentence: str) -> list[Claim]:
    """What a sentence states that a source must hold: numbers and amounts, dates, names. Citations, link
    targets, URLs and a list marker are no claims."""
    text = _LIST_MARK.sub("", _URL.sub(" ", _CITE.sub(" ", sentence)), count=1)
    dates, rest = _dates(text)
    out = [Claim("date", shown, frozenset({key}), "date") for shown, key in dates]
    out += [Claim("number", shown, frozenset({n}), "value") for shown, n in _numbers(rest, answer=True)]
    out += [Claim("name", name.shown, name.keys, name.how) for name in names_in(text)]
    return out


class SourceFacts:
    """What one source holds, normalised as the claims are; each part worked out when first needed."""

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def _dated(self) -> tuple[list[tuple[str, str]], str]:
        return _dates(self.text)

    @functools.cached_property
    def numbers(self) -> frozenset[Decimal]:
        dates, rest = self._dated
        years = {Decimal(key[:4]) for _, key in dates if not key.startswith("--")}
        return frozenset({n for _, n in _numbers(rest, answer=False)} | years)

    @functools.cached_property
    def dates(self) -> frozenset[str]:
        keys = {key for _, key in self._dated[0]}
        # A full date also gives its month and its day of the year.
        return frozenset(
            keys | {k[:7] for k in keys if len(k) == 10} | {f"--{k[5:]}" for k in keys if len(k) == 10}
        )

    @functools.cached_property
    def words(self) -> frozenset[str]:
        return frozenset(fold(m.group()) for m in LATIN_WORD.finditer(self.text))

    @functools.cached_property
    def phrases(self) -> frozenset[str]:
        """One to four consecutive words, joined: "Pan Fusheng" -> "panfusheng"."""
        words = [plain(m.group()) for m in LATIN_WORD.finditer(self.text)]
        return frozenset("".join(words[i : i + n]) for i in range(len(words)) for n in range(1, 5))

    @functools.cached_property
    def pinyin(self) -> frozenset[str]:
        """One to four consecutive hanzi, romanized as retrieval/aliases.py does: 陈东升 -> chendongsheng."""
        out: set[str] = set()
        for run in HANZI.findall(self.text):
            for start in range(len(run)):
                for end in range(start + 1, min(start + 4, len(run)) + 1):
                    out |= spellings(run[start:end])
        return frozenset(out)

    @functools.cached_property
    def chinese(self) -> bool:
        """Mostly Chinese: an English word cannot be looked up in it, only a romanized name."""
        return sum(len(run) for run in HANZI.findall(self.text)) >= 20

    def holds(self, claim: Claim) -> bool:
        if claim.how == "value":
            return bool(claim.keys & self.numbers)
        if claim.how == "date":
            return bool(claim.keys & self.dates)
        if claim.how == "latin":
            return bool(claim.keys & self.phrases or claim.keys & self.pinyin)
        if claim.how == "word":
            return self.chinese or bool(claim.keys & self.words)
        return any(k in self.text if HANZI.match(k) else k in self.phrases for k in claim.keys)


@functools.lru_cache(maxsize=256)
def source_facts(text: str) -> SourceFacts:
    return SourceFacts(text)


# ---- the check ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sentence:
    text: str  # as shown: an uncited sentence gets the citation of the source that holds it
    cites: tuple[int, ...]
    claims: tuple[Claim, ...]
    missing: tuple[str, ...]  # the claims that no source it cites holds
    kept: bool


@dataclass(frozen=True)
class Grounded:
    text: str
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def removed(self) -> list[str]:
        return [s.text.strip() for s in self.sentences if not s.kept]

    @property
    def cited(self) -> bool:
        """Whether a sentence with a citation is left."""
        return any(s.kept and s.cites for s in self.sentences)


def _missing(claims: Iterable[Claim], sources: Sequence[SourceFacts]) -> tuple[str, ...]:
    return tuple(c.shown for c in claims if not any(s.holds(c) for s in sources))


def ground(text: str, sources: Sequence[str]) -> Grounded:
    """Keep the sentences of `text` whose claims the sources they cite hold (see the module docstring)."""
    facts = [source_facts(s) for s in sources]

    def cited(numbers: Iterable[int]) -> list[SourceFacts]:
        return [facts[n - 1] for n in numbers if 1 <= n <= len(facts)]

    pieces = split_sentences(text)
    shown: list[Piece | Sentence] = []
    for i, piece in enumerate(pieces):
        if piece.separator:
            shown.append(piece)
            continue
        cites, claims, out = tuple(citations_in(piece.text)), tuple(claims_of(piece.text)), piece.text
        if cites or not claims:
            missing = _missing(claims, cited(cites))
        else:
            later = next((p for p in pieces[i + 1 :] if p.separator or citations_in(p.text)), None)
            paragraph = citations_in(later.text) if later is not None else []
            missing = _missing(claims, cited(paragraph))
            holder = next((n for n, f in enumerate(facts, 1) if not _missing(claims, [f])), None)
            if missing and holder is not None:
                body = piece.text.rstrip()
                out = f"{body}{'' if _CJK_END.search(body) else ' '}[{holder}]{piece.text[len(body) :]}"
                cites, missing = (holder,), ()
        shown.append(Sentence(out, cites, claims, missing, not missing))
    text = "".join(p.text for p in shown if isinstance(p, Piece) or p.kept)
    text = re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n\n", text).strip()
    return Grounded(text, [s for s in shown if isinstance(s, Sentence)])
