"""The organisation behind a listing, asked about by its name: "when was Dalian Lanhai Hydrogen
Equipment founded?", "大连理工大学有多少学生", "how many employees does Dashiqiao Jinxing Magnesia have".
A listing holds what an institution offers or an enterprise needs, never the organisation itself
(knowledge/FORMAT.md): the answer says that the knowledge base does not state it, with the organisation's
listings as what it does hold, and counts as unanswered (staff see it) instead of quoting a sentence that
shares its name.

The owner is named as a message names it (owner_names.owner_named_in: whole, or its short form), or in
the other script: "Dalian Lanhai" for 大连蓝海氢能装备有限公司, "大石桥金星" for Dashiqiao Jinxing Magnesia,
read through the alias table's romanizations (retrieval/aliases.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.aliases import alias_table
from retrieval.catalog import Catalog, RecordView
from retrieval.fields import cities_in
from retrieval.search import HybridSearcher
from retrieval.text import keyword_tokens

from ..phrasebook import phrase
from .attributes import ATTRIBUTES
from .draft import Draft
from .evidence import GENERIC
from .owner_names import owner_core, owner_named_in
from .render import record_line
from .types import Citation

__all__ = ["OwnerDetails"]

_ORGANISATION = dict(ATTRIBUTES)["organisation"]
_SHOWN = 3  # the organisation's listings shown as what the knowledge base holds of it
_OWNED = ("achievement", "demand")  # an event has organisers, not an owner
# "a Liaoning university", "any company": a kind of organisation, not the one of that name
_INDEFINITE = re.compile(r"\b(?:a|an|any|every|each|some)\s*$")


def _own_word(core: str) -> str | None:
    """The word of a Chinese name that is the organisation's own, not its city or trade: "蓝海" of
    大连蓝海氢能装备, "北疆" of 朝阳北疆新能源."""
    words = [w for w in keyword_tokens(core) if len(w) > 1 and w not in GENERIC and not cities_in(w)]
    return words[0] if words and core.find(words[0]) <= 3 else None


class OwnerDetails:
    def __init__(self, catalog: Catalog, aliases: Callable[[str], list[str]]) -> None:
        self.catalog = catalog
        self.aliases = aliases  # the names of a text in the other script (AliasTable.lookup)

    @classmethod
    def of(cls, catalog: Catalog, searcher: HybridSearcher) -> OwnerDetails:
        """Names read through the alias table of the searcher's keyword index (its current one)."""
        return cls(catalog, lambda text: alias_table(searcher.keyword_index()).lookup(text))

    def named(self, message: str) -> list[RecordView]:
        """The listings of the organisation the message names, in its script or the other one: a whole
        name before a short form, the longest first ("沈阳工业大学辽阳产业技术研究院", not 沈阳工业大学)."""
        aliases = self.aliases(message)
        romanized = " ".join(a for a in aliases if a.isascii())
        chinese = {a for a in aliases if not a.isascii()}
        owners: dict[str, list[RecordView]] = {}
        for kind in _OWNED:
            for record in self.catalog.records(kind):
                owners.setdefault(owner_core(record.owner), []).append(record)
        low = message.lower()
        found: list[tuple[bool, int, list[RecordView]]] = []
        for core, records in owners.items():
            if not core:
                continue
            at = low.find(core.lower().split()[0])
            if at > 0 and _INDEFINITE.search(low[:at]):
                continue  # "can a liaoning university reward its staff": any university, not one named
            whole = core.lower() in low
            if whole or owner_named_in(message, core) or (romanized and owner_named_in(romanized, core)):
                found.append((whole, len(core), records))
            elif not core.isascii() and _own_word(core) in chinese:
                found.append((False, len(core), records))
        # "Liaoning University" named whole is not Liaoning University of Technology's first two words
        found.sort(key=lambda row: row[:2], reverse=True)
        return found[0][2] if found else []

    def answer(self, message: str, lang: str) -> Draft | None:
        """That the knowledge base does not state the organisation's details, with its listings; None when
        the message asks none (founding, staff, revenue, executives) or names no owner of a listing."""
        if not _ORGANISATION.search(message):
            return None
        shown = self.named(message)[:_SHOWN]
        if not shown:
            return None
        lines = [phrase("owner.not_listed", lang, owner=owner_core(shown[0].owner))]
        lines += [f"{n}. {record_line(r, lang, n)}" for n, r in enumerate(shown, start=1)]
        citations = [Citation.of(n, r.chunk) for n, r in enumerate(shown, start=1)]
        return Draft("\n".join(lines), citations, False)
