"""A follow-up that names another record of the same owner than the one in focus: "他们家那个储热装置效率多少"
after the vibrating screen points back ("他们家那个") yet names the owner's heat-storage device by two words
of its title; its detail is asked of that record (record_details.py), not of the one in focus. Only the
owner's: words of a measure name other owners' titles too ("purity of the product?" is not the
high-purity magnesia's, "used in mass production" not a production line's), and not where the one in
focus holds those words itself.
"""

from __future__ import annotations

from retrieval.catalog import RecordView
from retrieval.text import keyword_tokens

from .detail_missing import states_word
from .record_details import RecordDetails

__all__ = ["names_another"]


def names_another(message: str, focus: RecordView, details: RecordDetails) -> bool:
    """Whether the message names, by two words at least, another record of `focus`'s owner whose naming
    words the record in focus does not hold itself (in either language)."""
    found = details.find(message)
    if found is None or not found.named or found.record.id == focus.id or found.record.owner != focus.owner:
        return False
    translations = details.searcher.glossary.translations
    title = found.record.chunk.title.lower()
    naming = [
        w
        for w in keyword_tokens(message)
        if len(w) > 1 and any(f.lower() in title for f in [w, *translations(w)])
    ]
    return not all(states_word(details.searcher, focus, w) for w in naming)
