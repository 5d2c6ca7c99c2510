"""What a regulation says of itself: dates, issuing body, size, status, whether the text is the official one,
and which regulation it is, in the question's language (which of them a question asks: regulation_asks.py).

    regulation_fact(question, lang, docs)   -> "《辽宁省科技创新条例》自2021年10月1日起施行。"
    document_facts(question, lang, docs)    -> that answer, whether it states them, the version read, and
                                               the preamble's sentence that states them (for the quote)

A fact comes from the front matter (knowledge/FORMAT.md) or, where that lacks a date, from the document's
preamble; the answer quotes the preamble's sentence that states it, so its hedges ("according to public
reports ... the official text prevails") travel with it. A fact that neither states is answered as such:
the knowledge base does not state it (answered false), never guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.text import split_sentences

from .regulation_asks import ORIGINAL, asked_facts
from .regulation_docs import RegulationDoc

__all__ = ["QUOTE", "document_facts", "regulation_fact"]

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
    "official.unofficial": (
        "知识库收录的是{name}的非官方摘要，不是其正式文本；以官方公布的文本为准。",
        "The knowledge base holds an unofficial summary of {name}, not its official text; the official "
        "text prevails.",
    ),
    "official.official": (
        "知识库收录的是{name}的正式文本。",
        "The knowledge base holds the official text of {name}.",
    ),
    "unstated.official": (
        "知识库没有说明其收录的{name}是否为正式文本。",
        "The knowledge base does not state whether its text of {name} is the official one.",
    ),
    "numbering.unofficial": (
        "知识库收录的{name}是非官方摘要，其中的条文序号引用前应与官方文本核对。",
        "The knowledge base holds an unofficial summary of {name}; check its article numbers against the "
        "official text before citing them.",
    ),
    "numbering.official": (
        "知识库收录的是{name}的正式文本，条文序号即正式文本的序号。",
        "The knowledge base holds the official text of {name}; its article numbers are the official ones.",
    ),
    "name": ("这是{name}的规定。", "That is from {name}."),
    "level.national": (
        "{name}是国家法律，在全国适用。",
        "{Name} {is} national law, applying throughout China.",
    ),
    "level.provincial": (
        "{name}是省级地方性法规，由{body}制定，在本省适用。",
        "{Name} {is} provincial (local) legislation, issued by the {body} and applying in the province.",
    ),
    "unstated.level": (
        "知识库没有说明{name}的层级。",
        "The knowledge base does not state the level of {name}.",
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
        if first and (ORIGINAL.search(self.question) or self.doc.dates["first_effective_date"][:4] in years):
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

    def official(self) -> _Fact:
        unofficial = self.doc.unofficial
        if unofficial is None:
            return self._say("unstated.official")
        needles = ("非官方", "unofficial") if unofficial else ()
        return self._say("official.unofficial" if unofficial else "official.official", *needles)

    def numbering(self) -> _Fact:
        """Whether its article numbers may be cited: what the preamble says of them ("given for navigation
        only", "numbered as in the 2015 amended text") is quoted under the answer."""
        if self.doc.unofficial is None:
            return self._say("unstated.official")
        key = "numbering.unofficial" if self.doc.unofficial else "numbering.official"
        return self._say(key, "序号", "numbered", "article numbers")

    def name(self) -> _Fact:
        return self._say("name")

    def level(self) -> _Fact:
        key = f"level.{self.doc.level}"
        return self._say(key, body=self.doc.issuing_body) if key in _SAY else self._say("unstated.level")


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


def document_facts(
    question: str, lang: str, docs: Sequence[RegulationDoc], asked: list[str] | None = None
) -> tuple[str, bool, RegulationDoc, str] | None:
    """The facts `asked` (by default those the question asks) of the version of `docs` in `lang`: the
    answer, whether all are stated, the version read and the sentence of its preamble quoted."""
    asked = asked or asked_facts(question)
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
    found = document_facts(question, lang, docs)
    return found[0] if found else None


QUOTE = _SAY["quote"]  # (zh, en): the line that quotes the preamble under the answer
