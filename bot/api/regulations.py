from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path
from starlette.concurrency import run_in_threadpool

from retrieval.errors import NotFoundError
from retrieval.types import Chunk, SearchFilters

from ..conversation.types import Citation
from ..deps import ServicesDep

router = APIRouter(tags=["regulations"])
DocId = Path(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=200)


def _summary(chunks: list[Chunk]) -> dict[str, Any]:
    first = chunks[0]
    info = {k: first.meta.get(k) for k in ("issuing_body", "level", "effective_date", "status", "unofficial")}
    return {
        "doc_id": first.doc_id,
        "title": first.title,
        "lang": first.lang,
        "date": first.date.isoformat() if first.date else None,
        "source": first.source,
        "url": first.url,
        **info,
        "articles": sum(1 for c in chunks if c.locator),
    }


def _by_doc(services: Any) -> dict[str, list[Chunk]]:
    docs: dict[str, list[Chunk]] = {}
    for _, chunk, _ in services.store.scan(SearchFilters(kind=("regulation",))):
        docs.setdefault(chunk.doc_id, []).append(chunk)
    for chunks in docs.values():
        chunks.sort(key=lambda c: c.index)
    return docs


@router.get("/api/regulations")
async def list_regulations(services: ServicesDep) -> dict[str, list[dict[str, Any]]]:
    """Regulations and policies in the knowledge base, with issuing body, level, effective date and status."""
    docs = await run_in_threadpool(_by_doc, services)
    return {"regulations": [_summary(chunks) for chunks in docs.values()]}


def _doc(services: Any, doc_id: str) -> list[Chunk]:
    wanted = SearchFilters(kind=("regulation",), doc_id=doc_id)
    chunks = [c for _, c, _ in services.store.scan(wanted) if c is not None]
    if not chunks:
        raise NotFoundError(f"no regulation {doc_id!r}")
    return sorted(chunks, key=lambda c: c.index)


@router.get("/api/regulations/{doc_id}")
async def get_regulation(services: ServicesDep, doc_id: str = DocId) -> dict[str, Any]:
    """One regulation with all its articles in order (number, locator, chapter, text)."""
    chunks = await run_in_threadpool(_doc, services, doc_id)
    articles = [
        {
            "n": c.meta.get("article_no"),
            "locator": c.locator,
            "chapter": c.meta.get("chapter", ""),
            "heading": c.meta.get("heading", ""),
            "text": c.text,
        }
        for c in chunks
    ]
    return {**_summary(chunks), "articles": articles}


@router.get("/api/regulations/{doc_id}/articles/{n}")
async def get_article(
    services: ServicesDep, n: int = Path(ge=1, le=10000), doc_id: str = DocId
) -> dict[str, Any]:
    """One article by its number, as the text has it, with a citation to it."""
    chunks = await run_in_threadpool(_doc, services, doc_id)
    for c in chunks:
        if c.meta.get("article_no") == n:
            return {
                "doc_id": doc_id,
                "n": n,
                "locator": c.locator,
                "chapter": c.meta.get("chapter", ""),
                "heading": c.meta.get("heading", ""),
                "text": c.text,
                "citation": Citation.of(1, c).model_dump(),
            }
    raise NotFoundError(f"regulation {doc_id!r} has no article {n}")
