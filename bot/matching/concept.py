"""Whether the technologies a match answer shows hold the need's key concept (issue 14: "do you have any
lithium-sulfur battery technology?" must not get "the best matches" because two flow batteries share
"battery"). The terms and the per-record check are the listings' (conversation/evidence.py); what a match
adds is the matcher's own shared terms (a glossary concept such as "seat frames/座椅骨架" holds "seat"
and "frames" across languages), and two bars:

    a question that asks whether a technology exists ("any tech for recycling solar panels?") is held
    as a listing is: one shown technology holds half of the terms' IDF weight;
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

from ..conversation.evidence import concept_terms, matches_concept

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
        absent = self._index.idf("\x00")  # the IDF of a word no passage holds
        self.terms = concept_terms(question, slots, lambda t: self._index.idf(t) < absent)

        def translate(term: str) -> list[str]:
            return [*glossary.translations(term), *dictionary.lookup(term)]

        self._translate = translate

    def _held(self, match: Match) -> list[str]:
        """The terms the record holds, itself or through a term the matcher found shared."""
        shared = " ".join(match.reasons.get("terms") or []).lower()
        return [
            t
            for t in self.terms
            if t in shared or matches_concept(match.record, [t], self._index.idf, self._translate)
        ]

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
        return self._share(held) >= _SHARE

    def any_holds(self, matches: list[Match]) -> bool:
        return any(self.holds(m) for m in matches)
