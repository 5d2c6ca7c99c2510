"""Regulations as documents: which regulation a question names, and what a regulation says of itself.

    named_regulation(question, regulations) -> doc ids of the regulation(s) a question names, both language
                                               versions, read from their names, aliases, titles and level
    regulation_fact(question, lang, docs)   -> "《辽宁省科技创新条例》自2021年10月1日起施行。" for a question
                                               about the document (dates, issuing body, size, status)
    RegulationAnswerer(store)               -> answer(question, lang) -> Draft | None, and
                                               filter_for(question) -> the search restricted to the named one

A fact comes from the front matter (knowledge/FORMAT.md) or, where that lacks a date, from the document's
preamble; the answer quotes the preamble's sentence that states it, so its hedges ("according to public
reports ... the official text prevails") travel with it. A fact that neither states is answered as such:
the knowledge base does not state it (answered false), never guessed.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import re
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from retrieval.search import article_refs
from retrieval.stores.base import VectorStore
from retrieval.text import detect_lang, split_sentences
from retrieval.types import Chunk, SearchFilters

from .draft import Draft
from .types import Citation

__all__ = ["RegulationAnswerer", "RegulationDoc", "named_regulation", "read_regulations", "regulation_fact"]


@dataclass(frozen=True)
class RegulationDoc:
    """One language version of a regulation, as its stored chunks describe it."""

    doc_id: str
    lang: str
    group: str  # the translation group: both language versions share it
    name: str  # "辽宁省科技创新条例": front matter `name`, else the title less summary and version notes
    aliases: tuple[str, ...]
    title: str
    level: str
    issuing_body: str
    status: str
    dates: Mapping[str, str]  # adopted_date, amended_date, first_effective_date, effective_date (ISO)
    total_chapters: int | None
    total_articles: int | None
    preamble: str
    locators: tuple[str, ...]  # the articles the knowledge base holds, in order
    chunk: Chunk  # the first chunk, for citations

    @classmethod
    def of(cls, chunks: Sequence[Chunk]) -> RegulationDoc:
        ordered = sorted(chunks, key=lambda c: c.index)
        first, meta = ordered[0], ordered[0].meta
        dates = {k: str(meta[k]) for k in _DATE_FIELDS if meta.get(k)}
        return cls(
            doc_id=first.doc_id,
            lang=first.lang,
            group=str(meta.get("translation_group") or first.doc_id),
            name=str(meta.get("name") or _name_from_title(first.title)),
            aliases=tuple(str(a) for a in meta.get("aliases") or ()),
            title=first.title,
            level=str(meta.get("level") or ""),
            issuing_body=str(meta.get("issuing_body") or ""),
            status=str(meta.get("status") or ""),
            dates=dates,
            total_chapters=_int(meta.get("total_chapters")),
            total_articles=_int(meta.get("total_articles")),
            preamble=str(meta.get("preamble") or ""),
            locators=tuple(c.locator for c in ordered if c.locator),
            chunk=first,
        )

    @property
    def plural(self) -> bool:  # "the ... Regulations were adopted", "the ... Law was adopted"
        return bool(re.search(r"\b(?:Regulations|Measures|Rules|Provisions)\b", self.name))

    @property
    def is_law(self) -> bool:
        return bool(re.search(r"\bLaw\b|法$", self.name))


_DATE_FIELDS = ("adopted_date", "amended_date", "first_effective_date", "effective_date")


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


def _name_from_title(title: str) -> str:
    """ "辽宁省科技创新条例（成果转化与产业化）条文摘要" -> "辽宁省科技创新条例"."""
    name = re.sub(r"[（(][^）)]*[）)]", "", title).split(":")[0]
    return re.sub(r"(?:条文)?摘要$|\s*(?:article )?summar(?:y|ies)$", "", name.strip(), flags=re.I).strip()


def read_regulations(store: VectorStore) -> list[RegulationDoc]:
    """Every regulation in the store, one entry per language version, by doc id."""
    by_doc: dict[str, list[Chunk]] = {}
    for _, chunk, _ in store.scan(SearchFilters(kind=("regulation",))):
        if chunk is not None:
            by_doc.setdefault(chunk.doc_id, []).append(chunk)
    return [RegulationDoc.of(chunks) for _, chunks in sorted(by_doc.items())]


# ---- which regulation a question names ---------------------------------------------------------------
_EN_LAW_NOUN = r"(?:laws?|act|legislation)"
_EN_REG_NOUN = r"(?:regulations?|regs?|rules?|measures|provisions)"
_ZH_NOUN = r"(?:条例|法规|规定|办法)"
_ANY_NOUN = re.compile(rf"法|条例|规定|办法|\b{_EN_LAW_NOUN}\b|\b{_EN_REG_NOUN}\b", re.I)
_LEVELS = {  # a level word right before a noun names the regulations of that level ("provincial level": no)
    "national": re.compile(
        rf"\b(?:national|state|central|china'?s|chinese|prc)\s+(?:{_EN_LAW_NOUN}|{_EN_REG_NOUN})\b|"
        r"国家(?:层面|级)?的?(?:法律|法|规定)|全国(?:性的?法律|人大)",
        re.I,
    ),
    "provincial": re.compile(
        rf"\b(?:provincial|province'?s?|local)\s+(?:{_EN_LAW_NOUN}|{_EN_REG_NOUN})\b|"
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
    named = {m.group(1) for m in _ZH_PROVINCE.finditer(question)}
    named |= {m.group(1) for m in _EN_PROVINCE.finditer(question.lower())}
    named = {n for n in named if not _NOT_A_PROVINCE.fullmatch(n)}
    return bool(named) and not named & regions


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


# ---- document-level facts ------------------------------------------------------------------------------
_WHEN = r"(?:\bwhen\b|\bwhat (?:date|day|year|month)\b|\bwhich (?:date|day|year)\b|\bdate\b|\byear\b)"
_ZH_WHEN = r"(?:什么时候|何时|哪天|哪一天|哪年|哪一年|几月|几号|哪个月)"
# The gap between "when" and the verb is bounded (80 characters): an unbounded one scans to the end from
# every "when"/"year" of a long message, quadratic in its length.
_ZH_MADE = r"(?:制定|颁布|发布|出台|起草|公布)"
_FACTS: dict[str, re.Pattern[str]] = {
    "body": re.compile(
        r"\bwho\s+(?:issued|issues|made|makes|adopted|adopts|passed|passes|enacted|enacts|wrote|drafted|"
        r"promulgated|is behind|was behind)\b|\bissuing (?:body|authority|organ)\b|\bby whom\b|"
        r"\bwhich (?:body|authority|organ|legislature)\b|"
        rf"谁来?{_ZH_MADE}|(?:由|是)谁(?:{_ZH_MADE}|通过)|{_ZH_MADE}的?(?:机关|部门|单位|机构|主体)|"
        rf"哪(?:个|一级)?(?:部门|机关|机构)(?:{_ZH_MADE}|通过)",
        re.I,
    ),
    "adopted": re.compile(
        rf"{_WHEN}[^?]{{0,80}}\b(?:adopt\w*|passed|enact\w*|approved|promulgated|issued)\b|"
        r"\b(?:adoption|enactment) date\b|"
        rf"{_ZH_WHEN}[^，。？?]{{0,8}}?(?:{_ZH_MADE}|通过)|(?:{_ZH_MADE}|通过)的?(?:时间|日期|年份)",
        re.I,
    ),
    "effective": re.compile(
        r"\btak(?:e|es|en|ing)\s+effect\b|\btook effect\b|\b(?:come|comes|came|coming|enter\w*|entry)\s+"
        r"into\s+(?:force|effect)\b|\beffective (?:date|from|since|on)\b|"
        rf"{_WHEN}[^?]{{0,80}}\b(?:effective|in effect|commenc\w*)\b|"
        r"\b(?:start\w*|began|begin\w*) to apply\b|"
        rf"施行|生效|(?:开始|正式|起)实施|实施的?(?:时间|日期)|{_ZH_WHEN}[^，。？?]{{0,4}}实施",
        re.I,
    ),
    "amended": re.compile(r"\bamend\w*|\brevis\w*|修改|修正|修订", re.I),
    "status": re.compile(
        r"\bstill\b[^?]{0,24}\b(?:valid|in force|effective|appl(?:y|ies)|current)\b|\bin force\b|\brepeal\w*|"
        r"\b(?:is|are) (?:it|they|the \w+ \w+) valid\b|\bexpired?\b|\bobsolete\b|"
        r"(?:还|是否|仍然?|依然|现在|目前)(?:有效|适用|生效)|有效吗|失效|废止|废除|现行|作废|过期",
        re.I,
    ),
    "size": re.compile(
        r"\bhow many (?:articles|chapters|sections|provisions|clauses)\b|\bnumber of (?:articles|chapters)\b|"
        r"(?<!第)(?:多少|几)(?:条|章|个条文|个章节)|条文数|章节数|一共几|共有几",
        re.I,
    ),
}
_ORIGINAL = re.compile(
    r"\boriginal\w*|\bfirst\b|\binitial\w*|最初|原来|原先|最早|首次|初次|原版|原文本|旧版", re.I
)
_MONTHS = list(calendar.month_name)[1:]
_EN_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_ZH_DIGITS = "零一二三四五六七八九"
_ZH_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_EN_DATE = re.compile(
    rf"\b\d{{1,2}} (?:{'|'.join(_MONTHS)}) \d{{4}}\b|\b(?:{'|'.join(_MONTHS)}) \d{{1,2}}, \d{{4}}\b"
)
_TEXT_CUES = {
    "adopted": r"通过|adopted|passed",
    "effective": r"施行|生效|took effect|came into force|in force",
}
_ABOUT_OTHER_SOURCES = re.compile(r"\bpress conference\b|\bnews\b|\breported\b|发布会|新闻|报道|会上", re.I)


def asked_facts(question: str) -> list[str]:
    """The document-level facts a question asks for, in answer order; none for a question that cites an
    article ("what does Article 45 say") or asks about something else."""
    if article_refs(question):
        return []
    asked = [kind for kind, pattern in _FACTS.items() if pattern.search(question)]
    if "amended" in asked and ("effective" in asked or "adopted" in asked):
        asked.remove("amended")  # "when did the amended law take effect": the amended text's date
    if "status" in asked and "effective" in asked and not re.search(r"有效|valid|still", question, re.I):
        asked.remove("status")  # "come into force" is a date question, not "is it still in force"
    return asked


def _date(iso: str, lang: str) -> str:
    day = dt.date.fromisoformat(iso)
    return (
        f"{day.year}年{day.month}月{day.day}日"
        if lang == "zh"
        else f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    )


def _count(n: int, lang: str) -> str:
    if lang != "zh":
        return _EN_NUMBERS[n] if n < len(_EN_NUMBERS) else str(n)
    if n >= 100:
        return str(n)
    tens, units = divmod(n, 10)
    head = ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" if tens else ""
    return head + (_ZH_DIGITS[units] if units or not tens else "")


def _from_text(doc: RegulationDoc, kind: str) -> str | None:
    """A date the preamble gives for adoption or entry into force, as written: the one that goes with the
    cue, before it in Chinese ("于1996年5月15日……通过"), after it in English ("adopted on 15 May 1996")."""
    for sentence in split_sentences(doc.preamble):
        for cue in re.finditer(_TEXT_CUES[kind], sentence, re.I):
            before = [(cue.start() - m.end(), m.group()) for m in _ZH_DATE.finditer(sentence, 0, cue.start())]
            after = [(m.start() - cue.end(), m.group()) for m in _EN_DATE.finditer(sentence, cue.end())]
            if before or after:
                return min(before or after)[1]
    return None


# What the answers say, (zh, en); {Name} is {name} capitalised, {was}/{has}/{is} agree with it.
_SAY: dict[str, tuple[str, str]] = {
    "body": ("{name}由{body}制定。", "{Name} {was} issued by the {body}."),
    "adopted": ("{name}于{date}通过。", "{Name} {was} adopted on {date}."),
    "adopted+amended": (
        "{name}于{date}通过，{amended}修正。",
        "{Name} {was} adopted on {date} and amended on {amended}.",
    ),
    "effective": ("{name}自{date}起施行。", "{Name} took effect on {date}."),
    "effective+first": (
        "{name}修正后的文本自{date}起施行（原文本自{first}起施行）。",
        "{Name}, as amended, took effect on {date} (the original text on {first}).",
    ),
    "effective.original": (
        "{name}原文本自{first}起施行。",
        "The original text of {name} took effect on {first}.",
    ),
    "amended": ("{name}于{amended}修正。", "{Name} {was} amended on {amended}."),
    "amended+effective": (
        "{name}于{amended}修正，修正后的文本自{date}起施行。",
        "{Name} {was} amended on {amended}; the amended text took effect on {date}.",
    ),
    "status.in_force": ("{name}现行有效。", "{Name} {is} in force."),
    "status.amended": ("{name}已被修改。", "{Name} {has} been amended."),
    "status.repealed": ("{name}已废止。", "{Name} {has} been repealed."),
    "size": (
        "{name}共{size}；知识库收录了其中{held}条的摘要（{span}）。",
        "{Name} {has} {size}; the knowledge base holds summaries of {held} of them ({span}).",
    ),
    "unstated.body": (
        "知识库没有说明{name}的制定机关。",
        "The knowledge base does not state who issued {name}.",
    ),
    "unstated.adopted": (
        "知识库没有说明{name}的通过日期。",
        "The knowledge base does not state when {name} {was} adopted.",
    ),
    "unstated.effective": (
        "知识库没有说明{name}的施行日期。",
        "The knowledge base does not state when {name} took effect.",
    ),
    "unstated.amended": (
        "知识库没有说明{name}经过修改。",
        "The knowledge base does not state that {name} {was} amended.",
    ),
    "unstated.status": (
        "知识库没有说明{name}是否有效。",
        "The knowledge base does not state whether {name} {is} in force.",
    ),
    "unstated.size": (
        "知识库没有说明{name}共有多少章、多少条；知识库收录了其中{held}条的摘要（{span}）。",
        "The knowledge base does not state how many chapters and articles {name} {has}; it holds "
        "summaries of {held} of its articles ({span}).",
    ),
    "quote": ("\n原文：“{quote}” [1]", '\nThe document says: "{quote}" [1]'),
}


@dataclass(frozen=True)
class _Fact:
    text: str
    answered: bool
    needles: tuple[str, ...] = ()  # what the quoted sentence of the preamble should hold


class _Facts:
    """The answer to each kind of document-level fact about one language version, in `lang`."""

    def __init__(self, doc: RegulationDoc, question: str, lang: str) -> None:
        self.doc, self.question, self.lang = doc, question, lang
        name = (
            f"《{doc.name}》"
            if lang == "zh"
            else doc.name
            if doc.name.startswith("The ")
            else f"the {doc.name}"
        )
        forms = ("were", "have", "are") if doc.plural else ("was", "has", "is")
        self.words = {
            "name": name,
            "Name": name[0].upper() + name[1:],
            **dict(zip(("was", "has", "is"), forms, strict=True)),
        }

    def answer(self, kind: str) -> _Fact:
        fact: _Fact = getattr(self, kind)()
        return fact

    def _say(self, key: str, *needles: str, **values: object) -> _Fact:
        text = _SAY[key][self.lang != "zh"].format(**self.words, **values)
        return _Fact(text, not key.startswith("unstated."), needles)

    def _date(self, field: str) -> str | None:
        """A date from the front matter, else (adoption, entry into force) as the preamble writes it."""
        iso = self.doc.dates.get(field)
        if iso:
            return _date(iso, self.lang)
        cue = {"adopted_date": "adopted", "effective_date": "effective"}.get(field)
        return _from_text(self.doc, cue) if cue else None

    def body(self) -> _Fact:
        body = self.doc.issuing_body
        return self._say("body", body, body=body) if body else self._say("unstated.body")

    def adopted(self) -> _Fact:
        adopted, amended = self._date("adopted_date"), self._date("amended_date")
        if adopted is None:
            return self._say("unstated.adopted")
        return self._say("adopted+amended" if amended else "adopted", adopted, date=adopted, amended=amended)

    def effective(self) -> _Fact:
        effective, first = self._date("effective_date"), self._date("first_effective_date")
        years = set(re.findall(r"(?:19|20)\d\d", self.question))
        if first and (_ORIGINAL.search(self.question) or self.doc.dates["first_effective_date"][:4] in years):
            return self._say("effective.original", first, first=first)
        if effective is None:
            return self._say("unstated.effective")
        return self._say("effective+first" if first else "effective", effective, date=effective, first=first)

    def amended(self) -> _Fact:
        amended, effective = self._date("amended_date"), self._date("effective_date")
        if amended is None:
            return self._say("unstated.amended")
        return self._say(
            "amended+effective" if effective else "amended", amended, amended=amended, date=effective
        )

    def status(self) -> _Fact:
        key = f"status.{self.doc.status}"
        return self._say(key) if key in _SAY else self._say("unstated.status")

    def size(self) -> _Fact:
        """The full text's chapters and articles, where stated, and the articles summarised here."""
        doc = self.doc
        chapters, articles = doc.total_chapters, doc.total_articles
        held, span = len(doc.locators), _span(doc.locators, self.lang)
        if chapters is None and articles is None:
            return self._say("unstated.size", held=held, span=span)
        if self.lang == "zh":
            size = (f"{_count(chapters, 'zh')}章" if chapters else "") + (
                f"{_count(articles, 'zh')}条" if articles else ""
            )
        else:
            parts = [
                f"{_count(chapters, 'en')} chapters" if chapters else "",
                f"{articles} articles" if articles else "",
            ]
            size = " and ".join(p for p in parts if p)
        needles = (
            (f"{_count(articles, 'zh')}条", str(articles))
            if articles
            else (f"{_count(chapters or 0, 'zh')}章",)
        )
        return self._say("size", *needles, size=size, held=held, span=span)


def _span(locators: Sequence[str], lang: str) -> str:
    """ "Articles 18–29" / "第十八条至第二十九条"."""
    if not locators:
        return ""
    first, last = locators[0], locators[-1]
    if lang == "zh" or not (first.startswith("Article ") and last.startswith("Article ")):
        return f"{first}至{last}" if lang == "zh" else f"{first}–{last}"
    return f"Articles {first.removeprefix('Article ')}–{last.removeprefix('Article ')}"


def _quote(doc: RegulationDoc, needles: Sequence[str]) -> str:
    """The preamble's sentences that state the values (at most two)."""
    sentences = [s for s in split_sentences(doc.preamble) if any(n and n in s for n in needles)]
    return " ".join(dict.fromkeys(sentences[:2]))


def _facts(
    question: str, lang: str, docs: Sequence[RegulationDoc]
) -> tuple[str, bool, RegulationDoc, str] | None:
    asked = asked_facts(question)
    if not asked or not docs:
        return None
    doc = next((d for d in docs if d.lang == lang), docs[0])
    answers = _Facts(doc, question, lang)
    facts = [answers.answer(kind) for kind in asked]
    quote = _quote(doc, [n for f in facts for n in f.needles])
    text = ("" if lang == "zh" else " ").join(f.text for f in facts)
    return text, all(f.answered for f in facts), doc, quote


def regulation_fact(question: str, lang: str, docs: Sequence[RegulationDoc]) -> str | None:
    """The answer to a question about the document itself (`docs`: the language versions of the regulation
    it names), leading with the value; None when it asks none of those facts."""
    found = _facts(question, lang, docs)
    return found[0] if found else None


# ---- the answerer ---------------------------------------------------------------------------------------
class RegulationAnswerer:
    """Document-level facts of a named regulation, and the filter that keeps a search to it."""

    def __init__(self, store: VectorStore) -> None:
        self._store = store
        self._docs: list[RegulationDoc] = []
        self._fingerprint: str | None = None
        self._lock = threading.Lock()
        self._last: tuple[tuple[str, str | None], tuple[RegulationDoc, ...]] | None = None

    def regulations(self) -> list[RegulationDoc]:
        """The regulations in the store, re-read when it changed."""
        fingerprint = self._store.fingerprint()
        with self._lock:
            if fingerprint != self._fingerprint:
                self._docs = read_regulations(self._store)
                self._fingerprint = fingerprint
            return list(self._docs)

    def named(self, question: str) -> list[RegulationDoc]:
        docs = self.regulations()
        key = (question, self._fingerprint)
        with self._lock:  # a question is asked of twice (its facts, then its search): named once
            if self._last is not None and self._last[0] == key:
                return list(self._last[1])
        ids = set(named_regulation(question, docs))
        found = [d for d in docs if d.doc_id in ids]
        with self._lock:
            self._last = (key, tuple(found))
        return found

    def answer(self, question: str, lang: str, focus: str | None = None) -> Draft | None:
        """A document-level fact of the regulation the question names (or, naming none, of `focus`, the doc
        id of the regulation the conversation is about); None for any other question."""
        named = self.named(question)
        if not named and focus:
            group = next((d.group for d in self.regulations() if d.doc_id == focus), None)
            named = [d for d in self.regulations() if d.group == group]
        if len({d.group for d in named}) != 1:
            return None
        found = _facts(question, lang, named)
        if found is None:
            return None
        text, answered, doc, quote = found
        text += _SAY["quote"][lang != "zh"].format(quote=quote) if quote else " [1]"
        source = dataclasses.replace(doc.chunk, locator="", text=doc.preamble or doc.chunk.text)
        return Draft(text, [Citation.of(1, source, quote or None)], answered)

    def filter_for(self, question: str, lang: str | None = None) -> SearchFilters | None:
        """Search filters for a question that names a regulation: its version in `lang` (the question's
        language by default), or any regulation when it names several; None when it names none, or asks
        what another source (the news, a press conference) says of it."""
        if _ABOUT_OTHER_SOURCES.search(question):
            return None
        named = self.named(question)
        if not named:
            return None
        if len({d.group for d in named}) > 1:
            return SearchFilters(kind=("regulation",))
        lang = lang or detect_lang(question)
        pick = next((d for d in named if d.lang == lang), named[0])
        return SearchFilters(kind=("regulation",), doc_id=pick.doc_id)
