"""Topic carry-over: "any events on that topic?", "这个方向有对接会吗", "related demands?" after a list of
another kind. The topic is the field of the records shown (the most common one); the answer lists the
records of the kind asked in that field: upcoming events first, else the past ones. Without it the
message names no field of its own and every event was listed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from retrieval.catalog import Catalog, RecordView
from retrieval.fields import city_label, field_label

from ..phrasebook import phrase
from .draft import Draft, list_records

__all__ = [
    "carried_city",
    "carried_field",
    "elsewhere_listing",
    "place_listing",
    "points_at_place",
    "points_at_topic",
    "tells_location",
    "topic_listing",
]

# Words that point at the topic of what was shown, not at one item of it.
_TOPIC = re.compile(
    r"这个方向|这方面|这一方面|这个领域|这一领域|该领域|同领域|同一领域|同类|相关|类似|"
    r"\b(?:that|this|the same|same) (?:topic|area|field|sector|direction|domain)\b|\brelated\b|\bsimilar\b|"
    r"\bon (?:it|that|this|them|those)\b|\babout (?:it|that|this|them|those)\b|\bin that\b|"
    # "is there another one coming up?" after a past event: more of its kind
    r"\banother one\b|\bany more like (?:it|that|this)\b|还有(?:没有)?(?:别的|其他|类似)|下一[场次届]",
    re.I,
)


# Words that point at the place of what was shown: "那边有对接会吗", "any events there?".
_PLACE = re.compile(
    # "there" as a place, not "is there an event ...?" / "there are ..."
    r"那边|那里|那儿|那块|当地|同一个?城市|同城|"
    r"(?<!\bis )(?<!\bare )(?<!\bwas )\bthere\b(?!\s+(?:is|are|was|were)\b)|"
    r"\b(?:that|the same) (?:city|place|area)\b|"
    r"\blocally\b|\bnearby\b",
    re.I,
)


# The user tells where they are ("we're in Dandong, any event we could attend?", "我们公司在丹东"): events
# they could travel to are meant, not only those held there ("丹东有对接会吗" asks only that).
_LOCATED = re.compile(
    r"\b(?:we(?:'re| are)|i(?:'m| am)|we're|our (?:company|firm|team|cooperative|coop|factory|plant) is)"
    r"(?: (?:located|based|sitting))? (?:in|at|from|out of)\b|\bwe(?:'re| are)? based in\b|"
    r"我们(?:公司|单位|合作社|企业|工厂|团队)?(?:在|位于|地处|是)|我(?:在|是)|本(?:公司|单位)(?:在|位于)",
    re.I,
)


def tells_location(message: str) -> bool:
    return bool(_LOCATED.search(message))


def points_at_topic(message: str) -> bool:
    return bool(_TOPIC.search(message))


def points_at_place(message: str) -> bool:
    return bool(_PLACE.search(message))


def carried_city(records: list[RecordView]) -> str | None:
    """The city most of the records shown are in (the first record's breaks a tie)."""
    counts = Counter(str(r.get("city")) for r in records if r.get("city"))
    if not counts:
        return None
    best = max(counts.values())
    return next(str(r.get("city")) for r in records if counts[str(r.get("city") or "")] == best)


def place_listing(kind: str, city: str, catalog: Catalog, lang: str, today: dt.date) -> Draft:
    """The records of `kind` in `city`: upcoming events first, else the past ones; says so when there are
    none."""
    if kind == "event":
        found = catalog.events(today, upcoming=True, city=city) or catalog.events(today, city=city)
    else:
        found = [r for r in catalog.records(kind) if r.get("city") == city]
    label = city_label(city, lang)
    if not found:
        what = phrase(f"what.{kind}", lang)
        return Draft(phrase("place.none", lang, what=what, city=label), [], True)
    return list_records(found, lang, phrase(f"place.{kind}", lang, city=label, n=len(found)))


def elsewhere_listing(city: str, field: str, catalog: Catalog, lang: str, today: dt.date) -> Draft | None:
    """ "we're in Dandong, any event we could attend?" where none is held there: the upcoming events in the
    field of what was shown, held elsewhere, after saying so; None when the city has an event to come
    (the listing of the city answers) or the field has none."""
    if catalog.events(today, upcoming=True, city=city):
        return None
    found = catalog.events(today, upcoming=True, field=field)
    if not found:
        return None
    head = phrase(
        "place.elsewhere",
        lang,
        city=city_label(city, lang),
        field=field_label(field, lang),
        n=len(found),
    )
    return list_records(found, lang, head)


def _fields(record: RecordView) -> list[str]:
    return [str(f) for f in record.get("fields") or [record.get("field")] if f]


def carried_field(records: list[RecordView]) -> str | None:
    """The field most of the records shown share (the first record's field breaks a tie)."""
    counts = Counter(f for r in records for f in _fields(r))
    if not counts:
        return None
    best = max(counts.values())
    return next(f for r in records for f in _fields(r) if counts[f] == best)


def topic_listing(
    kind: str, field: str, catalog: Catalog, lang: str, today: dt.date, message: str = ""
) -> Draft:
    """The records of `kind` in `field`, as a compact list, those nearest the message first ("a related
    technology for saline soil": the salt-tolerant rice before the greenhouse); says so when there are
    none."""
    if kind == "event":
        found = catalog.events(today, upcoming=True, field=field) or catalog.events(today, field=field)
    else:
        found = [r for r in catalog.records(kind) if field in _fields(r)]
    if message and len(found) > 1:
        nearest = catalog.rank(kind, message, found)
        found = [*nearest, *(r for r in found if r not in nearest)]
    label = field_label(field, lang)
    if not found:
        what = phrase(f"what.{kind}", lang)
        return Draft(phrase("topic.none", lang, what=what, field=label), [], True)
    return list_records(found, lang, phrase(f"topic.{kind}", lang, field=label, n=len(found)))
