"""Regulations as documents: the answerer that the chat service asks before searching.

    RegulationAnswerer(store) -> answer(question, lang, focus) -> Draft | None: a document-level fact of the
                                 regulation named (or in focus): dates, issuing body, size, status, whether
                                 the text is official, which regulation it is (regulation_facts.py)
                              -> filter_for(question) -> the search kept to the regulation named, by name,
                                 short name, region or level ("the provincial regulation", "国家的法律")
                                 (regulation_names.py)

Each language version is read from the store's chunks (regulation_docs.py), re-read when the store changes.
"""

from __future__ import annotations

import dataclasses
import re
import threading

from retrieval.stores.base import VectorStore
from retrieval.text import detect_lang
from retrieval.types import SearchFilters

from .dialogue import ELLIPSIS
from .draft import Draft
from .regulation_asks import asked_facts, names_a_version, without_levels
from .regulation_docs import RegulationDoc, read_regulations
from .regulation_facts import QUOTE, document_facts, regulation_fact
from .regulation_names import named_regulation
from .types import Citation

__all__ = [
    "RegulationAnswerer",
    "RegulationDoc",
    "about_other_sources",
    "asked_facts",
    "named_regulation",
    "read_regulations",
    "regulation_fact",
]

# "what did the press conference say about the law?": a question about another source, searched as any
_ABOUT_OTHER_SOURCES = re.compile(r"\bpress conference\b|\bnews\b|\breported\b|发布会|新闻|报道|会上", re.I)


# A question about a regulation as such (its amendment, "the law"), which a year it names may identify
_LAWLIKE = re.compile(r"修改|修正|修订|条例|法规|法律|\bamend\w*|\blaw\b|\bregulations?\b", re.I)


def about_other_sources(question: str) -> bool:
    """Whether the question asks what another source (the news, a press conference) says of a regulation."""
    return _ABOUT_OTHER_SOURCES.search(question) is not None


class RegulationAnswerer:
    """Document-level facts of a named regulation, and the filter that keeps a search to it."""

    def __init__(self, store: VectorStore) -> None:
        self._store = store
        self._docs: list[RegulationDoc] = []
        self._fingerprint: str | None = None
        self._lock = threading.Lock()
        self._last: tuple[tuple[str, str | None], tuple[RegulationDoc, ...]] | None = None

    def regulations(self) -> list[RegulationDoc]:
        """The regulations in the store, re-read when it changed."""
        fingerprint = self._store.fingerprint()
        with self._lock:
            if fingerprint != self._fingerprint:
                self._docs = read_regulations(self._store)
                self._fingerprint = fingerprint
            return list(self._docs)

    def named(self, question: str) -> list[RegulationDoc]:
        docs = self.regulations()
        key = (question, self._fingerprint)
        with self._lock:  # a question is asked of twice (its facts, then its search): named once
            if self._last is not None and self._last[0] == key:
                return list(self._last[1])
        ids = set(named_regulation(question, docs))
        found = [d for d in docs if d.doc_id in ids]
        with self._lock:
            self._last = (key, tuple(found))
        return found

    def answer(self, question: str, lang: str, focus: str | None = None, before: str = "") -> Draft | None:
        """A document-level fact of the regulation the question names (or, naming none, of `focus`, the doc
        id of the regulation the conversation is about); None for any other question. An elliptical
        question after one that asked a fact ("国家那部转化法呢", "and the original?" after "when did ...
        take effect?"; `before`) asks that fact again, of the regulation it names or of the original."""
        asked = asked_facts(question)
        named = self.named(without_levels(question) if "level" in asked else question)
        if not asked and ELLIPSIS.match(question) and (named or names_a_version(question)):
            asked = asked_facts(before)
        if not asked:
            return None
        if not named and focus:
            group = next((d.group for d in self.regulations() if d.doc_id == focus), None)
            named = [d for d in self.regulations() if d.group == group]
        if not named and _LAWLIKE.search(question):  # "2015年那次修改是哪天通过的": the one dated so
            named = self._dated(question)
        if len({d.group for d in named}) != 1:
            return None
        found = document_facts(question, lang, named, asked)
        if found is None:
            return None
        text, answered, doc, quote = found
        text += QUOTE[lang != "zh"].format(quote=quote) if quote else " [1]"
        source = dataclasses.replace(doc.chunk, locator="", text=doc.preamble or doc.chunk.text)
        return Draft(text, [Citation.of(1, source, quote or None)], answered)

    def _dated(self, question: str) -> list[RegulationDoc]:
        """The regulation of the one translation group with a date in a year the question names."""
        years = set(re.findall(r"(?:19|20)\d\d", question))
        docs = [d for d in self.regulations() if years & {v[:4] for v in d.dates.values()}]
        return docs if len({d.group for d in docs}) == 1 else []

    def filter_for(self, question: str, lang: str | None = None) -> SearchFilters | None:
        """Search filters for a question that names a regulation: its version in `lang` (the question's
        language by default), or any regulation when it names several; None when it names none, or asks
        what another source (the news, a press conference) says of it."""
        if _ABOUT_OTHER_SOURCES.search(question):
            return None
        named = self.named(question)
        if not named:
            return None
        if len({d.group for d in named}) > 1:
            return SearchFilters(kind=("regulation",))
        lang = lang or detect_lang(question)
        pick = next((d for d in named if d.lang == lang), named[0])
        return SearchFilters(kind=("regulation",), doc_id=pick.doc_id)
