"""Which article is about a topic, read from the articles' headings: "转化法里规定成果转化有哪几种方式的是
第几条", "那国家法里讲技术市场的是哪条", "职务科技成果到底指啥，哪条规定的", "what's a job-related
achievement under the national law?".

A question that asks for an article by its subject, or what a term means, names what the article's heading
says: "技术市场" is the heading of the law's Article 30 ("技术市场和科技中介服务机构"), while the article
on state units' autonomy (Article 18) mentions a technology exchange market in passing and is found first
by the words of its text. A definition is the article headed so ("...的含义", "Definitions: ..."), not
the first one to use the term. The heading decides only where it tells one article apart; else the
search of the articles' text (regulation_articles.py) answers as before.

    asks_article_for(question) -> whether it asks which article covers something
    asks_definition(question)  -> whether it asks what a term means
    heading_article(units, weights, candidates, definition) -> the one article whose heading holds most
                                                             of the question, or None
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from retrieval.text import keyword_tokens

from .regulation_evidence import ArticleText, Unit, article_coverage, covers
from .regulation_reading import FORM_WORDS, FUNCTION_WORDS

if TYPE_CHECKING:
    from .regulation_reading import QuestionReading
    from .regulation_table import ArticleTable

__all__ = [
    "DEFINITION",
    "HeadingFinder",
    "asks_article_for",
    "asks_definition",
    "asks_ways",
    "heading",
    "heading_article",
]

Key = tuple[str, int]

# "哪条讲技术经理人", "是第几条", "which article covers tech managers", "what section deals with ..."
_ARTICLE_FOR = re.compile(
    r"哪(?:一|几)?条|第几条|哪个条款|哪项规定|"
    r"\b(?:which|what)\s+(?:article|section|clause|provision)s?\b|\barticle\s+(?:number|no\.?)\b|"
    r"\bin which article\b",
    re.I,
)
# "职务科技成果到底指啥", "什么是职务成果", "what's a job-related achievement under the law?", "define ..."
_DEFINITION = re.compile(
    r"指(?:的是)?(?:啥|什么)|是(?:啥|什么)意思|什么意思|什么叫|何为|什么是|的(?:含义|定义)|怎么定义|如何定义|"
    r"\bwhat(?:'s|s| is| are)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:achievements?|transformation|commerciali[sz]ation)\s*(?:[?.]|$|\b(?:under|in|according)\b)|"
    r"\bdefin(?:e|ed|ition|itions)\b|\bcounts? as\b|\bwhat does [^?]{1,40} mean\b|\bmeaning of\b",
    re.I,
)
# "what are the ways to commercialise an achievement", "成果转化有哪几种方式": the kinds of something, which
# an article headed so lists ("Ways of transforming an achievement"), where another only uses the verb
_WAYS = re.compile(
    r"(?:哪些|哪几种|几种|什么|啥)(?:方式|途径|形式|渠道|模式)|"
    r"\b(?:what|which) (?:are )?(?:the )?(?:different |possible |main )?(?:ways|forms|means|modes|routes)\b|"
    r"\bways (?:to|of|in which)\b",
    re.I,
)
# What a definitions article's heading says, in both languages: held as one more unit of the question
DEFINITION = Unit(("含义", "定义", "definition", "meaning"))
_NUMBER = re.compile(r"^\s*(?:第[一二三四五六七八九十百零\d]+条|Article\s+\d+)\s*", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_SHARE = 0.5
_EPSILON = 1e-6  # the heading holds at least this weighted share of what some heading holds of the question


def asks_article_for(question: str) -> bool:
    return _ARTICLE_FOR.search(question) is not None


def asks_ways(question: str) -> bool:
    return _WAYS.search(question) is not None


def asks_definition(question: str) -> bool:
    return _DEFINITION.search(question) is not None


def heading(article: ArticleText) -> str:
    """The article's headings in each language version, less the numbers, lower case."""
    lines = (c.text.split("\n", 1)[0] for c in article.versions.values())
    return "\n".join(_NUMBER.sub("", line) for line in lines).lower()


def heading_article(
    units: Sequence[Unit], weights: Sequence[float], candidates: Mapping[Key, ArticleText]
) -> ArticleText | None:
    """The candidate whose heading holds the greatest weight of the question's units, where it alone
    does, and holds at least half of what the headings hold of them between them (`weights`: each
    unit's, rarer among the headings, heavier). None where no heading tells one article apart."""
    if not candidates:
        return None
    headings = {key: heading(a) for key, a in candidates.items()}
    held = {key: [holds_in(u, h) for u in units] for key, h in headings.items()}
    anywhere = [any(flags[i] for flags in held.values()) for i in range(len(units))]
    reachable = sum(w for w, seen in zip(weights, anywhere, strict=True) if seen)
    if reachable <= 0:
        return None
    scores = sorted(
        ((sum(w for w, h in zip(weights, flags, strict=True) if h), key) for key, flags in held.items()),
        reverse=True,
    )
    (best, key), runner_up = scores[0], (scores[1][0] if len(scores) > 1 else 0.0)
    if best <= runner_up or best < _SHARE * reachable:
        return None
    return candidates[key]


def holds_in(unit: Unit, text: str) -> bool:
    return any(covers(f, text) for f in unit.forms)


class HeadingFinder:
    """The article a question asks for by its subject or a definition, among the regulations' articles."""

    def __init__(self, reading: QuestionReading, table: ArticleTable) -> None:
        self.reading = reading
        self.table = table

    def article(self, question: str, groups: Collection[str]) -> ArticleText | None:
        """The article of the regulations `groups` (all, when empty) the question asks for: the definitions
        article whose heading holds the term asked of ("职务科技成果到底指啥"), else, asked which article
        covers something, the one whose heading holds most of it ("哪条讲技术市场"); None for any other
        question, or where no heading tells one article apart."""
        definition = asks_definition(question)
        article_for = asks_article_for(question) or asks_ways(question)
        if not (definition or article_for):
            return None
        everything = self.table.articles()
        candidates = {k: a for k, a in everything.items() if not groups or k[0] in groups}
        units = self._units(question)
        if not units:
            return None
        counts = [sum(holds_in(u, heading(a)) for a in everything.values()) for u in units]
        weights = [math.log((len(everything) + 1) / (c + 0.5)) for c in counts]
        if definition:
            defining = {k: a for k, a in candidates.items() if holds_in(DEFINITION, heading(a))}
            found = heading_article(units, weights, defining)
            if found is not None or not article_for:
                return found
        found = heading_article(units, weights, candidates)
        # the heading names part of the question, another article's text holds more of it ("员工离职后能不能
        # 私自转让职务成果 哪一条管": the heading of the rights granted names 职务成果, the article on
        # technical secrets holds leaving the unit): the text decides (regulation_articles.py)
        asked = self.reading.units(question, self.reading.searcher.glossary.concepts(question))
        if found is None or not asked:
            return found
        weights = self.reading.weights(asked)
        best = max(article_coverage(asked, weights, a) for a in candidates.values())
        return found if article_coverage(asked, weights, found) >= best - _EPSILON else None

    def _units(self, question: str) -> list[Unit]:
        """The question's units (regulation_reading.py), with the words it drops as request words that a
        heading may hold ("方式", "ways": the article on the ways of transformation)."""
        question = _ARTICLE_FOR.sub(" ", question)
        units = self.reading.units(question, self.reading.searcher.glossary.concepts(question))
        kept = {f.lower() for u in units for f in u.forms}
        tokens = [t for t in keyword_tokens(question) if len(t) > 1 and not t.isdigit()]
        extra = [
            t
            for t in dict.fromkeys(tokens)
            if t.lower() not in kept
            and not FORM_WORDS.match(t)
            and t.lower() not in FUNCTION_WORDS
            and not any(t != o and t in o for o in tokens if _CJK.fullmatch(o))
        ]
        return units + [Unit((t, *self.reading.translate(t))) for t in extra]
