"""Answers that depend on the conversation: small talk, and follow-ups that point at what was shown.
Checked in this order:

    "最早的那个在哪里开"                   -> the list shown, its most or least; what is asked of it
    "which of them are at pilot stage?"   -> the list shown, filtered (subsets.py)
    "有企业需要这个吗"                     -> the counterparts of the record in focus (the matcher)
    "any events on that topic?"           -> the kind asked, in the field of the list shown (topics.py)
    "那边有对接会吗"                       -> the kind asked, in the city of the record in focus
    "KRAS抑制剂那个到什么阶段了"            -> a record named by its title, its attribute (named.py)
    "their deadline?" right after a list  -> each record listed, its attribute
    "第二个在哪开？", "who organizes it?"   -> the item pointed at (by position, title, owner or city;
    "the Fushun one", "the other one")       "it": the one in focus) -> its attribute (attributes.py)
    "纯度能到多少", "成果呢"               -> the record in focus -> the sentence of it that answers
    "它是谁制定的"                         -> the regulation in focus -> a search restricted to it
    "钠电正极材料比容量多少"                -> a record named, the sentence of it (record_details.py)

The chat service asks `Followups.answer` first; a Draft is the answer, a `Rewrite` is the question to
search with instead (the message plus what it points at), None means the message stands on its own.
Which record a message is about is decided here; the answer about it (its attribute, or the sentence
of it that answers) is record_answers.py's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from retrieval.catalog import Catalog, RecordView
from retrieval.fields import cities_in, fields_in
from retrieval.matching import Matcher
from retrieval.search import HybridSearcher
from retrieval.text import keyword_tokens
from retrieval.types import RECORD_KINDS, Chunk

from ..conversation.types import Citation
from ..phrasebook import phrase
from .attributes import asked_attribute, asked_attributes
from .counterparts import Counterparts
from .demand_place import demand_in_place
from .dialogue import (
    DialogueState,
    Item,
    bare_question,
    distinct_items,
    follow_up_query,
    mentions_previous,
)
from .draft import Draft
from .earlier import earlier_meant
from .field_pick import by_field, words_held_by_another
from .fit_check import asks_fit, fit_answer
from .followup_forms import (
    ANOTHER,
    COMPANIES,
    EXISTS,
    LISTING,
    ONE_OF,
    PLURAL,
    TOPIC_WORDS,
    Rewrite,
    attribute_alone,
    items_of,
    short,
)
from .measures import stated_instead
from .named import asks_two, names_a_document, wanted_kind
from .other_record import names_another
from .owner_names import owner_named
from .owner_others import owner_others
from .record_answers import ALSO, about_record, named_answer
from .record_details import RecordDetails
from .render import render_record
from .shown_lists import all_listed, each_of, of_the_picked
from .smalltalk import smalltalk_kind, smalltalk_reply
from .subsets import filter_shown, subset_of
from .superlatives import pick_shown, superlative_of
from .topics import (
    carried_city,
    carried_field,
    elsewhere_listing,
    place_listing,
    points_at_place,
    points_at_topic,
    tells_location,
    topic_listing,
)

__all__ = ["Followups"]


class Followups:
    def __init__(
        self,
        catalog: Catalog,
        searcher: HybridSearcher,
        clock: Callable[[], dt.date],
        best_sentence: Callable[[str, Chunk], str | None],
        matcher: Matcher | None = None,
        details: RecordDetails | None = None,
    ) -> None:
        self.catalog = catalog
        self.details = details  # "钠电正极材料比容量多少": a detail of a named record, from its text
        self.searcher = searcher
        self.clock = clock
        self.best_sentence = best_sentence  # the sentence of a chunk that best answers a question
        # "is there a company that needs it?": the other side of a record
        self.counterparts = Counterparts(catalog, matcher)

    def answer(self, message: str, lang: str, dialogue: DialogueState) -> Draft | Rewrite | None:
        whole = all_listed(message, lang, dialogue, self._record)  # "列出来", "一共几个"
        if whole is not None:
            return whole
        kind = smalltalk_kind(message)
        if kind is not None:
            return Draft(smalltalk_reply(kind, lang, self.catalog, self.clock()), [], True, small_talk=True)
        nothing = self.nothing_shown(message, lang, dialogue)
        if nothing is not None:
            return nothing
        most = superlative_of(message) if len(distinct_items(dialogue.items)) > 1 else None
        if most is not None:  # "which one has the biggest budget?": the one of the list shown
            records = [r for r in map(self._record, distinct_items(dialogue.items)) if r is not None]
            picked = pick_shown(most, records, lang)
            if picked is not None and not picked.citations:  # "the cheapest?": no listing states a price
                return picked
            if picked is not None:  # and it is in focus next (service.py: an answer about one shown)
                return of_the_picked(message, lang, picked, most, records, dialogue, self.clock())
        if most is None and superlative_of(message) is not None and ONE_OF.search(message):
            return None  # the best of a set no list shown holds: the planner's (record_superlatives.py)
        subset = subset_of(message) if len(dialogue.items) > 1 else None
        if subset is not None:  # "which of them are at industrial maturity?": the list shown, filtered
            listed = dialogue.whole or dialogue.items  # all eight counted, not the five shown
            records = [r for r in map(self._record, distinct_items(listed)) if r is not None]
            if len(records) > 1:
                draft = filter_shown(subset, records, lang, self.clock())
                if draft.citations:  # "the last one" now means the last of those kept
                    dialogue.items = items_of(draft.citations)
                return draft
        if asks_fit(message):  # "它满足他们要求吗": the demand's requirement beside the technology's figure
            matcher, twin = self.counterparts.matcher, self.catalog.institution_twin
            placed = demand_in_place(message, self.catalog)  # "鞍山有个选矿厂要…，沈自所那个够吗"
            fit = fit_answer(message, lang, dialogue, self._record, twin, matcher, placed)
            if fit is not None:
                return fit
        other = self.counterparts.wanted(message, dialogue, short(message)) or self.counterparts.of_named(
            message, self._demand_named
        )
        if other is not None:
            return self.counterparts.answer(other, lang, message)
        others = owner_others(message, lang, dialogue, self.catalog)  # "他们还有别的成果吗"
        if others is not None:
            return others
        topic = self._topic(message, lang, dialogue)
        if topic is not None:
            return topic
        named = self._named(message, lang, dialogue)
        if named is not None:
            return named
        each = self._each(message, lang, dialogue)
        if each is not None:
            return each
        back = self._earlier(message, lang, dialogue)  # "whats Haiyue's budget": a record of before
        if back is not None:
            return back
        described = self._placed(message, lang, dialogue)  # "本溪那个药企想引进啥项目"
        if described is not None:
            return described
        target = self._target(message, dialogue)
        if target is None:
            return self.details.answer(message, lang) if self.details is not None else None
        wanted = wanted_kind(message)
        if target.kind in RECORD_KINDS and wanted not in (None, target.kind) and EXISTS.search(message):
            return None  # "are there events on that topic?" after technologies: a listing of the topic
        if target.kind in RECORD_KINDS:
            record = self._record(target)
            if record is not None:
                read = (self.clock, self.best_sentence, self.searcher.glossary.translations)
                return about_record(message, lang, record, dialogue, *read)
        # A passage or an article: the question it continues, read in that document first.
        return Rewrite(follow_up_query(dialogue.query, message).strip(), target.doc_id)

    def _earlier(self, message: str, lang: str, dialogue: DialogueState) -> Draft | None:
        """The record the conversation was about before the one in focus, named by its owner or city, or
        asked its budget with a technology in focus (earlier.py); None for a message with a topic of its
        own ("盘锦的企业需求呢" lists them)."""
        if not (dialogue.earlier or dialogue.items) or LISTING.search(message) or TOPIC_WORDS.search(message):
            return None
        record = earlier_meant(message, dialogue, self._record, self.catalog.institution_twin)
        if record is None:
            return None
        read = (self.clock, self.best_sentence, self.searcher.glossary.translations)
        return about_record(message, lang, record, dialogue, *read)

    def _placed(self, message: str, lang: str, dialogue: DialogueState) -> Draft | None:
        """The demand of the enterprise the message points at by its city and what it is (demand_place.py):
        the attribute asked of it, else the demand whole; None for a set ("鞍山有哪些需求") or the demand
        in focus already."""
        if LISTING.search(message):
            return None
        record = demand_in_place(message, self.catalog)
        if record is None or (dialogue.focus is not None and dialogue.focus.doc_id == record.id):
            return None
        if asked_attributes(message, "demand"):
            read = (self.clock, self.best_sentence, self.searcher.glossary.translations)
            return about_record(message, lang, record, dialogue, *read)
        return Draft(render_record(record, lang, 1, full=True), [Citation.of(1, record.chunk)], True)

    def _each(self, message: str, lang: str, dialogue: DialogueState) -> Draft | None:
        """ "their deadlines?" right after a list: each record's attribute (shown_lists.py), unless the
        message points at one of them."""
        if not dialogue.listed or not PLURAL.search(message) or not short(message):
            return None
        if self._resolve(message, dialogue, fallback=False) is not None:
            return None
        records = [r for r in map(self._record, distinct_items(dialogue.items)) if r is not None]
        return each_of(message, lang, records, dialogue, self.clock())

    def _topic(self, message: str, lang: str, dialogue: DialogueState) -> Draft | None:
        """ "any events on that topic?" after technologies: the kind asked, in the field of the list shown."""
        focus = dialogue.focus
        # "is there another one coming up?" after an event: another of its kind
        kind = wanted_kind(message) or (focus.kind if focus is not None and ANOTHER.search(message) else None)
        if kind == "event" and dialogue.items and tells_location(message) and not fields_in(message):
            # "we're in Dandong, any event we could attend?": none there, those of the topic shown elsewhere
            cities = cities_in(message)
            shown = [r for r in map(self._record, distinct_items(dialogue.items)) if r is not None]
            field = carried_field(shown) if len(cities) == 1 else None
            if field:
                elsewhere = elsewhere_listing(cities[0], field, self.catalog, lang, self.clock())
                if elsewhere is not None:
                    return elsewhere
        if kind is None or not dialogue.items or fields_in(message) or cities_in(message):
            return None  # a field or a place of its own: the planner lists those, not the topic shown
        if points_at_place(message) and EXISTS.search(message):  # "那边有对接会吗": in the city shown
            shown = [r for r in map(self._record, distinct_items(dialogue.items)) if r is not None]
            in_focus = self._record(focus) if focus is not None else None
            city = str(in_focus.get("city") or "") if in_focus is not None else carried_city(shown)
            if city:
                return place_listing(kind, city, self.catalog, lang, self.clock())
        other_kind = focus is not None and focus.kind != kind and EXISTS.search(message) is not None
        if not points_at_topic(message) and not (mentions_previous(message) and other_kind):
            return None  # "这个技术成熟吗" asks about the item shown; "is there an event for them?" the topic
        shown = [r for r in map(self._record, distinct_items(dialogue.items)) if r is not None]
        field = carried_field(shown)
        return topic_listing(kind, field, self.catalog, lang, self.clock(), message) if field else None

    def _named(self, message: str, lang: str, dialogue: DialogueState) -> Draft | None:
        """An attribute or the description of the one record the message names by its title ("沈阳药科大学
        那个KRAS抑制剂到什么阶段了"); None when it names none clearly, or asks something else of it."""
        if LISTING.search(message) or names_a_document(message):
            return None  # a set, or a regulation
        if self._resolve(message, dialogue, fallback=False) is not None:
            return None  # one of the items shown ("the PEM one", "第二个"); "热误差补偿那个" may name another
        if asks_two(message):
            return None  # "哪所学校研发的？传动误差是多少？": the passages answer both
        sentence = self.best_sentence  # a second question beside the attribute: the record's sentence
        focus = self._record(dialogue.focus) if dialogue.focus is not None else None  # "跟X比"
        read = (self.catalog, self.searcher, self.clock, sentence, focus)
        return named_answer(message, lang, dialogue, *read)

    def corrected_item(self, corrected: str, lang: str, dialogue: DialogueState) -> Draft | Rewrite | None:
        """ "不对，我是说第二个", "sorry, I meant the PEM one": the question before, of the item shown the
        correction points at by its position or its title; None when it points at none (a correction of
        the topic, "no, I meant hydrogen", is the planner's)."""
        if dialogue.resolve(corrected, self.searcher.glossary.translations, fallback=False) is None:
            return None
        return self.answer(corrected, lang, dialogue)

    @staticmethod
    def nothing_shown(message: str, lang: str, dialogue: DialogueState) -> Draft | None:
        """ "成熟度" after an answer that showed no record (a need nothing matched): there is none to ask it
        of (it re-ran the match with the word, and showed the nearest chip line); None otherwise."""
        if dialogue.said and not dialogue.items and dialogue.focus is None and attribute_alone(message):
            return Draft(phrase("followup.nothing_shown", lang), [], False)
        return None

    def counterpart(self, message: str, lang: str, dialogue: DialogueState) -> Draft | None:
        """Only the counterpart of the record in focus, when the message asks for it and points back
        ("有企业提过这个需求吗"); None otherwise (a need stated in full is matched as it stands)."""
        wanted = self.counterparts.wanted(message, dialogue, short(message))
        other = wanted if mentions_previous(message) else None
        return self.counterparts.answer(other, lang, message) if other is not None else None

    def _target(self, message: str, dialogue: DialogueState) -> Item | None:
        if not dialogue.items and dialogue.focus is None:
            return None
        item = self._resolve(message, dialogue, fallback=False)
        if item is not None:
            return item
        focus = dialogue.focus
        if focus is not None and focus.kind == "event" and asked_attribute(message, "event") == "pitch":
            return focus  # "我们想在会上路演一下自己的技术需求，怎么弄": at the event in focus, however long
        record = self._record(focus) if focus is not None else None
        if record is not None and self.details is not None and names_another(message, record, self.details):
            return None  # "他们家那个储热装置效率多少": not the one in focus, though it points back
        item = self._resolve(message, dialogue)
        if item is not None:
            return item
        if short(message) and not LISTING.search(message) and len(distinct_items(dialogue.items)) > 1:
            # "关节模组有几种规格" after two technologies: the one whose title holds its words
            # (the glossary's phrases read whole: "关节模组" is "joint module", its characters are not)
            told = self.with_translations(message)
            item = dialogue.resolve(told, self._translate, fallback=False, pointed=False)
            # (the one in focus is read on as before; a place is no title's: "在浙江哪儿开的")
            titled = item is not None and item != focus and item.kind in RECORD_KINDS
            if titled and not self._names_a_topic(message, dialogue):
                return item
        if focus is None or not short(message) or LISTING.search(message):
            return None
        # "成熟度呢", "what's the venue?", "deadline to sign up?": an attribute, and no topic of its own
        if focus.kind in RECORD_KINDS and asked_attribute(message, focus.kind):
            return focus
        if focus.kind not in RECORD_KINDS and bare_question(message):  # "by whom?" of the article shown
            return focus
        # "纯度能到多少", "how much CO2 do they emit?": a detail of the record in focus, naming no other
        # topic (its best sentence answers, or the message is left to the planner: _about_record)
        if focus.kind in RECORD_KINDS and not self._names_a_topic(message, dialogue):
            shown = [r for r in map(self._record, distinct_items(dialogue.items)) if r is not None]
            # right after a list: "power density?" after a match is asked of the one that states it; a
            # record picked out of the list stays in focus ("第一个效率多少" -> "寿命呢": not stated of it)
            instead = None
            if dialogue.listed:
                instead = stated_instead(message, record, shown) or words_held_by_another(
                    self.with_translations(message), focus.doc_id, shown
                )
            return next((i for i in dialogue.items if instead and i.doc_id == instead.id), focus)
        return None

    def _names_a_topic(self, message: str, dialogue: DialogueState) -> bool:
        """The message names something of its own: a field, a city, an institution, a kind of listing, an
        article. "成果呢" after one record is the question before it, asked of that record's achievements."""
        if ALSO.match(message) and len(distinct_items(dialogue.items)) == 1:
            return False
        if fields_in(message) or cities_in(message) or TOPIC_WORDS.search(message):
            return True
        if COMPANIES.search(message) and EXISTS.search(message):
            return True
        return any(name and name in message for name in self.catalog.institutions())

    def _resolve(self, message: str, dialogue: DialogueState, fallback: bool = True) -> Item | None:
        """The item shown the message points at, its title words read in both languages, or its owner
        or city; else (`fallback`) the focus, when the message points back. By owner, city or field, the
        records a list stood for but did not show count too ("the agriculture one" of 13 events)."""
        whole = distinct_items(dialogue.whole)

        def by_owner(text: str, shown: list[Item]) -> Item | None:
            found = self._by_owner(text, shown)
            return found if found is not None or len(whole) <= len(shown) else self._by_owner(text, whole)

        return dialogue.resolve(message, self._translate, by_owner, fallback)

    def _translate(self, word: str) -> list[str]:
        """A word of a message in the other language, and a Chinese short form's ("钠电那个" of the
        sodium-ion battery shown): among the few titles shown, the terms it may abbreviate are enough."""
        glossary = self.searcher.glossary
        return glossary.translations(word) or glossary.abbreviated(word)

    def _by_owner(self, message: str, items: list[Item]) -> Item | None:
        """The one item shown whose owner or city the message names: "what's the budget of the Fushun
        one" (the listed demands' titles name no city), "化物所那个", "the Jinxing one"."""
        records = [(item, r) for item in items if (r := self._record(item)) is not None]
        cities = set(cities_in(message))
        words = {w.lower() for w in keyword_tokens(message) if len(w) > 1}
        twin = self.catalog.institution_twin  # "辽大那个" of "Liaoning University", "DICP" of 大连化物所

        def named(owner: str) -> bool:
            return owner_named(owner, message, words) or owner_named(twin(owner) or "", message, words)

        found = [item for item, r in records if named(r.owner_name) or str(r.get("city") or "") in cities]
        if len(found) == 1:
            return found[0]
        # "the biomed one", "the greenhouse one": by its field, or an event by a topic on its agenda
        picked = by_field(message, [r for _, r in records]) if not found else None
        return next((item for item, r in records if r is picked), None)

    def _demand_named(self, message: str) -> RecordView | None:
        detail = self.details.find(message, kinds=("demand",)) if self.details is not None else None
        return detail.record if detail is not None else None

    def with_translations(self, message: str) -> str:
        """The message and the glossary's terms for it in the other language (titles are in either)."""
        return " ".join([message, *self.searcher.glossary.translations(message)])

    def _record(self, item: Item) -> RecordView | None:
        if item.kind not in RECORD_KINDS:
            return None
        return self.catalog.record(item.kind, item.doc_id)
