"""Listings: achievements, demands and events as tables with search and filters; editors add, edit and
archive records (validated by the records' own models, bot/console/records.py) and import CSV/XLSX files
through the upload path (each bad row reported); everyone may export a kind as CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from retrieval.fields import FIELDS, city_key, field_key

from ...api.admin import ingest_uploads
from ..auth import ConsoleDep, CsrfDep, Session, StaffDep, require
from ..records import COLUMNS, archive_record, export_csv, listing_rows, save_record
from ..web import redirect, render

router = APIRouter(prefix="/listings")
Editor = Annotated[Session, require("editor")]
KINDS = tuple(COLUMNS)
LONG = {"summary", "description", "registration", "topics", "organizers"}  # a textarea, not a line


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise HTTPException(404, f"no listing {kind!r}: one of {', '.join(KINDS)}")
    return kind


def _matches(row: dict[str, str], q: str, field: str | None, city: str | None) -> bool:
    if field and field not in (row.get("field", ""), *row.get("fields", "").split(";")):
        return False
    if city and row.get("city") != city:
        return False
    text = " ".join(row.values()).lower()
    return all(word in text for word in q.lower().split())


@router.get("")
async def listings_home() -> Response:
    return redirect("/listings/achievement")


@router.get("/{kind}")
async def listing(
    kind: str,
    request: Request,
    console: ConsoleDep,
    _: StaffDep,
    q: Annotated[str, Query(max_length=200)] = "",
    field: Annotated[str, Query(max_length=80)] = "",
    city: Annotated[str, Query(max_length=50)] = "",
) -> Response:
    kind = _kind(kind)
    rows = await run_in_threadpool(listing_rows, console.services, kind)
    field_wanted = field_key(field) if field else None
    city_wanted = city_key(city) if city else None
    shown = [r for r in rows if _matches(r, q, field_wanted, city_wanted)]
    return render(
        request,
        "listings.html",
        section="listings",
        kind=kind,
        kinds=KINDS,
        rows=shown[:500],
        total=len(rows),
        matched=len(shown),
        q=q,
        field=field,
        city=city,
        fields=sorted(FIELDS),
        columns=("id", "title", "lang", "city", "field" if kind != "event" else "start_date"),
        result=None,
    )


@router.get("/{kind}/export.csv")
async def export(kind: str, console: ConsoleDep, _: StaffDep) -> Response:
    body = await run_in_threadpool(export_csv, console.services, _kind(kind))
    headers = {"Content-Disposition": f'attachment; filename="{kind}s.csv"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


def _form_page(
    request: Request, kind: str, values: dict[str, str], error: str | None, status: int = 200
) -> Response:
    return render(
        request,
        "listing_form.html",
        status_code=status,
        section="listings",
        kind=kind,
        columns=COLUMNS[kind],
        long=LONG,
        values=values,
        error=error,
        editing=bool(values.get("id")) and error is None,
    )


@router.get("/{kind}/new")
async def new(kind: str, request: Request, _: Editor) -> Response:
    return _form_page(request, _kind(kind), {}, None)


@router.get("/{kind}/edit/{record_id}")
async def edit(kind: str, record_id: str, request: Request, console: ConsoleDep, _: Editor) -> Response:
    rows = await run_in_threadpool(listing_rows, console.services, _kind(kind))
    found = next((r for r in rows if r["id"] == record_id), None)
    if found is None:
        raise HTTPException(404, f"no {kind} {record_id!r}")
    return _form_page(request, kind, found, None)


@router.post("/{kind}/save")
async def save(kind: str, request: Request, console: ConsoleDep, session: Editor, _: CsrfDep) -> Response:
    kind = _kind(kind)
    form = await request.form()
    values = {c: str(form.get(c, ""))[:5000].strip() for c in COLUMNS[kind]}
    try:
        record_id, summary = await run_in_threadpool(save_record, console.services, kind, values)
    except ValueError as exc:  # the record's model says which fields are wrong; nothing was written
        return _form_page(request, kind, values, str(exc), status=422)
    await run_in_threadpool(
        console.audit.record,
        session.user.username,
        f"save_{kind}",
        record_id,
        {"title": values["title"][:200], **summary},
    )
    return redirect(f"/listings/{kind}", done=record_id)


@router.post("/{kind}/archive")
async def archive(
    kind: str,
    console: ConsoleDep,
    session: Editor,
    _: CsrfDep,
    record_id: Annotated[str, Form(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=200)],
) -> Response:
    if not await run_in_threadpool(archive_record, console.services, record_id):
        raise HTTPException(404, f"no {kind} {record_id!r}")
    await run_in_threadpool(console.audit.record, session.user.username, f"archive_{_kind(kind)}", record_id)
    return redirect(f"/listings/{kind}", done=record_id)


@router.post("/{kind}/import")
async def import_file(
    kind: str,
    request: Request,
    console: ConsoleDep,
    session: Editor,
    _: CsrfDep,
    files: Annotated[list[UploadFile], File()],
    replace: Annotated[bool, Form()] = False,
) -> Response:
    """CSV or XLSX in the knowledge files' columns, with a `kind` column (the export has one) or, in a
    workbook, sheets named after the kind ("achievements"): the loaders' own rules, row errors included."""
    kind = _kind(kind)
    files = [f for f in files if f.filename]
    wrong = [f.filename for f in files if not (f.filename or "").lower().endswith((".csv", ".xlsx"))]
    if wrong:
        raise HTTPException(415, f"CSV or XLSX only: {', '.join(str(w) for w in wrong)}")
    try:
        result = await ingest_uploads(console.services, files, replace)
    except HTTPException as exc:
        result = {"errors": [str(exc.detail)], "documents": [], "added": 0, "updated": 0, "unchanged": 0}
    await run_in_threadpool(
        console.audit.record,
        session.user.username,
        f"import_{kind}",
        ", ".join(f.filename or "" for f in files)[:500],
        {"documents": result.get("documents", [])[:100], "errors": result["errors"][:20]},
    )
    rows = await run_in_threadpool(listing_rows, console.services, kind)
    return render(
        request,
        "listings.html",
        section="listings",
        kind=kind,
        kinds=KINDS,
        rows=rows[:500],
        total=len(rows),
        matched=len(rows),
        q="",
        field="",
        city="",
        fields=sorted(FIELDS),
        columns=("id", "title", "lang", "city", "field" if kind != "event" else "start_date"),
        result=result,
    )
