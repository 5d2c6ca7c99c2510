"""Knowledge: the indexed documents by kind with their state, upload (the admin API's upload path: same
limits, isolated parsing), delete, re-ingest, a document's chunks, and a search playground that shows each
hit's dense and keyword scores. Reading is for every role; changing is for editors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from retrieval.errors import SourceError
from retrieval.loaders import LOADERS, load_file
from retrieval.types import KINDS, Document, SearchFilters

from ...api.admin import MAX_FILES, ingest_uploads
from ..auth import Console, ConsoleDep, CsrfDep, Session, StaffDep, require
from ..web import redirect, render

router = APIRouter(prefix="/knowledge")
DocId = Annotated[str, Form(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$", max_length=200)]
Editor = Annotated[Session, require("editor")]


def documents(services: Any, kind: str | None) -> list[dict[str, Any]]:
    """One row per indexed document: id, kind, title, language, chunks, origin, complete or not, and the
    upload's file time where it came from an upload."""
    stored = services.store.stored_docs()
    rows: dict[str, dict[str, Any]] = {}
    filters = SearchFilters(kind=(kind,)) if kind else None  # type: ignore[arg-type]
    for _key, _chunk, meta in services.store.scan(filters, with_text=False):
        doc_id = str(meta["doc_id"])
        row = rows.setdefault(
            doc_id, {"id": doc_id, "kind": meta.get("kind"), "title": "", "lang": "", "chunks": 0}
        )
        row["chunks"] += 1
        if int(meta.get("idx", 0)) == 0 or not row["title"]:
            row["title"], row["lang"] = str(meta.get("title") or ""), str(meta.get("lang") or "")
    uploads = Path(services.settings.data_dir) / "uploads"
    for doc_id, row in rows.items():
        known = stored.get(doc_id)
        row["origin"] = known.origin if known else ""
        row["complete"] = bool(known and any(known.complete(h) for h in known.hashes))
        row["ingested"] = None
        if row["origin"].startswith("upload:"):
            path = uploads / row["origin"].removeprefix("upload:")
            if path.exists():
                row["ingested"] = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    return sorted(rows.values(), key=lambda r: (str(r["kind"]), str(r["title"]).lower(), r["id"]))


def cached_documents(console: Console, kind: str | None) -> list[dict[str, Any]]:
    """`documents`, read again only when the index changed (a scan of 100k chunks' metadata takes
    seconds; the store's fingerprint moves on every write, in any process)."""
    key = ("documents", kind)
    fingerprint = console.services.store.fingerprint()
    hit = console.cache.get(key)
    if hit is None or hit[0] != fingerprint:
        hit = (fingerprint, documents(console.services, kind))
        console.cache[key] = hit
    return list(hit[1])


INGESTS = ("upload", "reingest", "import_achievement", "import_demand", "import_event")


def recent_failures(console: Console, limit: int = 10) -> list[dict[str, Any]]:
    """The latest uploads, re-ingests and imports that reported errors (a file or a row that could not be
    read is in no index, so its error lives here, from the audit log)."""
    out = []
    for entry in console.audit.list(300):
        errors = (entry.detail or {}).get("errors") if entry.action in INGESTS else None
        if errors:
            out.append({"when": entry.created_at, "who": entry.actor, "what": entry.target, "errors": errors})
    return out[:limit]


@router.get("")
async def knowledge(
    request: Request,
    console: ConsoleDep,
    _: StaffDep,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    q: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    services = console.services
    kind = kind if kind in KINDS else None
    docs = await run_in_threadpool(cached_documents, console, kind)
    hits = await run_in_threadpool(services.searcher.search, q, 10) if q else None
    counts: dict[str, int] = {}
    for doc in docs:
        counts[str(doc["kind"])] = counts.get(str(doc["kind"]), 0) + 1
    return render(
        request,
        "knowledge.html",
        section="knowledge",
        docs=docs[:1000],
        total=len(docs),
        counts=counts,
        kinds=KINDS,
        kind=kind or "",
        q=q or "",
        hits=hits.hits if hits else None,
        result=None,
        failures=await run_in_threadpool(recent_failures, console),
        max_files=MAX_FILES,
        accept=",".join(sorted(LOADERS)),
    )


@router.post("/upload")
async def upload(
    request: Request,
    console: ConsoleDep,
    session: Editor,
    _: CsrfDep,
    files: Annotated[list[UploadFile], File()],
    replace: Annotated[bool, Form()] = False,
) -> Response:
    """Several files at once; each file's (and each row's) errors are shown, the rest is indexed."""
    services = console.services
    files = [f for f in files if f.filename]  # a form sent with no file chosen has one empty part
    refused = [
        f"{f.filename}: unsupported type"
        for f in files
        if Path(f.filename or "").suffix.lower() not in LOADERS
    ]
    accepted = [f for f in files if Path(f.filename or "").suffix.lower() in LOADERS]
    result: dict[str, Any] = {"errors": refused, "documents": [], "added": 0, "updated": 0, "unchanged": 0}
    status = 200
    if accepted:
        try:
            result = {**await ingest_uploads(services, accepted, replace), "errors_before": refused}
            result["errors"] = refused + list(result["errors"])
        except HTTPException as exc:
            result["errors"] = [*refused, str(exc.detail)]
            status = exc.status_code
    await run_in_threadpool(
        console.audit.record,
        session.user.username,
        "upload",
        ", ".join(f.filename or "" for f in files)[:500],
        {"documents": result.get("documents", []), "errors": result["errors"][:20]},
    )
    docs = await run_in_threadpool(cached_documents, console, None)
    return render(
        request,
        "knowledge.html",
        status_code=status if status >= 400 else 200,
        section="knowledge",
        docs=docs[:1000],
        total=len(docs),
        counts={},
        kinds=KINDS,
        kind="",
        q="",
        hits=None,
        result=result,
        failures=await run_in_threadpool(recent_failures, console),
        max_files=MAX_FILES,
        accept=",".join(sorted(LOADERS)),
    )


@router.post("/delete")
async def delete(console: ConsoleDep, session: Editor, _: CsrfDep, doc_id: DocId) -> Response:
    removed = await run_in_threadpool(console.services.ingestor.delete, doc_id)
    if not removed:
        raise HTTPException(404, f"no document {doc_id!r}")
    await run_in_threadpool(console.audit.record, session.user.username, "delete_document", doc_id)
    return redirect("/knowledge", done=doc_id)


def _source_file(services: Any, origin: str) -> tuple[Path, Path] | None:
    """(file, the root its origin is relative to) for an uploaded or knowledge-folder document."""
    if origin.startswith("upload:"):
        folder = Path(services.settings.data_dir) / "uploads"
        return folder / origin.removeprefix("upload:"), folder
    knowledge = Path(services.settings.knowledge_dir)
    head, _, rest = origin.partition("/")
    if head == knowledge.resolve().name and rest:
        return knowledge / rest, knowledge
    return None


@router.post("/reingest")
async def reingest(console: ConsoleDep, session: Editor, _: CsrfDep, doc_id: DocId) -> Response:
    """Read the document's file again (in a parser process) and index what changed."""
    services = console.services

    def run() -> dict[str, object]:
        known = services.store.stored_docs().get(doc_id)
        if known is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        found = _source_file(services, known.origin)
        if found is None or not found[0].is_file():
            raise HTTPException(
                409, f"{doc_id}: its source ({known.origin}) is not a file this server can read"
            )
        docs: list[Document] = []
        errors: list[SourceError] = []
        for item in load_file(found[0], found[1], origin=known.origin):
            if isinstance(item, SourceError):
                errors.append(item)
            else:
                docs.append(item)
        return services.ingestor.ingest_documents(docs, errors).summary()

    summary = await run_in_threadpool(run)
    await run_in_threadpool(console.audit.record, session.user.username, "reingest", doc_id, summary)
    return redirect(
        "/knowledge", done=f"{doc_id}: {summary['updated']} updated, {summary['unchanged']} unchanged"
    )


@router.get("/doc/{doc_id}")
async def chunks(doc_id: str, request: Request, console: ConsoleDep, _: StaffDep) -> Response:
    def read() -> list[Any]:
        found = [
            chunk for _k, chunk, _m in console.services.store.scan(SearchFilters(doc_id=doc_id)) if chunk
        ]
        return sorted(found, key=lambda c: c.index)

    found = await run_in_threadpool(read)
    if not found:
        raise HTTPException(404, f"no document {doc_id!r}")
    return render(request, "chunks.html", section="knowledge", doc_id=doc_id, chunks=found)
