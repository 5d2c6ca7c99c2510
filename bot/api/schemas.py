"""Response and request models of the public HTTP contract (DESIGN.md)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from retrieval.types import Hit, Kind

from ..conversation.types import Citation

__all__ = ["Citation", "SearchHit", "SearchResponse"]


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
            doc_id=c.doc_id,
            chunk_id=c.id,
            kind=c.kind,
            title=c.title,
            lang=c.lang,
            source=c.source,
            url=c.url,
            date=c.date.isoformat() if c.date else None,
            locator=c.locator,
            snippet=c.text[:500],
            score=round(hit.score, 4),
            dense=round(hit.dense, 4),
            keyword=round(hit.keyword, 4),
        )


class SearchResponse(BaseModel):
    hits: list[SearchHit]
