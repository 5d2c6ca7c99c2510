"""Response and request models of the public HTTP contract (DESIGN.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from retrieval.types import Chunk, Hit

Kind = Literal["news", "regulation", "achievement", "demand", "event"]


class Citation(BaseModel):
    n: int
    doc_id: str
    chunk_id: str
    kind: Kind
    title: str
    source: str
    url: str
    date: str | None
    locator: str
    snippet: str

    @classmethod
    def of(cls, n: int, chunk: Chunk, snippet: str | None = None) -> Citation:
        return cls(
            n=n,
            doc_id=chunk.doc_id,
            chunk_id=chunk.id,
            kind=chunk.kind,
            title=chunk.title,
            source=chunk.source,
            url=chunk.url,
            date=chunk.date.isoformat() if chunk.date else None,
            locator=chunk.locator,
            snippet=snippet if snippet is not None else chunk.text[:400],
        )


class SearchHit(BaseModel):
    doc_id: str
    chunk_id: str
    kind: Kind
    title: str
    lang: str
    source: str
    url: str
    date: str | None
    locator: str
    snippet: str
    score: float = Field(description="fused score: cosine similarity plus the keyword bonus")
    dense: float
    keyword: float

    @classmethod
    def of(cls, hit: Hit) -> SearchHit:
        c = hit.chunk
        return cls(
            doc_id=c.doc_id, chunk_id=c.id, kind=c.kind, title=c.title, lang=c.lang, source=c.source,
            url=c.url, date=c.date.isoformat() if c.date else None, locator=c.locator,
            snippet=c.text[:500], score=round(hit.score, 4), dense=round(hit.dense, 4),
            keyword=round(hit.keyword, 4),
        )


class SearchResponse(BaseModel):
    hits: list[SearchHit]
