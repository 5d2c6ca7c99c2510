"""POST /api/admin/predock: an event's demand and achievement listings in, the pre-docking workbook out."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from ..deps import AdminDep, ServicesDep
from ..matchmaking.service import PredockOptions, run_predock, run_predock_event

router = APIRouter(prefix="/api/admin", tags=["admin", "matchmaking"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_LISTING_BYTES = 20 * 1024 * 1024  # as /api/admin/ingest; 1,302 demands are ~0.4 MB of CSV
_SUFFIXES = (".csv", ".xlsx")


async def _save(upload: UploadFile, folder: Path, name: str) -> Path:
    suffix = Path(upload.filename or "").suffix.lower()
    if suffix not in _SUFFIXES:
        raise HTTPException(415, f"{name}: a listing must be .csv or .xlsx (knowledge/FORMAT.md columns)")
    target = folder / f"{name}{suffix}"
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            if size > MAX_LISTING_BYTES:
                raise HTTPException(413, f"{name}: larger than {MAX_LISTING_BYTES >> 20} MB")
            out.write(chunk)
    return target


@router.post(
    "/predock",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "the pre-docking workbook"}},
)
async def predock(
    _: AdminDep,
    services: ServicesDep,
    demands: Annotated[UploadFile | None, File(description="demand listing, CSV or XLSX")] = None,
    achievements: Annotated[UploadFile | None, File(description="achievement listing, CSV or XLSX")] = None,
    event: Annotated[
        str | None, Form(max_length=200, description="instead of files: an indexed event's id")
    ] = None,
    k: Annotated[int, Form(ge=1, le=50, description="matches per record, each way")] = 5,
    slots: Annotated[int | None, Form(ge=1, le=100, description="time slots: adds the schedule")] = None,
    max_meetings: Annotated[int, Form(ge=1, le=100, description="talks per enterprise or institution")] = 5,
    tables: Annotated[int | None, Form(ge=1, le=10_000, description="tables per slot")] = None,
) -> Response:
    """Pre-dock an event: every demand matched to its best `k` achievements and every achievement to its
    best `k` demands, with the same checkable reasons as /api/match, returned as an XLSX workbook with the
    sheets `demand_to_technology` and `technology_to_demand` (demand_id, enterprise, achievement_id,
    institution, rank, score, reasons, ...). With `slots`, a `schedule` sheet of one-to-one talks (slot,
    table, demand_id, enterprise, achievement_id, institution, score): mutual top choices first, at most
    `max_meetings` per enterprise or institution, none twice in one slot; talks that did not fit are in
    `unscheduled`. The listings are matched among themselves and not indexed. Bad rows are listed in an
    `errors` sheet; a file with no valid record is refused with 422. Instead of files, `event` names an
    indexed event: its registered demands (the event's fields, from its province) and the achievements in
    its fields, from the index (404 for an unknown event)."""
    options = PredockOptions(k=k, slots=slots, max_meetings=max_meetings, tables=tables)
    out = io.BytesIO()
    if event and not demands and not achievements:
        run = await run_in_threadpool(run_predock_event, services, event, options, out)
    elif event or demands is None or achievements is None:
        raise HTTPException(422, "send both listing files (demands, achievements) or an event id, not both")
    else:
        with tempfile.TemporaryDirectory(prefix="predock-") as tmp:
            folder = Path(tmp)
            demand_file = await _save(demands, folder, "demands")
            achievement_file = await _save(achievements, folder, "achievements")
            run = await run_in_threadpool(run_predock, services, demand_file, achievement_file, options, out)
    summary = run.summary()
    headers = {
        "Content-Disposition": 'attachment; filename="predock.xlsx"',
        "X-Predock-Demands": str(summary["demands"]),
        "X-Predock-Achievements": str(summary["achievements"]),
        "X-Predock-Meetings": str(summary["meetings"] if summary["meetings"] is not None else ""),
        "X-Predock-Errors": str(len(run.result.errors)),
    }
    return Response(out.getvalue(), media_type=XLSX, headers=headers)
