"""Listings as records: events, technologies (achievements) and demands, queried by their fields.

"Which upcoming events", "how many in hydrogen", "technologies from Dalian University of Technology"
are answered here from the records, not by counting passages. The records live in the vector store
(one chunk each, the record as JSON in its metadata), so the catalog and the index never disagree.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

from .chroma_store import ChromaStore
from .search import HybridSearcher
from .types import RECORD_KINDS, Chunk, SearchFilters

__all__ = ["Catalog", "RecordView"]

# A free-text `q` keeps records whose fused search score reaches this (cosine similarity scale); set on
# the evaluation questions: the weakest right match scored above it, unrelated records below.
Q_MIN_SCORE = 0.25


@dataclass(frozen=True)
class RecordView:
    chunk: Chunk
    key: str = ""  # the chunk's key in the store, when the record came from the catalog

    @property
    def id(self) -> str:
        return self.chunk.doc_id

    @property
    def data(self) -> dict[str, Any]:
        return self.chunk.meta

    def get(self, key: str, default: Any = None) -> Any:
        return self.chunk.meta.get(key, default)

    def public(self) -> dict[str, Any]:
        """The record as the API shows it (demand contacts are for staff only)."""
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.chunk.kind,
            "title": self.chunk.title,
            "lang": self.chunk.lang,
            "date": self.chunk.date.isoformat() if self.chunk.date else None,
            "source": self.chunk.source,
            "url": self.chunk.url,
        }
        out.update(
            {k: v for k, v in self.data.items() if not (self.chunk.kind == "demand" and k == "contact")}
        )
        return out


class Catalog:
    def __init__(self, store: ChromaStore, searcher: HybridSearcher) -> None:
        self._store = store
        self._searcher = searcher
        self._cache: dict[str, list[RecordView]] | None = None
        self._institutions: list[str] = []
        # Per kind, records in listing order with the fields the listings filter on, read once: filtering
        # 25k achievements through RecordView.get took ~25 ms a question at 100k chunks (profiled).
        self._rows: dict[str, list[tuple[RecordView, str, str, str, str]]] = {}
        self._fingerprint = ""
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        with self._lock:
            self._cache = None

    def records(self, kind: str) -> list[RecordView]:
        return [row[0] for row in self._filter_rows(kind)]

    def _filter_rows(self, kind: str) -> list[tuple[RecordView, str, str, str, str]]:
        """(record, field, institution lower-cased, maturity, city) in listing order: technologies by TRL
        (highest first), demands by deadline, events as stored."""
        fingerprint = self._store.fingerprint()  # changes with any write, from any process
        with self._lock:
            if self._cache is None or fingerprint != self._fingerprint:
                cache: dict[str, list[RecordView]] = {k: [] for k in RECORD_KINDS}
                for key, chunk, _ in self._store.scan(where={"kind": {"$in": list(RECORD_KINDS)}}):
                    if chunk is not None:
                        cache[chunk.kind].append(RecordView(chunk, key))
                # Asked on every chat message (to read institution names in questions): computed once here.
                self._institutions = sorted(
                    {str(r.get("institution")) for r in cache["achievement"] if r.get("institution")}
                )
                cache["achievement"].sort(key=lambda r: (-int(r.get("trl") or 0), r.id))
                cache["demand"].sort(key=lambda r: (str(r.get("deadline") or "9999"), r.id))
                self._rows = {
                    kind: [
                        (
                            r,
                            str(r.get("field") or ""),
                            str(r.get("institution") or "").lower(),
                            str(r.get("maturity") or ""),
                            str(r.get("city") or ""),
                        )
                        for r in records
                    ]
                    for kind, records in cache.items()
                }
                self._cache, self._fingerprint = cache, fingerprint
            return self._rows.get(kind, [])

    def rank(
        self, kind: str, q: str | None, items: list[RecordView], limit: int | None = None
    ) -> list[RecordView]:
        """Items in order of relevance to `q`, keeping those that reach Q_MIN_SCORE; unchanged without q."""
        if not q:
            return items[:limit] if limit else items
        allowed = {r.id: r for r in items}
        filters = SearchFilters(kind=(kind,))  # type: ignore[arg-type]
        if all(r.key for r in items):
            # Score just these records, as a search over the whole kind would score them.
            hits = self._searcher.rank(q, {r.key: r.chunk for r in items}, filters=filters)
        else:  # records from elsewhere, without store keys: rank among every record of the kind
            total = len(self.records(kind))
            hits = self._searcher.search(q, k=max(total, 1), filters=filters).hits
        ranked = list(
            {
                h.chunk.doc_id: allowed[h.chunk.doc_id]
                for h in hits
                if h.chunk.doc_id in allowed and h.score >= Q_MIN_SCORE
            }.values()
        )
        return ranked[:limit] if limit else ranked

    def events(
        self,
        today: dt.date,
        upcoming: bool | None = None,
        q: str | None = None,
        city: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        field: str | None = None,
        limit: int | None = None,
    ) -> list[RecordView]:
        """Events sorted by start date; `upcoming` keeps those not yet over on `today` (past ones newest first)."""
        out = []
        for r in self.records("event"):
            start = dt.date.fromisoformat(r.get("start_date"))
            end = dt.date.fromisoformat(r.get("end_date")) if r.get("end_date") else start
            if upcoming is True and end < today:
                continue
            if upcoming is False and end >= today:
                continue
            if city and r.get("city") != city:
                continue
            if date_from and end < date_from:
                continue
            if date_to and start > date_to:
                continue
            if field and field not in (r.get("fields") or []):
                continue
            out.append(r)
        out.sort(key=lambda r: r.get("start_date"), reverse=upcoming is False)
        return self.rank("event", q, out, limit)

    def technologies(
        self,
        q: str | None = None,
        field: str | None = None,
        institution: str | None = None,
        maturity: str | None = None,
        city: str | None = None,
        limit: int | None = None,
    ) -> list[RecordView]:
        name = institution.lower() if institution else ""
        out = [
            r
            for r, f, inst, m, c in self._filter_rows("achievement")  # already by TRL, highest first
            if (not field or f == field)
            and (not name or name in inst)
            and (not maturity or m == maturity)
            and (not city or c == city)
        ]
        return self.rank("achievement", q, out, limit)

    def demands(
        self,
        q: str | None = None,
        field: str | None = None,
        city: str | None = None,
        limit: int | None = None,
    ) -> list[RecordView]:
        out = [  # already by deadline
            r
            for r, f, _, _, c in self._filter_rows("demand")
            if (not field or f == field) and (not city or c == city)
        ]
        return self.rank("demand", q, out, limit)

    def institutions(self) -> list[str]:
        self.records("achievement")  # refreshes the cache (and the names) when the store changed
        return list(self._institutions)
