"""Facts of a news article as a document: who published it and when ("2023年8月那篇辽宁科研平台的新闻是哪家
媒体发的", "who published the news on the magnesium materials summit", "when was the news about the liaoyang
magnesite conference released").

The article is the one a search of the news finds for the message; its source and date are its own
fields (knowledge/FORMAT.md), which no sentence of its text states. A message that asks neither, or names
no news, is left to the other answerers.
"""

from __future__ import annotations

import re

from retrieval.search import HybridSearcher
from retrieval.types import SearchFilters

from ..phrasebook import phrase
from .draft import Draft
from .types import Citation

__all__ = ["NewsFacts", "dated"]

_NEWS = re.compile(
    r"新闻|报道|文章|消息|通稿|发布会|\bnews\b|\barticles?\b|\breports?\b|\bstory\b|"
    r"\bpress (?:release|conference)\b|\bpiece\b",
    re.I,
)
_SOURCE = re.compile(
    r"哪家媒体|什么媒体|哪个媒体|谁发的|谁发布|谁写的|谁办的|哪个单位(?:发|办)|来源|出处|发布方|发布单位|"
    r"\bwho (?:published|wrote|reported|released|issued|ran|held|hosted)\b|"
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
        title = f"《{chunk.title}》" if lang == "zh" else f'"{chunk.title}"'
        when = chunk.date.isoformat() if chunk.date else ""
        key = "news_fact.source" if source and chunk.source else "news_fact.date"
        if key == "news_fact.date" and not when:
            return None
        text = phrase(key, lang, title=title, source=chunk.source, date=when)
        return Draft(f"{text} [1]", [Citation.of(1, chunk)], True)
