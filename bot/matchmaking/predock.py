"""Pre-docking: every demand of an event matched to its best k achievements, and every achievement to its
best k demands, with the matcher's checkable reasons (the same Matcher and scores as /api/match).

An event's listings are matched among themselves, not against the whole index: they are embedded once
into a private in-memory index (store, keyword index, catalog), and the Matcher runs on that. Each
record's match query is its title and body (`MatchQuery.from_record`); those texts are embedded in one
batch first, so the per-record matches never call the model one text at a time.

The Matcher scores a query's best 300 records by search score in full (term coverage, field, maturity,
region, modes: ~0.1 ms each in Python). Its fit factors add at most MAX_FIT to a search score, so pre-docking
hands it a shortlist of the best `n` first, and widens it only when the k-th match could still be beaten
by the best record left out (search score + MAX_FIT above it): the result is the Matcher's own over the
full 300, at a fraction of the cost (measured in the README, "Pre-docking and schedules").
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrieval.catalog import Catalog, RecordView
from retrieval.chunking import Chunker
from retrieval.config import SearchSettings
from retrieval.embedders import Embedder, HashingEmbedder, UseEmbedder
from retrieval.errors import SourceError
from retrieval.glossary import Glossary
from retrieval.ingest import Ingestor
from retrieval.loaders.base import LoadContext
from retrieval.loaders.tabular import load_csv, load_xlsx
from retrieval.matching import (
    W_FIELD_SAME,
    W_MATURITY_OK,
    W_MODES,
    W_REGION_CITY,
    W_TERMS,
    Match,
    Matcher,
    MatchQuery,
)
from retrieval.search import HybridSearcher
from retrieval.stores.memory import InMemoryStore
from retrieval.types import Document, Hit

from ..matching.service import is_good

__all__ = ["MAX_FIT", "PairRow", "PredockResult", "load_listing", "predock", "reasons_text"]

# The most the matcher's fit factors add to a search score: every key term shared, same field, maturity
# met, same city, a wanted transfer mode (retrieval/matching.py; its negative factors only lower a score).
MAX_FIT = W_TERMS + W_FIELD_SAME + W_MATURITY_OK + W_REGION_CITY + W_MODES
FULL = 300  # records the Matcher scores in full per match (retrieval/matching.py _DETAILED)
SHORTLIST = 40  # the first shortlist; widened x3 while the k-th match is not proved best

_LOADERS = {".csv": load_csv, ".xlsx": load_xlsx}


def load_listing(path: Path, kind: str) -> tuple[list[Document], list[SourceError]]:
    """The records of one listing file (knowledge/FORMAT.md columns, CSV or XLSX) read as `kind`,
    whatever folder the file is in; a bad row is an error naming its row, the rest still load."""
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        return [], [
            SourceError(path.name, f"listings must be .csv or .xlsx, not {path.suffix or 'no suffix'}")
        ]
    ctx = LoadContext(path=path, origin=f"predock/{path.name}", folder_kind=kind)  # type: ignore[arg-type]
    docs: list[Document] = []
    errors: list[SourceError] = []
    try:
        for item in loader(path, ctx):
            if isinstance(item, SourceError):
                errors.append(item)
            elif item.kind != kind:
                errors.append(SourceError(ctx.origin, f"{item.id} is a {item.kind}, expected a {kind}"))
            else:
                docs.append(item)
    except SourceError as exc:
        errors.append(exc)
    except Exception as exc:  # a file the parser cannot read at all
        errors.append(SourceError(ctx.origin, f"unreadable: {exc}"))
    return docs, errors


@dataclass(frozen=True)
class PairRow:
    """One ranked pair of a direction; `rank` is the candidate's place in the query record's list."""

    demand: RecordView
    achievement: RecordView
    rank: int
    match: Match
    mutual: bool = False  # each is among the other's k best

    @property
    def demand_id(self) -> str:
        return self.demand.id

    @property
    def achievement_id(self) -> str:
        return self.achievement.id

    @property
    def enterprise(self) -> str:
        return str(self.demand.get("enterprise") or "")

    @property
    def institution(self) -> str:
        return str(self.achievement.get("institution") or "")


@dataclass
class PredockResult:
    demand_to_technology: list[PairRow]
    technology_to_demand: list[PairRow]
    demands: list[RecordView]
    achievements: list[RecordView]
    errors: list[SourceError] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    shortlists: dict[int, int] = field(default_factory=dict)  # shortlist length -> queries proved at it


class _KnownQueries:
    """The embedder with the match queries' vectors computed in one batch beforehand. Only for symmetric
    embedders (query and document vectors the same: USE, hashing); others embed each query as usual."""

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner
        self._known: dict[str, list[float]] = {}

    @property
    def name(self) -> str:
        return self._inner.name

    def preload(self, texts: Sequence[str]) -> None:
        if isinstance(self._inner, UseEmbedder | HashingEmbedder):
            todo = [t for t in dict.fromkeys(texts) if t not in self._known]
            self._known.update(zip(todo, self._inner.embed_documents(todo), strict=True))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        known = self._known.get(text)
        return list(known) if known is not None else self._inner.embed_query(text)


class _Shortlist(Catalog):
    """The event's catalog, whose `scored` hands the Matcher only the `limit` first hits of a query's
    search order (ranked once per query, then cut)."""

    def __init__(self, store: InMemoryStore, searcher: HybridSearcher) -> None:
        super().__init__(store, searcher)
        self.limit: int | None = None
        self._last: tuple[tuple[str, str], list[Hit]] | None = None

    def ranked(self, kind: str, q: str) -> list[Hit]:
        if self._last is None or self._last[0] != (kind, q):
            self._last = ((kind, q), super().scored(kind, q))
        return self._last[1]

    def scored(self, kind: str, q: str) -> list[Hit]:
        hits = self.ranked(kind, q)
        return hits if self.limit is None else hits[: self.limit]


class _EventMatcher(Matcher):
    """The Matcher with its term statistics computed once: the event's index does not change while it is
    matched (the base class re-checks every record's title on each call to notice index writes)."""

    def _stats(self) -> None:
        if not self._n:
            super()._stats()


def _best(matcher: Matcher, catalog: _Shortlist, query: MatchQuery, k: int) -> tuple[list[Match], int]:
    """matcher.match(query, k) as over the full catalog: shortlists widen until no record left out could
    reach the k-th match (its search score plus MAX_FIT below the k-th score). Also the last shortlist."""
    full = max(FULL, 4 * k)
    limit = max(SHORTLIST, 4 * k)
    while True:
        catalog.limit = limit
        found = matcher.match(query, k=k)
        rest = catalog.ranked(query.target, query.text)[limit:full]
        if not rest or limit >= full:
            return found, limit
        if len(found) == k and found[-1].score >= max(h.score for h in rest) + MAX_FIT:
            return found, limit
        limit = min(3 * limit, full)


def predock(
    demands: Sequence[Document],
    achievements: Sequence[Document],
    embedder: Embedder,
    search: SearchSettings,
    glossary: Glossary | None = None,
    k: int = 5,
    chunker: Chunker | None = None,
    progress: Callable[[str], None] | None = None,
) -> PredockResult:
    """Match both ways among these listings; each direction's rows in the query records' listing order."""
    say = progress or (lambda _: None)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    store = InMemoryStore("predock")
    queries = _KnownQueries(embedder)
    ingestor = Ingestor(store, queries, chunker or Chunker())
    report = ingestor.ingest_documents([*demands, *achievements])
    seconds["embed_records"] = time.perf_counter() - started

    searcher = HybridSearcher(store, queries, search, glossary)
    catalog = _Shortlist(store, searcher)
    matcher = _EventMatcher(searcher, catalog)
    demand_records = catalog.records("demand")
    achievement_records = catalog.records("achievement")
    say(f"indexed {len(demand_records)} demands and {len(achievement_records)} achievements")

    mark = time.perf_counter()
    query_of = {r.id: MatchQuery.from_record(r) for r in [*demand_records, *achievement_records]}
    queries.preload([q.text for q in query_of.values()])
    seconds["embed_queries"] = time.perf_counter() - mark

    mark = time.perf_counter()
    shortlists: Counter[int] = Counter()  # how long the proved shortlists were
    forward: list[PairRow] = []
    for record in demand_records:
        found, limit = _best(matcher, catalog, query_of[record.id], k)
        shortlists[limit] += 1
        for rank, m in enumerate(found, start=1):
            forward.append(PairRow(record, m.record, rank, m))
    seconds["match_demands"] = time.perf_counter() - mark
    say(f"matched {len(demand_records)} demands")

    mark = time.perf_counter()
    backward: list[PairRow] = []
    for record in achievement_records:
        found, limit = _best(matcher, catalog, query_of[record.id], k)
        shortlists[limit] += 1
        for rank, m in enumerate(found, start=1):
            backward.append(PairRow(m.record, record, rank, m))
    seconds["match_achievements"] = time.perf_counter() - mark
    say(f"matched {len(achievement_records)} achievements")

    both = {(r.demand_id, r.achievement_id) for r in forward} & {
        (r.demand_id, r.achievement_id) for r in backward
    }
    forward = [_mutual(r, both) for r in forward]
    backward = [_mutual(r, both) for r in backward]
    return PredockResult(
        forward,
        backward,
        demand_records,
        achievement_records,
        errors=list(report.errors),
        seconds={key: round(value, 3) for key, value in seconds.items()},
        shortlists=dict(sorted(shortlists.items())),
    )


def _mutual(row: PairRow, both: set[tuple[str, str]]) -> PairRow:
    if (row.demand_id, row.achievement_id) not in both:
        return row
    return PairRow(row.demand, row.achievement, row.rank, row.match, mutual=True)


def reasons_text(match: Match) -> str:
    """The match's reasons in one line a person can check against the two listings."""
    r = match.reasons
    parts = []
    if r.get("terms"):
        parts.append("terms: " + ", ".join(r["terms"]))
    fld, maturity, region, modes = r["field"], r["maturity"], r["region"], r["transfer_modes"]
    parts.append(f"field: {fld['fit']} ({fld['candidate'] or '-'})")
    parts.append(
        f"maturity: {maturity['fit']} "
        f"(required {maturity['required'] or '-'}, offered {maturity['offered'] or '-'})"
    )
    parts.append(f"region: {region['fit']} ({region['candidate'] or '-'})")
    if modes.get("shared"):
        parts.append("transfer modes: " + ", ".join(modes["shared"]))
    return "; ".join(parts)


def row_values(row: PairRow) -> dict[str, Any]:
    """A pair as the workbook and JSON show it (no contacts)."""
    m = row.match
    return {
        "demand_id": row.demand_id,
        "demand_title": row.demand.chunk.title,
        "enterprise": row.enterprise,
        "achievement_id": row.achievement_id,
        "achievement_title": row.achievement.chunk.title,
        "institution": row.institution,
        "rank": row.rank,
        "score": m.score,
        "evidence": m.evidence,
        "good": is_good(m),
        "mutual": row.mutual,
        "reasons": reasons_text(m),
        "reasons_json": json.dumps(m.reasons, ensure_ascii=False, sort_keys=True),
    }
