"""The words by which a question names a news article as a document: what it is, its source, its year and
month ("23年那篇新闻", "the aug 2023 report", "七月那个发布会", "辽宁日报那篇").

No sentence of an article says these words, yet the question that names the article by them asks about
every sentence of it: "which institutions led the new national key labs (2023 news)" is answered by "Led
by renowned institutions such as ..." of the August 2023 article, and by no sentence of the July 2024
one. Quote selection (extractive.py) counts them as held by each sentence of the article they name.
"""

from __future__ import annotations

import datetime as dt
import re

from retrieval.text import keyword_tokens
from retrieval.types import Chunk

from ..conversation.evidence import province_word
from ..conversation.news_facts import dated

__all__ = ["named_period", "naming_words"]

# A question that names an article; a year alone ("2024年登记了多少项技术合同") names the figure's year,
# and the 2024 article then answered the number of contracts it never states.
_NAMES_NEWS = re.compile(
    r"新闻|报道|文章|消息|那篇|发布会|日报|\b(?:news|reports?|articles?|piece|story|press|daily)\b", re.I
)
_KIND_WORDS = frozenset(
    ["news", "report", "article", "piece", "story", "新闻", "报道", "文章", "消息", "那篇", "篇", "年", "月"]
)
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ZH_DIGITS = "一二三四五六七八九十"


def naming_words(chunk: Chunk, question: str) -> set[str]:
    """The words naming the news article of `chunk`, where the question names an article; else none."""
    if chunk.kind != "news" or not _NAMES_NEWS.search(question):
        return set()
    # its source's own words ("press conference", "daily"), not the province's nor those of its title
    title = set(keyword_tokens(chunk.title))
    source = {w for w in keyword_tokens(chunk.source) if w not in title and not province_word(w)}
    words = set(_KIND_WORDS) | source
    if chunk.date is not None:
        year, month = chunk.date.year, chunk.date.month
        name = _MONTHS[month - 1]
        zh = _ZH_DIGITS[month - 1] if month <= 10 else "十" + _ZH_DIGITS[month - 11]
        words |= {str(year), str(year)[2:], name, name[:3], str(month), f"{zh}月", f"{month}月"}
    return words


def named_period(question: str) -> tuple[dt.date, dt.date] | None:
    """The year (and month) of the article the question names ("23年那篇新闻", "the aug 2023 report"), as
    the dates its articles fall in; None where it names no article or no year."""
    if not _NAMES_NEWS.search(question):
        return None
    year, month = dated(question)
    if year is None:
        return None
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, 1), dt.date(year, month, last)
