"""What a situation question asks about, read against the regulation articles (regulation_articles.py):
its content terms and the law's words for its everyday ones, as units an article may hold, each weighed by
how rare it is among the articles, and those an article must hold to answer.

    QuestionReading(searcher, regulations, table)
        .units(question, concepts)          -> the question's units (glossary concepts held whole)
        .weights(units)                     -> each unit's weight among the articles
        .specific_units(question, concepts) -> the units an answering article must hold
        .law_words(question)                -> the law's words for its everyday ones that few articles hold
        .terms(question)                    -> its content terms, less the regulation's names and forms
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from retrieval.dictionary import corpus_dictionary, stem

from .evidence import concept_terms
from .regulation_evidence import Unit, question_units, unit_weights
from .regulation_names import region_of
from .regulation_words import legal_forms, regulation_terms

if TYPE_CHECKING:
    from retrieval.search import HybridSearcher

    from .regulation_table import ArticleTable
    from .regulations import RegulationAnswerer

__all__ = ["FORM_WORDS", "FUNCTION_WORDS", "QuestionReading"]

_DISTINCT = 4  # a word of the law at most this many articles hold tells them apart (of ~40)
_SPECIFIC = 2  # a concept at most this many articles name is what an article must hold to answer
# The asker's own place ("I work at a state university TTO.", "我在高校技术转移中心工作"): context, no topic.
_ASKER = re.compile(
    r"\b(?:i (?:work|am|'m) (?:at|in|for|with)|i'm (?:at|in|with|from)|we are|we're)\b[^.,;?!]*|"
    r"我(?:在|是)[^，。；？！,;?!]*?(?:工作|的)|我们是[^，。；？！,;?!]*",
    re.I,
)
# Words that name a regulation's form or level or point at an article, not what the question is about.
FORM_WORDS = re.compile(
    r"^(?:laws?|regulations?|regs?|rules?|articles?|statut\w*|provisions?|legal\w*|legislation|clauses?|"
    r"national|provincial|province|local|central|"
    r"规定|条例|法律|法规|条文|条款|一条|哪条|哪一条|规章|办法|政策|国家|全国|省级|省里|第.+条)$",
    re.I,
)

# Words a heading or an article may hold that say nothing of what it is about ("under an agreement with the
# unit" is no answer to "ways to commercialise under the national law")
FUNCTION_WORDS = frozenset({"under", "about", "according", "regarding", "within", "without", "concerning"})


class QuestionReading:
    """A question's content, read with the glossary, the corpus dictionary and the articles' table."""

    def __init__(
        self, searcher: HybridSearcher, regulations: RegulationAnswerer, table: ArticleTable
    ) -> None:
        self.searcher = searcher
        self.regulations = regulations
        self.table = table

    def law_words(self, question: str) -> list[str]:
        """The law's words for the question's everyday ones that few articles hold ("SOEs": state-owned
        enterprises; "the dean": the head), less those it already says."""
        found = [
            f
            for t in regulation_terms(question)
            for f in legal_forms(t)
            if f.lower() not in question.lower() and self.table.holding(Unit((f,))) <= _DISTINCT
        ]
        return list(dict.fromkeys(found))

    def terms(self, question: str) -> list[str]:
        """Its keywords that the corpus holds or the regulations have a word for ("patent": achievement),
        less those that name a regulation or its form ("transformation law", "条例", "national")."""
        names = " ".join(n for d in self.regulations.regulations() for n in (d.name, *d.aliases)).lower()
        index = self.searcher.keyword_index()
        absent = index.idf("\x00")

        def in_corpus(term: str) -> bool:
            return min(index.idf(f) for f in (term, stem(term), term.removesuffix("s"))) < absent

        # A topic the corpus lacks ("Jiangsu", "subsidies") stays: no article holds it, none answers
        topics = set(concept_terms(question, set(), in_corpus))
        return [
            t
            for t in regulation_terms(question)
            if (in_corpus(t) or legal_forms(t) or t in topics)
            and not FORM_WORDS.match(t)
            and t.lower() not in FUNCTION_WORDS
            and t.lower() not in names
        ]

    def units(self, question: str, concepts: dict[int, str]) -> list[Unit]:
        """`concepts`: the glossary concepts the question names."""
        glossary = self.searcher.glossary
        spans = []
        regions = {region_of(d.name).lower() for d in self.regulations.regulations()} - {""}
        for entry, matched in concepts.items():
            if any(r in matched.lower() for r in regions):
                continue  # "a Liaoning university": where, as the regulation's name says, not what
            zh, en = glossary.terms(entry)
            spans.append((matched, [*zh, *en, *legal_forms(matched)]))
        return question_units(self.terms(question), spans, self.translate)

    def translate(self, term: str) -> list[str]:
        """A term's translations (glossary, corpus dictionary) and the law's words for it."""
        glossary, dictionary = (
            self.searcher.glossary,
            corpus_dictionary(self.searcher.keyword_index()),
        )
        return [*glossary.translations(term), *dictionary.lookup(term), *legal_forms(term)]

    def weights(self, units: list[Unit]) -> list[float]:
        return unit_weights(units, self.table.holding, len(self.table.articles()))

    def specific_units(self, question: str, concepts: dict[int, str], everyday: bool = True) -> list[Unit]:
        """The concepts the question names (`concepts`) that at most two articles name: an article about
        something else lacks them ("minimum salary for technology managers" is not Article 45's
        inventors' reward). Not those naming the regulation ("Liaoning", "transformation law"), nor
        those of the asker's own place ("I work at a university TTO"), which are no topic."""
        glossary = self.searcher.glossary
        if _ASKER.search(question):
            concepts = glossary.concepts(_ASKER.sub(" ", question))
        specific = []
        for entry, matched in concepts.items():
            if entry not in self.table.named_concepts() and 0 < self.table.spread(entry) <= _SPECIFIC:
                zh, en = glossary.terms(entry)
                specific.append(Unit((matched, *zh, *en, *legal_forms(matched))))
        # So is a word the law says in words at most two articles hold ("所得税": tax, which only the
        # article on tax incentives names; "最少": at least, the statutory floor)
        for term in self.terms(_ASKER.sub(" ", question)) if everyday else []:
            unit = Unit((term, *legal_forms(term)))
            if len(unit.forms) > 1 and 0 < self.table.holding(unit) <= _SPECIFIC:
                specific.append(unit)
        return specific
