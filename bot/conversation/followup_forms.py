"""How a follow-up message reads, before what it points at is resolved (followups.py): a correction ("不是，
我说的是氢能"), a request for a set, a pointer to all that was listed ("their deadline?"), a request to list
what was counted, a short message that leans on the one before; and what a follow-up answer returns (a
`Rewrite` to search with, the `Item`s an answer showed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .attributes import asked_attribute
from .dialogue import Item
from .types import Citation

__all__ = [
    "ALL_MAX",
    "ANOTHER",
    "COMPANIES",
    "COMPARED",
    "COUNT_THEM",
    "EACH",
    "EXISTS",
    "LISTING",
    "LIST_THEM",
    "ONE_OF",
    "PLURAL",
    "TOPIC_WORDS",
    "Rewrite",
    "attribute_alone",
    "items_of",
    "short",
    "strip_correction",
]

# A message asking for a set, not one record's detail: left to the listings.
LISTING = re.compile(
    r"有哪些|哪些|有没有|列出|\bwhich (?:ones|events|technologies)\b|\blist\b|\bany\b|\ball\b", re.I
)
# "need greenhouse tech for winter veg, what's the most mature one?", "储能技术哪个最成熟": the best of a
# set (record_superlatives.py), not a detail of the one record whose title shares the topic's words
ONE_OF = re.compile(r"\bones?\b|\bwhich\b|哪个|哪项|哪家|哪一", re.I)
_CORRECTION = re.compile(
    r"^\s*(?:不是|不对|错了|我是说|我说的是|我指的是|我的意思是)[,，。\s]*(?:我(?:说|问|指)的是|我是(?:说|问|指)|是说|是)?|"
    r"^\s*(?:(?:no|nope|not that|sorry|oops|my bad)[,.!\s]+){1,3}"
    r"(?:i meant|i mean|i said|i was asking about)?\s*|"
    r"^\s*(?:actually,?\s*)?i meant\s+",
    re.I,
)
_SHORT_ZH, _SHORT_EN = 16, 9
ANOTHER = re.compile(r"\banother one\b|\bany more\b|下一[场次届]|还有(?:没有)?(?:别的|其他)", re.I)
# Words that name a kind of thing to list or a document: a message holding one has a topic of its own.
TOPIC_WORDS = re.compile(
    r"技术|成果|需求|对接会|活动|会议|论坛|路演|政策|法规|条例|法律|条文|第[一二三四五六七八九十百\d]+条|"
    r"\b(?:technolog(?:y|ies)|achievements?|demands?|events?|conferences?|"
    r"forums?|roadshows?|polic(?:y|ies)|regulations?|laws?|articles?)\b",
    re.I,
)
# Companies are a topic of their own when asked for ("有企业做这个吗", "which companies ..."), not in
# "每家企业最多去几个人" or "can a company bring three people?", which ask about the record in focus.
COMPANIES = re.compile(r"企业|公司|\b(?:compan(?:y|ies)|enterprises?|firms?)\b", re.I)
# A question whether some exist ("有对接会吗", "is there an event ...?"): a listing, when of another kind.
EXISTS = re.compile(r"有没有|有.{0,10}吗|有哪些|\bany\b|\bare there\b|\bis there\b|\bdo you have\b", re.I)
_HAN = re.compile(r"[\u4e00-\u9fff]")


# The attributes a superlative compares: what it already answers ("哪个预算最高" asks no budget again).
COMPARED = {
    "price": {"price", "budget"},
    "budget": {"budget"},
    "patents": {"ip_status"},
    "deadline": {"deadline", "registration"},
    "trl": {"maturity"},
    "date": {"date"},
}


# "their deadline?", "这些的预算呢": each of the records just listed (at most EACH of them)
PLURAL = re.compile(
    r"\b(?:their|they|them|those|these|each|both|all of them)\b|他们|它们|这些|那些|这几|那几|各自|分别|各个",
    re.I,
)
EACH = 5
# "list them", "列出来", "show me all": the whole of what was counted, up to this many lines
LIST_THEM = re.compile(
    r"(?:(?:ok|okay|pls|please|can you|could you),? )?(?:list|show)(?: me)? "
    r"(?:them|those|all(?: of them)?)(?: all)?(?: please| pls)?[.!?]?|"
    r"(?:请|麻烦)?(?:都|全部|全都|一一)?列(?:出来|一下|出|举)(?:吧|呢|看看)?[。！!？?]?|"
    r"(?:都|分别)是(?:哪些|什么|啥)[？?]?|都有(?:哪些|什么|啥)[？?]?",
    re.I,
)
ALL_MAX = 12
# "一共几个", "how many in total?" after a list: how many it stood for (a list shows five of eight)
COUNT_THEM = re.compile(
    r"(?:(?:一共|总共|总计|加起来|共)(?:有)?(?:几|多少)(?:个|项|场|条|家|篇)?|(?:几|多少)(?:个|项|场|条|篇))"
    r"(?:呢|啊|呀)?[？?]?|"
    r"(?:so |and )?how many(?: (?:are there|in total|altogether|of them|total|is that))*[?？]?",
    re.I,
)


@dataclass(frozen=True)
class Rewrite:
    query: str  # the question to search with
    doc_id: str | None = None  # passages of this document first


def items_of(citations: list[Citation]) -> list[Item]:
    return [Item(c.kind, c.doc_id, c.title) for c in sorted(citations, key=lambda c: c.n)]


def strip_correction(message: str) -> str | None:
    """ "不是，我说的是氢能" -> "氢能"; None when the message is no correction."""
    m = _CORRECTION.match(message)
    if not m or not message[m.end() :].strip():
        return None
    return message[m.end() :].strip()


def short(message: str) -> bool:
    if _HAN.search(message):
        return len(message.strip()) <= _SHORT_ZH
    return len(message.split()) <= _SHORT_EN


_WORD = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]+")
_ALONE_ZH, _ALONE_EN = 4, 2  # characters, words: an attribute named and nothing more


def attribute_alone(message: str) -> bool:
    """The message names an attribute of a listing and nothing else ("成熟度", "价格?", "deadline?")."""
    words = _WORD.findall(message)
    han = sum(len(w) == 1 and not w.isascii() for w in words)
    latin = len(words) - han
    if not words or han > _ALONE_ZH or latin > _ALONE_EN or (han and latin):
        return False
    return any(asked_attribute(message, kind) for kind in ("achievement", "demand", "event"))
