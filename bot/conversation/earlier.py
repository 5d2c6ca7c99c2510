"""A record the conversation was about before, asked of again while another is in focus: "whats Haiyue's
budget" after the technologies that fit Haiyue's demand, "药企那边预算多少" after the candidate drug that
matched the pharmaceutical company's demand, "朝阳那家公司呢" after the flow battery it asked for.

The dialogue state remembers the records that were in focus (DialogueState.earlier). One of them is
meant when the message names its owner or its city (and not those of the record in focus), or asks a
budget or a deadline while a technology is in focus: only an enterprise demand has them, so the demand
the conversation came from is asked of, not the technology (whose listing never states either).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.catalog import RecordView
from retrieval.fields import cities_in
from retrieval.text import keyword_tokens

from .attributes import asked_attributes, names_budget
from .dialogue import DialogueState, Item, distinct_items
from .owner_names import owner_named

__all__ = ["earlier_meant"]

_WISH = re.compile(r"想|希望|愿意|打算|\b(?:want|wants|prefer|prefers|like to|hope)\b", re.I)

# asked of a demand, never of a technology: its deadline, and whether that is extended
_DEMAND_ONLY = frozenset({"deadline", "extension"})

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
    # the others shown beside the focus, named by their owner with no pointer ("SIA的平台接入过多少台"
    # after the demand and SIA's platform were compared)
    beside = [
        r for i in distinct_items(dialogue.items) if i != dialogue.focus and (r := record_of(i)) is not None
    ]
    if not remembered and not beside:
        return None
    words = {w.lower() for w in keyword_tokens(message) if len(w) > 1}
    cities = set(cities_in(message))

    def by_owner(record: RecordView) -> bool:
        owner = record.owner_name
        return owner_named(owner, message, words) or owner_named(twin(owner) or "", message, words)

    def named(record: RecordView) -> bool:
        return by_owner(record) or str(record.get("city") or "") in cities

    if focus is not None and named(focus):
        return None  # "DUT's spindle speed" with DUT's machine in focus: the focus is asked of
    # (one shown is named by its owner only: "那大连的呢" after events in several cities lists Dalian's)
    found = [r for r in remembered if named(r)] + [r for r in beside if by_owner(r)]
    if len(found) == 1:
        return found[0]
    if not found and focus is not None and focus.chunk.kind == "achievement" and _enterprise_asked(message):
        # "预算多少", "他们想怎么合作" with a technology in focus: the latest demand the conversation came
        # from, else the one demand shown beside it ("does it meet their requirement?" shows both)
        demands = [r for r in beside if r.chunk.kind == "demand"]
        latest = next((r for r in remembered if r.chunk.kind == "demand"), None)
        return latest or (demands[0] if len(demands) == 1 else None)
    return None


def _enterprise_asked(message: str) -> bool:
    """What only the enterprise has: a budget, a deadline ("它的截止日期是哪天" after the technologies
    that fit the demand: no technology's listing has one), or the way it wants to work with a partner
    ("他们想怎么合作", "how do they want to cooperate"; "can we co-develop it" asks the technology's
    modes)."""
    asked = asked_attributes(message, "demand")
    wish = "transfer_modes" in asked and _WISH.search(message)
    return names_budget(message) or bool(wish) or bool(_DEMAND_ONLY & set(asked))
