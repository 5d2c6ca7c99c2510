"""What else the owner of the record in focus has: "他们还有别的成果吗", "anything else from them?".

A follow-up that asks for the owner's other records names neither the owner nor a field, so the planner
reads it as a new listing of the topic shown; it asks for the institution's (or enterprise's) other
technologies or demands, the one in focus left out, under either language's name of the owner.
"""

from __future__ import annotations

import re

from retrieval.catalog import Catalog, RecordView

from ..phrasebook import phrase
from .dialogue import DialogueState
from .draft import Draft, list_records
from .named import wanted_kind

__all__ = ["owner_others"]

_OTHERS = re.compile(r"\b(?:else|other|others|more)\b|别的|其他|其它|另外|还有(?:什么|啥|哪些|没有)", re.I)
_THEM = re.compile(
    r"\b(?:they|them|their|theirs|that (?:university|institute|company|firm|lab|school))\b|"
    r"他们|它们|他家|她们|这家|那家|该单位|这个单位|那个单位|这所|该校|这个学校|那个学校|人家",
    re.I,
)
_RECORDS = ("achievement", "demand")


def owner_others(message: str, lang: str, dialogue: DialogueState, catalog: Catalog) -> Draft | None:
    focus = dialogue.focus
    if focus is None or focus.kind not in _RECORDS or not (_OTHERS.search(message) and _THEM.search(message)):
        return None
    record = catalog.record(focus.kind, focus.doc_id)
    if record is None or not record.owner_name:
        return None
    kind = wanted_kind(message) or focus.kind
    if kind not in _RECORDS:
        return None  # "do they run other events?": the events listing answers that
    names = {record.owner_name.lower()}
    twin = catalog.institution_twin(record.owner_name)
    if twin:
        names.add(twin.lower())
    others = [r for r in catalog.records(kind) if r.owner_name.lower() in names and r.id != record.id]
    # the owner as the asker's language writes it, where the listings or the glossary give that name
    owner = record.owner_name
    if twin and (lang == "zh") == (not twin.isascii()):
        owner = next((r.owner_name for r in others if r.owner_name.lower() == twin.lower()), owner)
    return _listed(others, owner, kind, lang)


def _listed(others: list[RecordView], owner: str, kind: str, lang: str) -> Draft:
    what = phrase(f"what.{kind}", lang)
    if not others:
        return Draft(phrase("owner_others.none", lang, owner=owner, what=what), [], True)
    return list_records(
        others, lang, phrase("owner_others.head", lang, owner=owner, what=what, n=len(others))
    )
