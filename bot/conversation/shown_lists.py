"""What is asked of the list shown as a whole, right after it: all of them ("列出来", "一共几个"), the
attribute of each ("their deadlines?", "这些的预算分别是多少"), and what is asked of the one a superlative
picked out of it ("最早的那个在哪里开"). Which list and which records is followups.py's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from retrieval.catalog import RecordView

from ..conversation.types import Citation
from ..phrasebook import phrase
from .attributes import asked_attributes, attributes_answer, states_fully
from .detail_text import asks_what_wanted
from .dialogue import DialogueState, Item, distinct_items
from .draft import Draft, list_records
from .followup_forms import ALL_MAX, COMPARED, COUNT_THEM, EACH, LIST_THEM, items_of
from .render import render_record
from .superlatives import Superlative

__all__ = ["all_listed", "each_of", "of_the_picked"]


def all_listed(
    message: str, lang: str, dialogue: DialogueState, record_of: Callable[[Item], RecordView | None]
) -> Draft | None:
    """ "列出来" after "大工有几项成果": all that were counted, where the count showed some; "一共几个"
    after a list: how many, of the kind listed first (events a match adds below are not counted)."""
    listed = dialogue.whole or dialogue.items
    said = message.strip()
    if len(listed) < 2 or not (LIST_THEM.fullmatch(said) or COUNT_THEM.fullmatch(said)):
        return None
    first = listed[0].kind
    records = [r for r in map(record_of, distinct_items(listed)) if r is not None]
    records = [r for r in records if str(r.chunk.kind) == first]
    if not records:
        return None
    draft = list_records(records, lang, phrase("all_of_them", lang, n=len(records)), ALL_MAX)
    dialogue.items = items_of(draft.citations)
    return draft


def each_of(
    message: str, lang: str, records: list[RecordView], dialogue: DialogueState, today: dt.date
) -> Draft | None:
    """The attribute asked, of each record listed (of one kind); None when it asks none."""
    kinds = {r.chunk.kind for r in records}
    if len(records) < 2 or len(kinds) != 1:
        return None
    asked = asked_attributes(message, str(kinds.pop()))
    if not asked:
        return None
    shown = records[:EACH]
    lines = [f"{n}. {attributes_answer(r, asked, lang, today)} [{n}]" for n, r in enumerate(shown, start=1)]
    citations = [Citation.of(n, r.chunk) for n, r in enumerate(shown, start=1)]
    stated = any(states_fully(r, a, lang, today, message) for r in shown for a in asked)
    dialogue.attribute = asked[0]
    return Draft("\n".join(lines), citations, stated)


def of_the_picked(
    message: str,
    lang: str,
    picked: Draft,
    most: Superlative,
    records: list[RecordView],
    dialogue: DialogueState,
    today: dt.date,
) -> Draft:
    """ "最早的那个在哪里开", "where is the cheapest one?": the attribute asked, of the record the
    superlative picked, after the line that says which it is."""
    record = next(r for r in records if r.id == picked.citations[0].doc_id)
    kind = str(record.chunk.kind)
    asked = [a for a in asked_attributes(message, kind) if a not in COMPARED[most.value]]
    if not asked and asks_what_wanted(message):  # "the earliest one - what do they need"
        return Draft(f"{picked.text}\n{render_record(record, lang, 1, full=True)}", picked.citations, True)
    if not asked:
        return picked
    dialogue.attribute = asked[0]
    text = attributes_answer(record, asked, lang, today)
    stated = picked.answered and any(states_fully(record, a, lang, today, message) for a in asked)
    return Draft(f"{picked.text}\n{text} [1]", picked.citations, stated)
