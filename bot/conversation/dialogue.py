"""Dialogue state: what the last answers showed, so that a follow-up can point at it.

Every answer records the items it showed, in order (records, articles, passages' documents), and the item
in focus: the one record or document the conversation is about. A follow-up resolves ordinals ("the
second one", "第三个", "the last one"), pronouns and demonstratives ("it", "that one", "它", "这个",
"他们", "该") to those items. The state is JSON in the conversation store, so it survives a restart and
works the same on every channel and on /v1 (where it is rebuilt from the earlier turns).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from retrieval.text import keyword_tokens
from retrieval.types import RECORD_KINDS

from .types import MAX_MESSAGE_CHARS

__all__ = [
    "ELLIPSIS",
    "SOURCE_ASKED",
    "ByOwner",
    "DialogueState",
    "Item",
    "Translate",
    "bare_question",
    "distinct_items",
    "follow_up_query",
    "mentions_previous",
    "ordinal_in",
    "points_at_one",
]

# A follow-up searches with the query before it and its own words, and the next follow-up adds its words
# to that: kept at the message limit, so no follow-up costs more than one message of the limit. Unbounded,
# 24 follow-ups of 4,000 characters ("and ...") made a passage question take 20 s instead of 0.5 s.
MAX_QUERY_CHARS = MAX_MESSAGE_CHARS
Translate = Callable[[str], list[str]]  # a word's terms in the other language (the glossary's)
ByOwner = Callable[[str, list["Item"]], "Item | None"]  # the one item whose owner or city a message names


# "成果呢", "国家那部转化法呢", "and the original?", "what about the budget?": the question before, asked
# again of something else (or of the same thing, in another respect).
ELLIPSIS = re.compile(
    r"^\s*(?:那|那么)?\S{1,8}呢[?？]?\s*$|^\s*(?:and|what about|how about)\b.{1,30}\?\s*$", re.I
)


# "by whom?", "when?", "where?", "谁办的", "什么时候": a question word alone, asked of the answer before it
# (who did what it told, when, where). It is never small talk, and names no topic of its own.
_BARE = {
    "who": re.compile(
        r"^\s*(?:and |so |but )?(?:by whom|who(?: by)?|who did(?: it| that| this)?|by who)[\s?？!.。]*$|"
        r"^\s*(?:那|那么)?(?:是)?(?:由谁|被谁|谁)(?:办|开|发|写|做|搞|主办|举办|召开|发布|提出|通过|制定)?的?"
        r"(?:呢|啊|呀)?[\s?？!.。]*$",
        re.I,
    ),
    "when": re.compile(
        r"^\s*(?:and |so |but )?(?:when|since when|what date|which year|what year)[\s?？!.。]*$|"
        r"^\s*(?:那|那么)?(?:是)?(?:什么时候|何时|哪天|哪一天|哪年|哪一年|几号)(?:的|办的|开的|发的)?"
        r"(?:呢|啊|呀)?[\s?？!.。]*$",
        re.I,
    ),
    "where": re.compile(
        r"^\s*(?:and |so |but )?(?:where|where at|in which city)[\s?？!.。]*$|"
        r"^\s*(?:那|那么)?(?:是)?(?:在哪|在哪里|在哪儿|哪里|哪儿)(?:办的|开的|的)?(?:呢|啊|呀)?[\s?？!.。]*$",
        re.I,
    ),
}


# "source?", "出处呢", "where did you get that": the source of the answer before, asked alone
SOURCE_ASKED = re.compile(
    r"^\s*(?:and |so |ok |okay )?(?:(?:what(?:'s| is| are) (?:the |your )?)?"
    r"(?:sources?|references?|citations?|links?|evidence)|"
    r"where did (?:you|u) (?:get|find|read) (?:that|this|it)|"
    r"(?:那|这个?)?(?:出处|来源|依据)(?:呢|是什么|是啥|在哪|在哪里)?|哪来的|有出处吗|有依据吗|"
    r"(?:你|这)是从哪(?:里|儿)?(?:看|查|找)到的)\s*+(?:[?？。!！.]++\s*+)?$",
    re.I,
)


def bare_question(message: str) -> str | None:
    """ "who", "when" or "where" for a question word asked alone ("by whom?", "什么时候"); else None."""
    return next((kind for kind, pattern in _BARE.items() if pattern.match(message)), None)


def follow_up_query(previous: str, message: str) -> str:
    """The query a follow-up searches with: the previous query, then the message; at most MAX_QUERY_CHARS,
    keeping the message whole and the last words of the previous query."""
    query = f"{previous} {message}"
    if len(query) <= MAX_QUERY_CHARS:
        return query
    room = MAX_QUERY_CHARS - len(message) - 1
    if room <= 0:
        return message[:MAX_QUERY_CHARS]
    kept = previous[-room:]
    if kept[0].isascii() and kept[0].isalnum() and previous[-room - 1].isalnum():
        kept = kept.partition(" ")[2]  # the cut fell inside an English word: start at the next one
    return f"{kept} {message}" if kept else message


@dataclass(frozen=True)
class Item:
    kind: str  # news | regulation | achievement | demand | event
    doc_id: str
    title: str


@dataclass
class DialogueState:
    items: list[Item] = field(default_factory=list)  # what the last answer showed, in order
    focus: Item | None = None  # the one item the conversation is about
    regulation: str | None = None  # doc id of the regulation in focus
    article: str | None = None  # chunk id of the article shown last ("what has to be in that report?")
    query: str = ""  # the last question that set the topic (a follow-up searches with it)
    attribute: str | None = None  # the attribute the last follow-up asked ("第一个呢" asks it again)
    listed: bool = False  # the last answer listed records ("their deadlines?" asks each of them)
    person: str | None = None  # the person of the news in focus ("which university is he at?")
    whole: list[Item] = field(default_factory=list)  # all a list stood for, where it showed fewer
    # the records in focus before, the latest first: "whats Haiyue's budget" after the technologies that
    # fit Haiyue's demand asks of the demand, no longer shown
    earlier: list[Item] = field(default_factory=list)
    said: str = ""  # the user's last message ("循环寿命要求多少", then "大化所那个全钒满足吗": that measure)

    def to_json(self) -> dict[str, Any]:
        return {
            "items": [asdict(i) for i in self.items],
            "focus": asdict(self.focus) if self.focus else None,
            "regulation": self.regulation,
            "article": self.article,
            "query": self.query,
            "attribute": self.attribute,
            "listed": self.listed,
            "person": self.person,
            "whole": [asdict(i) for i in self.whole],
            "earlier": [asdict(i) for i in self.earlier],
            "said": self.said,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DialogueState:
        if not data:
            return cls()
        items = [Item(**i) for i in data.get("items") or []]
        focus = Item(**data["focus"]) if data.get("focus") else None
        query, attribute = str(data.get("query") or ""), data.get("attribute")
        listed, person = bool(data.get("listed")), data.get("person")
        regulation, article = data.get("regulation"), data.get("article")
        whole = [Item(**i) for i in data.get("whole") or []]
        earlier = [Item(**i) for i in data.get("earlier") or []]
        said = str(data.get("said") or "")
        return cls(items, focus, regulation, article, query, attribute, listed, person, whole, earlier, said)

    def shown(
        self, items: list[Item], query: str, about_shown: bool = False, whole: list[Item] | None = None
    ) -> None:
        """After an answer: remember what it showed (and `whole`, all a list stood for where it showed
        fewer); a single item becomes the focus, a list keeps the focus only if the list is about it. An
        answer about one of the items shown (`about_shown`: "where is the last one held?") moves the focus
        and keeps the list, so "and the first one?" still works."""
        if not items:
            return
        before = self.focus
        if about_shown:
            self.focus = items[0]
            self.listed = False
            self._left(before)
            return
        self.attribute = None
        self.items = items
        self.whole = whole or []
        records = [i for i in items if i.kind in RECORD_KINDS]
        self.listed = len(distinct_items(records)) > 1
        if (
            len({i.doc_id for i in items}) == 1
            or (len(records) == 1 and records[0] == items[0])
            or self.focus not in items
        ):
            self.focus = items[0]
        regulations = [i for i in items if i.kind == "regulation"]
        if regulations:
            self.regulation = regulations[0].doc_id
        self.query = query
        self._left(before)

    def _left(self, before: Item | None) -> None:
        """The record that was in focus before this answer, remembered (the latest first) when the focus
        moved off it; the one in focus now is not among those remembered."""
        if before is None or before.kind not in RECORD_KINDS or before == self.focus:
            return
        now = self.focus.doc_id if self.focus is not None else None
        kept = [i for i in self.earlier if i.doc_id not in (before.doc_id, now)]
        self.earlier = [before, *kept][:_EARLIER]

    def focus_named(self, text: str) -> None:
        """After a list: the item whose title the question named becomes the focus ("辽阳储氢论坛什么时候"
        lists three events; "第二天安排了啥" asks about the one named, not the first listed). `text` is the
        question with its words in the other language, since titles are in either. Two title words at
        least, and more than any other item, or the focus stays where `shown` put it."""
        listed = distinct_items(self.items)
        if len(listed) < 2:
            return
        words = {w for w in keyword_tokens(text) if len(w) > 1 and not _GENERIC.fullmatch(w)}
        scores = sorted(
            ((sum(1 for w in set(keyword_tokens(i.title)) if w in words), n) for n, i in enumerate(listed)),
            reverse=True,
        )
        (best, at), (second, _) = scores[0], scores[1]
        if best >= 2 and best > second:
            before, self.focus = self.focus, listed[at]
            self._left(before)
            self.listed = False  # the question named one of them: "their ..." is about it

    def resolve(
        self,
        message: str,
        translate: Translate | None = None,
        by_owner: ByOwner | None = None,
        fallback: bool = True,
        pointed: bool = True,
    ) -> Item | None:
        """The item a follow-up points at: by ordinal among the items shown, by its title's words, by
        its owner or city (`by_owner`: "the Fushun one", "化物所那个"), else (`fallback`) the focus when
        the message refers back ("it", "这个"). Not `pointed`: a title's words name it without "那个"
        ("关节模组有几种规格" after SIA's two technologies)."""
        n = ordinal_in(message)
        if n is not None and self.items:
            listed = distinct_items(self.items)
            if n == -1:
                return listed[-1]
            if 0 < n <= len(listed):
                return listed[n - 1]
        other = self._other(message) or self._next(message)
        if other is not None:
            return other
        named = self._by_title(message, translate, pointed)
        if named is not None:
            return named
        if by_owner is not None and len(distinct_items(self.items)) > 1 and points_at_one(message):
            owned = by_owner(message, distinct_items(self.items))
            if owned is not None:
                return owned
        if fallback and mentions_previous(message):
            return self.focus
        return None

    def _other(self, message: str) -> Item | None:
        """ "the other one", "另一个": of two items shown, the one not in focus."""
        listed = distinct_items(self.items)
        if len(listed) != 2 or self.focus not in listed or not _OTHER.search(message):
            return None
        return listed[1] if listed[0] == self.focus else listed[0]

    def _next(self, message: str) -> Item | None:
        """ "and the one after that?", "下一场呢": the item shown after the one in focus."""
        listed = distinct_items(self.items)
        if self.focus not in listed or not _NEXT.search(message):
            return None
        at = listed.index(self.focus) + 1
        return listed[at] if at < len(listed) else None

    def _by_title(
        self, message: str, translate: Translate | None = None, pointed: bool = True
    ) -> Item | None:
        """ "the PEM one", "芯片封装那个": the one item shown whose title holds most of the message's words,
        each counted once, in the words typed or, through `translate`, in the other language ("封装":
        "packaging"); the words typed break a tie ("PEM" is in one title, its translation 质子交换膜 in
        another)."""
        if not self.items or (pointed and not points_at_one(message)):
            return None
        words = [w for w in keyword_tokens(message) if len(w) > 1 and not _GENERIC.fullmatch(w)]
        # a two-character short form before "那个" ("钠电那个"), which the tokens split in characters
        words += [w for w in _SHORT_FORM.findall(message) if w not in words]
        # ... and the runs of three or more characters ending there, which the tokens split ("氨分解那个":
        # 氨 + 分解, while the glossary translates 氨分解 as "ammonia decomposition"; "沈化大的氨分解那个")
        ends = [run[i:] for run in _NAMED_RUN.findall(message) for i in range(len(run) - 2)]
        words += [w for w in ends if w not in words]
        other = {w: [t.lower() for t in translate(w)] if translate else [] for w in words}

        def score(item: Item) -> tuple[int, int]:
            title = item.title.lower()
            own = sum(1 for w in words if w in title)
            return own + sum(1 for w in words if w not in title and any(t in title for t in other[w])), own

        scores = [(score(item), item) for item in distinct_items(self.items)]
        best = max((s for s, _ in scores), default=(0, 0))
        # "它的甲醇选择性多少": "it" is the item in focus, when its title holds as many of the words as any
        # other (their words in the other language counted)
        focus_ties = any(item == self.focus and s[0] == best[0] for s, item in scores)
        if best[0] > 0 and mentions_previous(message) and focus_ties:
            return self.focus
        winners = [item for s, item in scores if s == best]
        # unpointed, a title names it by two words or more ("joint module"; "weight" is in "Lightweighting")
        enough = 1 if pointed else 2
        return winners[0] if best[0] >= enough and len(winners) == 1 else None


_EARLIER = 6  # records remembered after the focus left them: a conversation comes back to few
_SHORT_FORM = re.compile(r"[\u4e00-\u9fff]{2}(?=那个|那项|那家|的那个)")
_NAMED_RUN = re.compile(r"[\u4e00-\u9fff]{3,8}(?=那个|那项|那家|的那个)")


def distinct_items(items: list[Item]) -> list[Item]:
    seen: set[str] = set()
    out = []
    for i in items:
        if i.doc_id not in seen:
            seen.add(i.doc_id)
            out.append(i)
    return out


_ZH_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_NUM = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8,
}  # fmt: skip
_ORDINAL_ZH = re.compile(r"第\s*([一二两三四五六七八九十]{1,3}|\d{1,2})\s*(?:个|场|项|家|次|位)?")
_ORDINAL_EN = re.compile(
    r"\b(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|1st|2nd|3rd|4th|5th|6th|7th|8th)"
    r"(?:\s+(?:one|event|item|technology|tech|demand|listing|meeting|conference))?\b|"
    r"(?:\bno\.|\bnumber|#)\s*(\d{1,2})\b",  # no \b before "#": "and #3?"
    re.I,
)
_LAST = re.compile(
    r"最后(?:那|这)?一?(?:个|场|项|条|家)|\b(?:the\s+)?last\s+(?:one|event|item|technology|demand)\b|"
    r"\bthe latter\b",
    re.I,
)
# Words of any listing's question that name no one item: the kinds of record and what they are about in
# general. "is there a demand for that?" lists demands; "需求" and "技术" are in the title of one of them
# ("兆瓦级PEM电解水制氢电堆技术合作需求"), which is not therefore the one the question named.
_GENERIC = re.compile(
    r"技术|成果|科技成果|需求|技术需求|企业|公司|项目|对接|对接会|活动|会议|方面|相关|有关|"
    r"technical|technolog(?:y|ies|ical)|techs?|scientific|achievements?|demands?|needs?|requirements?|"
    r"compan(?:y|ies)|enterprises?|firms?|events?|matchmaking|conferences?|meetings?|listings?|one|ones",
    re.I,
)
_OTHER = re.compile(r"另一[个项场家条]|另外(?:一|那)[个项场家条]|\bthe other(?: one)?\b", re.I)
# The item after the one in focus, in the order shown ("and the one after that?" after the next event)
_NEXT = re.compile(
    r"\bthe (?:one|event|item) after (?:that|it|this)(?: one)?\b|\bthe next one\b|"
    r"(?:再)?下一(?:个|场|项|家)|后面(?:那|一)(?:个|场|项)|之后(?:那|的)一?场",
    re.I,
)
_ONE = re.compile(r"\bone\b|那个|这个|那项|这项|那家|这家|那场|这场", re.I)
# Words that point back at what was said: pronouns and demonstratives, in both languages.
_ANAPHORA = re.compile(
    r"\b(?:it|its|it's|that one|this one|that|this|them|they|their|there|those|these|the same)\b|"
    r"它|他们|她们|它们|该|这个|那个|这项|那项|这场|那场|这家|那家|这条|那条|上面|上述|刚才|此|其|"
    r"[这那](?:种|类|个)?(?:东西|玩意儿?)",
    re.I,
)


def ordinal_in(message: str) -> int | None:
    """1-based position named by an ordinal, -1 for "the last one", None when there is none."""
    if _LAST.search(message):
        return -1
    zh = _ORDINAL_ZH.search(message)
    if zh:
        token = zh.group(1)
        # 第二天 (the second day) or 第十六条 (an article number) are not list positions
        after = message[zh.end() : zh.end() + 1]
        if after in ("天", "条", "章", "款", "届", "年", "月", "期", "批"):
            return None
        return int(token) if token.isdigit() else _zh_number(token)
    en = _ORDINAL_EN.search(message)
    if en:
        if en.group(2):
            return int(en.group(2))
        return _EN_NUM.get(en.group(1).lower())
    return None


def _zh_number(token: str) -> int | None:
    """一 .. 九十九 (十六 = 16, 二十 = 20)."""
    if "十" not in token:
        return _ZH_NUM.get(token) if len(token) == 1 else None
    tens, _, units = token.partition("十")
    value = (_ZH_NUM.get(tens, 0) if tens else 1) * 10 + (_ZH_NUM.get(units, 0) if units else 0)
    return value or None


def points_at_one(message: str) -> bool:
    """ "the PEM one", "芯片封装那个", "it": the message points at one item."""
    return mentions_previous(message) or bool(_ONE.search(message))


def mentions_previous(message: str) -> bool:
    return bool(_ANAPHORA.search(message))
