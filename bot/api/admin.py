from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, HTTPException, Query, Response, UploadFile
from fastapi import Path as PathParam
from starlette.concurrency import run_in_threadpool

from retrieval.errors import NotFoundError, SourceError
from retrieval.loaders import LOADERS, load_file
from retrieval.types import RECORD_KINDS

from ..deps import AdminDep, ServicesDep

router = APIRouter(prefix="/api/admin", tags=["admin"])
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a 300-page PDF is ~5 MB; larger files are almost always scans
MAX_FILES = 20


@router.get(
    "/unanswered",
    response_model=None,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
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


def _ingest_uploads(services: Any, saved: list[Path]) -> dict[str, Any]:
    docs: list[Any] = []
    errors: list[Any] = []
    for path in saved:
        for item in load_file(path, path.parent, origin=f"upload:{path.name}"):
            (errors if isinstance(item, SourceError) else docs).append(item)
    report = services.ingestor.ingest_documents(docs, errors)
    return {**report.summary(), "documents": [d.id for d in docs]}


@router.post("/ingest")
async def ingest(
    _: AdminDep,
    services: ServicesDep,
    files: Annotated[list[UploadFile], File(description="documents to index")],
) -> dict[str, Any]:
    """Upload documents (md, txt, html, pdf, docx, csv, xlsx, json, yaml) and index them. Files with
    the same name replace the earlier upload; a bad file or row is reported and the rest are indexed."""
    if len(files) > MAX_FILES:
        raise HTTPException(413, f"at most {MAX_FILES} files per request")
    folder = Path(services.settings.data_dir) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for upload in files:
        name = _safe_name(upload.filename or "")
        if Path(name).suffix.lower() not in LOADERS:
            raise HTTPException(415, f"{name}: unsupported type; supported: {', '.join(sorted(LOADERS))}")
        target = folder / name
        size = 0
        with target.open("wb") as out:
            while chunk := await upload.read(1 << 20):
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    out.close()
                    target.unlink(missing_ok=True)
                    raise HTTPException(413, f"{name}: larger than {MAX_UPLOAD_BYTES // (1 << 20)} MB")
                out.write(chunk)
        saved.append(target)
    return await run_in_threadpool(_ingest_uploads, services, saved)


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
