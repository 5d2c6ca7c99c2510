"""The pre-docking workbook: `demand_to_technology`, `technology_to_demand` and, with a schedule,
`schedule` and `unscheduled`, written with openpyxl in write-only mode (rows streamed, not held as cells).

Every text cell goes through `neutralise` (bot/security/exports.py): listings are text strangers wrote, and
openpyxl writes a string starting with "=" as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..security.exports import neutralise
from .predock import PredockResult, row_values
from .schedule import Candidate, Schedule

__all__ = ["PAIR_COLUMNS", "SCHEDULE_COLUMNS", "write_workbook"]

PAIR_COLUMNS = (
    "demand_id",
    "demand_title",
    "enterprise",
    "achievement_id",
    "achievement_title",
    "institution",
    "rank",
    "score",
    "evidence",
    "good",
    "mutual",
    "reasons",
    "reasons_json",
)
# technology_to_demand reads from the achievement's side: its columns first
_BACKWARD_COLUMNS = (
    "achievement_id",
    "achievement_title",
    "institution",
    "demand_id",
    "demand_title",
    "enterprise",
    *PAIR_COLUMNS[6:],
)
SCHEDULE_COLUMNS = (
    "slot",
    "table",
    "demand_id",
    "enterprise",
    "achievement_id",
    "institution",
    "score",
    "mutual",
)


def _sheet(book: Any, title: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(columns))
    for row in rows:
        sheet.append([neutralise(row.get(c)) for c in columns])


def _pair(c: Candidate) -> dict[str, Any]:
    return {
        "demand_id": c.demand_id,
        "enterprise": c.enterprise,
        "achievement_id": c.achievement_id,
        "institution": c.institution,
        "score": c.score,
        "mutual": c.mutual,
    }


def write_workbook(result: PredockResult, schedule: Schedule | None, out: Path | io.BytesIO) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    _sheet(book, "demand_to_technology", PAIR_COLUMNS, (row_values(r) for r in result.demand_to_technology))
    _sheet(
        book, "technology_to_demand", _BACKWARD_COLUMNS, (row_values(r) for r in result.technology_to_demand)
    )
    if schedule is not None:
        meetings = ({"slot": m.slot, "table": m.table, **_pair(m.pair)} for m in schedule.meetings)
        _sheet(book, "schedule", SCHEDULE_COLUMNS, meetings)
        _sheet(book, "unscheduled", SCHEDULE_COLUMNS[2:], (_pair(c) for c in schedule.unscheduled))
    if result.errors:
        _sheet(book, "errors", ("error",), ({"error": str(e)} for e in result.errors))
    book.save(out)
