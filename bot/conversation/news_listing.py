"""The news articles themselves, when a message asks for them: "最近有什么科技成果转化的新闻", "any news about
magnesium?", "what's the latest news about tech transfer in liaoning", "有哪些关于辽宁实验室的报道".

Each article is one line, newest first: its title, date and source, cited. A message with a topic of its
own ("magnesium", "辽宁实验室") lists the articles that hold it (itself or its translation, in any of their
passages), of the year (and month) it names where any is ("the 2023 news on ..."); where none does, it says
so and offers the latest, clearly labelled (answered false). One article found is told, not listed: its
gist (news_gist.py). Facts
inside an article ("新闻里说辽宁有几个重点实验室") are the passages' to quote, its publisher and date
news_facts.py's: this answers only a request for the articles.
"""

from __future__ import annotations

import re

from retrieval.dictionary import corpus_dictionary
from retrieval.search import HybridSearcher
from retrieval.types import Chunk, SearchFilters

from ..phrasebook import phrase
from .draft import Draft
from .evidence import concept_terms, province_word
from .news_facts import dated
from .news_gist import gist
from .types import Citation

__all__ = ["NewsListing", "asks_for_news"]

_NEWS_WORD = r"(?:新闻|报道|资讯|动态|消息)"
# A request for articles: a set or recency word before the news word, or "news about X".
_ASKS = re.compile(
    rf"(?:最近|最新|近期|近来|有什么|有哪些|有没有|哪些|相关)[\u4e00-\u9fff\w ]{{0,16}}?{_NEWS_WORD}|"
    rf"{_NEWS_WORD}(?:有哪些|有什么|都有啥|列表)|"
    r"\b(?:latest|recent|any|some|list|show me|what)\b[\w ,'-]{0,30}?\bnews\b|"
    r"\bnews\s+(?:about|on|regarding)\b|"
    rf"(?:介绍|概括|总结)[\u4e00-\u9fff\w ]{{0,30}}?{_NEWS_WORD}|"
    # "tell me about the 2023 news on ...": not "tell me about Article 45 of the law", a regulation's
    r"\b(?:tell me about|summari[sz]e)\b[\w ,'-]{0,30}?\b(?:news|press release)\b|"
    r"\b(?:news )?(?:articles|stories|press releases)\s+(?:about|on)\b",
    re.I,
)
# What the message asks of one article instead (its publisher, its date, a fact in it).
_OF_ONE = re.compile(
    r"说|提到|讲|谁|多少|几个|几项|哪天|何时|\bsays?\b|\bsaid\b|\bmention|\bwho\b|\bhow many\b|\bwhen\b",
    re.I,
)
# The request's own words: no topic of the articles.
_REQUEST = frozenset([
    "新闻", "报道", "资讯", "动态", "消息", "最近", "最新", "近期", "近来", "相关", "关于", "news", "latest",
    "recent", "article", "articles", "story", "stories", "press", "releases", "release", "list", "show",
    "about", "regarding", "tech", "transfer", "科技", "成果", "转化", "科技成果", "科技成果转化",
    "technology", "transformation", "commercialization", "tell", "summarize", "summarise", "介绍", "概括",
    "总结", "一下", "那篇", "这篇",
])  # fmt: skip
_SHOWN = 5


def asks_for_news(message: str) -> bool:
    return bool(_ASKS.search(message)) and not _OF_ONE.search(message)


class NewsListing:
    def __init__(self, searcher: HybridSearcher) -> None:
        self.searcher = searcher

    def answer(self, message: str, lang: str) -> Draft | None:
        """The news articles the message asks for, newest first; None when it asks for none."""
        if not asks_for_news(message):
            return None
        index = self.searcher.keyword_index()
        absent = index.idf("\x00")
        slots = {t for t in _REQUEST} | {w for w in message.lower().split() if province_word(w)}
        found = concept_terms(message, slots, lambda t: index.idf(t) < absent)
        terms = [t for t in found if not province_word(t)]
        latest = self._articles()
        if not terms:
            return self._listed(latest, lang, phrase("news.head", lang, n=len(latest)), True)
        dictionary = corpus_dictionary(index)
        forms = {t: [t, *self.searcher.glossary.translations(t), *dictionary.lookup(t)] for t in terms}
        holding = self._of_period([doc for doc in latest if self._holds(doc[0].doc_id, forms)], message)
        if len(holding) == 1:  # "tell me about the 2023 news on research platforms": that article, told
            told = gist(self._chunks(holding[0][0].doc_id), lang, list(forms.values()))
            if told is not None:
                return told
        if holding:
            return self._listed(holding, lang, phrase("news.head", lang, n=len(holding)), True)
        head = phrase("news.none", lang, terms=" ".join(terms))
        return self._listed(latest[:3], lang, head, False)

    def _articles(self) -> list[tuple[Chunk, str]]:
        """Each news article's first passage and its date, newest first."""
        first: dict[str, Chunk] = {}
        for _, chunk, _ in self.searcher.store.scan(SearchFilters(kind=("news",))):
            if chunk is not None and (chunk.doc_id not in first or chunk.index < first[chunk.doc_id].index):
                first[chunk.doc_id] = chunk
        dated = [(c, c.date.isoformat() if c.date else "") for c in first.values()]
        return sorted(dated, key=lambda pair: pair[1], reverse=True)

    @staticmethod
    def _of_period(docs: list[tuple[Chunk, str]], message: str) -> list[tuple[Chunk, str]]:
        """The articles of the year (and month) the message names; all of them where it names none, or
        none is of it (a wrong year typed is no reason to find nothing)."""
        year, month = dated(message)
        if year is None:
            return docs
        kept = [
            (c, d)
            for c, d in docs
            if c.date is not None and c.date.year == year and (month is None or c.date.month == month)
        ]
        return kept or docs

    def _chunks(self, doc_id: str) -> list[Chunk]:
        return [c for _, c, _ in self.searcher.store.scan(SearchFilters(doc_id=doc_id)) if c is not None]

    def _holds(self, doc_id: str, forms: dict[str, list[str]]) -> bool:
        """Whether the article holds every term of the topic (itself or a translation) somewhere."""
        text = " ".join(c.text.lower() for c in self._chunks(doc_id))
        return all(any(f.lower() in text for f in words if f) for words in forms.values())

    @staticmethod
    def _listed(docs: list[tuple[Chunk, str]], lang: str, head: str, answered: bool) -> Draft:
        lines, citations = [head], []
        for n, (chunk, date) in enumerate(docs[:_SHOWN], 1):
            source = f"，{chunk.source}" if lang == "zh" else f", {chunk.source}"
            source = source if chunk.source else ""
            when = f"（{date}{source}）" if lang == "zh" else f" ({date}{source})"
            lines.append(f"{n}. {chunk.title}{when} [{n}]")
            citations.append(Citation.of(n, chunk))
        return Draft("\n".join(lines), citations, answered)
