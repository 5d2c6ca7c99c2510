"""Staff routes: what the knowledge base could not answer, usage, uploads, deletions and the leads export.

Uploads never silently replace: a document whose id is already indexed from another source (a shipped
regulation, another uploaded file, an approved lead) is refused with 409 unless the request says
`replace=true`; either way the decision is logged. A file is kept in `<data dir>/uploads/` only when
something from it was indexed: it is written to `uploads/.incoming/` first (a folder `techbridge ingest`
skips), moved into place after the ingest, and removed otherwise.
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, HTTPException, Query, Response, UploadFile
from fastapi import Path as PathParam
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from retrieval.errors import NotFoundError, SourceError
from retrieval.loaders import LOADERS, load_file
from retrieval.types import RECORD_KINDS, Document

from ..deps import AdminDep, ServicesDep

router = APIRouter(prefix="/api/admin", tags=["admin"])
log = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a 300-page PDF is ~5 MB; larger files are almost always scans
MAX_FILES = 20
_CSV: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}
_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


@router.get("/unanswered", response_model=None, responses=_CSV)
async def unanswered(
    _: AdminDep,
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    format: Literal["json", "csv"] = "json",
) -> dict[str, Any] | Response:
    """Questions the knowledge base could not answer, newest first: what to add to it next
    (`format=csv` for a spreadsheet; grouped by topic: /api/admin/gaps)."""
    found = await run_in_threadpool(services.conversations.unanswered, limit)
    rows = [
        {
            "session_id": m.session_id,
            "message_id": m.id,
            "question": m.content,
            "lang": m.lang,
            "created_at": m.created_at,
        }
        for m in found
    ]
    if format == "csv":
        from ..matching.gaps import unanswered_csv

        return Response(
            unanswered_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="unanswered.csv"'},
        )
    return {"questions": rows}


@router.get("/stats")
async def stats(_: AdminDep, services: ServicesDep) -> dict[str, Any]:
    """Usage (sessions, questions, unanswered, feedback) and index size by kind."""
    conv = await run_in_threadpool(services.conversations.stats)
    chunks = await run_in_threadpool(services.store.count)
    records = {kind: len(await run_in_threadpool(services.catalog.records, kind)) for kind in RECORD_KINDS}
    return {
        "conversations": conv,
        "index": {"chunks": chunks, "records": records, "embedder": services.embedder.name},
    }


def _safe_name(name: str) -> str:
    base = Path(name or "upload").name
    clean = re.sub(r"[^\w.\-]+", "_", base, flags=re.UNICODE).strip("._") or "upload"
    return clean[:120]


def _conflicts(services: Any, docs: list[Document]) -> list[tuple[Document, str]]:
    """(uploaded document, where the indexed one came from) for each id already indexed from elsewhere."""
    stored = services.store.stored_docs()
    return [(d, stored[d.id].origin) for d in docs if d.id in stored and stored[d.id].origin != d.origin]


def _ingest_uploads(
    services: Any, staged: list[tuple[str, Path]], folder: Path, replace: bool
) -> dict[str, Any]:
    docs: list[Document] = []
    errors: list[SourceError] = []
    for name, path in staged:
        for item in load_file(path, path.parent, origin=f"upload:{name}"):
            (errors if isinstance(item, SourceError) else docs).append(item)  # type: ignore[arg-type]
    conflicts = _conflicts(services, docs)
    for doc, origin in conflicts:
        # An audit trail for staff: which upload met which indexed document, and what was decided.
        log.warning(
            "upload %s: document %r is already indexed from %s: %s",
            doc.origin,
            doc.id,
            origin,
            "replaced (replace=true)" if replace else "refused (send replace=true to replace it)",
        )
    if conflicts and not replace:
        shown = "; ".join(f"{d.id!r} (in {d.origin}, indexed from {o})" for d, o in conflicts[:10])
        more = f" and {len(conflicts) - 10} more" if len(conflicts) > 10 else ""
        raise HTTPException(
            409,
            f"{len(conflicts)} uploaded document(s) have the id of a document indexed from another source: "
            f"{shown}{more}. Nothing was indexed or kept; send replace=true to replace them.",
        )
    report = services.ingestor.ingest_documents(docs, errors)
    indexed = set(report.added) | set(report.updated) | set(report.unchanged)
    kept = []
    for name, path in staged:
        if any(d.id in indexed and d.origin == f"upload:{name}" for d in docs):
            os.replace(path, folder / name)  # atomic: an earlier upload of this name is replaced only now
            kept.append(name)
        else:
            log.info("upload upload:%s: nothing from it was indexed; the file is not kept", name)
    return {
        **report.summary(),
        "documents": [d.id for d in docs if d.id in indexed],
        "replaced": [d.id for d, _ in conflicts],
        "kept": kept,
    }


@router.post(
    "/ingest",
    responses={
        409: {"description": "a document id is already indexed from another source", "content": _ERROR}
    },
)
async def ingest(
    _: AdminDep,
    services: ServicesDep,
    files: Annotated[list[UploadFile], File(description="documents to index")],
    replace: Annotated[
        bool,
        Query(description="replace documents indexed from another source that have the same id"),
    ] = False,
) -> dict[str, Any]:
    """Upload documents (md, txt, html, pdf, docx, csv, xlsx, json, yaml) and index them. A file with the
    same name replaces the earlier upload; a bad file or row is reported and the rest are indexed; a file
    from which nothing was indexed is not kept. A document whose id is already indexed from another source
    (a shipped regulation, another file) is refused with 409 and nothing is indexed, unless `replace=true`;
    the decision is logged."""
    return await ingest_uploads(services, files, replace)


async def ingest_uploads(services: Any, files: list[UploadFile], replace: bool = False) -> dict[str, Any]:
    """The upload path the admin API and the staff console share: names made safe, types and sizes
    checked, files staged in uploads/.incoming/, parsed in the isolated parser processes and indexed;
    HTTPException 409/413/415 as documented on the route."""
    if len(files) > MAX_FILES:
        raise HTTPException(413, f"at most {MAX_FILES} files per request")
    folder = Path(services.settings.data_dir) / "uploads"
    staging = folder / ".incoming"
    staging.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for upload in files:
            name = _safe_name(upload.filename or "")
            if Path(name).suffix.lower() not in LOADERS:
                raise HTTPException(415, f"{name}: unsupported type; supported: {', '.join(sorted(LOADERS))}")
            target = staging / f"{uuid.uuid4().hex}-{name}"
            staged.append((name, target))
            size = 0
            with target.open("wb") as out:
                while chunk := await upload.read(1 << 20):
                    size += len(chunk)
                    if size > MAX_UPLOAD_BYTES:
                        raise HTTPException(413, f"{name}: larger than {MAX_UPLOAD_BYTES // (1 << 20)} MB")
                    out.write(chunk)
        return await run_in_threadpool(_ingest_uploads, services, staged, folder, replace)
    finally:
        for _name, path in staged:  # whatever was not moved into uploads/: refused, failed or unread
            path.unlink(missing_ok=True)


@router.get("/leads/export", response_model=None, responses=_CSV)
async def export_leads(
    _: AdminDep,
    services: ServicesDep,
    status: Literal["collecting", "pending", "approved", "rejected", "cancelled", "all"] = "all",
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> Response:
    """Captured demands (leads) as a spreadsheet, newest first, contacts included. Cells that a
    spreadsheet would read as a formula are neutralised."""
    from ..matching.leads import leads_csv

    found = await run_in_threadpool(services.leads.list, None if status == "all" else status, limit)
    return Response(
        leads_csv(found),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="leads.csv"'},
    )


@router.delete("/documents/{doc_id}")
async def delete_document(
    _: AdminDep,
    services: ServicesDep,
    doc_id: str = PathParam(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=200),
) -> dict[str, str]:
    """Remove a document and all its chunks from the index."""
    removed = await run_in_threadpool(services.ingestor.delete, doc_id)
    if not removed:
        raise NotFoundError(f"no document {doc_id!r}")
    return {"status": "deleted", "doc_id": doc_id}


class Identity(BaseModel):
    channel: Literal["web", "wecom", "wechat", "dingtalk", "feishu", "slack", "telegram"]
    user_key: str = Field(
        min_length=1, max_length=200, description="the channel's user id (Slack: team:user)"
    )


class PeopleLink(BaseModel):
    a: Identity = Field(description="the identity whose person the other one joins")
    b: Identity
    by: str = Field("staff", max_length=100, description="who approved the link (kept with it)")


@router.post("/people/link")
async def link_people(_: AdminDep, services: ServicesDep, body: PeopleLink) -> dict[str, Any]:
    """Join two channel identities of one person (a staff-approved link, e.g. after checking by phone):
    from then on they share one conversation and their subscriptions. `b`'s person, with every identity
    and subscription it had, becomes `a`'s. Returns the person and all its identities."""
    a, b = (body.a.channel, body.a.user_key), (body.b.channel, body.b.user_key)
    person = await run_in_threadpool(services.accounts.link, a, b, body.by)
    log.info("people: %s joined a %s identity to a %s one", body.by, body.b.channel, body.a.channel)
    identities = await run_in_threadpool(services.people.identities, person)
    return {"person_id": person, "identities": [{"channel": c, "user_key": u} for c, u in identities]}
