"""A catalog over a fixed list of records, for tests of the conversation pieces that read one: the
records by kind and id, events by city, field and date, ranked as given, the institutions they name; and
the sentence of a record that shares most of a question's words, as the real quote picker does by its
keyword coverage."""

from __future__ import annotations

import datetime as dt

from retrieval.catalog import RecordView
from retrieval.text import keyword_tokens, split_sentences
from retrieval.types import Chunk


def best_shared_sentence(question: str, chunk: Chunk) -> str | None:
    """The sentence sharing most of the question's words (none shared: None), as the real picker does
    with its keyword coverage."""
    words = set(keyword_tokens(question))
    scored = [(len(words & set(keyword_tokens(s))), s) for s in split_sentences(chunk.text)]
    best = max(scored, default=(0, ""))
    return best[1] if best[0] > 0 else None


class RecordsCatalog:
    def __init__(self, records: list[RecordView]) -> None:
        self._records = records

    def records(self, kind: str) -> list[RecordView]:
        return [r for r in self._records if r.chunk.kind == kind]

    def record(self, kind: str, doc_id: str) -> RecordView | None:
        return next((r for r in self.records(kind) if r.id == doc_id), None)

    def events(
        self, today: dt.date, upcoming: bool | None = None, city: str | None = None, field: str | None = None
    ) -> list[RecordView]:
        found = [e for e in self.records("event") if city is None or e.get("city") == city]
        found = [e for e in found if field is None or field in (e.get("fields") or [])]
        return [e for e in found if not upcoming or str(e.get("start_date")) >= today.isoformat()]

    def rank(self, kind: str, q: str | None, items: list[RecordView]) -> list[RecordView]:
        return items

    def institution_twin(self, name: str) -> str | None:
        return None  # no name in the other language: the owner is named as listed

    def institutions(self) -> list[str]:
        return sorted({str(r.get("institution")) for r in self._records if r.get("institution")})
