"""Which of the records shown a message points at by what it is about: its field ("the biomed one",
"农业那场") or, for an event, a topic on its agenda ("the greenhouse one"). Titles do not always say it:
"2027沈阳生物医药科技成果转化对接会" holds no English word of "biomed", and a listing of events shows the
fields and topics beside each title, which is what people then point by.
"""

from __future__ import annotations

from retrieval.catalog import RecordView
from retrieval.fields import cities_in, fields_in
from retrieval.text import keyword_tokens

from .evidence import GENERIC

__all__ = ["by_field", "by_place", "words_held_by_another"]

# Words too common on an agenda to point at one record by
_COMMON = frozenset(
    {"one", "the", "that", "this", "and", "for", "event", "technology", "technologies", "industry"}
    | {"materials"}
)


def by_field(message: str, records: list[RecordView]) -> RecordView | None:
    """The one record whose field the message names, else the one event whose topics hold a word of the
    message ("greenhouse" in "cold-region solar greenhouses"); None when none or several do."""
    named = set(fields_in(message))
    if named:
        found = [r for r in records if named & _fields(r)]
        if len(found) == 1:
            return found[0]
        if found:
            return None  # several in that field: the message does not tell them apart
    words = _words(message)
    if not words:
        return None
    topical = [r for r in records if words & _topic_words(r)]
    return topical[0] if len(topical) == 1 else None


def by_place(message: str, events: list[RecordView], today: str) -> RecordView | None:
    """The one event the message names by its city and, where the city has several, its field or a
    topic ("Dalian IC event venue", "anshan steel matchmaking in may": Anshan has one): of those still
    to come (`today`, ISO), else of all; None where the message names no one city, or the city's events
    are not told apart, or the field it names is none of theirs ("the anshan hydrogen conference")."""
    cities = set(cities_in(message))
    if len(cities) != 1:
        return None
    here = [e for e in events if str(e.get("city") or "") in cities]
    ahead = [e for e in here if str(e.get("start_date") or "") >= today]
    pool = ahead or here
    if len(pool) == 1 and not fields_in(message):
        return pool[0]
    return by_field(message, pool)


def _fields(record: RecordView) -> set[str]:
    fields = record.get("fields") or [record.get("field")]
    return {str(f) for f in fields if f}


def _topic_words(record: RecordView) -> set[str]:
    return _words(" ".join(str(t) for t in record.get("topics") or []))


def _words(text: str) -> set[str]:
    """English words of four letters or more (Chinese topics are told apart by their field)."""
    return {_stem(w) for w in keyword_tokens(text.lower()) if w.isascii() and len(w) > 3 and w not in _COMMON}


def _stem(word: str) -> str:
    """ "greenhouses" and "greenhouse" are one word."""
    return word[:-1] if word.isascii() and word.endswith("s") else word


_HELD_MORE = 2  # words of the question another record shown holds beyond those the one in focus holds


def words_held_by_another(told: str, focus: str, shown: list[RecordView]) -> RecordView | None:
    """The record shown that holds clearly more of the question's words (`told`: with their translations)
    than the one in focus: "bearing fault warning accuracy" after the spindle technologies is the one whose
    text states 轴承故障预警, not the first shown. Words every record shown holds, or any question holds
    ("多少", "技术"), point at none."""
    texts = {r.id: r.chunk.text.lower() for r in shown}
    words = {w.lower() for w in keyword_tokens(told) if len(w) > 1 and w.lower() not in GENERIC}
    words = {w for w in words if not all(w in t for t in texts.values())}
    counts = {r.id: sum(1 for w in words if w in texts[r.id]) for r in shown}
    best = max(shown, key=lambda r: counts[r.id], default=None)
    if best is None or best.id == focus or counts[best.id] < counts.get(focus, 0) + _HELD_MORE:
        return None
    return best
