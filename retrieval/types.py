"""Domain types of the knowledge pipeline. Chroma and langchain types are converted at their adapters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

# The document kinds, defined here and nowhere else: a record kind is a listing with typed fields
# (retrieval/records.py), the other kinds are prose.
RecordKind = Literal["achievement", "demand", "event"]
Kind = Literal["news", "regulation", RecordKind]
KINDS: tuple[Kind, ...] = get_args(Kind)
RECORD_KINDS: tuple[RecordKind, ...] = get_args(RecordKind)
Lang = Literal["zh", "en"]


@dataclass(frozen=True)
class Document:
    """One source document: an article, a regulation or a single listing record."""

    id: str
    kind: Kind
    title: str
    lang: Lang
    text: str
    date: dt.date | None = None
    source: str = ""
    url: str = ""
    origin: str = ""  # where it came from: a path relative to the ingest root, or "upload:<name>"
    meta: dict[str, Any] = field(
        default_factory=dict
    )  # kind-specific fields (record fields, regulation info)

    @property
    def is_record(self) -> bool:
        return self.kind in RECORD_KINDS


@dataclass(frozen=True)
class Chunk:
    """The unit that is embedded, stored and cited."""

    id: str
    doc_id: str
    index: int
    text: str
    kind: Kind
    title: str
    lang: Lang
    date: dt.date | None = None
    source: str = ""
    url: str = ""
    locator: str = ""  # "第四十五条" / "Article 45" for regulation articles
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """A chunk returned by search with its fused score and the two signals behind it."""

    chunk: Chunk
    score: float
    dense: float
    keyword: float


@dataclass(frozen=True)
class SearchFilters:
    kind: tuple[Kind, ...] = ()
    lang: Lang | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    field: str | None = None
    city: str | None = None
    doc_id: str | None = None  # one document's chunks (a regulation's articles, a cited chunk)
    article_no: tuple[int, ...] = ()  # regulation articles with these numbers

    def matches(self, meta: dict[str, Any]) -> bool:
        """The same filter the vector store applies, on a chunk's stored metadata: for candidates found
        elsewhere (keyword index) and for stores without a query language of their own (in memory)."""
        if self.kind and meta.get("kind") not in self.kind:
            return False
        if self.lang and meta.get("lang") != self.lang:
            return False
        day = int(meta.get("date_int") or 0)
        if self.date_from and (not day or day < date_int(self.date_from)):
            return False
        if self.date_to and (not day or day > date_int(self.date_to)):
            return False
        if self.field and not meta.get(field_flag(self.field)):
            return False
        if self.city and meta.get("city") != self.city:
            return False
        if self.doc_id and meta.get("doc_id") != self.doc_id:
            return False
        return not (self.article_no and meta.get("article_no") not in self.article_no)


def date_int(day: dt.date | None) -> int:
    """20241203 for 2024-12-03: an integer Chroma can range-filter on; 0 for unknown."""
    return day.year * 10000 + day.month * 100 + day.day if day else 0


def field_flag(field_key: str) -> str:
    """Metadata key set to True on every chunk tagged with a field (records may have several fields)."""
    return f"f_{field_key}"
