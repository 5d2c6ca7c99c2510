"""Answers from records and regulation articles: events, technologies, demands, counts, Article N."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import numpy as np

from retrieval.catalog import Catalog, RecordView
from retrieval.embedders import Embedder
from retrieval.fields import CITIES, OTHER_PLACES, city_label, field_label, fields_in
from retrieval.records import TRANSFER_LABELS
from retrieval.stores.base import VectorStore
from retrieval.types import Chunk

from ..conversation.attributes import attribute_answer
from ..conversation.draft import LIST_MAX, Draft, list_records
from ..conversation.types import Citation
from ..phrasebook import phrase
from .plan import Plan

__all__ = [
    "REGISTER",
    "answer_article",
    "answer_count",
    "answer_events",
    "answer_listing",
    "answer_registration",
    "in_slots",
    "on_agenda",
]


def _scope(plan: Plan, lang: str) -> str:
    parts = []
    if plan.field:
        parts.append(phrase("in_field", lang, field=field_label(plan.field, lang)))
    if plan.city:
        parts.append(phrase("in_city", lang, city=city_label(plan.city, lang)))
    if plan.trl:
        parts.append(f"（TRL {plan.trl}）" if lang == "zh" else f" at TRL {plan.trl}")
    if plan.transfer:
        mode = TRANSFER_LABELS[plan.transfer][0 if lang == "zh" else 1]
        parts.append(f"（转化方式：{mode}）" if lang == "zh" else f" offered by {mode}")
    if plan.date_from and plan.date_to:
        parts.append(
            f"{plan.date_from}–{plan.date_to}"
            if lang == "zh"
            else f" between {plan.date_from} and {plan.date_to}"
        )
    return "".join(parts)


def _events(plan: Plan, catalog: Catalog, today: dt.date, in_field: str | None) -> list[RecordView]:
    """The events the plan's slots (when, where, which field) select. A province outside Liaoning is no
    event's city; the events held there name it in their venue ("Zhejiang, China (Jinhua / Lanxi)")."""
    events = catalog.events(
        today,
        upcoming=plan.upcoming,
        city=plan.city,
        date_from=plan.date_from,
        date_to=plan.date_to,
        field=in_field,
    )
    if plan.institution:  # "is northeastern university organising any event": those it organises
        events = [e for e in events if _organised_by(e, plan.institution, catalog)]
    names = OTHER_PLACES.get(plan.city or "")
    if events or not names:
        return events
    anywhere = catalog.events(
        today, upcoming=plan.upcoming, date_from=plan.date_from, date_to=plan.date_to, field=in_field
    )
    return [e for e in anywhere if any(n.lower() in str(e.get("venue") or "").lower() for n in names)]


def _organised_by(event: RecordView, institution: str, catalog: Catalog) -> bool:
    """The institution (or its name in the other language) is among the event's organisers."""
    names = [n for n in (institution.lower(), catalog.institution_twin(institution)) if n]
    return any(n in str(o).lower() for o in event.get("organizers") or [] for n in names)


def _events_asked(plan: Plan, catalog: Catalog, today: dt.date) -> list[RecordView]:
    """The events of the plan's slots; a topic word read as a field does not hide the city's events."""
    events = _events(plan, catalog, today, plan.field)
    return events if events or not plan.field else _events(plan, catalog, today, None)


def _ahead(events: list[RecordView], today: dt.date) -> list[RecordView]:
    """The events not over yet: ending (or, without an end, starting) today or later."""
    return [e for e in events if str(e.get("end_date") or e.get("start_date") or "") >= today.isoformat()]


# One end of the events asked for ("what's the last matchmaking event in 2027", "2027年最后一场对接会"):
# that one, by its date. Singular only: "the last events" and "latest" ask for recent ones.
_EVENT_NOUN = r"(?:events?|conferences?|roadshows?|forums?|meetings?|matchmaking)(?!s)\b"
_ENDS = {
    "last": re.compile(
        rf"\b(?:last|final)\s+(?:(?:matchmaking|tech\w*)\s+)?{_EVENT_NOUN}|最后一场|最后的?(?:对接会|活动|路演)|最晚的?一场",
        re.I,
    ),
    "first": re.compile(
        rf"\b(?:first|earliest)\s+(?:(?:matchmaking|tech\w*)\s+)?{_EVENT_NOUN}|第一场|最早的?一场|最早的?(?:对接会|活动|路演)",
        re.I,
    ),
}


# Kinds of event a user may mean by the word in their titles ("are there any roadshows coming up?"): where
# some titles of the events asked for hold the word (in either language), those are meant. "对接会",
# "conference" and "meeting" name nearly every event, so they pick none out.
_KINDS = (
    re.compile(r"\broad ?-?shows?\b|路演", re.I),
    re.compile(r"\bforums?\b|论坛", re.I),
    re.compile(r"\bsummits?\b|峰会", re.I),
    re.compile(r"\b(?:fairs?|expos?|exhibitions?)\b|展会|博览会|展览会|交易会", re.I),
)


def _of_kind(question: str, events: list[RecordView]) -> list[RecordView]:
    """The events whose titles hold the kind of event the question names, where any do; else all."""
    named = [kind for kind in _KINDS if kind.search(question)]
    titled = [e for e in events if any(kind.search(e.chunk.title) for kind in named)]
    return titled or events


def _end_asked(question: str) -> str | None:
    return next((end for end, pattern in _ENDS.items() if pattern.search(question)), None)


def on_agenda(event: RecordView, told: str) -> bool:
    """One of the event's topics is named in `told` (the question and its glossary terms, lower-cased):
    "海上风电" of the Dalian marine event's agenda. A topic is read whole, never by its words."""
    topics = event.get("topics") or []
    return any(len(t) >= 2 and str(t).lower() in told for t in topics)


def answer_events(
    plan: Plan,
    catalog: Catalog,
    lang: str,
    today: dt.date,
    on_topic: Callable[[RecordView], bool] | None = None,
) -> Draft:
    """The events the plan's slots select; of those, the ones `on_topic` keeps (a topic on their agenda
    that names no field: "海上风电"), where any does."""
    events = _of_kind(plan.query, _events_asked(plan, catalog, today))
    if on_topic is not None:
        events = [e for e in events if on_topic(e)] or events
    key = {True: "events_upcoming", False: "events_past", None: "events_any"}[plan.upcoming]
    noun = phrase(key, lang)
    where = _scope(plan, lang)
    scope = f"{where}{noun}" if lang == "zh" else f"{noun}{where}"
    if not events:
        return Draft(phrase("no_events", lang, scope=scope), [], False)
    if plan.upcoming is None:  # upcoming first (soonest first), then past (latest first)
        ahead = _ahead(events, today)
        past = sorted((e for e in events if e not in ahead), key=lambda e: e.get("start_date"), reverse=True)
        events = ahead + past
    end = _end_asked(plan.query) if not plan.follow_up else None
    if end is not None and len(events) > 1:  # the one at that end of the period, by its dates
        dated = sorted(events, key=lambda e: str(e.get("start_date") or ""))
        one = dated[-1] if end == "last" else dated[0]
        return list_records([one], lang, phrase(f"events_end.{end}", lang, scope=scope, n=len(events)))
    head = phrase("events_head", lang, scope=scope, n=len(events))
    suggestions = (
        ["下个月有哪些对接会？", "有哪些相关的科技成果？"]
        if lang == "zh"
        else ["What about next month?", "Which technologies are available in this field?"]
    )
    draft = list_records(events, lang, head)
    draft.suggestions = suggestions
    return draft


# Asking to register for an event ("我想报名参加辽阳那个菱镁对接会", "how do I sign up for ..."), not what
# happened at one ("how many people attended").
REGISTER = re.compile(r"报名|注册|\bregist\w*|\bsign(?:ing)? ?up\b|\benrol\w*", re.I)


def answer_registration(plan: Plan, catalog: Catalog, lang: str, today: dt.date) -> Draft | None:
    """How to register for the event still to come that the plan's slots select (the one the question names
    best of several), with its deadline compared with today ("registration closed 1 day ago"); None when
    none is ahead (the listing answers). A past event of the same name ("the 2024 magnesite conference")
    is no event to register for."""
    ahead = _ahead(_events_asked(plan, catalog, today), today)
    if len(ahead) > 1:  # the one the question names best ("菱镁对接会", not the magnesium alloy forum)
        ahead = catalog.rank("event", plan.query, ahead)[:1]
    if not ahead:
        return None
    text = attribute_answer(ahead[0], "registration", lang, today)
    title = ahead[0].chunk.title
    named = (
        f"「{title}」（{ahead[0].get('start_date')}）"
        if lang == "zh"
        else f'"{title}" ({ahead[0].get("start_date")}): '
    )
    return Draft(f"{named}{text} [1]", [Citation.of(1, ahead[0].chunk)], True)


def fields_named(question: str, plan: Plan) -> list[str]:
    """The fields the question names, not in the name of the institution it asks about ("沈阳化工大学有什么
    技术" names no chemicals field: its technologies are in three)."""
    if plan.institution:
        question = re.sub(re.escape(plan.institution), " ", question, flags=re.I)
    return fields_in(question)


def _by_topic(
    question: str,
    records: list[RecordView],
    catalog: Catalog,
    kind: str,
    plan: Plan,
    topical: bool = True,
) -> list[RecordView]:
    """Records that fit the named slots, those in a named field first, ranked by the question's meaning.
    A question with no topic of its own ("what achievements are listed in Anshan?", "TRL 9的成果") asks
    for every record its slots select: ranked, none left out."""
    named_fields = fields_named(question, plan)
    if named_fields:
        records = [r for r in records if r.get("field") in named_fields] or records
    ranked = catalog.rank(kind, question, records)
    if not topical:
        shown = {r.id for r in ranked}
        return [*ranked, *(r for r in records if r.id not in shown)]
    if not ranked and named_fields:
        ranked = records  # the field fits even where the wording does not
    return ranked


def answer_listing(
    plan: Plan,
    catalog: Catalog,
    lang: str,
    question: str,
    keep: Callable[[RecordView], bool] | None = None,
    concept: str = "",
    topical: bool = True,
    wider: Callable[[RecordView], bool] | None = None,
    held: Callable[[RecordView], bool] | None = None,
) -> Draft:
    """The records that fit the plan's slots and the question; with `keep`, only those that share the
    question's key concept: when none does, those of any field that hold the concept and the field's
    word (`wider`: "hydrogen storage" is a magnesium hydride's), else the nearest, shown as such, and
    the answer is no answer. `held`: records that hold the whole concept themselves, listed however
    low the wording ranks them ("有关于碳化硅的成果吗" and the Chinese title "1200 V碳化硅(SiC) MOSFET…")."""
    if plan.intent == "technologies":
        records = catalog.technologies(
            institution=plan.institution,
            maturity=plan.maturity,
            city=plan.city,
            trl=plan.trl,
            transfer=plan.transfer,
        )
        head_key, none_key, kind = "tech_head", "no_tech", "achievement"
    else:
        records = catalog.demands(city=plan.city)
        head_key, none_key, kind = "demand_head", "no_demand", "demand"
    pool = records
    named_fields = fields_named(question, plan)
    if keep is None and named_fields and not any(r.get("field") in named_fields for r in records):
        # "有啥新能源车相关的需求没": no demand is filed under the field; every demand is no answer to it,
        # the nearest by the wording are shown as such
        label = field_label(named_fields[0], lang)
        head = phrase("no_match_nearest", lang, terms=label, what=phrase(f"what.{kind}", lang))
        nearest = list_records((catalog.rank(kind, question, records) or records)[:3], lang, head, limit=3)
        return Draft(nearest.text, nearest.citations, False)
    records = _by_topic(question, records, catalog, kind, plan, topical=topical)
    # "海城华镁" names an enterprise in Haicheng, filed under Anshan; a place outside Liaoning ("Harbin
    # Institute of Technology") has no listings filed under a city of ours. A city asked for alone ("那盘锦
    # 的呢") has none: every listing is no answer to it.
    if not records and plan.city in CITIES and topical:
        fallback = (
            catalog.technologies(
                institution=plan.institution, maturity=plan.maturity, trl=plan.trl, transfer=plan.transfer
            )
            if kind == "achievement"
            else catalog.demands()
        )
        records = _by_topic(question, fallback, catalog, kind, plan, topical=topical)
    if not records:
        return Draft(phrase(none_key, lang), [], False)
    if keep is not None:
        matching = [r for r in records if keep(r)]
        if held is not None:
            shown = {r.id for r in matching}
            matching += [r for r in pool if r.id not in shown and held(r)]
        if not matching and wider is not None:
            matching = catalog.rank(kind, question, [r for r in pool if wider(r)])
        if not matching:
            head = phrase("no_match_nearest", lang, terms=concept, what=phrase(f"what.{kind}", lang))
            nearest = list_records(records, lang, head, limit=3)
            return Draft(nearest.text, nearest.citations, False)
        records = matching
    return list_records(
        records, lang, phrase(head_key, lang, n=len(records)), limit=5 if plan.field else LIST_MAX
    )


def in_slots(plan: Plan, kind: str, catalog: Catalog) -> list[RecordView]:
    """The technologies or demands within every slot the message names (field, city, institution, ...):
    what a count counts and a most or least is chosen among."""
    if kind == "demand":
        return catalog.demands(field=plan.field, city=plan.city)
    return catalog.technologies(
        field=plan.field,
        institution=plan.institution,
        maturity=plan.maturity,
        city=plan.city,
        trl=plan.trl,
        transfer=plan.transfer,
    )


def answer_count(plan: Plan, catalog: Catalog, lang: str, today: dt.date) -> Draft:
    kind = plan.count_kind or "achievement"
    records = _events(plan, catalog, today, plan.field) if kind == "event" else in_slots(plan, kind, catalog)
    noun = phrase(f"count_noun.{kind}", lang)
    head = phrase("count_head", lang, n=len(records), noun=noun, scope=_scope(plan, lang))
    if not records:
        # None listed: said plainly, and kept among the questions staff see unanswered (a gap in listings).
        return Draft(head, [], False)
    return list_records(records, lang, head + ("其中：" if lang == "zh" else " They are:"), limit=5)


def answer_article(
    plan: Plan, store: VectorStore, embedder: Embedder, lang: str, question: str
) -> Draft | None:
    """The article(s) a question names by number, in the best-fitting regulation; None if none has it."""
    found = store.articles(list(plan.articles))
    if not found:
        return None
    q = np.asarray(embedder.embed_query(question), dtype=np.float32)
    vectors = store.embeddings([key for key, _ in found])
    best: dict[int, tuple[float, Chunk]] = {}
    for key, chunk in found:
        score = float(np.dot(q, np.asarray(vectors[key], dtype=np.float32))) + (
            0.2 if chunk.lang == lang else 0.0
        )
        number = int(chunk.meta.get("article_no", 0))
        if number not in best or score > best[number][0]:
            best[number] = (score, chunk)
    lines, citations = [], []
    for i, number in enumerate(sorted(best), start=1):
        chunk = best[number][1]
        citations.append(Citation.of(i, chunk))
        lines.append(
            f"《{chunk.title}》{chunk.locator}：\n{chunk.text} [{i}]"
            if lang == "zh"
            else f"{chunk.title}, {chunk.locator}:\n{chunk.text} [{i}]"
        )
    return Draft("\n\n".join(lines), citations, True)
