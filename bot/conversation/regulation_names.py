"""Which regulation a question names: by name or alias in either language, a short name, the region or
level and a noun of its form ("the provincial regulation", "省里的条例", "national law"), or title words.

    named_regulation(question, regulations) -> doc ids of the regulation(s) named, both language versions
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

from .regulation_docs import RegulationDoc

__all__ = ["by_level", "named_regulation", "names_level", "other_province", "region_of"]

_EN_LAW_NOUN = r"(?:laws?|act|legislation)"
_EN_REG_NOUN = r"(?:regulations?|regs?|rules?|measures|provisions)"
_ZH_NOUN = r"(?:条例|法规|规定|办法)"
# "the provincial one", "the national version": the regulation of that level, in a conversation about one
_EN_ONE = r"(?:ones?|versions?)"
_ANY_NOUN = re.compile(rf"法|条例|规定|办法|\b{_EN_LAW_NOUN}\b|\b{_EN_REG_NOUN}\b", re.I)
_LEVELS = {  # a level word right before a noun names the regulations of that level ("provincial level": no)
    "national": re.compile(
        rf"\b(?:national|state|central|china'?s|chinese|prc)\s+(?:{_EN_LAW_NOUN}|{_EN_REG_NOUN}|{_EN_ONE})\b|"
        r"国家(?:层面|级)?的?(?:法律|法|规定)|全国(?:性的?法律|人大)",
        re.I,
    ),
    "provincial": re.compile(
        rf"\b(?:provincial|province'?s?|local)\s+(?:{_EN_LAW_NOUN}|{_EN_REG_NOUN}|{_EN_ONE})\b|"
        rf"(?:省里|省级|本省|省内|地方性?|省)(?:的|那个|那部)?{_ZH_NOUN}",
        re.I,
    ),
}
# "the law", "本法", "该条例": a regulation of that form when the knowledge base holds only one
_THE_LAW = re.compile(r"\b(?:the|this|that)\s+law\b|本法|该法|这部法|这个法(?!规)|那部法", re.I)
_THE_REGULATIONS = re.compile(r"(?:本|该|这个|这部|那个|那部)条例")
# Words of a title that name no regulation in particular
_TITLE_STOP = re.compile(
    r"articles?|summar(?:y|ies)|people|republic|china|provinc\w*|regulations?|laws?|with|from"
)


@functools.lru_cache(maxsize=8192)  # regulation names and titles recur in every question's comparisons
def _norm(text: str) -> str:
    """Lower case, words only, a plural's s dropped: "Liaoning's regs" ~ "liaoning reg"."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'s", "").replace("’s", ""))
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


@functools.lru_cache(maxsize=1024)
def _zh_short_names(name: str) -> tuple[str, ...]:
    """Tails of a Chinese name that still name it: 促进科技成果转化法 -> 成果转化法, 转化法, ..."""
    core = name.removeprefix("中华人民共和国")
    noun = next((n for n in ("条例", "办法", "规定", "法") if core.endswith(n)), "")
    if not noun or not re.search(r"[\u4e00-\u9fff]", core):
        return ()
    return tuple(core[i:] for i in range(len(core) - len(noun) - 1))


def _region(doc: RegulationDoc) -> str:
    return _region_of(doc.name)


def region_of(name: str) -> str:
    """The province or city a regulation's name starts with: 辽宁 / Liaoning ("" when none)."""
    return _region_of(name)


@functools.lru_cache(maxsize=1024)
def _region_of(name: str) -> str:
    """The province or city a regulation's name starts with: 辽宁 / Liaoning."""
    zh = re.match(r"(.{2,3}?)(?:省|市|自治区)", name)
    en = re.match(r"([A-Z][a-z]+)\s+(?:Province|Municipality|City)\b", name)
    return (zh or en).group(1) if (zh or en) else ""  # type: ignore[union-attr]


def _title_words(doc: RegulationDoc) -> frozenset[str]:
    return _words_of_title(doc.title)


@functools.lru_cache(maxsize=4096)
def _words_of_title(title: str) -> frozenset[str]:
    # Cached: every question compares every regulation's title words with every other's.
    words = _norm(title).split()
    return frozenset(w for w in words if (len(w) >= 5 or w.isdigit()) and not _TITLE_STOP.fullmatch(w))


# A province a question names ("浙江省", "Zhejiang Province"): a regulation of another one is not meant
_ZH_PROVINCE = re.compile(r"([\u4e00-\u9fff][^\W全本我该外各每们\d])(?:省|自治区)")
_EN_PROVINCE = re.compile(r"\b([a-z]+) province\b")
_NOT_A_PROVINCE = re.compile(r"the|this|that|our|your|their|a|each|every|whole|same|entire|home")


def _other_province(question: str, docs: Sequence[RegulationDoc]) -> bool:
    regions = {_region(d).lower() for d in docs} - {""}
    if not regions:
        return False
    # a province's name before 省 ("广东省"), not any two characters ("条例说省里要建什么库": the province)
    named = {
        m.group(1)
        for m in _ZH_PROVINCE.finditer(question)
        if any(question[: m.end(1)].endswith(p) for p in _PROVINCES)
    }
    named |= {m.group(1) for m in _EN_PROVINCE.finditer(question.lower())}
    named = {n for n in named if not _NOT_A_PROVINCE.fullmatch(n)}
    return bool(named) and not named & regions


# China's provincial-level regions, by their Chinese and pinyin names: "what subsidies does Jiangsu give"
# names a province without the word "province".
# fmt: off
_PROVINCES = {
    "北京": "beijing", "天津": "tianjin", "上海": "shanghai", "重庆": "chongqing", "河北": "hebei",
    "山西": "shanxi", "辽宁": "liaoning", "吉林": "jilin", "黑龙江": "heilongjiang", "江苏": "jiangsu",
    "浙江": "zhejiang", "安徽": "anhui", "福建": "fujian", "江西": "jiangxi", "山东": "shandong",
    "河南": "henan", "湖北": "hubei", "湖南": "hunan", "广东": "guangdong", "海南": "hainan",
    "四川": "sichuan", "贵州": "guizhou", "云南": "yunnan", "陕西": "shaanxi", "甘肃": "gansu",
    "青海": "qinghai", "台湾": "taiwan", "内蒙古": "inner mongolia", "广西": "guangxi", "西藏": "tibet",
    "宁夏": "ningxia", "新疆": "xinjiang", "香港": "hong kong", "澳门": "macau",
}
# fmt: on


def other_province(question: str, docs: Sequence[RegulationDoc]) -> bool:
    """Whether the question names a province none of `docs` is of ("广东省规定的奖励比例", "what subsidies
    does Jiangsu give?"), and none that they are of."""
    if _other_province(question, docs):
        return True
    regions = {_region(d).lower() for d in docs} - {""}
    low = question.lower()
    named = {
        zh for zh, en in _PROVINCES.items() if zh in question or re.search(rf"\b{en}\b", low) is not None
    }
    own = {zh for zh, en in _PROVINCES.items() if zh in regions or en in regions}
    return bool(regions) and bool(named) and not named & own


def _names_group(question: str, docs: Sequence[RegulationDoc], shared: set[str]) -> bool:
    """Whether the question names the regulation whose language versions are `docs` (`shared`: the
    five-letter stems of title words other regulations' titles hold too)."""
    if _other_province(question, docs):
        return False
    low, norm = question.lower(), f" {_norm(question)} "
    for doc in docs:
        names = [doc.name, *doc.aliases]
        if any(re.search(r"[\u4e00-\u9fff]", n) and n in question for n in names):
            return True
        if any(f" {_norm(n)} " in norm for n in names if n.isascii() and _norm(n)):
            return True
        if any(short in question for short in _zh_short_names(doc.name)):
            return True
        region = _region(doc)
        if region and (
            re.search(rf"{region}[^，。？?！!]{{0,8}}?{_ZH_NOUN}", question)
            or re.search(
                rf"\b{region.lower()}\b(?:\W+\w+){{0,4}}?\W+(?:{_EN_LAW_NOUN}|{_EN_REG_NOUN})\b", low
            )
        ):
            return True
        level = _LEVELS.get(doc.level)
        if level is not None and level.search(question):
            return True
    # A word of this regulation's title (and no other's) near a noun of its form: "the transformation law",
    # "the law on promoting transformation", "the 2015 amended law", "the sci-tech innovation regulations".
    words = {w[:5] for d in docs for w in _title_words(d)} - shared
    noun = _EN_LAW_NOUN if any(d.is_law for d in docs) else _EN_REG_NOUN
    for match in re.finditer(rf"\b{noun}\b", low):
        before = re.findall(r"[a-z0-9]+", low[: match.start()])[-4:]
        after = re.findall(r"[a-z0-9]+", low[match.end() :])[:5]
        near = before + (after[1:] if after and after[0] in ("on", "of", "for") else [])
        if any(w[:5] in words for w in near if len(w) >= 4 or w.isdigit()):
            return True
    return False


def named_regulation(question: str, regulations: Sequence[RegulationDoc]) -> list[str]:
    """Doc ids of the regulations the question names (both language versions of each), in the order given:
    by name or alias in either language ("转化法", "the transformation law"), a tail of a Chinese name
    ("科技创新条例"), the region and a noun ("辽宁那个条例", "Liaoning's regs"), the level and a noun ("the
    provincial regulation", "省里的条例"), title words and a noun, or "the law" / "本条例" where only one
    regulation has that form."""
    if not _ANY_NOUN.search(question) and not any(a in question for d in regulations for a in d.aliases):
        return []  # every way of naming a regulation holds a noun of its form (法, 条例, law) or an alias
    groups: dict[str, list[RegulationDoc]] = {}
    for doc in regulations:
        groups.setdefault(doc.group, []).append(doc)
    # Title-word stems by how many regulations (groups) hold them: a stem another one holds names neither.
    stems = {g: {w[:5] for d in docs for w in _title_words(d)} for g, docs in groups.items()}
    holders = Counter(stem for group_stems in stems.values() for stem in group_stems)
    named = {
        group
        for group, docs in groups.items()
        if _names_group(question, docs, {w for w in stems[group] if holders[w] > 1})
    }
    for pattern, fits in ((_THE_LAW, True), (_THE_REGULATIONS, False)):
        of_form = [g for g, docs in groups.items() if any(d.is_law for d in docs) == fits]
        if not named and len(of_form) == 1 and pattern.search(question):
            named.add(of_form[0])
    return [doc.doc_id for doc in regulations if doc.group in named]


# A level named alone, in a follow-up after an article ("and at the provincial level?", "国家的呢").
_PROVINCIAL = re.compile(r"\bprovinc\w*|\blocal\b|省里|省级|本省|地方", re.I)
_NATIONAL = re.compile(r"\bnational\b|\bstate\b|\bcentral\b|国家|全国|中央", re.I)
_POINTER = re.compile(r"ones?|version|level|side|那边|那个|那部|版本|层面")


def by_level(message: str, docs: Sequence[RegulationDoc], lang: str) -> list[RegulationDoc]:
    """The regulation of the region or level a message names ("and in liaoning?": the province's; "国家的
    呢": the national law), in `lang` first; none when it names none, or two regulations are of it."""
    provincial = [d for d in docs if d.level == "provincial"]
    regions = {region_of(d.name).lower() for d in provincial} - {""}
    if any(r in message.lower() for r in regions) or _PROVINCIAL.search(message):
        found = provincial
    elif _NATIONAL.search(message):
        found = [d for d in docs if d.level == "national"]
    else:
        return []
    if len({d.group for d in found}) != 1:
        return []  # two of that level: the message does not say which
    return sorted(found, key=lambda d: d.lang != lang)


def names_level(word: str, docs: Sequence[RegulationDoc]) -> bool:
    """A word that names the regulation's level or region ("national", "辽宁"), or points at it ("the
    national one"): no topic of the message."""
    regions = {region_of(d.name).lower() for d in docs} - {""}
    low = word.lower()
    if _PROVINCIAL.search(word) or _NATIONAL.search(word) or _POINTER.fullmatch(low):
        return True
    return any(r in low for r in regions)
