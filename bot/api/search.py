from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from starlette.concurrency import run_in_threadpool

from retrieval.fields import city_key, field_key
from retrieval.types import KINDS, SearchFilters

from ..deps import ServicesDep
from .schemas import SearchHit, SearchResponse

router = APIRouter(tags=["search"])


@router.get("/api/search", response_model=SearchResponse)
async def search(
    services: ServicesDep,
    q: Annotated[
        str, Query(min_length=1, max_length=2000, description="question or keywords, Chinese or English")
    ],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    kind: Annotated[
        str | None, Query(description="comma-separated kinds: news,regulation,achievement,demand,event")
    ] = None,
    lang: Annotated[str | None, Query(pattern="^(zh|en)$")] = None,
    date_from: Annotated[dt.date | None, Query(alias="from")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to")] = None,
    field: str | None = None,
    city: str | None = None,
) -> SearchResponse:
    """Hybrid search over the knowledge base (dense multilingual embeddings plus BM25 keywords).

    Returns the best passages, each with its document, kind, date, locator (e.g. "Article 45") and
    scores. Filters narrow by kind, language, date range (`from`, `to`), field of technology (a key such
    as `hydrogen_energy`, or a label in either language) and city.
    """
    kinds = tuple(s.strip() for s in kind.split(",") if s.strip()) if kind else ()
    bad = [x for x in kinds if x not in KINDS]
    if bad:
        raise HTTPException(422, f"unknown kind {bad[0]!r}; valid: {', '.join(KINDS)}")
    fkey = field_key(field) if field else None
    if field and fkey is None:
        raise HTTPException(422, f"unknown field {field!r}")
    filters = SearchFilters(
        kind=kinds,  # type: ignore[arg-type]
        lang=lang,  # type: ignore[arg-type]
        date_from=date_from,
        date_to=date_to,
        field=fkey,
        city=city_key(city),
    )
    result = await run_in_threadpool(services.searcher.search, q, k, filters)
    return SearchResponse(hits=[SearchHit.of(h) for h in result.hits])
