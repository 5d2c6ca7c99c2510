"""Pre-docking from listing files, or an indexed event's listings, to a workbook: what the CLI
(`techbridge predock`) and the admin API (`POST /api/admin/predock`) both run."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from retrieval.chunking import Chunker
from retrieval.errors import SourceError

from ..services import Services
from .event import event_listings
from .predock import PairRow, PredockResult, load_listing, predock, predock_records
from .schedule import Candidate, Schedule, make_schedule
from .workbook import write_workbook

__all__ = ["PredockOptions", "PredockRun", "candidates", "run_predock", "run_predock_event"]


@dataclass(frozen=True)
class PredockOptions:
    k: int = 5
    slots: int | None = None  # no schedule without slots
    max_meetings: int = 5
    tables: int | None = None
    time_limit_s: float = 10.0


@dataclass
class PredockRun:
    result: PredockResult
    schedule: Schedule | None

    def summary(self) -> dict[str, object]:
        s = self.schedule
        return {
            "demands": len(self.result.demands),
            "achievements": len(self.result.achievements),
            "demand_to_technology": len(self.result.demand_to_technology),
            "technology_to_demand": len(self.result.technology_to_demand),
            "mutual_pairs": len(
                {(r.demand_id, r.achievement_id) for r in self.result.demand_to_technology if r.mutual}
            ),
            "meetings": len(s.meetings) if s else None,
            "unscheduled": len(s.unscheduled) if s else None,
            "solver": s.status if s else None,
            "errors": [str(e) for e in self.result.errors],
            "seconds": self.result.seconds,
        }


def candidates(result: PredockResult) -> list[Candidate]:
    """Every pair either direction ranked, as schedule candidates (party names fall back to record ids)."""

    def candidate(row: PairRow) -> Candidate:
        return Candidate(
            row.demand_id,
            row.achievement_id,
            row.enterprise or row.demand_id,
            row.institution or row.achievement_id,
            row.match.score,
            row.mutual,
        )

    return [candidate(r) for r in [*result.demand_to_technology, *result.technology_to_demand]]


def run_predock(
    services: Services,
    demands: Path,
    achievements: Path,
    options: PredockOptions,
    out: Path | io.BytesIO,
    progress: Callable[[str], None] | None = None,
) -> PredockRun:
    """Listing files (CSV or XLSX) matched among themselves, in an index of their own."""
    demand_docs, errors = load_listing(demands, "demand")
    achievement_docs, more = load_listing(achievements, "achievement")
    errors += more
    if not demand_docs or not achievement_docs:
        missing = "demands" if not demand_docs else "achievements"
        detail = "; ".join(str(e) for e in errors[:3])
        raise SourceError(
            str(demands if not demand_docs else achievements), f"no {missing} loaded. {detail}".strip()
        )
    settings = services.settings
    result = predock(
        demand_docs,
        achievement_docs,
        services.embedder,
        settings.search,
        services.searcher.glossary,
        k=options.k,
        chunker=Chunker(settings.chunking.chunk_tokens, settings.chunking.overlap_tokens),
        progress=progress,
    )
    result.errors[:0] = errors
    return _finish(result, options, out)


def run_predock_event(
    services: Services,
    event_id: str,
    options: PredockOptions,
    out: Path | io.BytesIO,
    progress: Callable[[str], None] | None = None,
) -> PredockRun:
    """An indexed event's registered demands and the achievements in its fields (event.py), matched from
    their stored vectors with the index's Matcher, as /api/match ranks them."""
    _, demands, achievements = event_listings(services.catalog, event_id)
    if not demands or not achievements:
        missing = "demands" if not demands else "achievements"
        raise SourceError(event_id, f"the index holds no {missing} for this event's fields and province")
    if progress:
        progress(f"event {event_id}: {len(demands)} demands, {len(achievements)} achievements")
    result = predock_records(services.matcher, demands, achievements, options.k, progress)
    return _finish(result, options, out)


def _finish(result: PredockResult, options: PredockOptions, out: Path | io.BytesIO) -> PredockRun:
    schedule = None
    if options.slots:
        mark = time.perf_counter()
        schedule = make_schedule(
            candidates(result), options.slots, options.max_meetings, options.tables, options.time_limit_s
        )
        result.seconds["schedule"] = round(time.perf_counter() - mark, 3)
    mark = time.perf_counter()
    write_workbook(result, schedule, out)
    result.seconds["workbook"] = round(time.perf_counter() - mark, 3)
    return PredockRun(result, schedule)
