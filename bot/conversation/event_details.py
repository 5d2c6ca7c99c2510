"""A detail of a named past event: who organised it, who spoke, what was signed, how many came, which
places' enterprises attended ("who co-organised the 2024 liaoyang magnesite conference", "镁峰会上那个德国
镁中心的专家叫什么", "2018年沈阳那次大会有多少家媒体参加"), or of the past event the conversation is about
("成果呢", "预对接持续了多久" after one).

Such a question names the event (event_names.py) and asks one thing of it; the evidence is the event's
record and the news about it (event_evidence.py). The organisers and the date are the record's own fields;
any other detail is the sentence of the type asked that holds the detail's words (event_answer_types.py):
it leads the answer, with its citation, and the event's record is cited after it. When the sources say
nothing of the detail, the answer says so, with the event and its date, and counts as unanswered (staff
see it) instead of listing events.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from retrieval.catalog import Catalog, RecordView
from retrieval.embedders import Embedder
from retrieval.fields import city_label
from retrieval.search import HybridSearcher
from retrieval.text import detect_lang

from ..phrasebook import phrase
from .attribute_answers import EVENT_UNLISTED, asks_hall, names_venue
from .attributes import NEVER_LISTED, asked_attributes, states
from .dialogue import DialogueState
from .draft import Draft
from .event_answer_types import Asked, answer_type, counted_words, focus_word, organisers
from .event_evidence import EventEvidence, Sentence, body_sentences, detail_words
from .event_names import NamedEvent, asks_about_past, name_event
from .event_programme import day_asked, day_sentence, names_part, programme_asked, programme_sentence
from .evidence import GENERIC
from .named import asks_description, names_a_document
from .types import Citation

__all__ = ["EventDetails"]

# A set of events is asked for ("有哪些对接会", "any summits in 2023?"): the listings answer. The English
# words share one "\b" on each side, tried once per place instead of once per word: 0.65 -> 0.34 s on 1 MB.
_SET = re.compile(
    r"(?:有哪些|哪些|有没有|有什么|几场|多少场|接下来|即将|最近|下一(?:场|个|次|届)?|"
    r"\bany\b|\blist\b|\bwhich\b|\bupcoming\b|\bcoming up\b)"
    r".{0,8}(?:对接会|活动|会议|论坛|路演|峰会|\b(?:events?|conferences?|forums?|roadshows?|summits?|meetings?)\b)",
    re.I,
)
# "is NEU organising any matchmaking event": a set of events, a word or two between
_ANY = re.compile(
    r"\b(?:any|next)(?:\s+[a-z]+){0,2}\s+(?:events?|conferences?|forums?|roadshows?|summits?|meetings?|"
    r"matchmaking)\b",
    re.I,
)
# "有对接会吗", "is there a summit in May?": whether there are events, a listing
_EXISTS = re.compile(r"有.{0,12}(?:对接会|活动|会议|论坛|路演|峰会)吗|\b(?:is|are) there (?:an?|any)\b", re.I)
_QUESTION_WORDS = (
    r"谁|什么|多少|几|哪|吗|啥|多久|\b(?:who|whom|what|which|how|when|where|did|was|were)\b|"
    r"^\s*(?:will|would|can|could|is|are|does|do)\b"
)
_QUESTION = re.compile(rf"[?？]|{_QUESTION_WORDS}", re.I)
# a question asked in words, not only by its mark
_ASKS = re.compile(_QUESTION_WORDS, re.I)
# Words of a set of events asked for ("any magnesium events coming up?"): a listing, not one event's detail
_LISTING = re.compile(
    r"\bany\b|\bcoming up\b|\bupcoming\b|\b(?:events|conferences|roadshows|forums|summits|meetings)\b|"
    r"有没有|有哪些|哪些|几场",
    re.I,
)
# The words of asking what goes on, not of what is asked ("what happens after the pitches?")
_ASKING_WORDS = frozenset(
    ["happen", "happens", "happening", "after", "before", "during", "include", "includes", "expect"]
)
# "成果呢", "and the media?": the question before, asked of something else
_ALSO = re.compile(
    r"^\s*(?:那|那么)?(\S{1,8})呢[?？]?\s*$|^\s*(?:and|what about|how about) (.{1,30}?)\??\s*$", re.I
)
# A follow-up about the event in focus is short; a longer message stands alone. English takes about twice
# the characters ("how many technical requirements were identified").
_FOLLOW_UP_CHARS = {"zh": 40, "en": 80}
# The event in focus pointed at as the place of what is asked ("会上会发布多少项需求", "at the event")
_AT_EVENT = re.compile(r"会上|会场上|现场|\bat the (?:event|conference|meeting|forum|matchmaking)\b", re.I)
# A future event's own attributes are answered by the listings' attribute answers (attributes.py).
_FUTURE_ATTRIBUTES = {"deadline", "fee", "contact"}
_CLOSE = 0.95  # a second sentence scoring this share of the best is quoted too
# What only a past event's news tells (who spoke, how many came, what was signed): asked of an event named
# alike to upcoming ones, the past one's sources answer it or nothing is said.
_PAST_DETAILS = ("person", "number", "duration", "places", "signed")
# Asked of an event the message does not name (its news found by search): a person or a thing signed,
# in a sentence holding most of the detail (a number is asked of every statistic in the news).
_UNNAMED_DETAILS, _UNNAMED_COVERAGE = ("person", "signed"), 0.5
# Asked of an upcoming event: who will speak, how many will come or sign, how much, how long ("每场洽谈多久"):
# its listing, or nothing
_NOT_YET = ("person", "number", "signed", "money", "duration")
# Asked as of now or of what is to come: an upcoming event, whatever tense the rest takes ("报名了")
# ("会发布多少成果": what it will present; "发布了" is what one did)
_NOW = re.compile(
    r"现在|目前|截至目前|迄今|预计|将(?:会|要)?(?:发布|有|邀请|组织)|会(?:发布|邀请|组织)(?!了)|"
    r"\bso far\b|\bcurrently\b|\bright now\b|\bexpected\b|\bwill (?:be )?(?:present|release|show|publish)|"
    # who may come ("一家企业能去几个人", "how many people can we send"): the rules of the one to come
    r"(?:能|可以)(?:去|来|带|派|报)|限报|\bcan (?:i|we) (?:bring|send|attend|register)\b|"
    r"\bhow many (?:people|persons|attendees|staff) (?:can|may)\b",
    re.I,
)


class EventDetails:
    def __init__(
        self, catalog: Catalog, searcher: HybridSearcher, embedder: Embedder, clock: Callable[[], dt.date]
    ) -> None:
        self.catalog = catalog
        self.evidence = EventEvidence(searcher, embedder)
        self.clock = clock

    def answer(self, message: str, lang: str, dialogue: DialogueState | None = None) -> Draft | None:
        """The detail asked of the past event the message names (or the conversation is about), or that
        the sources lack it; None when the message asks no detail of a past event (answered as before)."""
        asked = answer_type(message)
        described = asks_description(message) and asked.kind is None  # not "谁介绍了成果"
        if described or _SET.search(message) or _ANY.search(message) or _EXISTS.search(message):
            return None
        also = _ALSO.match(message)
        if not _QUESTION.search(message) and also is None:
            return None
        if _FUTURE_ATTRIBUTES & set(asked_attributes(message, "event")):
            return None
        records = self.catalog.records("event")
        named = name_event(message, records, self.evidence.translate, self.clock())
        if not named:
            if dialogue is not None and dialogue.focus is not None and dialogue.focus.kind == "event":
                return self._follow_up(message, lang, dialogue, records, also)  # about the one shown
            return self._reported(message, lang, records)
        in_focus = _in_focus(named, dialogue)
        if in_focus is not None:  # "会议具体在辽阳哪个地方开的" after its news: the event talked about
            named = [in_focus]
        day = day_asked(message)
        if day is not None:  # "what's planned for day 2 of ...": the programme of the one to come
            return self._day(named, day, message, lang)
        part = programme_asked(message)
        if part is not None:  # "what happens after the pitches at the yingkou roadshow?"
            to_come = [n for n in named if not n.past]
            if to_come and (len(to_come) == 1 or to_come[0].score > to_come[1].score):
                return self._after(to_come[0], part, lang)
        event, sure = _chosen(named, message)
        clear = len(named) == 1 or named[0].score > named[1].score  # named better than the others
        ahead = [n for n in named if not n.past and n.score >= named[0].score]
        to_come = [n for n in named if not n.past]  # as of now or to come: the past one is not meant
        if _NOW.search(message) and len(to_come) == 1 and asked.kind in _NOT_YET:
            # "辽阳12月菱镁对接会现在已经有多少家企业报名了": asked as of now, of the one still to come among
            # events named alike (the 2024 one was in December too)
            return self._detail(message, to_come[0], asked, lang, in_focus=True)
        if event is None and clear and not any(n.past for n in named) and asked.kind in _NOT_YET:
            # "who are the keynote speakers at the 2027 dalian hydrogen matchmaking?": its listing may tell
            # ("每家企业能约几场洽谈"); else it has not happened yet, and nothing is said of it
            return self._detail(message, named[0], asked, lang, in_focus=True)
        if event is None and clear and not named[0].past and asked.kind is None and _ASKS.search(message):
            # "大连氢能对接会现场有停车位吗", "will it be livestreamed?": what its listing never mentions (not
            # "shenyang robot event next yr?", which names the event and asks nothing of it)
            return self._unlisted(message, named[0], lang)
        if len(ahead) == 1 and _asks_arrangements(message):
            # "辽阳菱镁对接会有停车场吗": parking, interpreting are asked of the one still to come among
            # events named alike (the 2024 one is over)
            return self._unlisted(message, ahead[0], lang)
        if event is None:
            return None
        if not sure:  # "辽阳菱镁会上做成果报告的教授是谁": the past event of that city, if its sources tell
            best = self._best(message, event, asked)[0] if asked.kind in _PAST_DETAILS else []
            return self._quoted(event, best, lang) if best else None
        return self._detail(message, event, asked, lang)

    def _detail(
        self, message: str, event: NamedEvent, asked: Asked, lang: str, in_focus: bool = False
    ) -> Draft | None:
        """The detail asked of the event: its record's dates, venue or organisers, else the sentence of its
        sources of the type asked, else that they do not state it (when they hold nothing of the type, or
        the event is the one the conversation is about: "有多少人参加" searched alone finds other news)."""
        if asked.kind in ("date", "venue"):
            return self._dated(event, lang, asked.kind == "venue", asks_hall(message))
        listed = organisers(event.record.get("organizers") or [], asked.co)
        if asked.kind == "organiser" and listed:
            return self._organisers(event, listed, lang, asked)
        # "how many enterprises will come?", "那次最后签了多少合同": a number of them answers, not the number
        # of experts beside it (a listing's, or a past event's news)
        must_count = asked.kind == "number" and bool(counted_words(message))
        best, typed = self._best(message, event, asked, must_count=must_count)
        if best:
            return self._quoted(event, best, lang)
        missing = in_focus or not typed or must_count
        return self._not_stated(event, lang) if asked.kind is not None and missing else None

    def _day(self, named: list[NamedEvent], day: int, message: str, lang: str) -> Draft | None:
        """The programme's sentence for the day asked, of the one event to come among those named (the
        best named when all are to come); that its listing does not state it; None when none is to come."""
        to_come = [n for n in named if not n.past]
        if not to_come or (len(to_come) > 1 and to_come[0].score == to_come[1].score):
            return None
        event = to_come[0]
        own = self.evidence.sources(event, message)[0]  # the record: its summary and registration
        text = day_sentence(day, own.text)
        if text is None:
            return self._not_stated(event, lang)
        return self._quoted(event, [Sentence(own, text, 1.0, True)], lang)

    def _after(self, event: NamedEvent, part: list[str], lang: str) -> Draft | None:
        """What follows the part of the programme asked, as the event's listing tells it; that the listing
        does not state it where it names no such part; None where it names the part but no order (its
        summary, the listings' answer, is what it says)."""
        summary = str(event.record.get("summary") or "")
        # "推介完了之后呢" of an English listing: the part read in the listing's language too
        part = [*part, *(m for w in part for m in sorted(self.evidence.meanings(w)) if m not in part)]
        text = programme_sentence(part, summary)
        if text is None:
            return None if not part or names_part(part, summary) else self._not_stated(event, lang)
        return self._quoted(event, [Sentence(event.record.chunk, text, 1.0, True)], lang)

    def _unlisted(self, message: str, event: NamedEvent, lang: str) -> Draft | None:
        """That an upcoming event's listing does not state what is asked: what no listing holds (a
        postponement), or a detail most of whose words (themselves or translated) it lacks; None where a
        set of events or an attribute the listing holds is asked, or it holds the detail (the listings and
        attribute answers answer)."""
        asked = asked_attributes(message, "event")
        if _LISTING.search(message) and not _asks_arrangements(message):  # not "来哪些投资机构"
            return None
        if asked:  # "will it be postponed?": what no listing states, unless its text says it after all
            today = self.clock()
            listed = set(asked) - NEVER_LISTED or any(states(event.record, a, lang, today) for a in asked)
            return None if listed else self._not_stated(event, lang)
        words = [
            w
            for w in detail_words(message, event.words)
            if len(w) > 1 and w not in GENERIC and w.lower() not in _ASKING_WORDS
        ]
        if not words or self.evidence.lists(event.record, words):
            return None
        return self._not_stated(event, lang)

    def _follow_up(
        self,
        message: str,
        lang: str,
        dialogue: DialogueState | None,
        records: list[RecordView],
        also: re.Match[str] | None,
    ) -> Draft | None:
        """ "成果呢", "预对接持续了多久" after an answer about a past event: a detail of that event."""
        focus = dialogue.focus if dialogue is not None else None
        if focus is None or len(message) > _FOLLOW_UP_CHARS[detect_lang(message)]:
            return None
        record = next((r for r in records if r.id == focus.doc_id), None)
        if record is None:
            return None
        if str(record.get("end_date") or "") >= self.clock().isoformat():
            part = programme_asked(message)
            if part is not None:  # "what happens after the presentations?": its programme
                return self._after(NamedEvent(record, frozenset(), False), part, lang)
            # "会上会发布多少项企业需求" of the one to come in focus: what its listing says it will present
            asked = answer_type(message)
            if not _AT_EVENT.search(message) or asked.kind not in _NOT_YET:
                return None
            return self._detail(message, NamedEvent(record, frozenset(), False), asked, lang, in_focus=True)
        event = NamedEvent(record, frozenset(), True)
        if also is not None and dialogue is not None:  # the question before, of what the message names
            subject = also.group(1) or also.group(2) or ""
            asked, detail = answer_type(dialogue.query), detail_words(subject)
            best = self._best(f"{dialogue.query} {subject}", event, asked, detail, detail)[0]
            return self._quoted(event, best, lang) if best else None
        return self._detail(message, event, answer_type(message), lang, in_focus=True)

    def _reported(self, message: str, lang: str, records: list[RecordView]) -> Draft | None:
        """Who spoke, what was signed, at an event the message does not name: the event whose news the
        message matches best, where a sentence of it holds the type asked and most of the detail."""
        asked = answer_type(message)
        if asked.kind not in _UNNAMED_DETAILS or names_a_document(message):
            return None
        if len(detail_words(message)) < 2:
            return None  # "谁讲话了": which event? a person is described by a role and an organisation
        past = [r for r in records if str(r.get("end_date") or "") < self.clock().isoformat()]
        record = self.evidence.reported_event(message, past)
        if record is None:
            return None
        event = NamedEvent(record, frozenset(), True)
        best = self._best(message, event, asked)[0]
        return self._quoted(event, best, lang) if best and best[0].coverage >= _UNNAMED_COVERAGE else None

    def _best(
        self,
        question: str,
        event: NamedEvent,
        asked: Asked,
        detail: list[str] | None = None,
        counted: list[str] | None = None,
        must_count: bool = False,
    ) -> tuple[list[Sentence], bool]:
        """The best sentence, and the next when it scores nearly as well (two answers: both quoted); and
        whether the sources hold a sentence of the type asked at all."""
        words = detail if detail is not None else detail_words(question, event.words)
        chunks = self.evidence.sources(event, question)
        counted = counted if counted is not None else counted_words(question)
        ranked = self.evidence.ranked(
            question, words, asked, chunks, focus_word(question), counted, must_count
        )
        # whether the sources hold the type asked at all: an amount, a duration (else the detail is
        # missing); a sentence of the type that holds none of the detail's words may still answer
        # ("哪些外国专家": a list of professors, "foreign" nowhere), as the passages may tell
        typed = asked.kind is not None and any(
            asked.holds(sentence) for chunk in chunks for sentence in body_sentences(chunk)
        )
        return [s for score, s in ranked[:2] if score >= _CLOSE * ranked[0][0]], typed

    # ---- answers ------------------------------------------------------------------------------------
    def _named(self, event: NamedEvent, lang: str) -> str:
        record = event.record
        date, city = str(record.get("start_date") or ""), city_label(str(record.get("city") or ""), lang)
        if lang == "zh":
            return f"「{record.chunk.title}」（{date}，{city}）"
        return f'"{record.chunk.title}" ({date}, {city})'

    def _quoted(self, event: NamedEvent, best: list[Sentence], lang: str) -> Draft:
        """The sentences that answer, each with its source's number; the event's record is source [1]
        (a follow-up, "成果呢", then asks about the event)."""
        record = event.record.chunk
        sources = {record.doc_id: record}
        for sentence in best:
            sources.setdefault(sentence.chunk.doc_id, sentence.chunk)
        numbers = {doc: n for n, doc in enumerate(sources, start=1)}
        if lang == "zh":
            quotes = [f"“{s.text}” [{numbers[s.chunk.doc_id]}]" for s in best]
        else:
            quotes = [f'"{s.text}" [{numbers[s.chunk.doc_id]}]' for s in best]
        other = phrase("source_other_lang", lang) if any(s.chunk.lang != lang for s in best) else ""
        dash = "——" if lang == "zh" else "— "
        text = "\n".join([*quotes, f"{dash}{self._named(event, lang)} [1]{other}"])
        citations = []
        for doc, chunk in sources.items():
            body = " ".join(s.text for s in best if s.chunk.doc_id == doc)
            citations.append(Citation.of(numbers[doc], chunk, body or None))
        return Draft(text, citations, True)

    def _dated(self, event: NamedEvent, lang: str, where: bool = False, hall: bool = False) -> Draft:
        """When (and where) the event was held: its record's dates and venue."""
        record = event.record
        start, end = str(record.get("start_date") or ""), str(record.get("end_date") or "")
        days = start if end in ("", start) else f"{start} – {end}"
        if where:
            venue = str(record.get("venue") or city_label(str(record.get("city") or ""), lang))
            text = phrase("event_detail.held_at", lang, event=self._named(event, lang), venue=venue)
        else:
            text = phrase("event_detail.held", lang, event=self._named(event, lang), days=days)
        # "Shenyang (venue not named in the source)" tells the city, not the hall asked for (kept for staff)
        answered = not where or not hall or names_venue(record)
        return Draft(f"{text} [1]", [Citation.of(1, record.chunk)], answered)

    def _organisers(self, event: NamedEvent, listed: list[str], lang: str, asked: Asked) -> Draft:
        key = "event_detail.co_organisers" if asked.co else "event_detail.organisers"
        names = "；".join(listed) if lang == "zh" else "; ".join(listed)
        text = phrase(key, lang, event=self._named(event, lang), names=names)
        return Draft(f"{text} [1]", [Citation.of(1, event.record.chunk)], True)

    def _not_stated(self, event: NamedEvent, lang: str) -> Draft:
        key = "event_detail.not_stated" if event.past else "event_detail.not_yet"
        text = phrase(key, lang, event=self._named(event, lang))
        return Draft(f"{text} [1]", [Citation.of(1, event.record.chunk)], False)


def _in_focus(named: list[NamedEvent], dialogue: DialogueState | None) -> NamedEvent | None:
    """Of events named alike ("辽阳的会议": the 2024 conference and the 2026 matchmaking), the one the
    conversation is about, where it is named as well as any."""
    focus = dialogue.focus if dialogue is not None else None
    if focus is None or focus.kind != "event" or len(named) < 2:
        return None
    top = named[0].score
    return next((n for n in named if n.record.id == focus.doc_id and n.score >= top), None)


def _asks_arrangements(message: str) -> bool:
    """Only what an event's listing leaves to its organisers is asked (parking, interpreting, which
    investors come: attribute_answers.EVENT_UNLISTED)."""
    asked = set(asked_attributes(message, "event"))
    return bool(asked) and asked <= set(EVENT_UNLISTED)


def _chosen(named: list[NamedEvent], message: str) -> tuple[NamedEvent | None, bool]:
    """The past event meant, and whether it is sure: the one named; or among events named alike (a city
    and "event") the one past, sure when the message asks about the past. None for an upcoming event
    (the listings and the attribute answers answer it)."""
    if len(named) == 1:
        return (named[0], True) if named[0].past else (None, False)
    past = [e for e in named if e.past]
    if len(past) != 1 or past[0].score < named[0].score:
        return None, False  # an upcoming event named better ("沈阳智能制造对接会"): answered elsewhere
    return past[0], asks_about_past(message)
