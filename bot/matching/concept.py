"""Whether the technologies a match answer shows hold the need's key concept (issue 14: "do you have any
lithium-sulfur battery technology?" must not get "the best matches" because two flow batteries share
"battery"). The terms and the per-record check are the listings' (conversation/evidence.py); what a match
adds is the matcher's own shared terms (a glossary concept such as "seat frames/座椅骨架" holds "seat"
and "frames" across languages), and two bars:

    a question that asks whether a technology exists ("any sodium-sulfur battery tech?") is held as a
    listing is: one shown technology holds half of the terms' IDF weight, or all of them but terms the
    dictionary cannot pair across languages; a term the corpus never uses ("sulfur") counts only where
    a translation of it is in the record;
    an enterprise describing its situation ("our machining centres drift after a few hours") says much
    that is no concept ("run", "hours", "工厂"): one shown technology holding one of its terms, or
    sharing a key term with it beyond the field's own words ("battery", "机器人"), is enough.

Measured on the dev matchmaking questions of evals/conversations and on needs written for this (README).
"""

from __future__ import annotations

import re

from retrieval.catalog import Catalog
from retrieval.dictionary import corpus_dictionary
from retrieval.fields import cities_in, fields_in
from retrieval.matching import Match, Matcher
from retrieval.text import keyword_tokens

from ..conversation.evidence import concept_terms, joined_phrases, matches_concept

__all__ = ["NeedConcept"]

# The speaker and the enterprise it speaks for: no topic of the need ("我们厂想" gave the term "厂想").
_SELF = re.compile(
    r"我们(?:是|这)?(?:厂|公司|企业|单位)?|我司|我厂|咱们|本公司|本厂|"
    r"\b(?:we|we're|we’re|we are|our|us|i|i'm|my)\b",
    re.I,
)
_CONTRACTION = re.compile(r"['’](?:re|ve|ll|d|m|s)\b", re.I)  # "we're" is no term "re"
_SHARE = 0.5  # of the terms' IDF weight, as the listings' check (conversation/evidence.py)


class NeedConcept:
    """The need's concept terms and whether a match holds them."""

    def __init__(self, text: str, matcher: Matcher, catalog: Catalog) -> None:
        searcher = matcher.searcher
        self._index = searcher.keyword_index()
        glossary, dictionary = searcher.glossary, corpus_dictionary(self._index)
        self.stated = bool(_SELF.search(text))  # an enterprise speaking of itself, not a listing question
        question = _SELF.sub(" ", _CONTRACTION.sub(" ", text))
        slots = {t for t in keyword_tokens(question) if fields_in(t) or cities_in(t)}
        for name in catalog.institutions():
            if name and name.lower() in question.lower():
                slots.update(keyword_tokens(name))
        self._absent = self._index.idf("\x00")  # the IDF of a word no passage holds

        def in_corpus(term: str) -> bool:
            return self._index.idf(term) < self._absent

        terms = concept_terms(question, slots, in_corpus)
        self.terms = joined_phrases(
            terms, glossary.concepts(question).values(), in_corpus
        )  # "saline-alkali land"

        def translate(term: str) -> list[str]:
            return [*glossary.translations(term), *dictionary.lookup(term)]

        self._translate = translate

    def _held(self, match: Match) -> list[str]:
        """The terms the record holds, itself or through a term the matcher found shared. A term the
        corpus never uses ("sulfur", "钙钛矿") is held only through a translation ("太阳能" as "solar"),
        never through the benefit of the doubt the listings' check gives a term it cannot translate."""
        return [
            t
            for t in self.terms
            if (
                self._translated(t, match)
                if self._index.idf(t) >= self._absent
                else t in self._labels(match)
                or matches_concept(match.record, [t], self._index.idf, self._translate)
            )
        ]

    @staticmethod
    def _labels(match: Match) -> str:
        return " ".join(match.reasons.get("terms") or []).lower()

    def _translated(self, term: str, match: Match) -> bool:
        if term in self._labels(match):
            return True
        # The term itself (a piece of a longer word: "锂电" in "锂电池") or a translation, nothing else.
        others = self._translate(term) or [term]
        return matches_concept(match.record, [term], self._index.idf, lambda _: others)

    def _share(self, held: list[str]) -> float:
        total = sum(self._index.idf(t) for t in self.terms)
        return sum(self._index.idf(t) for t in held) / total if total else 1.0

    @staticmethod
    def _topic_shared(match: Match) -> bool:
        """The matcher found a shared key term that is not just the field's name ("battery/电池")."""
        return any(not fields_in(label.replace("/", " ")) for label in match.reasons.get("terms") or [])

    def holds(self, match: Match) -> bool:
        if not self.terms:
            return True
        held = self._held(match)
        if self.stated:
            return bool(held) or self._topic_shared(match)
        # Half the weight, or every term but those the dictionary cannot pair across languages ("补偿" for
        # "compensation"): a term the corpus never uses is the surest sign that nothing matches.
        unknown = [t for t in self.terms if t not in held and self._index.idf(t) >= self._absent]
        return self._share(held) >= _SHARE or (bool(held) and not unknown)

    def any_holds(self, matches: list[Match]) -> bool:
        return any(self.holds(m) for m in matches)
