"""That a record named does not state what is asked of it ("The listing for X does not state the
efficiency"), where the message names the record by two words at least and asks a word or two of it that
the record holds in no form (record_details.py finds the record and its sentences; this says it is not
there). A word the record holds, itself, translated or in a glossary phrase, is something it states."""

from __future__ import annotations

from retrieval.catalog import RecordView
from retrieval.dictionary import corpus_dictionary
from retrieval.search import HybridSearcher
from retrieval.text import keyword_tokens

from ..phrasebook import phrase
from .draft import Draft
from .evidence import GENERIC
from .owner_names import owner_named
from .render import record_line, render_record
from .types import Citation

__all__ = ["not_stated", "states_word"]

_MAX_MISSING = 2  # words of what is asked, when the record does not state it


def states_word(searcher: HybridSearcher, record: RecordView, word: str) -> bool:
    """The record's text holds the word, itself or translated ("rated": 额定)."""
    dictionary = corpus_dictionary(searcher.keyword_index())
    text = record.chunk.text.lower()
    forms = [word, *searcher.glossary.translations(word), *dictionary.lookup(word)]
    return any(len(f) > 1 and f.lower() in text for f in forms)


def _states_a_phrase(searcher: HybridSearcher, record: RecordView, message: str, terms: list[str]) -> bool:
    """A term is a word of a glossary phrase the message holds, and the record holds the phrase or its
    translation."""
    glossary, text = searcher.glossary, record.chunk.text.lower()
    for entry, found in glossary.concepts(message).items():
        if not any(t.lower() in found.lower() for t in terms):
            continue
        zh, en = glossary.terms(entry)
        if any(len(f) > 1 and f.lower() in text for f in (*zh, *en)):
            return True
    return False


def not_stated(
    searcher: HybridSearcher, record: RecordView, asked: str, named: bool, lang: str, message: str
) -> Draft | None:
    """ "The listing does not state X", with the record: only where the message names it by two words at
    least (`named`; one may name a topic the passages answer) and asks (`asked`: its words less the
    title's) a word or two of it."""
    terms = [t for t in keyword_tokens(asked) if t not in GENERIC and len(t) > 1]
    terms = [t for t in terms if not any(t != o and t in o for o in terms)]
    owner = record.owner_name  # "sepsis rapid test from CMU?": its owner, no detail asked
    terms = [t for t in terms if not owner_named(owner, t.upper(), {t.lower()})]
    if not named or not terms or len(terms) > _MAX_MISSING:
        return None  # more than a word or two besides the record's name: a question about another thing
    if any(states_word(searcher, record, t) for t in terms):
        return None  # "rated" (额定功率 70 kW): the record says something of it, if not what was found
    if all(_states_a_phrase(searcher, record, message, [t]) for t in terms):
        # "bin picking robot with 3d vision?": every word left is of a phrase the record holds (无序分拣,
        # 三维视觉): the message names the record, and asks for it
        return Draft(render_record(record, lang, 1, full=True), [Citation.of(1, record.chunk)], True)
    what = " ".join(terms)
    title = record.chunk.title
    name = f"「{title}」" if lang == "zh" else f'"{title}"'
    text = phrase("detail.missing", lang, name=name, what=what)
    line = record_line(record, lang, 1)
    return Draft(f"{text}\n{line}", [Citation.of(1, record.chunk)], False)
