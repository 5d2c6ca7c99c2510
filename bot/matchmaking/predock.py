"""Pre-docking: every demand of an event matched to its best k achievements, and every achievement to its
best k demands, with the matcher's checkable reasons (the same Matcher and scores as /api/match).

Listing files are matched among themselves, not against the whole index: they are embedded once into a
private in-memory index (store, keyword index, catalog). An event's records already in the index
(`--event`, event.py) are matched from their stored vectors. Either way each record's match query is its
title and body (`MatchQuery.from_record`), embedded in one batch, and pairs.py ranks all of them in
matrix blocks, scoring only the pairs that can be among the k best with the Matcher's own `_score`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.catalog import Catalog, RecordView
from retrieval.chunking import Chunker
from retrieval.config import SearchSettings
from retrieval.embedders import Embedder, HashingEmbedder, UseEmbedder
from retrieval.errors import SourceError
from retrieval.glossary import Glossary
from retrieval.ingest import Ingestor
from retrieval.loaders.base import LoadContext
from retrieval.loaders.tabular import load_csv, load_xlsx
from retrieval.matching import Match, Matcher, MatchQuery
from retrieval.search import HybridSearcher
from retrieval.stores.memory import InMemoryStore
from retrieval.types import Document

from ..matching.service import is_good
from .pairs import best_matches, stored_vectors

__all__ = [
    "PairRow",
    "PredockResult",
    "embed_queries",
    "load_listing",
    "predock",
    "predock_records",
    "reasons_text",
    "row_values",
]

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


def embed_queries(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """The match texts' query vectors in one batch where the embedder's query and document vectors are
    the same (USE, hashing); other embedders embed each as a query, as /api/match does."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    if isinstance(embedder, UseEmbedder | HashingEmbedder):
        vectors = embedder.embed_documents(list(texts))
    else:
        vectors = [embedder.embed_query(t) for t in texts]
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


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
    """Match both ways among these listings (their own in-memory index); rows in listing order."""
    started = time.perf_counter()
    store = InMemoryStore("predock")
    report = Ingestor(store, embedder, chunker or Chunker()).ingest_documents([*demands, *achievements])
    embedded = time.perf_counter() - started
    searcher = HybridSearcher(store, embedder, search, glossary)
    catalog = Catalog(store, searcher)
    result = predock_records(
        Matcher(searcher, catalog), catalog.records("demand"), catalog.records("achievement"), k, progress
    )
    result.errors = list(report.errors)
    result.seconds = {"embed_records": round(embedded, 3), **result.seconds}
    return result


def predock_records(
    matcher: Matcher,
    demands: Sequence[RecordView],
    achievements: Sequence[RecordView],
    k: int = 5,
    progress: Callable[[str], None] | None = None,
) -> PredockResult:
    """Match these indexed records both ways (pairs.py): each demand's k best among `achievements` and
    each achievement's k best among `demands`, with the Matcher's scores and reasons."""
    say = progress or (lambda _: None)
    seconds: dict[str, float] = {}
    searcher = matcher.searcher
    mark = time.perf_counter()
    demand_vectors = stored_vectors(searcher, demands) if demands else np.zeros((0, 0), np.float32)
    achievement_vectors = stored_vectors(searcher, achievements) if achievements else demand_vectors
    texts = [MatchQuery.from_record(r).text for r in [*demands, *achievements]]
    queries = embed_queries(searcher.embedder, texts)
    seconds["embed_queries"] = time.perf_counter() - mark
    say(f"embedded {len(texts)} match texts")

    mark = time.perf_counter()
    found = best_matches(matcher, demands, queries[: len(demands)], achievements, achievement_vectors, k)
    forward = [
        PairRow(r, m.record, rank, m)
        for r, ms in zip(demands, found, strict=True)
        for rank, m in enumerate(ms, start=1)
    ]
    seconds["match_demands"] = time.perf_counter() - mark
    say(f"matched {len(demands)} demands")

    mark = time.perf_counter()
    found = best_matches(matcher, achievements, queries[len(demands) :], demands, demand_vectors, k)
    backward = [
        PairRow(m.record, r, rank, m)
        for r, ms in zip(achievements, found, strict=True)
        for rank, m in enumerate(ms, start=1)
    ]
    seconds["match_achievements"] = time.perf_counter() - mark
    say(f"matched {len(achievements)} achievements")

    both = {(r.demand_id, r.achievement_id) for r in forward} & {
        (r.demand_id, r.achievement_id) for r in backward
    }
    return PredockResult(
        [_mutual(r, both) for r in forward],
        [_mutual(r, both) for r in backward],
        list(demands),
        list(achievements),
        seconds={key: round(value, 3) for key, value in seconds.items()},
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
