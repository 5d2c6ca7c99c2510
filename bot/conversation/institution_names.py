"""The institution a question names, by its name or by the short form people use: "大连化物所" for
中国科学院大连化学物理研究所, "DICP" for Dalian Institute of Chemical Physics, "金属所", "沈阳自动化所". A
short form counts only where it fits one institution of the catalog. A university or institute named in
full that is none of the catalog's ("shenyang normal university") lists nothing (`unlisted_institution`)."""

from __future__ import annotations

import re

from retrieval.aliases import pinyin_syllables, spelled_as
from retrieval.text import keyword_tokens, word_frequency

__all__ = ["institution_named", "institution_short_form", "unlisted_institution"]


def _core(name: str) -> str:
    return name.split("(")[0].split("（")[0].strip()


# How people shorten "university" in English chat ("what techs does Liaoning Uni have", "Dalian Univ.")
_UNI = re.compile(r"\b(?:uni|univ)\b\.?", re.I)


def institution_named(text: str, institutions: list[str]) -> str | None:
    """The institution a question names: its name, or the short form people use ("大连化物所" for
    中国科学院大连化学物理研究所, "DICP" for Dalian Institute of Chemical Physics) when it fits only one."""
    low = _UNI.sub("university", text.lower())
    for name in sorted(institutions, key=len, reverse=True):
        core = _core(name)
        if core and core.lower() in low:
            return core
    short = _abbreviated(text, institutions)
    if short:
        return short[0]
    stem = _stem_named(text, [_core(n) for n in institutions])
    spelled = _spelled(text, institutions) if stem is None else None
    return stem or (spelled[0] if spelled else None)


def _spelled(text: str, institutions: list[str]) -> tuple[str, str] | None:
    """(the Chinese institution the text writes in pinyin, the words that write it), whole or without 大学
    ("shenyang yaoke daxue", "dalian ligong"), where one institution's name is so written."""
    found: dict[str, str] = {}
    for core in map(_core, institutions):
        for form in dict.fromkeys([core, core.removesuffix("大学")]) if not core.isascii() else ():
            words = spelled_as(text, form)
            if words:
                found.setdefault(core, words)
    return next(iter(found.items())) if len(found) == 1 else None


# What may follow a university's name said without 大学 ("大连理工有几项成果", "沈阳工业的成果"): a word of
# the question, not more of a name ("沈阳工业机器人" is about robots).
_AFTER_STEM = frozenset("有的那这在是能还一共都哪啥什几多里家个方呢吗和与跟")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _stem_named(text: str, cores: list[str]) -> str | None:
    """The university named without 大学, its name four characters or more ("大连理工", "辽宁工程技术"),
    where one university's name stands so in the text."""
    found = []
    for core in cores:
        stem = core.removesuffix("大学")
        at = text.find(stem) if stem != core and len(stem) >= 4 else -1
        after = text[at + len(stem) : at + len(stem) + 1] if at >= 0 else ""
        if at >= 0 and (not _HAN_CHAR.match(after) or after in _AFTER_STEM):
            found.append(core)
    return found[0] if len(found) == 1 else None


def institution_short_form(text: str, institutions: list[str]) -> str | None:
    """The short form by which the text names an institution ("化物所", "DICP"), or its name in pinyin
    ("shenyang yaoke daxue"), if it does."""
    short = _abbreviated(text, institutions) or _spelled(text, institutions)
    return short[1] if short else None


# letters, not a word boundary, end it: Chinese runs on from it ("SIA有哪些成果", "DICP那个")
_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,6}(?![A-Za-z0-9])")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{3,}")
_HAN_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")
_NAME_STOP = frozenset(["of", "the", "and", "for", "cas"])
_SHORT_END = "所院校"  # 化物所, 金属所, 自动化所: a research institute's short name keeps its last character
# A university's short name starts with its place and keeps 大 of 大学 ("沈工大", "辽工大") or is two
# characters of it ("东大" 东北大学, "大工" 大连理工大学, "辽大", "沈农", "沈航"): these start where the
# name does, past the Academy's prefix, so "中国大" names no institute of it.
_UNIVERSITY_END = "大"
_CAS_PREFIX = "中国科学院"
# A pair of characters jieba's dictionary counts this often is a word of its own (大理 958, 大海 1,186,
# 大通 137), not a university's short name (东大 65, 大化 41, 大工 25, 辽大 14).
_WORD_FREQUENCY = 100
# "Northeastern" is read north-east ("NEU"), as a pinyin place is read by its syllables ("LNTU", "DLUT")
_COMPASS = re.compile(r"(north|south)(east|west)(?:ern)?")


def _acronyms(name: str) -> set[str]:
    """The initials people abbreviate a name by: its words' ("DUT"), or with the first word's syllables
    ("DLUT" Dalian University of Technology, "LNTU" Liaoning Technical University, "NEU" Northeastern
    University), as Chinese universities write theirs."""
    words = [w for w in re.findall(r"[A-Za-z]+", name.split(",")[0]) if w.lower() not in _NAME_STOP]
    if not words:
        return set()
    rest = "".join(w[0] for w in words[1:])
    first = words[0].lower()
    compass = _COMPASS.fullmatch(first)
    syllables = compass.groups()[:2] if compass else pinyin_syllables(first) or (first,)
    return {(first[0] + rest).upper(), ("".join(s[0] for s in syllables) + rest).upper()}


def _subsequence(short: str, name: str) -> bool:
    rest = iter(name)
    return all(ch in rest for ch in short)


def _span(short: str, name: str) -> int:
    """How many characters of the name the short form spans, its characters taken as early as they come:
    辽工大 spans six of 辽宁工业大学, eight of 辽宁工程技术大学."""
    at = name.index(short[0])
    for ch in short[1:]:
        at = name.index(ch, at + 1)
    return at - name.index(short[0]) + 1


def _fitting(short: str, cores: list[str], from_start: bool) -> str | None:
    """The institution a Chinese short form names: the one whose name holds its characters in order
    (not as a word of it: "研究所" is every institute's); of a university's form the tightest where several
    do (辽工大: 辽宁工业大学), of two as tight the one the other's name holds (沈阳工业大学, not its Liaoyang
    institute)."""
    if any(short in c for c in cores):
        return None
    found = [
        c
        for c in cores
        if _subsequence(short, c) and (not from_start or c.removeprefix(_CAS_PREFIX).startswith(short[0]))
    ]
    if len(found) <= 1 or not from_start:
        return found[0] if len(found) == 1 else None
    spans = sorted(found, key=lambda c: (_span(short, c), len(c)))
    best, tight = spans[0], [c for c in spans if _span(short, c) == _span(short, spans[0])]
    return best if all(best in c for c in tight) else None


def _abbreviated(text: str, institutions: list[str]) -> tuple[str, str] | None:
    """(the institution, the short form the text names it by), where the short form fits one only."""
    cores = [_core(n) for n in institutions]
    for acronym in _ACRONYM.findall(text):
        found = [c for c in cores if c.isascii() and acronym in _acronyms(c)]
        if len(found) == 1:
            return found[0], acronym
    for run in _HAN_RUN.findall(text):
        for end in range(len(run), 2, -1):
            if run[end - 1] not in _SHORT_END + _UNIVERSITY_END:
                continue
            for start in range(max(0, end - 6), end - 2):
                short = run[start:end]
                name = _fitting(short, cores, from_start=short[-1] == _UNIVERSITY_END)
                if name:
                    return name, short
    # two characters are a short name only as a word of the text ("大工一共有", not "大工件"), and not as a
    # piece of a longer one ("中科" of 中科院 is not 中国医科大学's)
    words = keyword_tokens(text)
    for word in words:
        pair = _HAN_PAIR.fullmatch(word) and word_frequency(word) < _WORD_FREQUENCY
        pair = pair and not any(word != other and word in other for other in words)
        name = _fitting(word, cores, from_start=True) if pair else None
        if name:
            return name, word
    return None


# An organisation named in full: "shenyang normal university", "Harbin Institute of Technology", "沈阳师范
# 大学". In Chinese it starts at a place (the characters before are the question's: "有没有沈阳师范大学的").
_ORG_EN = re.compile(
    r"\b((?:[a-z]+\s+){0,3}?)(university|institute|college|academy)\b((?:\s+of\s+[a-z]+(?:\s+and\s+[a-z]+)?)?)",
    re.I,
)
_ORG_ZH = re.compile(
    r"(?:辽宁|东北|中国|沈阳|大连|鞍山|抚顺|本溪|丹东|锦州|营口|阜新|辽阳|盘锦|铁岭|朝阳|葫芦岛|哈尔滨|长春|吉林|北京|"
    r"上海|天津|浙江|清华)[\u4e00-\u9fff]{0,6}?(?:大学|学院|研究所|研究院)"
)
_CAS = re.compile(r"chinese academy of sciences|中国科学院|中科院", re.I)
# Words of the question before a name ("any tech from", "what has ... got")
_NOT_NAME = frozenset(
    re.findall(
        r"\w+",
        "a an any the from by at of in on for what which who has have had got does do is are tech techs "
        "technology technologies achievements there anything something offered listed licensing sale "
        "transfer and or with to me us our your their",
    )
)


def unlisted_institution(text: str, institutions: list[str]) -> str | None:
    """A university or institute the text names in full that is none of the catalog's (nor a short form
    of one): "any tech from shenyang normal university" -> "shenyang normal university"; None otherwise."""
    if institution_named(text, institutions) is not None or _CAS.search(text):
        return None  # the Academy's institutes are listed each under its own name
    cores = [_core(n).lower() for n in institutions]
    for found in _ORG_EN.finditer(text):
        before = found.group(1).split()
        while before and before[0].lower() in _NOT_NAME:
            before = before[1:]
        name = " ".join([*before, found.group(2), *found.group(3).split()])
        if before and not any(name.lower() in c or c in name.lower() for c in cores):
            return name
    for found in _ORG_ZH.finditer(text):
        name = found.group(0)
        if len(name) > 3 and not any(name in c or c in name for c in cores):
            return name
    return None
