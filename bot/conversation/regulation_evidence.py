"""Whether a regulation article answers a question put in everyday words, read at the article's level.

People describe a situation ("if the tech we licensed loses value later, is the university head liable?")
rather than quote the law; the right article is often found first, yet no single sentence of it shares
enough of the question's words to clear the passage evidence bar. An article is short and about one
thing: its heading and text, in both language versions, with each term's translations (the glossary's
and the dictionary's), say whether it holds the question's content.

    question_units(terms, concepts, translate) -> what the question asks about: words, and domain
                                                 concepts of several words held only whole
    unit_weights(units, holding, n)             -> each unit's weight: rarer among the articles, heavier
    article_coverage(units, weights, article)   -> the weighted share of the units the article holds
    ArticleText                                 -> an article in both languages, its words and concepts
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from retrieval.chunking import article_text
from retrieval.types import Chunk

__all__ = ["ArticleText", "Unit", "article_coverage", "covers", "holds", "question_units", "unit_weights"]

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class ArticleText:
    """One article of a regulation, in each language version the corpus has, and the words of all of
    them with the regulation's names (lower case), and the glossary concepts they name."""

    versions: Mapping[str, Chunk]  # by language
    words: str
    concepts: frozenset[int]

    @classmethod
    def of(cls, chunks: Sequence[Chunk], names: Sequence[str], concepts: frozenset[int]) -> ArticleText:
        words = "\n".join([*(article_text(c.text) for c in chunks), *names]).lower()
        return cls({c.lang: c for c in chunks}, words, concepts)

    def version(self, lang: str) -> Chunk:
        """The article in `lang`, else in the language the corpus has it in."""
        return self.versions.get(lang) or next(iter(self.versions.values()))


@functools.lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern[str]:
    # An English word matches its forms: "liable" ~ "liability", "universities" ~ "university".
    stem = term[: max(4, len(term) - 3)]
    return re.compile(rf"(?<![a-z0-9]){re.escape(stem)}")


def covers(term: str, words: str) -> bool:
    """Whether the article's words hold `term` (a Chinese term as a substring, an English one by stem)."""
    term = term.lower().strip()
    if not term:
        return False
    if _CJK.search(term) or not term.isascii():
        return term in words
    if len(term) < 4:
        return re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", words) is not None
    return _pattern(term).search(words) is not None


@dataclass(frozen=True)
class Unit:
    """One thing a question asks about: a word, or a domain concept of several words ("technology
    managers", "技术经理人"), which an article holds only whole: as any of its terms, not word by word
    ("What minimum salary does the law set for technology managers?" is not answered by an article on
    the inventors' rewards, which holds "technology" and, through 工资, "salary")."""

    forms: tuple[str, ...]  # the words or terms, either language, any of which the article may hold


def question_units(
    terms: Sequence[str],
    concepts: Sequence[tuple[str, Sequence[str]]],
    translate: Callable[[str], Sequence[str]],
) -> list[Unit]:
    """The question's content terms as units: the terms a multi-word concept found in the question
    (`concepts`: the text matched, the concept's terms in both languages) spans make one unit; every
    other term is a unit with its translations."""
    rest = list(terms)
    units = []
    for matched, forms in sorted(concepts, key=lambda c: -len(c[0])):
        low = matched.lower()
        if not re.search(r"[\s-]", low) and not (_CJK.search(low) and len(low) >= 4):
            continue  # one word: the term itself, with its translations
        spanned = [t for t in rest if t.lower() in low]
        if spanned:
            rest = [t for t in rest if t not in spanned]
            units.append(Unit((matched, *forms)))
    units += [Unit((t, *translate(t))) for t in rest]
    return units


def holds(unit: Unit, article: ArticleText) -> bool:
    return any(covers(f, article.words) for f in unit.forms)


def unit_weights(units: Sequence[Unit], holding: Callable[[Unit], int], n: int) -> list[float]:
    """Each unit's weight among the regulations' `n` articles (`holding`: how many hold a unit): what
    few articles hold tells them apart ("licensing", "作价投资"), what every article holds
    ("researchers", "单位") weighs nothing, and what none holds ("salary", "Jiangsu") weighs most: no
    article answers a question about it."""
    return [math.log((n + 1) / (holding(u) + 0.5)) for u in units]


def article_coverage(units: Sequence[Unit], weights: Sequence[float], article: ArticleText) -> float:
    """The weighted share of the question's units the article holds, in either language version."""
    total = sum(weights)
    if total <= 0:
        return 0.0
    return sum(w for u, w in zip(units, weights, strict=True) if holds(u, article)) / total
