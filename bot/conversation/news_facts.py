"""Facts of a news article as a document: who published it and when ("2023年8月那篇辽宁科研平台的新闻是哪家
媒体发的", "who published the news on the magnesium materials summit", "when was the news about the liaoyang
magnesite conference released").

The article is the one a search of the news finds for the message, or, in a conversation ("who published
that article?", "那次发布会是谁开的", "when?"), the article the answer before quoted; its source and date
are its own fields (knowledge/FORMAT.md), which no sentence of its text states. A message that asks
neither, or names no news, is left to the other answerers.
"""

from __future__ import annotations

import re

from retrieval.search import HybridSearcher
from retrieval.types import Chunk, SearchFilters

from ..phrasebook import phrase
from .dialogue import DialogueState, Item, bare_question, mentions_previous, ordinal_in
from .draft import Draft
from .news_gist import gist
from .types import Citation

__all__ = ["NewsFacts", "dated"]

_NEWS = re.compile(
    r"新闻|报道|文章|消息|通稿|发布会|\bnews\b|\barticles?\b|\breports?\b|\bstory\b|"
    r"\bpress (?:release|conference)\b|\bpiece\b",
    re.I,
)
_SOURCE = re.compile(
    r"哪家媒体|什么媒体|哪个媒体|谁发的|谁发布|谁写的|谁办的|哪个单位(?:发|办)|来源|出处|发布方|发布单位|"
    r"谁宣布|谁公布|"  # who announced what the article reports: its publisher (a press conference's office)
    r"\bwho (?:published|wrote|reported|released|issued|ran|held|hosted|announced)\b|"
    r"\bwhich (?:media|outlet|paper|newspaper)\b|"
    r"\bsource\b|\bpublisher\b|\bpublished by\b",
    re.I,
)
_DATE = re.compile(
    r"哪天发|什么时候发|何时发|发布时间|发表时间|哪天发布|什么时候发布|"
    r"\bwhen (?:was|were|did)\b.{0,60}\b(?:released|published|posted|come out|came out|reported)\b|"
    r"\bpublication date\b|\brelease date\b",
    re.I,
)
# Who held the event an article reports: its source only where that is a press conference's report (the
# Information Office holds its own press conference); a meeting's organiser is in the text, not the source.
_HELD = re.compile(
    r"谁(?:开|办|召开|举办|主办|组织)的?|\bwho (?:held|hosted|ran|organi[sz]ed|gave)\b|\bby whom\b", re.I
)
_SOURCE_NOUN = re.compile(r"\bsource\b|\bpublisher\b|来源|出处", re.I)
_PRESS = re.compile(r"发布会|新闻办|\bpress conference\b", re.I)
# A follow-up about the article shown says little of its own: a few words, or a pointer back ("that article")
_SHORT_EN, _SHORT_ZH = 7, 14
_MIN_SCORE = 0.3
_YEAR = re.compile(r"(?<!\d)(20\d\d|\d\d)\s*年|\b(20\d\d)\b")
_MONTH_ZH = re.compile(r"(?<!\d)(1[0-2]|[1-9])\s*月")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_EN = re.compile(rf"\b({'|'.join(_MONTHS)})[a-z]*\b", re.I)


def dated(message: str) -> tuple[int | None, int | None]:
    """The year and month a message names ("2023年8月", "24年7月", "july 2024"), where it names them."""
    year_found = _YEAR.search(message)
    year = None
    if year_found:
        digits = year_found.group(1) or year_found.group(2)
        year = int(digits) + (2000 if len(digits) == 2 else 0)
    zh, en = _MONTH_ZH.search(message), _MONTH_EN.search(message)
    month = int(zh.group(1)) if zh else (_MONTHS.index(en.group(1).lower()[:3]) + 1 if en else None)
    return year, month


class NewsFacts:
    def __init__(self, searcher: HybridSearcher) -> None:
        self.searcher = searcher

    def of_focus(self, message: str, lang: str, dialogue: DialogueState) -> Draft | None:
        """ "who published that article?", "那次发布会是谁开的", "when?": the source or date of the news
        article the conversation is about, or the one a list of news shown points at ("who published the
        second?"); "第一篇讲了啥", "the second one?": that article's gist. None when no article is meant,
        or the message asks none of these of it."""
        picked = _pointed(message, dialogue)
        focus = picked or dialogue.focus
        if focus is None or focus.kind != "news" or not _of_the_shown(message):
            return None
        chunks = self._chunks(focus.doc_id)
        chunk = min(chunks, key=lambda c: c.index, default=None)
        if chunk is None:
            return None
        if picked is not None and not _SOURCE.search(message) and not _DATE.search(message):
            told = gist(chunks, lang)
            if told is not None:
                return told
        bare = bare_question(message)
        held = bool(_HELD.search(message) or bare == "who") and bool(
            _PRESS.search(message) or _PRESS.search(chunk.source)
        )
        if chunk.source and ((_asks_publisher(message) and not _HELD.search(message)) or held):
            return _fact("news_fact.source", lang, chunk)
        if chunk.date is not None and (_DATE.search(message) or bare == "when"):
            return _fact("news_fact.date", lang, chunk)
        return None

    def _chunks(self, doc_id: str) -> list[Chunk]:
        return [c for _, c, _ in self.searcher.store.scan(SearchFilters(doc_id=doc_id)) if c is not None]

    def answer(self, message: str, lang: str) -> Draft | None:
        """The publisher and date of the article the message asks about; None when it asks neither."""
        if not _NEWS.search(message):
            return None
        source, date = bool(_SOURCE.search(message)), bool(_DATE.search(message))
        if not source and not date:
            return None
        hits = self.searcher.search(message, k=5, filters=SearchFilters(kind=("news",))).hits
        # "24年7月23号那场发布会", "the aug 2023 report": the article of that year and month
        year, month = dated(message)
        hits = [
            h
            for h in hits
            if h.chunk.date is None
            or (
                (year is None or h.chunk.date.year == year) and (month is None or h.chunk.date.month == month)
            )
        ]
        if not hits or hits[0].score < _MIN_SCORE:
            return None
        chunk = hits[0].chunk
        key = "news_fact.source" if source and chunk.source else "news_fact.date"
        if key == "news_fact.date" and not chunk.date:
            return None
        return _fact(key, lang, chunk)


def _asks_publisher(message: str) -> bool:
    """Who published the article: a verb of publishing ("who wrote it?", "谁发的"), or the noun asked of
    the article ("what's the source?", "那篇新闻的来源"); "when will the light source be finished" asks
    no source of an article."""
    if _SOURCE.search(_SOURCE_NOUN.sub(" ", message)):
        return True
    return bool(_SOURCE_NOUN.search(message)) and (bool(_NEWS.search(message)) or len(message.split()) <= 4)


def _pointed(message: str, dialogue: DialogueState) -> Item | None:
    """The news article of a list shown that an ordinal names ("第二篇", "the last one"); None when the
    message names none or the list held no news."""
    position = ordinal_in(message)
    shown: list[Item] = []
    for item in dialogue.items:
        if item.kind == "news" and item.doc_id not in {i.doc_id for i in shown}:
            shown.append(item)
    if position is None or not shown or position > len(shown):
        return None
    return shown[position - 1] if position > 0 else shown[-1]


def _of_the_shown(message: str) -> bool:
    """The message asks about what was shown: a pointer back ("that article", "那次发布会"), or too few
    words to name another article."""
    if mentions_previous(message) or bare_question(message):
        return True
    if re.search(r"[\u4e00-\u9fff]", message):
        return len(message.strip()) <= _SHORT_ZH
    return len(message.split()) <= _SHORT_EN


def _fact(key: str, lang: str, chunk: Chunk) -> Draft:
    title = f"《{chunk.title}》" if lang == "zh" else f'"{chunk.title}"'
    when = chunk.date.isoformat() if chunk.date else ""
    text = phrase(key, lang, title=title, source=chunk.source, date=when)
    return Draft(f"{text} [1]", [Citation.of(1, chunk)], True)
