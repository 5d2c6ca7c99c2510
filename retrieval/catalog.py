"""Listings as records: events, technologies (achievements) and demands, queried by their fields.

"Which upcoming events", "how many in hydrogen", "technologies from Dalian University of Technology"
are answered here from the records, not by counting passages. The records live in the vector store
(one chunk each, the record as JSON in its metadata), so the catalog and the index never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from .dictionary import twin_names
from .search import HybridSearcher
from .stores.base import VectorStore
from .types import RECORD_KINDS, Chunk, Hit, SearchFilters, date_int

__all__ = ["Catalog", "RecordView"]

# A Chinese name of an organisation: a few characters and what kind it is ("沈阳化工大学", "…研究所")
_ZH_ORG = re.compile(r"[\u4e00-\u9fff]{2,20}(?:大学|学院|研究所|研究院|中心|公司)")

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

    @property
    def owner(self) -> str:
        """Who offers an achievement or posts a demand (its institution or enterprise); "" for an event."""
        return str(self.get("institution") or self.get("enterprise") or "")

    @property
    def owner_name(self) -> str:
        """The owner without the corpus's "(sample)" / "（示例）" note: the name as people say it."""
        return self.owner.split(" (")[0].split("（")[0].strip()

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


@dataclass
class _Listing:
    """The records of one kind as read from the store, in listing order, with what the listings filter
    and rank on precomputed as columns: filtering 25k achievements through RecordView.get took ~25 ms a
    question at 100k chunks, reading their vectors from the store to rank them ~13 ms (profiled)."""

    records: list[RecordView]
    vectors: np.ndarray  # row i: records[i]'s stored vector (float32)
    rows: dict[str, int]  # store key -> row
    field: np.ndarray  # str columns, "" where unknown
    maturity: np.ndarray
    city: np.ndarray
    institutions: list[str]  # distinct names, lower-cased
    institution: np.ndarray  # index into `institutions`
    start: np.ndarray  # events: start and end dates as yyyymmdd integers (0 elsewhere)
    end: np.ndarray

    def where(self, mask: np.ndarray) -> list[RecordView]:
        return [self.records[i] for i in np.flatnonzero(mask)]


class Catalog:
    def __init__(self, store: VectorStore, searcher: HybridSearcher) -> None:
        self._store = store
        self._searcher = searcher
        self._listings: dict[str, _Listing] | None = None
        self._institutions: list[str] = []
        self._fingerprint = ""
        self._lock = threading.Lock()
        self._twin_key: tuple[str, ...] = ()
        self._twin_map: dict[str, str] = {}

    def invalidate(self) -> None:
        with self._lock:
            self._listings = None

    def records(self, kind: str) -> list[RecordView]:
        listing = self._listing(kind)
        return list(listing.records) if listing else []

    def record(self, kind: str, doc_id: str) -> RecordView | None:
        """The record of `kind` with this id, or None."""
        return next((r for r in self.records(kind) if r.id == doc_id), None)

    def _listing(self, kind: str) -> _Listing | None:
        """The records of a kind in listing order: technologies by TRL (highest first), demands by
        deadline, events as stored; re-read when the store changed."""
        fingerprint = self._store.fingerprint()  # changes with any write, from any process
        with self._lock:
            if self._listings is None or fingerprint != self._fingerprint:
                read: dict[str, list[tuple[RecordView, np.ndarray]]] = {k: [] for k in RECORD_KINDS}
                for key, chunk, _, vector in self._store.scan_vectors(SearchFilters(kind=RECORD_KINDS)):
                    read[chunk.kind].append((RecordView(chunk, key), vector))
                # Asked on every chat message (to read institution names in questions): computed once here.
                self._institutions = sorted(
                    {str(r.get("institution")) for r, _ in read["achievement"] if r.get("institution")}
                )
                read["achievement"].sort(key=lambda rv: (-int(rv[0].get("trl") or 0), rv[0].id))
                read["demand"].sort(key=lambda rv: (str(rv[0].get("deadline") or "9999"), rv[0].id))
                self._listings = {kind: _build_listing(pairs) for kind, pairs in read.items()}
                self._fingerprint = fingerprint
            return self._listings.get(kind)

    def scored(self, kind: str, q: str) -> list[Hit]:
        """Every record of a kind scored against `q` as a search would score it, best first."""
        listing = self._listing(kind)
        if listing is None or not listing.records:
            return []
        chunks = {r.key: r.chunk for r in listing.records}
        filters = SearchFilters(kind=(kind,))  # type: ignore[arg-type]
        return self._searcher.rank(q, chunks, filters=filters, vectors=listing.vectors)

    def rank(
        self, kind: str, q: str | None, items: list[RecordView], limit: int | None = None
    ) -> list[RecordView]:
        """Items in order of relevance to `q`, keeping those that reach Q_MIN_SCORE; unchanged without q."""
        if not q:
            return items[:limit] if limit else items
        allowed = {r.chunk.doc_id: r for r in items}
        filters = SearchFilters(kind=(kind,))  # type: ignore[arg-type]
        listing = self._listing(kind)
        rows = [listing.rows.get(r.key, -1) for r in items] if listing is not None else [-1]
        if listing is not None and min(rows, default=0) >= 0:
            # Score just these records, as a search over the whole kind would score them.
            vectors = listing.vectors[rows]
            hits = self._searcher.rank(
                q, {r.key: r.chunk for r in items}, filters=filters, vectors=vectors, min_score=Q_MIN_SCORE
            )
        elif all(r.key for r in items):
            hits = self._searcher.rank(
                q, {r.key: r.chunk for r in items}, filters=filters, min_score=Q_MIN_SCORE
            )
        else:  # records from elsewhere, without store keys: rank among every record of the kind
            total = len(listing.records) if listing else 0
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
        """Events sorted by start date; `upcoming` keeps those not yet over on `today` (past ones newest
        first)."""
        listing = self._listing("event")
        if listing is None:
            return []
        mask = np.ones(len(listing.records), dtype=bool)
        if upcoming is True:
            mask &= listing.end >= date_int(today)
        if upcoming is False:
            mask &= listing.end < date_int(today)
        if city:
            mask &= listing.city == city
        if date_from:
            mask &= listing.end >= date_int(date_from)
        if date_to:
            mask &= listing.start <= date_int(date_to)
        out = [r for r in listing.where(mask) if not field or field in (r.get("fields") or [])]
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
        trl: int | None = None,
        transfer: str | None = None,
    ) -> list[RecordView]:
        """Achievements, filtered by any of the slots (`trl`: that level exactly; `transfer`: a transfer
        mode the record offers, e.g. "sale"), then ranked by `q`."""
        listing = self._listing("achievement")
        if listing is None:
            return []
        mask = np.ones(len(listing.records), dtype=bool)  # records already by TRL, highest first
        if field:
            mask &= listing.field == field
        if maturity:
            mask &= listing.maturity == maturity
        if city:
            mask &= listing.city == city
        if institution:
            name = institution.lower()
            twin = self._twins().get(name)  # the same institute named in the other language
            named = [i for i, inst in enumerate(listing.institutions) if name in inst or inst == twin]
            mask &= np.isin(listing.institution, named)
        out = listing.where(mask)
        if trl is not None:
            out = [r for r in out if str(r.get("trl") or "") == str(trl)]
        if transfer is not None:
            out = [r for r in out if transfer in (r.get("transfer_modes") or [])]
        return self.rank("achievement", q, out, limit)

    def demands(
        self,
        q: str | None = None,
        field: str | None = None,
        city: str | None = None,
        limit: int | None = None,
    ) -> list[RecordView]:
        listing = self._listing("demand")
        if listing is None:
            return []
        mask = np.ones(len(listing.records), dtype=bool)  # records already by deadline
        if field:
            mask &= listing.field == field
        if city:
            mask &= listing.city == city
        out = listing.where(mask)
        return self.rank("demand", q, out, limit)

    def _twins(self) -> dict[str, str]:
        """Lower-cased institution names and their other-language counterparts (dictionary.py), and the
        glossary's names of an institution listed in one language only (`_glossary_names`)."""
        listing = self._listing("achievement")
        names = tuple(listing.institutions) if listing is not None else ()  # already lower-cased
        if self._twin_key != names:
            twins = {**self._glossary_names(names), **self._glossary_twins(names), **twin_names(names)}
            self._twin_map, self._twin_key = twins, names
        return self._twin_map

    def _glossary_names(self, names: tuple[str, ...]) -> dict[str, str]:
        """The glossary's name in the other language of an institution listed only in one ("institute of
        computing technology" for 中国科学院沈阳计算技术研究所), where no listed name holds it: a name of
        several words, from the glossary entry the institution's own name is in."""
        glossary, out = self._searcher.glossary, {}
        for name in names:
            for other in (t.lower() for t in glossary.translations(name)):
                own_entry = name in (t.lower() for t in glossary.translations(other))
                # a name of several words, or a Chinese name of an organisation ("沈阳化工大学" for
                # "Shenyang University of Chemical Technology", listed in English only)
                whole = " " in other or bool(_ZH_ORG.fullmatch(other))
                if own_entry and whole and not any(other in held for held in names):
                    out[other] = name
        return out

    def _glossary_twins(self, names: tuple[str, ...]) -> dict[str, str]:
        """Names the glossary pairs both ways, whole ("东北大学" <-> "northeastern university"): a name
        holding another ("沈阳工业大学辽阳产业技术研究院") is not its twin."""
        glossary, held = self._searcher.glossary, set(names)
        out: dict[str, str] = {}
        for name in names:
            for other in (t.lower() for t in glossary.translations(name)):
                if (
                    other in held
                    and other != name
                    and name in (t.lower() for t in glossary.translations(other))
                ):
                    out[name] = other
        return out

    def institutions(self) -> list[str]:
        """The institutions listed, and the glossary's names of those listed in one language only
        ("institute of computing technology"): the names a question may give them."""
        self._listing("achievement")  # refreshes the cache (and the names) when the store changed
        held = {n.lower() for n in self._institutions}
        return [*self._institutions, *(n for n in self._twins() if n not in held)]

    def institution_twin(self, name: str) -> str | None:
        """The institution's name in the other language, lower-cased ("northeastern university" ->
        "东北大学"), where the listings or the glossary pair them."""
        return self._twins().get(name.lower())


def _build_listing(pairs: list[tuple[RecordView, np.ndarray]]) -> _Listing:
    records = [r for r, _ in pairs]
    vectors = np.stack([v for _, v in pairs]) if pairs else np.zeros((0, 0), dtype=np.float32)

    def column(name: str) -> np.ndarray:
        return np.array([str(r.get(name) or "") for r in records], dtype=str)

    names = [str(r.get("institution") or "").lower() for r in records]
    institutions = sorted(set(names))
    code = {name: i for i, name in enumerate(institutions)}

    def day(value: Any) -> int:
        return date_int(dt.date.fromisoformat(str(value))) if value else 0

    start = np.array([day(r.get("start_date")) for r in records], dtype=np.int64)
    end = np.array([day(r.get("end_date")) for r in records], dtype=np.int64)
    return _Listing(
        records=records,
        vectors=vectors,
        rows={r.key: i for i, r in enumerate(records)},
        field=column("field"),
        maturity=column("maturity"),
        city=column("city"),
        institutions=institutions,
        institution=np.array([code[name] for name in names], dtype=np.int64),
        start=start,
        end=np.where(end > 0, end, start),
    )
