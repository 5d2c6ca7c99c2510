"""A record the conversation was about before, asked of again while another is in focus: "whats Haiyue's
budget" after the technologies that fit Haiyue's demand, "药企那边预算多少" after the candidate drug that
matched the pharmaceutical company's demand, "朝阳那家公司呢" after the flow battery it asked for.

The dialogue state remembers the records that were in focus (DialogueState.earlier). One of them is
meant when the message names its owner or its city (and not those of the record in focus), or asks a
budget while a technology is in focus: only an enterprise demand has a budget, so the demand the
conversation came from is asked of, not the technology (whose listing never states one).
"""

from __future__ import annotations

from collections.abc import Callable

from retrieval.catalog import RecordView
from retrieval.fields import cities_in
from retrieval.text import keyword_tokens

from .attributes import names_budget
from .dialogue import DialogueState, Item
from .owner_names import owner_named

__all__ = ["earlier_meant"]

Twin = Callable[[str], "str | None"]  # an institution's name in the other language (Catalog)


def earlier_meant(
    message: str,
    dialogue: DialogueState,
    record_of: Callable[[Item], RecordView | None],
    twin: Twin,
) -> RecordView | None:
    """The record remembered from before that the message asks about; None when it names none of them
    (or names the record in focus, or one shown now)."""
    shown = {i.doc_id for i in dialogue.items}
    focus = record_of(dialogue.focus) if dialogue.focus is not None else None
    remembered = [r for i in dialogue.earlier if i.doc_id not in shown and (r := record_of(i)) is not None]
    if not remembered:
        return None
    words = {w.lower() for w in keyword_tokens(message) if len(w) > 1}
    cities = set(cities_in(message))

    def named(record: RecordView) -> bool:
        owner = record.owner_name
        by_owner = owner_named(owner, message, words) or owner_named(twin(owner) or "", message, words)
        return by_owner or str(record.get("city") or "") in cities

    if focus is not None and named(focus):
        return None  # "DUT's spindle speed" with DUT's machine in focus: the focus is asked of
    found = [r for r in remembered if named(r)]
    if len(found) == 1:
        return found[0]
    if not found and focus is not None and focus.chunk.kind == "achievement" and names_budget(message):
        # "预算多少" with a technology in focus: the latest demand the conversation came from
        return next((r for r in remembered if r.chunk.kind == "demand"), None)
    return None
