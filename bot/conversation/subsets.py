"""A filter on the list just shown: "which of them are already at industrial maturity?", "其中在大连的有哪些",
"这些里面哪些还没开", "其中有几个能作价入股", "only the chip-related ones". The records the last answer listed
(all it counted, where it showed only the first: "其中沈阳的有几个" after eight counted, five shown) are kept
when they have the value the message names (a maturity, a city, fields, a transfer mode, an upcoming or
past date); the rest of the knowledge base is not searched, since the user asks about the list in front
of them.

A message is such a filter only when it points at the list ("of them", "其中", "这些") and names at least
one value to filter by; anything else is left to the other follow-ups and the planner.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from retrieval.catalog import RecordView
from retrieval.fields import (
    MATURITY,
    OTHER_PLACES,
    cities_in,
    city_label,
    field_label,
    fields_in,
    maturity_for_trl,
)
from retrieval.records import TRANSFER_LABELS

from ..phrasebook import phrase
from .deadline_dates import deadline_in
from .draft import Draft, list_records

__all__ = ["MATURITY_WORDS", "TRANSFER_WORDS", "Subset", "filter_shown", "subset_of"]

# Words that point at the list in front of the user, not at the whole knowledge base.
_OF_THEM = re.compile(
    r"其中|这些|那些|这几[个项场家条]|那几[个项场家条]|上面|上述|以上|刚才|里面|当中|之中|"
    r"\b(?:of|among|from) (?:them|these|those|the list|the above)\b|"
    r"\bthe ones? (?:you )?(?:listed|shown|mentioned)\b|"
    r"\bwhich ones?\b|\bany of them\b|\bthe ones? above\b|哪一场|哪场|"
    # narrowing it: "only the chip-related ones", "just the hydrogen ones", "只要储能和氢能的"
    r"^\s*(?:only|just)\b(?:(?!\bones?\b)[^\n]){0,40}?\bones?\b|^\s*(?:只要|只看|只留|仅看)",
    re.I,
)
# A transfer mode the listing must offer (the planner's slot too); plain "转让"/"transfer" is how people
# say "for transfer".
TRANSFER_WORDS: dict[str, re.Pattern[str]] = {
    "sale": re.compile(r"\boutright\b|\bfor sale\b|\bbuy (?:it )?outright\b|买断|直接购买", re.I),
    "license": re.compile(r"\blicen[cs](?:e|ing|ed)\b|许可", re.I),
    "equity": re.compile(r"\bequity\b|作价入股|入股", re.I),
    "joint_development": re.compile(r"\bjoint(?:ly)? develop|\bco-?develop|合作开发|联合开发", re.I),
}
# A stage of maturity named in either language (the catalog's bands: retrieval/fields.py MATURITY).
MATURITY_WORDS: dict[str, re.Pattern[str]] = {
    "industrial": re.compile(
        r"产业化|工业化|量产|规模化|已应用|\bindustrial(?:i[sz]ed)?\b|\bmass[- ]produc|"
        r"\bcommercial(?:ly)? (?:stage|scale)|\bproduction[- ]ready\b|\bin production\b",
        re.I,
    ),
    "pilot": re.compile(r"中试|小试|示范|\bpilot\b|\bdemonstration\b", re.I),
    "lab": re.compile(r"实验室|样机|研发阶段|\blab(?:oratory)?\b|\bprototype\b|\bearly[- ]stage\b", re.I),
}
_UPCOMING = re.compile(
    r"还没(?:开|举办)|尚未举办|即将|未来|接下来|还能参加|\bupcoming\b|\bstill to come\b|"
    r"\bnot yet (?:held|happened)\b|\bcoming up\b|\bfuture\b",
    re.I,
)
_OPEN = re.compile(
    r"还能报名|还可以报名|仍可报名|报名还没截止|报名未截止|没截止|未截止|\bstill open\b|"
    r"\bopen for registration\b|"
    r"\bcan (?:i |we )?still (?:register|sign up|join|apply)\b|\bregistration (?:is )?(?:still )?open\b",
    re.I,
)
_PAST = re.compile(r"已经(?:开|举办)过|已举办|开过了|\balready (?:held|happened|took place)\b|\bpast\b", re.I)


@dataclass(frozen=True)
class Subset:
    """What to keep: the values named, any of which may be None (not asked)."""

    maturity: str | None = None
    city: str | None = None
    fields: tuple[str, ...] = ()  # any of them ("只要储能和氢能的")
    when: str | None = None  # "upcoming" | "past" | "open" (registration not closed)
    transfer: str | None = None  # a mode the record offers ("能作价入股")

    def keeps(self, record: RecordView, today: dt.date) -> bool:
        get = record.get
        if self.maturity is not None:
            stage = str(get("maturity") or get("required_maturity") or "")
            trl = get("trl")
            if not stage and isinstance(trl, int):
                stage = maturity_for_trl(trl)
            if stage != self.maturity:
                return False
        if self.city is not None and not _held_in(record, self.city):
            return False
        if self.fields:
            fields = [str(f) for f in get("fields") or [get("field")] if f]
            if not set(self.fields) & set(fields):
                return False
        if self.transfer is not None and self.transfer not in (get("transfer_modes") or []):
            return False
        if self.when is not None:
            start = str(get("start_date") or "")
            if not start:
                return False
            if self.when == "open":  # registration not closed: its deadline, else the start, still ahead
                deadline = deadline_in(str(get("registration") or ""), int(start[:4]))
                return (deadline.isoformat() if deadline else start) >= today.isoformat()
            upcoming = start >= today.isoformat()
            if upcoming != (self.when == "upcoming"):
                return False
        return True

    def label(self, lang: str) -> str:
        """The values named, as the answer's head says them ("产业化阶段、大连")."""
        zh = lang == "zh"
        parts = []
        if self.maturity is not None:
            parts.append(MATURITY[self.maturity][0 if zh else 1])
        if self.city is not None:
            parts.append(city_label(self.city, lang))
        parts.extend(field_label(f, lang) for f in self.fields)
        if self.transfer is not None:
            mode = TRANSFER_LABELS[self.transfer][0 if zh else 1]
            parts.append(f"可{mode}" if zh else f"offered by {mode}")
        if self.when is not None:
            parts.append(phrase(f"subset.{self.when}", lang))
        return ("、" if zh else ", ").join(parts)


def _held_in(record: RecordView, city: str) -> bool:
    """The record's city; a province outside Liaoning is named in the venue instead ("Zhejiang, China
    (Jinhua / Lanxi)": "which one was in zhejiang")."""
    if str(record.get("city") or "") == city:
        return True
    venue = str(record.get("venue") or "").lower()
    return any(name.lower() in venue for name in OTHER_PLACES.get(city, ()))


def subset_of(message: str) -> Subset | None:
    """The filter a message puts on the list shown, or None when it is no such filter."""
    if not _OF_THEM.search(message):
        return None
    maturity = next((m for m, rx in MATURITY_WORDS.items() if rx.search(message)), None)
    cities = cities_in(message)
    fields = fields_in(message)
    when = (
        "open"
        if _OPEN.search(message)
        else "upcoming"
        if _UPCOMING.search(message)
        else "past"
        if _PAST.search(message)
        else None
    )
    transfer = next((mode for mode, rx in TRANSFER_WORDS.items() if rx.search(message)), None)
    subset = Subset(maturity, cities[0] if cities else None, tuple(fields), when, transfer)
    return subset if subset != Subset() else None


def filter_shown(subset: Subset, records: list[RecordView], lang: str, today: dt.date) -> Draft:
    """The records shown that have the values named, as a compact list; says so when none has them."""
    kept = [r for r in records if subset.keeps(r, today)]
    label = subset.label(lang)
    if not kept:
        return Draft(phrase("subset.none", lang, n=len(records), what=label), [], True)
    return list_records(kept, lang, phrase("subset.head", lang, n=len(kept), total=len(records), what=label))
