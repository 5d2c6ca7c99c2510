"""What kind of value a question asks, and whether the evidence holds one of that kind: "how much does it
cost to license the stack" is not answered by the sentence giving the stack's power, "收率是多少" not by
"收率不低于现有工艺", "Linglong One - what's its power output" not by the news that the reactor's core
module was delivered. Where the passages hold no value of the asked kind, the knowledge base does not
state it, however well the sentence matches the question's other words.

Each kind pairs the question's wording (narrow: many answerable questions use the same words, and their
sentence holds the value) with the value as either language writes it (units and signs are the same in
both, so a Chinese question is checked against an English sentence and back). A question asking
several kinds needs each; a sum the question gives itself is not its answer. Counts of anything but
attendance are answering.py's (asks_count), targets for outcomes outcomes.py's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..conversation.answer_kinds import WEBSITE, AnswerKind, first_unstated
from ..conversation.draft import Draft
from ..phrasebook import phrase
from .party_types import PARTY_KINDS, party_stated

__all__ = ["VALUE_KINDS", "asked_kinds", "missing_kind", "unstated"]

_N = r"(?<![\d.,])-?\d[\d,.]*"  # a figure as the corpus writes it: "3,000", "0.5", "-40"


_AMOUNT = (
    r"\d[\d,.]*\s*(?:万|亿|千)?\s*(?:元|美元|欧元)|\d[\d,.]*\s*(?:万|亿)|"
    r"\d[\d,.]*\s*(?:thousand|million|billion)?\s*(?:yuan|rmb|cny|usd|dollars|euros?)\b|"
    r"(?:cny|rmb|usd|\$|¥|￥)\s*\d|\d[\d,.]*\s*(?:million|billion)\b"
)

# a sum as a number of yuan, whichever language wrote it: "60 million yuan" is "6000万元"
_SUM = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万|亿|千|thousand|million|billion)?", re.I)
_HOW_MUCH = re.compile(r"\bhow much\b|多少", re.I)
_FREE = r"免费|不收费|\bfree\b|\bno (?:fee|charge)\b"  # no sum to pay, an answer all the same
_SCALE = {"万": 1e4, "亿": 1e8, "千": 1e3, "thousand": 1e3, "million": 1e6, "billion": 1e9}


def _sums(text: str) -> set[float]:
    found = set()
    for match in re.finditer(_AMOUNT, text, re.I):
        for number, scale in _SUM.findall(match.group()):
            found.add(float(number.replace(",", "")) * _SCALE.get(scale.lower(), 1.0))
    return found


VALUE_KINDS: tuple[AnswerKind, ...] = (
    AnswerKind(
        # a price per unit: "每千瓦时造价", "cost per kWh" — a total budget does not answer it
        "unit_price",
        re.compile(
            r"每(?:千瓦时|度电?|吨|公斤|千克|瓦|千瓦|平方米|件|台|套)\S{0,6}(?:造价|价格|成本|多少钱|费用|售价)|"
            r"(?:造价|价格|成本|售价)\S{0,3}每|单价|\bunit price\b|"
            r"多少钱一(?:台|套|吨|个|件|公斤|千克)|一(?:台|套|吨)多少钱|"
            r"\bhow much (?:per|for each|for one|each)\b|"
            r"\b(?:cost|price|costs)\b[^?.]{0,20}\bper (?:kwh|kw|watt|tonne|ton|kg|unit|square)|"
            r"\bper (?:kwh|kw|watt|tonne|ton|kg)\b[^?.]{0,20}\b(?:cost|price)",
            re.I,
        ),
        re.compile(
            r"(?:元|yuan|rmb|cny|usd|dollars?)\s*(?:/|per\b|每)|每(?:台|套|吨|个|件)\S{0,4}\d|"
            r"(?:cny|rmb|usd|\$|¥|￥)\s*[\d,.]+\s*(?:/|per\b)",
            re.I,
        ),
        "单价",
        "a unit price",
    ),
    AnswerKind(
        # a sum of money: a price, a cost, a fee, an investment, a subsidy
        "money",
        re.compile(
            # ("成本低多少", "how much lower is the cost": a change, a share answers it as well as a sum)
            r"(?:费用|成本|造价|价格|金额|投资|资金|补贴|补助|首付|定金|预付款?|费)"
            r"(?![^，。？?]{0,3}?(?:低|高|降|省|便宜|贵|少了|多了))[^，。？?]{0,6}(?:多少|几)|多少钱|"
            r"(?:多少|几)[^，。？?]{0,4}(?:钱|费用?|资金)|"
            r"\bhow much (?!(?:lower|cheaper|less|higher|more|smaller|bigger)\b)"
            r"[^?.]{0,50}\b(?:cost|invest|spend|spent|pay|paid|worth|fund|charge|subsid)|"
            r"\bhow much money\b|\bhow much (?:is|are) (?:the )?(?:fee|subsid)|"
            r"\bsubsid\w+[^?.]{0,60}\bhow much\b|"
            r"\bwhat(?:'s| is| was| were)? (?:the |its )?(?:total |exam |entry |annual )?"
            r"(?:cost|price|investment|funding|fee)s?\b|"
            r"\b(?:attendance|registration|entry|exam|admission|licen[cs]e|licensing) fees?\b|"
            r"\b(?:down payment|upfront payment|deposit)\b",
            re.I,
        ),
        re.compile(rf"{_AMOUNT}|{_FREE}", re.I),
        "金额",
        "an amount",
    ),
    AnswerKind(
        # a share: a yield, an R&D intensity, a tax rate
        "percent",
        re.compile(
            r"百分之几|百分比|多少%|(?:比例|占比|比重|收率|产率|合格率|良品率|税率)(?:是|为|有)?(?:多少|几)|"
            r"研发(?:投入|经费)?强度|"
            r"\bwhat (?:exact )?(?:percent(?:age)?|proportion)\b|\bwhat share\b|"
            r"\b(?:tax|yield) rates?\b|\bR&D intensity\b",
            re.I,
        ),
        re.compile(
            r"\d\s*(?:%|％)|\bper ?cent\b|百分之|[一二三四五六七八九十半]成(?:以上|左右)?(?:的|用于|归|给)",
            re.I,
        ),
        "比例",
        "a percentage",
    ),
    AnswerKind(
        # electrical power: a reactor's or a stack's output
        "power",
        re.compile(
            r"(?<!成)功率(?:是|为|有)?(?:多少|多大|几)|装机(?:容量)?(?:是|为|有)?(?:多少|多大|几)|多大功率|"
            r"\b(?:power output|output power|power rating|rated power|how powerful)\b|"
            r"\bwhat(?:'s| is) (?:its|the) power\b|\bhow many (?:mw|kw|gw|megawatts?|kilowatts?)\b|"
            r"多少(?:千瓦|兆瓦|瓦)",
            re.I,
        ),
        # power, not energy: "4.5 kWh/Nm³" is an electrolyser's consumption
        re.compile(rf"{_N}\s*(?:[kMG]?W[pe]?\b|(?:万?千|兆)?瓦(?!时))", re.I),
        "功率",
        "its power",
    ),
    AnswerKind(
        # a temperature named or asked: "does it work at -40C", "耐低温吗"
        "temperature",
        re.compile(
            r"(?<![\d.,])-\d+\s*(?:°\s*C|℃|c\b|度)|零下\s*[\d一二三四五六七八九十]+\s*度|"
            r"\d+\s*(?:°\s*C|℃)|\bhow (?:hot|cold)\b|耐(?:高|低)温|"
            r"\bat (?:minus|sub-zero|low temperatures)\b",
            re.I,
        ),
        re.compile(rf"{_N}\s*(?:°\s*[CF]|℃|K\b)|摄氏|零下|\bdegrees\b", re.I),
        "温度",
        "a temperature",
    ),
    AnswerKind(
        # how much a plant makes a year
        "output",
        re.compile(
            r"年产(?:量|能)?(?:是|为|有)?(?:多少|几)|产量(?:是|为|有)?(?:多少|几)|产能(?:是|为|有)?(?:多少|几)|"
            r"\bannual (?:output|production|capacity)\b|\b(?:production|output) per year\b|"
            r"\bproduction capacity\b|\bhow much (?:do|does|can) (?:it|they|the \w+) (?:produce|make)\b",
            re.I,
        ),
        re.compile(
            rf"{_N}\s*(?:万|亿)?\s*(?:吨|t\b|t/a\b|tons?\b|tonnes?\b|件|套|台|片|kg\b|公斤|立方米|m³|Nm³)|"
            r"年产|\bper (?:year|annum)\b",
            re.I,
        ),
        "产量",
        "an output",
    ),
    AnswerKind(
        # how many people came: attendance is written in digits ("More than 400 experts gathered"); the
        # four speakers named are not how many came
        "attendance",
        re.compile(
            r"(?:来了|到了|参加了?|参会|出席)[^，。？?]{0,4}(?:多少|几)(?:个)?人|(?:多少|几)(?:个)?人(?:参加|参会|出席|到场|来)|"
            r"一共(?:来了)?多少人|"
            # (not a quota: "how many people per company can go")
            r"\bhow many (?:people|attendees|participants|visitors|guests)\b(?! (?:per|each|can|may))|"
            r"\battendance(?! fees?)\b",
            re.I,
        ),
        re.compile(
            r"\d[\d,]*\s*(?:余|多)?\s*(?:人|名|位)|"
            r"\d[\d,]*\+?\s+(?:[\w-]+\s+){0,2}(?:people|persons|experts|attendees|participants|guests|"
            r"visitors|representatives|delegates|enterprises|companies)\b|"
            r"\b(?:hundreds|thousands|dozens) of "
            r"(?:people|experts|attendees|participants|guests|representatives)",
            re.I,
        ),
        "参会人数",
        "how many came",
    ),
    AnswerKind(
        # a patent's number: no listing carries one
        "patent_number",
        re.compile(r"专利(?:申请)?号|申请号|\bpatent (?:application )?(?:numbers?|nos?\.?)(?!\w)", re.I),
        re.compile(r"\bZL\s*\d|\bCN\s*\d{6,}|\d{8,}\.\d|\d{12,}", re.I),
        "专利号",
        "a patent number",
    ),
    AnswerKind(
        # a date, asked of what a listing or an article may not date ("when does construction start")
        "date",
        re.compile(
            # "when" that asks, not "who keeps the income when a university licenses"
            r"什么时候|啥时候?|什么时间|何时|哪年|哪一年|几月份?|几号|^\W*when\b|"
            r"\bwhen (?:is|was|does|did|will|do|are|were|can|could|should|has|have)\b|"
            r"\bwhat (?:year|date|month)\b|\bwhich (?:year|month)\b",
            re.I,
        ),
        re.compile(
            r"(?<!\d)(?:19|20)\d\d(?!\d)|\d{1,2}\s*月|\d{1,2}\s*日|今年|明年|去年|年底|年初|上半年|下半年|"
            r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
            r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b|\b(?:this|next|last) (?:year|month|week)\b|"
            r"\b(?:today|tomorrow|yesterday|recently|soon)\b|近日|近期|日前|目前|已经|已于",
            re.I,
        ),
        "时间",
        "when",
    ),
    AnswerKind(
        # a street address, not a city: "地址", "address of the service center"
        "address",
        re.compile(r"地址|门牌|在哪条(?:路|街)|\baddress\b|\bwhich street\b", re.I),
        re.compile(
            r"[路街道巷]\s*\d+\s*号|\d+\s*号|\bNo\.\s*\d+|\d+\s+[A-Z]\w+\s+(?:Road|Street|Avenue)\b|"
            r"\b(?:Road|Street|Avenue)\b",
        ),
        "地址",
        "an address",
    ),
    WEBSITE,
    *PARTY_KINDS,  # who, not what: an organisation other than the owner, the person who leads
)


def asked_kinds(question: str) -> list[AnswerKind]:
    """The kinds of value the question asks; a price per unit is not asked as a sum besides."""
    kinds = [k for k in VALUE_KINDS if k.is_asked(question)]
    if _sums(question) and _HOW_MUCH.search(question) and not kinds:  # "of the 60 million, how much is ..."
        kinds = [k for k in VALUE_KINDS if k.name == "money"]
    if any(k.name == "unit_price" for k in kinds):
        kinds = [k for k in kinds if k.name != "money"]
    return kinds


def missing_kind(question: str, texts: Iterable[str]) -> AnswerKind | None:
    """The first kind of value the question asks that none of the texts states, or None. A sum the
    question gives itself is not its answer ("of the 60 million yuan project, how much is for the
    stacks": the record's budget of 6000万元)."""
    given = _sums(question)

    def states(kind: AnswerKind, text: str) -> bool:
        if kind in PARTY_KINDS:
            return party_stated(kind, text, question)
        if kind.name != "money" or not given:
            return kind.stated_in(text)
        return bool(re.search(_FREE, text, re.I)) or bool(_sums(text) - given)

    return first_unstated(asked_kinds(question), texts, states)


def unstated(question: str, lang: str, draft: Draft, evidence: Iterable[str] | None = None) -> Draft | None:
    """The answer drafted, declined where it (or its `evidence`) holds no value of a kind the question
    asks: that the knowledge base does not state it, then what it holds, unanswered (staff see it)."""
    kind = missing_kind(question, [draft.text] if evidence is None else evidence)
    if kind is None:
        return None
    what = kind.absence(lang)
    body = draft.text.split("\n", 1)[1] if draft.text.startswith(phrase("intro", lang)) else draft.text
    return Draft(f"{phrase('value_missing', lang, what=what)}\n{body}", draft.citations, False)
