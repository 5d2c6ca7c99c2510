"""The evidence for a detail of one past event, and the sentences of it that answer, best first.

The evidence is the event's record (its summary: the title, date and topic lines answer nothing) and the
news about it: news dated from just before the event to some months after, that names its city or its
title's words, in either language. Read that way, the sentence that answers is found even where a search
over everything ranks it below the evidence bar: most of its words are the event's, and the detail is
one English word for a Chinese question ("媒体" / "media").

A sentence may answer when it is of the type asked (event_answer_types.py) and holds some of the detail's
words (the question's words less those naming the event), or their translations (glossary, dictionary,
a Chinese word the dictionary lacks by its characters). Among those, it scores by its similarity to the
question plus the share of the detail it holds, with more for the word a "什么X" question asks about and
for a number that counts what a "多少X" question counts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Iterable

import numpy as np

from retrieval.catalog import RecordView
from retrieval.dictionary import corpus_dictionary, stem
from retrieval.embedders import Embedder
from retrieval.fields import cities_in
from retrieval.search import HybridSearcher
from retrieval.text import keyword_tokens, split_sentences
from retrieval.types import Chunk, SearchFilters

from .event_answer_types import Asked, concept_of, counted_measure, counts
from .event_names import NamedEvent, is_kind_word
from .people import roles_in

__all__ = ["EventEvidence", "Sentence", "body_sentences", "detail_words", "reports"]

# An event's report follows it within weeks (the seed corpus: the same day to 25 days after); the August 2023
# report on research platforms, 140 days after the March magnesium summit, names three of its title's words
# ("industry-university-research cooperation") and reports none of it (its 1.08 billion yuan invested is no
# value of deals signed at the summit).
_NEWS_BEFORE, _NEWS_AFTER = dt.timedelta(days=7), dt.timedelta(days=60)
_NEWS_HITS = 12
_EMBEDDED = 12  # sentences embedded per question, picked by the share of the detail they hold
_COVERAGE_WEIGHT = 0.5
_UNTYPED_COVERAGE = 0.34  # a question of no answer type ("他说镁能帮国家实现什么目标") is answered by a
# sentence holding a third of its detail's weight; below it the passages are searched as before
_COUNTED = 0.3  # added where a number counts what the question counts ("1,302 technical requirements")
_MIN_LETTERS = 12
# Added where a "who" is answered by people named with their roles ("seven industry experts—including Kong
# Lingxu, Secretary-General of ...") over a summary of the same that names their roles alone ("seven
# industry experts, including the Secretary-General of ...")
_NAMED = 0.15  # half the coverage weight times the 0.3 it was measured with
# "那次大会", "that one": words that point at the event, no detail of it (rare in news: heavy by IDF)
_POINTERS = frozenset(
    ["那次", "那个", "那场", "这次", "这个", "这场", "上次", "当时", "那些", "这些", "that", "this"]
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclasses.dataclass(frozen=True)
class Sentence:
    chunk: Chunk
    text: str
    coverage: float
    typed: bool
    on_focus: bool = False


def _dates(record: RecordView) -> tuple[dt.date, dt.date]:
    start = dt.date.fromisoformat(str(record.get("start_date")))
    return start, dt.date.fromisoformat(str(record.get("end_date") or start))


def reports(chunk: Chunk, record: RecordView) -> bool:
    """Whether a news chunk reports on the event: dated from just before it to some months after, and
    naming its city or three of its title's words."""
    start, end = _dates(record)
    if chunk.date is None or not start - _NEWS_BEFORE <= chunk.date <= end + _NEWS_AFTER:
        return False
    places, title = _event_terms(
        f"{record.get('city') or ''} {record.get('venue') or ''}", record.chunk.title
    )
    text_places, text_words = _text_terms(f"{chunk.title} {chunk.text}")
    return bool(places & text_places) or len(title & text_words) >= 3


# One news chunk is checked against every past event (reported_event): its places and words, and each
# event's, are read once, not for each pair (~20 ms a "who signed" question at 2,450 records, profiled).
@functools.lru_cache(maxsize=64)
def _text_terms(text: str) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(cities_in(text)), frozenset(keyword_tokens(text))


@functools.lru_cache(maxsize=16384)
def _event_terms(place: str, title: str) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(cities_in(place)), frozenset(w for w in keyword_tokens(title) if len(w) > 3)


def detail_words(message: str, naming: Iterable[str] = ()) -> list[str]:
    """The words of the detail asked: the message's, less those naming the event, its kind ("峰会"),
    numbers (its year) and pointers ("那次"); a lone Chinese character ("项", "年") only where it says what
    happens at an event ("来")."""
    named = set(naming)
    return [
        t
        for t in dict.fromkeys(keyword_tokens(message))
        if t not in named
        and not is_kind_word(t)
        and not t.isdigit()
        and t not in _POINTERS
        and (len(t) > 1 or not _CJK.match(t) or concept_of(t, t))
    ]


def body_sentences(chunk: Chunk) -> list[str]:
    """The sentences of a source less its headline: "The Manager Attends 2018 Shenyang ... Meeting" restates
    what is asked of the event and names nobody, though it reads like a sentence about a person."""
    head = _NOT_LETTERS.sub("", chunk.title.lower())
    return [s for s in split_sentences(chunk.text) if _NOT_LETTERS.sub("", s.lower()) != head]


_NOT_LETTERS = re.compile(r"[\W_]+")
_LISTED_SHARE = 0.5  # of the detail's words an upcoming event's listing holds, when it answers


class EventEvidence:
    def __init__(self, searcher: HybridSearcher, embedder: Embedder) -> None:
        self.searcher = searcher
        self.embedder = embedder  # the answerer's, which keeps recent sentences' vectors

    def translate(self, text: str) -> list[str]:
        dictionary = corpus_dictionary(self.searcher.keyword_index())
        return [*self.searcher.glossary.translations(text), *dictionary.lookup(text)]

    def meanings(self, token: str) -> set[str]:
        """A word's translations as words; a Chinese word the dictionary lacks, by its characters'
        ("展区": "展" exhibition, "区" area)."""
        found = self.translate(token)
        if not found and _CJK.match(token) and len(token) > 1:
            found = [t for char in token for t in self.translate(char)]
        return {w.lower() for phrase in found for w in keyword_tokens(phrase)}

    def lists(self, record: RecordView, words: list[str]) -> bool:
        """Whether the event's listing (its text, registration, programme, topics, venue) holds most of the
        words, themselves or translated: "现场有停车位吗" is about parking, which "on-site" alone is not."""
        parts = [record.chunk.text, *(str(record.get(k) or "") for k in ("registration", "summary", "venue"))]
        text = " ".join([*parts, *(str(t) for t in record.get("topics") or [])]).lower()
        held = set(keyword_tokens(text))
        stems = {stem(h) for h in held if h.isascii()}  # "pitches" is the listing's "will pitch"
        found = [w for w in words if w.lower() in text or stem(w.lower()) in stems or self.meanings(w) & held]
        return len(found) > len(words) * _LISTED_SHARE

    def sources(self, event: NamedEvent, message: str) -> list[Chunk]:
        """The event's record (its summary) and the news about it."""
        record = event.record
        start, end = _dates(record)
        filters = SearchFilters(kind=("news",), date_from=start - _NEWS_BEFORE, date_to=end + _NEWS_AFTER)
        hits = self.searcher.search(f"{record.chunk.title} {message}", k=_NEWS_HITS, filters=filters).hits
        about = {h.chunk.doc_id for h in hits if reports(h.chunk, record)}
        summary = str(record.get("summary") or record.get("description") or "")
        # an upcoming event's registration tells what its news cannot yet ("现场参观限60人")
        registration = "" if event.past else str(record.get("registration") or "")
        text = "\n".join(t for t in (summary, registration) if t)
        own = dataclasses.replace(record.chunk, text=text) if text else record.chunk
        return [own, *(h.chunk for h in hits if h.chunk.doc_id in about)]

    def reported_event(self, message: str, events: list[RecordView]) -> RecordView | None:
        """The one past event whose news best matches the message ("海城华宇集团的总工程师叫啥": a speaker
        of the 2024 Liaoyang conference, as its news reports), or None."""
        hits = self.searcher.search(message, k=1, filters=SearchFilters(kind=("news",))).hits
        if not hits:
            return None
        found = [e for e in events if reports(hits[0].chunk, e)]
        return found[0] if len(found) == 1 else None

    def ranked(
        self,
        question: str,
        detail: list[str],
        asked: Asked,
        chunks: list[Chunk],
        focus: str | None = None,
        counted: list[str] | None = None,
        must_count: bool = False,
    ) -> list[tuple[float, Sentence]]:
        """The sentences of `chunks` that may answer, best first, with their scores; with `must_count`, a
        "how many" is answered only by a number of what it counts (an upcoming event's listing: "约60项
        科技成果" tells no number of pitches or deals)."""
        index = self.searcher.keyword_index()
        meanings = {t: self.meanings(t) for t in {*detail, *([focus] if focus else [])}}
        weights = {t: index.idf(t) for t in detail}
        total = sum(weights.values())
        counting = {w for t in counted or detail for w in {t, *self.meanings(t)}}
        measure = counted_measure(question)
        found: list[Sentence] = []
        seen: set[str] = set()
        for chunk in chunks:
            for sentence in body_sentences(chunk):
                if sentence in seen or sum(c.isalnum() for c in sentence) < _MIN_LETTERS:
                    continue
                seen.add(sentence)
                low, words = sentence.lower(), set(keyword_tokens(sentence))

                def holds(t: str, low: str = low, words: set[str] = words, sentence: str = sentence) -> bool:
                    return t in low or bool(meanings[t] & words) or concept_of(t, sentence)

                coverage = sum(weights[t] for t in detail if holds(t)) / total if total else 0.0
                if asked.kind == "number" and counting and counts(sentence, counting, measure):
                    coverage += _COUNTED
                elif must_count and asked.kind == "number":
                    continue
                on_focus = bool(focus) and holds(str(focus))
                found.append(Sentence(chunk, sentence, coverage, asked.holds(sentence), on_focus))
        usable = [s for s in found if (s.typed if asked.kind else s.coverage >= _UNTYPED_COVERAGE)]
        usable = [s for s in usable if s.coverage > 0 or not total]
        if any(s.on_focus for s in usable):  # "实现什么目标": a sentence without the goal answers nothing
            usable = [s for s in usable if s.on_focus]
        if not usable:
            return []
        usable = sorted(usable, key=lambda s: s.coverage, reverse=True)[:_EMBEDDED]
        q = np.asarray(self.embedder.embed_query(question), dtype=np.float32)
        sims = np.asarray(self.embedder.embed_documents([s.text for s in usable]), dtype=np.float32) @ q
        # "Kong Lingxu, Secretary-General of ...": who, not "seven experts, including the Secretary-General"
        # (added to the rank, not to the share of the detail held, which decides whether a sentence answers)
        named = [asked.kind == "person" and bool(roles_in(s.text)) for s in usable]
        scored = [
            (float(sim) + _COVERAGE_WEIGHT * s.coverage + _NAMED * n, s)
            for sim, s, n in zip(sims, usable, named, strict=True)
        ]
        return sorted(scored, key=lambda pair: pair[0], reverse=True)
