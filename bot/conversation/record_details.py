"""A detail of one record the message names that no structured field holds: "recycled magnesia-carbon
brick tech, how much virgin magnesia does it save per tonne?", "钠电正极材料比容量多少" (an English
record), "海跃精密要的五轴机床定位精度要求多少": the figure and the sentence of the record that states it, the
record as citation; a record that does not state it says so.

    the record:   the first record hits of the search for the message (a title named in the other
                  language is found by its meaning), kept when the message names one (title words, in
                  either language, or its owner: "海城华镁", "Anshan Hengtai"; title_naming.py), and
                  a hit found less clearly that two words name ("锦州那个BMS SOC估算误差多少"); a
                  requirement asked ("要求", "need") prefers a demand, a performance an achievement;
                  one word names it where no other title holds it and the record states a figure of
                  the measure asked ("large vibrating screen throughput?", measures.py)
    the sentence: the record's prose sentences scored for the message and for what it asks of the record
                  (its words less the title's: "peak power density" of "DUT's fuel cell membrane
                  electrode"), with a number for "多少"/"how much", a person for "谁"/"who"

A set of records ("有哪些 ... 技术"), a count of them, the user's own need or a document is never answered
here (detail_text.py); structured attributes (budget, venue, contact) come from attributes.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from retrieval.aliases import spelled_in, spellings
from retrieval.catalog import Catalog, RecordView
from retrieval.dictionary import corpus_dictionary
from retrieval.search import HybridSearcher
from retrieval.text import detect_lang, keyword_tokens, split_sentences
from retrieval.types import RECORD_KINDS, Chunk, Hit, SearchFilters

from ..phrasebook import phrase
from .attributes import (
    NEVER_LISTED,
    asked_attributes,
    attributes_answer,
    names_budget,
    states,
    states_fully,
)
from .detail_missing import not_stated
from .detail_text import (
    asked_of,
    asks_detail,
    asks_person,
    asks_quantity,
    asks_several,
    asks_what_wanted,
    figure,
    has_number,
    names_person,
    prose,
    wants_demand,
    years_in,
)
from .draft import Draft
from .event_answer_types import EVENT_NEWS_TYPES, answer_type
from .event_programme import day_asked, programme_asked
from .evidence import GENERIC
from .institution_names import institution_named
from .measures import measure_sentence, measure_sentences, states_measure
from .named import wanted_kind
from .owner_names import owner_core, owner_named_in, owner_short_forms
from .render import record_line, render_record
from .title_naming import title_naming
from .types import Citation

__all__ = ["Detail", "RecordDetails"]

# The answer's sentence scorer (Answers.quotes: bot/chat/extractive.py's quotes, which this package does not
# import): a quote has .text, .score, .position, .coverage.
Quote = Any
Quoter = Callable[[str, list[Hit]], list[Quote]]

_POOL = 3  # records read: the right one was among the first three record hits for the dev questions
_NAMED = 0.15  # the message names the record (a word of its title, itself or translated, or its owner)
_MIN_NAMED = 2  # words that name the record (the owner named counts as one): one names a topic ...
_SURE_HIT = 0.5  # ... unless the search finds the record at least this clearly on the message's topic
_KIND_BONUS = 0.2  # the kind the wording asks (a requirement: a demand) wins a near-tie of the search
_MIN_HIT = 0.3  # a record scoring below this in the search is not what the message names
_MIN_NAMED_HIT = 0.2  # ... unless two words of the message name it (the BMS record at 0.296 for "BMS SOC")
_SECOND = 0.8  # share of the best sentence's score a second one needs to be quoted too
_MIN_QUOTE = 0.45  # the best sentence of the record scores at least this for the message
_MAX_SENTENCES = 3  # sentences quoted for a message that asks several things of one record


@dataclass(frozen=True)
class Detail:
    record: RecordView
    quotes: list[Quote]  # the sentences that answer, best first; none for a structured attribute
    attributes: list[str]  # the structured attributes asked (attributes.py), stated by the record
    asked: str = ""  # what the message asks of the record (its words less the title's)
    named: bool = False  # named by two words at least, not only found on the message's topic


class RecordDetails:
    def __init__(
        self,
        searcher: HybridSearcher,
        catalog: Catalog,
        quotes: Quoter,
        clock: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.searcher = searcher
        self.catalog = catalog
        self.quotes = quotes  # the answer's sentence scorer (Answers.quotes)
        self.clock = clock
        # Every record's lowered title and owner as a message names it, read once per listing: computed
        # per message they cost ~50 ms at 2,000 records (scripts/bench.py's 5k-chunk corpus, profiled).
        # and an owner's first four letters (and third to sixth) -> its rows, and the titles alone (the
        # key of _joined's cache); one tuple, swapped whole
        self._names: tuple[
            tuple[int, ...], list[tuple[Chunk, str, str]], dict[str, list[int]], tuple[str, ...]
        ] = ((), [], {}, ())

    def find(self, message: str, kinds: tuple[str, ...] = RECORD_KINDS) -> Detail | None:
        """The record the message names and its sentences (or structured attributes) that answer."""
        today = self.clock()
        years = years_in(message)
        names, owners, titles = self._record_names()
        naming, named_rows, only = title_naming(message, titles, self.searcher)

        def eligible(chunk: Chunk) -> bool:
            # What happened at a past event is told in the news, not in its listing (passages answer).
            past = chunk.kind == "event" and str(chunk.meta.get("start_date") or "") < today.isoformat()
            # "2025年辽阳菱镁对接会" is not the 2026 one: a year the message names is the record's
            return not past and (
                not years or any(y in f"{chunk.title} {chunk.text} {chunk.date}" for y in years)
            )

        def by_owner(chunk: Chunk) -> bool:
            owner = owner_core(RecordView(chunk).owner)
            return bool(owner) and owner_named_in(message, owner)

        # No search unless some record is named at all (a question about the news costs no second one).
        owned = {i for i in self._owner_rows(message, owners) if owner_named_in(message, names[i][2])}
        rows = named_rows | owned
        # "大连蓝海的需求预算多少", "the Dalian Lanhai demand": the one record of the kind named that an owner
        # named has is named by both
        kind_named = wanted_kind(message)
        sole = [names[i][0] for i in owned if names[i][0].kind == kind_named and eligible(names[i][0])]
        sole_id = sole[0].doc_id if len(sole) == 1 else None

        def words(chunk: Chunk) -> int:
            """The message's words naming the record: of its title, and its owner (twice where the record
            is the owner's one of the kind named)."""
            return naming(chunk.title, True) + by_owner(chunk) + (chunk.doc_id == sole_id)

        if not any(names[i][0].kind in kinds and eligible(names[i][0]) for i in rows):
            return None
        hits = self.searcher.search(message, k=10, filters=SearchFilters(kind=kinds)).hits  # type: ignore[arg-type]
        pool: dict[str, Hit] = {}
        for hit in hits:
            if hit.score >= _MIN_HIT and len(pool) < _POOL and eligible(hit.chunk):
                pool.setdefault(hit.chunk.doc_id, hit)
        if sole_id is not None and sole_id not in pool:
            found = next((h for h in hits if h.chunk.doc_id == sole_id), None)
            pool[sole_id] = found or Hit(sole[0], _MIN_HIT, 0.0, 0.0)
        # a record found less clearly is read where the message names it by two words ("锦州那个BMS SOC
        # 估算误差多少": 误差 puts thermal-error records first)
        for hit in hits:
            strict = naming(hit.chunk.title, False)
            if hit.score >= _MIN_NAMED_HIT and eligible(hit.chunk) and strict >= _MIN_NAMED:
                pool.setdefault(hit.chunk.doc_id, hit)
        wanted = "demand" if wants_demand(message) else "achievement"
        quantity = asks_quantity(message)

        def holds(hit: Hit) -> bool:
            record, kind = RecordView(hit.chunk), str(hit.chunk.kind)
            return any(states(record, a, "en", today) for a in asked_attributes(message, kind))

        # the kind the wording asks; where no record of it states the attribute asked, the one that does
        # ("预算多少": a demand's budget, whatever the wording)
        prefer: Callable[[Hit], bool] = lambda hit: hit.chunk.kind == wanted  # noqa: E731
        attributes = any(asked_attributes(message, kind) for kind in RECORD_KINDS)
        # a technology's price is in no listing: asked of one, a demand's budget is not its answer
        never = set(asked_attributes(message, wanted)) & NEVER_LISTED and not names_budget(message)
        if attributes and not never and not any(holds(h) for h in pool.values() if h.chunk.kind == wanted):
            prefer = holds

        def named(hit: Hit) -> float:
            # named at all, not how often: a title of the message's language holds more of its words;
            # and its owner named besides ("the DUT five-axis machining centre", not SICT's CNC system)
            title = naming(hit.chunk.title, True)
            score = hit.score + _NAMED * (min(1, title) + by_owner(hit.chunk))
            return score + _KIND_BONUS * prefer(hit)

        # The record is chosen by how the message names it, not by which record has the likeliest
        # sentence: another record's figure is the wrong answer however well it reads.
        ranked = sorted(pool.values(), key=named, reverse=True)
        count = words(ranked[0].chunk) if ranked else 0
        if not ranked or count < 1:
            return None
        record = RecordView(ranked[0].chunk)
        institution = institution_named(message, self.catalog.institutions())
        if institution and count < _MIN_NAMED and not by_owner(record.chunk):
            owners_named = {institution.lower(), (self.catalog.institution_twin(institution) or "").lower()}
            if owner_core(record.owner).lower() not in owners_named:
                return None  # "what does Dalian University of Technology offer": its listings, not an event's
        # one word names a topic, unless the search finds the record clearly on it, or no other title
        # holds it and the record states a figure of the measure asked ("large vibrating screen
        # throughput?")
        alone = record.id in {names[i][0].doc_id for i in only}
        measured = alone and measure_sentence(message, prose(record)) is not None
        if count < _MIN_NAMED and not measured and (ranked[0].score < _SURE_HIT or self._outranked(message)):
            return None
        asked = [a for a in asked_attributes(message, record.chunk.kind) if states(record, a, "en", today)]
        # "哪所学校研发的？传动误差是多少？": the attribute answers one question, a sentence the other
        # one word names this record, two another: this one may not be the one meant
        rival = count < _MIN_NAMED and any(words(h.chunk) >= _MIN_NAMED for h in ranked[1:])
        answering = not asked or asks_several(message)
        quotes = self._answering(message, record, quantity, not rival) if answering else []
        return Detail(record, quotes, asked, self._asked(message, record), count >= _MIN_NAMED)

    def _outranked(self, message: str) -> bool:
        """A passage of the news or a regulation is what the search finds first for the message, before
        any record: a record one word names is then not what it asks ("which leading enterprises did
        Liaoning work with to set up industry-university-research platforms in the Liaoning
        laboratories?" shares "industry" with the magnesite industry's matchmaking; the news answers)."""
        hits = self.searcher.search(message, k=1).hits
        return bool(hits) and hits[0].chunk.kind not in RECORD_KINDS

    def _record_names(self) -> tuple[list[tuple[Chunk, str, str]], dict[str, list[int]], tuple[str, ...]]:
        """(chunk, lowered title, owner's core name) of every record, the owners' index and the lowered
        titles, kept while the listing is."""
        records = [r for kind in RECORD_KINDS for r in self.catalog.records(kind)]
        key = tuple(map(id, records))
        if key != self._names[0]:
            named = [
                (
                    r.chunk,
                    r.chunk.title.lower(),
                    owner_core(r.owner),
                )
                for r in records
            ]
            owners: dict[str, list[int]] = {}
            for row, (_, _, owner) in enumerate(named):
                low = owner.lower()
                for part in {low[:4], low[2:6]}:
                    if len(part) == 4:
                        owners.setdefault(part, []).append(row)
                # and by its spelling in the other script ("dalian lanhai": 大连蓝海氢能装备)
                for part in {s for form in owner_short_forms(owner) for s in spellings(form)}:
                    owners.setdefault(part, []).append(row)
            self._names = (key, named, owners, tuple(title for _, title, _ in named))
        return self._names[1], self._names[2], self._names[3]

    @staticmethod
    def _owner_rows(message: str, owners: dict[str, list[int]]) -> set[int]:
        """The rows whose owner the message may name: every way `owner_named_in` accepts (the whole name,
        its first four characters, the four after a city, its first two words) holds the name's first or
        third-to-sixth letters, so the message's four-letter windows find them all, and the owner spelled
        in the other script is found by its spelling; `owner_named_in` decides for these few instead of for
        every record."""
        low = message.lower()
        rows = {row for i in range(len(low) - 3) for row in owners.get(low[i : i + 4], ())}
        return rows | {row for spelled in spelled_in(message) for row in owners.get(spelled, ())}

    def _asked(self, message: str, record: RecordView) -> str:
        """What the message asks of the record: its words less those naming it, of its title, its owner or
        its city, in either language ("Haicheng" of 海城华镁's demand, "营口" of Yingkou Institute of
        Technology's): a place or an organisation the record holds is not a detail it leaves unstated."""
        dictionary = corpus_dictionary(self.searcher.keyword_index())
        owner, glossary = record.owner, self.searcher.glossary
        # the owner's name in the other language too (Yingkou Institute of Technology: 营口理工学院)
        city = str(record.get("city") or "")
        naming = " ".join([record.chunk.title, owner, *glossary.translations(owner), city])
        rest = asked_of(message, naming, lambda w: [*glossary.translations(w), *dictionary.lookup(w)])
        # nor is a word any question holds ("company", "wants"): it tells no sentence of the record apart
        for word in {w for w in keyword_tokens(rest) if w in GENERIC and w.isascii()}:
            rest = re.sub(rf"\b{re.escape(word)}\b", " ", rest, flags=re.I)
        return rest

    def _answering(self, message: str, record: RecordView, quantity: bool, sure: bool) -> list[Quote]:
        """The record's sentences that answer, best first: those with a number where one is asked. A
        figure found by its units alone is quoted only where no other record is named clearly and this
        one by a word only (`sure`): one word and a close search found the ammonia-cracking catalyst for
        "TS-1催化剂HPPO ... 多大规模" (TS-1's named by two), whose 50 Nm³/h is no answer."""
        chunk = prose(record)
        asked = self._asked(message, record)
        found: list[Quote] = []
        quotes_of: list[Quote] = []  # every sentence's quote, whatever it answers
        for position, sentence in enumerate(split_sentences(chunk.text)):
            # each sentence scored on its own (the quoter keeps only the best few of a passage)
            hit = [Hit(dataclasses.replace(chunk, text=sentence), 1.0, 1.0, 0.0)]
            quotes = self.quotes(message, hit)
            if not quotes:
                continue
            quote = dataclasses.replace(quotes[0], position=position)
            if keyword_tokens(asked) and asked != message:
                # every sentence of the record shares its title's words; what is asked tells them apart,
                # and a sentence of the message's language holding none of them ("循环寿命" for "质保几年")
                # does not answer (across languages a missing translation would say the same: not read)
                other = self.quotes(asked, hit)
                score = (quote.score + other[0].score) / 2 if other else quote.score
                same = chunk.lang == detect_lang(message) and not asks_several(message)
                covered = other[0].coverage if other and same else 1.0
                quote = dataclasses.replace(quote, score=score, coverage=covered)
            found.append(quote)
            quotes_of.append(quote)
        found.sort(key=lambda q: q.score, reverse=True)
        wants = [has_number] * quantity + [names_person] * asks_person(message)  # the answer's type
        found = [q for q in found if q.position >= 0 and all(holds(q.text) for holds in wants)]
        weak = not found or found[0].score < _MIN_QUOTE or found[0].coverage <= 0
        # (two asked, "主频多少，用的几纳米工艺": the best sentence answers one, the measure's the other)
        if weak or (states_measure(message, found[0].text, chunk) is False and not asks_several(message)):
            # "how long does the reaction take": the sentence with a figure in the measure's units
            measured = measure_sentence(message, chunk) if sure else None
            quote = next((q for q in quotes_of if q.text == measured), None) if measured else None
            picked = [dataclasses.replace(quote, score=max(quote.score, _MIN_QUOTE))] if quote else []
        else:
            # a second sentence where the message asks two things ("转化率多少？多少度下") and it answers too
            second = found[1:2] if asks_several(message) and len(found) > 1 else []
            picked = found[:1] + [q for q in second if q.score >= _SECOND * found[0].score]
        if picked and asks_several(message) and sure:
            # "what purity does it reach and what's the cost per Nm3": each measure named, its sentence
            for sentence in measure_sentences(message, chunk):
                quote = next((q for q in quotes_of if q.text == sentence), None)
                if (
                    quote is not None
                    and len(picked) < _MAX_SENTENCES
                    and quote.text not in [p.text for p in picked]
                ):
                    picked.append(quote)
        return picked

    def answer(self, message: str, lang: str) -> Draft | None:
        """The figure and the sentence that states it, then the record it comes from; that the record
        does not state it, with the record; None when no record is named (the passages and listings
        answer as before)."""
        if not asks_detail(message) or not keyword_tokens(message):
            return None
        detail = self.find(message)
        if detail is None:
            return None
        record, chunk = detail.record, detail.record.chunk
        if chunk.kind != "event" and wanted_kind(message) == "event":
            return None  # "阜新绿色矿山对接会 参观限多少人": the event's listing tells, not a technology's
        if chunk.kind == "event" and answer_type(message).kind in EVENT_NEWS_TYPES:
            return None  # who spoke, how many came: the event's news, or that they do not say (event_details)
        if chunk.kind == "event" and (day_asked(message) or programme_asked(message) is not None):
            return None  # "what's on day two": the programme's sentence for it ("a two-day forum" is not)
        zh = lang == "zh"
        stated = attributes_answer(record, detail.attributes, lang, self.clock()) if detail.attributes else ""
        if not detail.quotes and asks_several(message) and len(detail.attributes) < 2:
            return None  # one of two questions answered: the passages may answer both
        if not detail.quotes and not stated and chunk.kind == "demand" and asks_what_wanted(message):
            # "what does the Anshan Hengtai demand need?": what it asks for, its description, in full
            return Draft(render_record(record, lang, 1, full=True), [Citation.of(1, chunk)], True)
        if not detail.quotes:
            if stated:
                today = self.clock()
                fully = any(states_fully(record, a, lang, today, message) for a in detail.attributes)
                return Draft(f"{stated} [1]", [Citation.of(1, chunk)], fully)
            return not_stated(self.searcher, record, detail.asked, detail.named, lang, message)
        body = ("" if chunk.lang == "zh" else " ").join(q.text for q in detail.quotes)
        lead = figure(detail.quotes[0].text, detail.asked) if asks_quantity(message) else None
        sentence = f"{lead}{'：' if zh else ': '}{body}" if lead else body
        note = phrase("source_other_lang", lang) if chunk.lang != lang else ""
        # the record as its citation: its line (owner, field, maturity; enterprise, budget, deadline)
        source = phrase("detail.source", lang, name=record_line(record, lang, 1).replace(" [1]", "", 1))
        text = f"{stated}{'' if zh or not stated else ' '}{sentence} [1]{note}\n{source}"
        return Draft(text, [Citation.of(1, chunk, body)], True)
