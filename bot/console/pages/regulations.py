"""Regulations: law -> chapter -> article, with each law's status and effective date and each article's
status as editors marked it (Services.regulation_status: amended or repealed; answers quoting the article
then say so). Reading is for every role; marking is for editors."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from retrieval.types import Chunk, SearchFilters

from ..auth import Console, ConsoleDep, CsrfDep, Session, StaffDep, require
from ..web import redirect, render

router = APIRouter(prefix="/regulations")
Editor = Annotated[Session, require("editor")]
STATUSES = ("in_force", "amended", "repealed")


def _regulations(console: Console) -> dict[str, list[Chunk]]:
    docs: dict[str, list[Chunk]] = {}
    for _key, chunk, _meta in console.services.store.scan(SearchFilters(kind=("regulation",))):
        if chunk is not None:
            docs.setdefault(chunk.doc_id, []).append(chunk)
    return docs


def _summary(doc_id: str, chunks: list[Chunk], marked: int) -> dict[str, Any]:
    first = min(chunks, key=lambda c: c.index)
    return {
        "doc_id": doc_id,
        "title": first.title,
        "lang": first.lang,
        "issuing_body": first.meta.get("issuing_body") or "",
        "effective_date": first.meta.get("effective_date") or "",
        "status": first.meta.get("status") or "",
        "articles": sum(1 for c in chunks if c.locator),
        "marked": marked,
    }


@router.get("")
async def regulations(request: Request, console: ConsoleDep, _: StaffDep) -> Response:
    def gather() -> list[dict[str, Any]]:
        marks = console.services.regulation_status.all()
        rows = [
            _summary(doc_id, chunks, sum(1 for d, _a in marks if d == doc_id))
            for doc_id, chunks in _regulations(console).items()
        ]
        return sorted(rows, key=lambda r: (r["lang"], r["title"]))

    rows = await run_in_threadpool(gather)
    return render(request, "regulations.html", section="regulations", rows=rows)


@router.get("/{doc_id}")
async def regulation(doc_id: str, request: Request, console: ConsoleDep, _: StaffDep) -> Response:
    def gather() -> tuple[dict[str, Any], list[tuple[str, list[dict[str, Any]]]]]:
        wanted = SearchFilters(kind=("regulation",), doc_id=doc_id)
        chunks = sorted(
            (c for _k, c, _m in console.services.store.scan(wanted) if c is not None), key=lambda c: c.index
        )
        if not chunks:
            raise HTTPException(404, f"no regulation {doc_id!r}")
        marks = {a: s for (d, a), s in console.services.regulation_status.all().items() if d == doc_id}
        chapters: list[tuple[str, list[dict[str, Any]]]] = []
        for chunk in chunks:
            chapter = str(chunk.meta.get("chapter") or "")
            if not chapters or chapters[-1][0] != chapter:
                chapters.append((chapter, []))
            number = chunk.meta.get("article_no")
            mark = marks.get(str(number)) if number is not None else None
            chapters[-1][1].append({"n": number, "chunk": chunk, "mark": mark})
        return _summary(doc_id, chunks, len(marks)), chapters

    summary, chapters = await run_in_threadpool(gather)
    return render(
        request, "regulation.html", section="regulations", reg=summary, chapters=chapters, statuses=STATUSES
    )


@router.post("/mark")
async def mark(
    console: ConsoleDep,
    session: Editor,
    _: CsrfDep,
    doc_id: Annotated[str, Form(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=200)],
    article: Annotated[str, Form(max_length=20)],
    status: Annotated[str, Form(pattern="^(in_force|amended|repealed)$")],
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    await run_in_threadpool(
        console.services.regulation_status.set,
        doc_id,
        article,
        status,
        note=note,
        author=session.user.username,
    )
    await run_in_threadpool(
        console.audit.record,
        session.user.username,
        "mark_article",
        f"{doc_id}#{article}",
        {"status": status, "note": note},
    )
    return redirect(f"/regulations/{doc_id}", done=f"{article}: {status}")
