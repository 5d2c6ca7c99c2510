"""Curated answers: from an unanswered or down-rated question, an editor writes the right answer once
(with the documents it rests on); the assistant uses it, with those citations, the next time the question
or a paraphrase in either language is asked (Services.curated, bot/chat/curated.py). Archived, not
deleted: the audit log and the store keep who wrote what."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from retrieval.types import SearchFilters

from ...conversation.types import Citation
from ..auth import Console, ConsoleDep, CsrfDep, Session, StaffDep, require
from ..web import redirect, render

router = APIRouter(prefix="/curated")
Editor = Annotated[Session, require("editor")]
Text = Annotated[str, Form(min_length=1, max_length=4000)]
DocIds = Annotated[str, Form(max_length=2000)]
_DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$")


def citations_for(console: Console, doc_ids: str) -> list[dict[str, Any]]:
    """A citation per listed document (its first chunk, as the chat API cites it); 422 for an id that is
    not indexed, so an answer never cites what the knowledge base does not hold."""
    out = []
    for n, doc_id in enumerate(
        dict.fromkeys(d.strip() for d in re.split(r"[\s,，]+", doc_ids) if d.strip()), 1
    ):
        if not _DOC_ID.match(doc_id):
            raise HTTPException(422, f"not a document id: {doc_id!r}")
        chunks = [c for _k, c, _m in console.services.store.scan(SearchFilters(doc_id=doc_id)) if c]
        if not chunks:
            raise HTTPException(422, f"no indexed document {doc_id!r}")
        out.append(Citation.of(n, min(chunks, key=lambda c: c.index)).model_dump())
    return out


def _from_message(console: Console, message_id: str) -> tuple[str, str | None]:
    """(the question, the assistant message that answered it) for a user message in the log."""
    from sqlalchemy import select

    from ...storage.schema import messages

    with console.services.database.connect() as conn:
        row = conn.execute(select(messages).where(messages.c.id == message_id)).mappings().first()
    if row is None:
        raise HTTPException(404, f"no message {message_id!r}")
    if row["role"] == "assistant":
        found = console.activity.transcript(row["session_id"])
        earlier = [m for m in found if m["role"] == "user" and (m["seq"] or 0) < (row["seq"] or 0)]
        return (earlier[-1]["content"] if earlier else ""), message_id
    later = [
        m
        for m in console.activity.transcript(row["session_id"])
        if m["role"] == "assistant" and (m["seq"] or 0) > (row["seq"] or 0)
    ]
    return row["content"], (later[0]["id"] if later else None)


@router.get("")
async def curated(request: Request, console: ConsoleDep, _: StaffDep) -> Response:
    answers = await run_in_threadpool(console.services.curated.list, False)
    return render(request, "curated.html", section="curated", answers=answers, draft=None)


@router.get("/new")
async def new(
    request: Request,
    console: ConsoleDep,
    _: Editor,
    message_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    question, source = (
        await run_in_threadpool(_from_message, console, message_id) if message_id else ("", None)
    )
    draft = {"id": "", "question": question, "answer": "", "lang": "", "doc_ids": "", "source": source or ""}
    suggested = await run_in_threadpool(suggest_sources, console, question) if question else []
    return render(request, "curated_form.html", section="curated", draft=draft, suggested=suggested)


def suggest_sources(console: Console, question: str) -> list[dict[str, str]]:
    """The documents search finds for the question: candidates to cite, by id and title."""
    found: dict[str, dict[str, str]] = {}
    for hit in console.services.searcher.search(question, 8).hits:
        chunk = hit.chunk
        found.setdefault(chunk.doc_id, {"id": chunk.doc_id, "title": chunk.title, "kind": str(chunk.kind)})
    return list(found.values())[:6]


@router.get("/{answer_id}")
async def edit(answer_id: str, request: Request, console: ConsoleDep, _: Editor) -> Response:
    found = await run_in_threadpool(console.services.curated.get, answer_id)
    if found is None:
        raise HTTPException(404, f"no curated answer {answer_id!r}")
    draft = {
        "id": found.id,
        "question": found.question,
        "answer": found.answer,
        "lang": found.lang,
        "doc_ids": " ".join(str(c.get("doc_id", "")) for c in found.citations),
        "source": found.source_message_id or "",
    }
    return render(request, "curated_form.html", section="curated", draft=draft, suggested=[])


@router.post("/save")
async def save(
    console: ConsoleDep,
    session: Editor,
    _: CsrfDep,
    question: Text,
    answer: Text,
    doc_ids: DocIds = "",
    lang: Annotated[str, Form(pattern="^(zh|en|)$")] = "",
    answer_id: Annotated[str, Form(max_length=64)] = "",
    source: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    store, author = console.services.curated, session.user.username

    def write() -> str:
        citations = citations_for(console, doc_ids)
        if answer_id:
            return store.update(
                answer_id, answer=answer, question=question, citations=citations, author=author
            ).id
        added = store.add(
            question,
            answer,
            author=author,
            lang=lang or None,
            citations=citations,
            source_message_id=source or None,
        )
        return added.id

    saved = await run_in_threadpool(write)
    action = "update_curated" if answer_id else "add_curated"
    await run_in_threadpool(console.audit.record, author, action, saved, {"question": question[:200]})
    return redirect("/curated", done=saved)


@router.post("/archive")
async def archive(
    console: ConsoleDep, session: Editor, _: CsrfDep, answer_id: Annotated[str, Form(max_length=64)]
) -> Response:
    await run_in_threadpool(console.services.curated.archive, answer_id, session.user.username)
    await run_in_threadpool(console.audit.record, session.user.username, "archive_curated", answer_id)
    return redirect("/curated", done=answer_id)
