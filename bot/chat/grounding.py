"""Grounding: a model's sentence may state only the numbers, dates, amounts and names that the sources it
cites hold.

    ground(text, sources) -> Grounded      # "[n]" in `text` is sources[n - 1], as numbered in the prompt

Each sentence (with the citations after it) is read for claims, normalised the same way in the answer and
in the sources: "1,644" = "1644"; "10.8亿" = "1.08 billion" = "1,080,000,000"; "12%" = "12 %" = "百分之十二";
"第四十五条" = "Article 45"; "2024年7月23日" = "2024-07-23" = "July 23, 2024"; a romanized Chinese name
("Chen Dongsheng", "Dalian") is found in a source holding 陈东升 or 大连, and a hanzi name in one holding
its pinyin (romanized as retrieval/aliases.py does for search). Each claim must be in one of the sources
the sentence cites, or the sentence is removed. A sentence with no citation is read against what a later
sentence of its paragraph cites (models cite at the end of a paragraph), else it is cited to the first
source that holds all its claims, else removed. A sentence that claims none of these things (a
connective, a paraphrase) is kept as it is.

Not checked, and why: words, paraphrase and translation (there is no bilingual dictionary), so an English
sentence about a Chinese source is checked for its numbers, dates and romanized names, not for
"University"; a lone English word that reads as pinyin ("Base", "Long"), for it is English as often;
hanzi words that jieba tags as person names unless a title stands beside them ("潘复生院士", "副市长李斌峰"),
because jieba's dictionary also tags 许可 and 公正 as names.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from retrieval.aliases import is_pinyin, romanizations
from retrieval.fields import CITIES, OTHER_PLACES
from retrieval.text import encoding

__all__ = ["Claim", "Grounded", "Sentence", "SourceFacts", "claims_of", "ground", "split_sentences"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


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
_CN_DIGIT = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_SCALE = {
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
# No bare 千 or "k": 500千瓦 is kilowatts, and 5k as often a size as an amount.
_NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\d)(?:\s*(万亿|千万|百万|亿|万|trillion|billion|bn\b|"
    r"hundred\s+million|million|ten\s+thousand|thousand))?",
    re.I,
)
_CN_PERCENT = re.compile(rf"百分之([{_CN_NUMERAL}]+|\d+(?:\.\d+)?)")
_CN_RUN = re.compile(rf"[{_CN_NUMERAL}]+")
# In an answer a Chinese numeral is a claim as an ordinal (第四十五条) or as a count of something (三年).
_CN_CLAIM = re.compile(
    rf"第([{_CN_NUMERAL}]+)|([{_CN_NUMERAL}]+)(?=[个项家条款倍元名位人次场届批所座天年周])"
)
_EN_NUMBERS = {
    word: n
    for words, first in [
        ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen", 0),
        ("first second third fourth fifth sixth seventh eighth ninth tenth", 1),
    ]
    for n, word in enumerate(words.split(), first)
} | {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
_EN_NUMBER = re.compile(r"\b(" + "|".join(_EN_NUMBERS) + r")\b", re.I)

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
        number = Decimal(m.group(1).replace(",", "") + (m.group(2) or ""))
        scale = _SCALE[re.sub(r"\s+", " ", m.group(3).lower())] if m.group(3) else 1
        found.append((m.group().strip(), number * scale))
        if not answer and scale != 1:
            found.append((m.group(1), number))
        return " " * len(m.group())

    rest = _NUMBER.sub(arabic, _CN_PERCENT.sub(percent, text))  # then the 万 of 300万 is spent
    if answer:
        for m in _CN_CLAIM.finditer(rest):
            n = cn_number(m.group(1) or m.group(2))
            if n is not None and (m.group(1) or n >= 2):  # "一项" is an article more than a count
                found.append((m.group(), Decimal(n)))
        return found
    found += [
        (m.group(), Decimal(n)) for m in _CN_RUN.finditer(rest) if (n := cn_number(m.group())) is not None
    ]
    found += [(m.group(), Decimal(_EN_NUMBERS[m.group().lower()])) for m in _EN_NUMBER.finditer(rest)]
    return found


# ---- names --------------------------------------------------------------------------------------------
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][A-Za-z]+|-[A-Za-z]+)*")
_HANZI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# Capitalized at the start of a sentence by grammar, not because they name anything.
_FUNCTION_WORDS = _words(
    "the a an in on at for by as to of and but or according this that these those it its there their each "
    "all under with from since after before during if when while our we you yes no both some many more most "
    "also other such here"
)
# Titles, generic nouns and codes, capitalized inside names but naming nothing by themselves.
_GENERIC = _words(
    "prof professor dr mr mrs ms academician president vice deputy director mayor chairman secretary "
    "article chapter section part province provincial city municipal county district people government "
    "china chinese cny rmb usd eur yuan "
    + _MONTH_NAMES.lower()
    + " monday tuesday wednesday thursday friday "
    "saturday sunday"
)
_TITLES = _words(
    "教授 副教授 院士 博士 研究员 主任 副主任 局长 副局长 市长 副市长 省长 副省长 书记 副书记 "
    "主席 副主席 院长 副院长 校长 副校长 所长 副所长 总经理 董事长 理事长 会长 秘书长 处长 部长 "
    "厅长 司长 先生 女士 同志 工程师 总工 专家 团队 课题组"
)
# The common surnames (about 85% of people in China), and the compound ones.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温"
    "康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍"
    "涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑"
    "景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_COMPOUND_SURNAMES = _words("欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 司徒 夏侯 长孙 宇文 端木")
_PLACES = dict([*CITIES.values(), *OTHER_PLACES.values(), ("辽宁", "Liaoning")])
_PLACE_SUFFIX = re.compile(r"(?:省|市|区|县)$")


def _plain(word: str) -> str:
    """Lower-case letters only: "Xi'an" -> "xian", "Liaoning's" -> "liaoning", "Lü" -> "lu"."""
    decomposed = unicodedata.normalize("NFD", re.sub(r"['’]s$", "", word).lower())
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


def _fold(word: str) -> str:
    """A word as compared with a source's words: "Enterprises" -> "enterprise"."""
    plain = _plain(word)
    return plain[:-1] if len(plain) > 3 and plain.endswith("s") and not plain.endswith("ss") else plain


@functools.lru_cache(maxsize=4096)
def _one_token(word: str) -> bool:
    """An English word cl100k holds whole (" base", " area", " chinese", and " wang", " pan"): the rule of
    retrieval/aliases.py, where romanized names take two to five tokens (" dalian", " dongsheng")."""
    return len(encoding().encode(f" {word}")) == 1


def _name_part(word: str) -> bool:
    """A word of a romanized Chinese name: pinyin syllables, and no English word unless one syllable
    (a surname or a given name beside another part: "Wang Gang", "Sun Qian")."""
    plain = _plain(word)
    if not word[:1].isupper() or not re.sub(r"['’-]", "", word[1:]).islower() or not is_pinyin(plain):
        return False
    return not _one_token(plain) or not is_pinyin(plain, syllables=2)


def _spellings(hanzi: str) -> set[str]:
    """A hanzi word's pinyin spellings ("陈东升" -> "chendongsheng"; a surname's own reading too)."""
    return {"".join(reading) for reading in romanizations(hanzi)}


@dataclass(frozen=True)
class Claim:
    kind: Literal["number", "date", "name"]
    shown: str  # as the answer wrote it
    keys: frozenset[Any]  # any one of them found in a source supports the claim
    how: Literal["value", "date", "latin", "word", "hanzi"]


def _latin_names(text: str) -> Iterator[Claim]:
    """Runs of capitalized words: their romanized Chinese parts as one name each ("Pan Fusheng"), their
    other words one by one ("Kainer")."""
    runs: list[list[re.Match[str]]] = []
    for m in _LATIN_WORD.finditer(text):
        if not m.group()[0].isupper():
            continue
        if runs and text[runs[-1][-1].end() : m.start()] == " ":
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        if not re.search(r"[\w\u3400-\u9fff]", text[: run[0].start()]):  # it opens the sentence
            if len(run) == 1:
                continue  # one capitalized word opening a sentence: grammar, not a name
            if run[0].group().lower() in _FUNCTION_WORDS:
                run = run[1:]
        chinese: list[str] = []
        for word in [*(m.group() for m in run), ""]:
            if word and _name_part(word):
                chinese.append(word)
                continue
            # One English word alone ("Base", "Long") is no name; two parts are one ("Wang Gang").
            if len(chinese) > 1 or (chinese and not _one_token(_plain(chinese[0]))):
                parts = [_plain(w) for w in chinese]
                keys = {"".join(parts), "".join(parts[1:] + parts[:1])}  # "Dongsheng Chen" too
                yield Claim("name", " ".join(chinese), frozenset(keys), "latin")
            elif chinese and _plain(chinese[0]) not in _GENERIC:
                yield Claim("name", chinese[0], frozenset({_fold(chinese[0])}), "word")
            chinese = []
            if word and _plain(word) not in _GENERIC and len(_plain(word)) > 1:
                yield Claim("name", word, frozenset({_fold(word)}), "word")


@functools.cache
def _posseg() -> Any:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def _hanzi_names(text: str) -> Iterator[Claim]:
    """Known places (retrieval/fields.py) and person names with a title beside them."""
    tokens = [(w.word, w.flag) for w in _posseg().cut(text)]
    for i, (word, flag) in enumerate(tokens):
        place = _PLACE_SUFFIX.sub("", word)
        if place in _PLACES:
            keys = {place, _plain(_PLACES[place]), *_spellings(place)}
            yield Claim("name", word, frozenset(keys), "hanzi")
            continue
        if flag not in ("nr", "nrfg") or not 2 <= len(word) <= 4:
            continue
        surname = 2 if word[:2] in _COMPOUND_SURNAMES else 1 if word[0] in _SURNAMES else 0
        beside = {tokens[j][0] for j in (i - 1, i + 1) if 0 <= j < len(tokens)}
        if surname and beside & _TITLES:
            readings = romanizations(word)
            keys = {
                word,
                *("".join(r) for r in readings),
                *("".join(r[surname:] + r[:surname]) for r in readings),
            }
            yield Claim("name", word, frozenset(keys), "hanzi")


# ---- claims and sources ---------------------------------------------------------------------------------
def claims_of(sentence: str) -> list[Claim]:
    """What a sentence states that a source must hold: numbers and amounts, dates, names. Citations, link
    targets, URLs and a list marker are no claims."""
    text = _LIST_MARK.sub("", _URL.sub(" ", _CITE.sub(" ", sentence)), count=1)
    dates, rest = _dates(text)
    out = [Claim("date", shown, frozenset({key}), "date") for shown, key in dates]
    out += [Claim("number", shown, frozenset({n}), "value") for shown, n in _numbers(rest, answer=True)]
    out += _latin_names(text)
    if _HANZI.search(text):
        out += _hanzi_names(text)
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
        return frozenset(_fold(m.group()) for m in _LATIN_WORD.finditer(self.text))

    @functools.cached_property
    def phrases(self) -> frozenset[str]:
        """One to four consecutive words, joined: "Pan Fusheng" -> "panfusheng"."""
        words = [_plain(m.group()) for m in _LATIN_WORD.finditer(self.text)]
        return frozenset("".join(words[i : i + n]) for i in range(len(words)) for n in range(1, 5))

    @functools.cached_property
    def pinyin(self) -> frozenset[str]:
        """One to four consecutive hanzi, romanized as retrieval/aliases.py does: 陈东升 -> chendongsheng."""
        out: set[str] = set()
        for run in _HANZI.findall(self.text):
            for start in range(len(run)):
                for end in range(start + 1, min(start + 4, len(run)) + 1):
                    out |= _spellings(run[start:end])
        return frozenset(out)

    @functools.cached_property
    def chinese(self) -> bool:
        """Mostly Chinese: an English word cannot be looked up in it, only a romanized name."""
        return sum(len(run) for run in _HANZI.findall(self.text)) >= 20

    def holds(self, claim: Claim) -> bool:
        if claim.how == "value":
            return bool(claim.keys & self.numbers)
        if claim.how == "date":
            return bool(claim.keys & self.dates)
        if claim.how == "latin":
            return bool(claim.keys & self.phrases or claim.keys & self.pinyin)
        if claim.how == "word":
            return self.chinese or bool(claim.keys & self.words)
        return any(k in self.text if _HANZI.match(k) else k in self.phrases for k in claim.keys)


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
