from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from starlette.concurrency import run_in_threadpool

from retrieval.fields import city_key, field_key

from ..deps import ServicesDep

router = APIRouter(tags=["listings"])
Q = Annotated[str | None, Query(max_length=500, description="free text, ranked by meaning (zh or en)")]


def _field(value: str | None) -> str | None:
    if not value:
        return None
    key = field_key(value)
    if key is None:
        raise HTTPException(422, f"unknown field {value!r}")
    return key


@router.get("/api/events")
async def events(
    services: ServicesDep,
    upcoming: bool | None = None,
    q: Q = None,
    city: Annotated[str | None, Query(max_length=50)] = None,
    date_from: Annotated[dt.date | None, Query(alias="from")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to")] = None,
    field: Annotated[str | None, Query(max_length=80)] = None,
) -> dict[str, list[dict[str, Any]]]:
    """Matchmaking events, soonest first. `upcoming=true` keeps those not over yet (relative to today),
    `upcoming=false` past ones (newest first); filter by city (Chinese or English name), date range and
    field."""
    catalog, today = services.catalog, services.clock()
    found = await run_in_threadpool(
        catalog.events, today, upcoming, q, city_key(city), date_from, date_to, _field(field)
    )
    return {"events": [r.public() for r in found]}


@router.get("/api/technologies")
async def technologies(
    services: ServicesDep,
    q: Q = None,
    field: Annotated[str | None, Query(max_length=80)] = None,
    institution: Annotated[str | None, Query(max_length=200)] = None,
    maturity: Literal["lab", "pilot", "industrial"] | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, list[dict[str, Any]]]:
    """Scientific and technological achievements offered for transfer, filtered by field, institution
    (part of its name) and maturity (lab: TRL 1-4, pilot: 5-6, industrial: 7-9), ranked by `q`."""
    found = await run_in_threadpool(
        services.catalog.technologies, q, _field(field), institution, maturity, None, limit
    )
    return {"items": [r.public() for r in found]}


@router.get("/api/demands")
async def demands(
    services: ServicesDep,
    q: Q = None,
    field: Annotated[str | None, Query(max_length=80)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, list[dict[str, Any]]]:
    """Enterprises' technical demands (contact details are not shown), ranked by `q`."""
    found = await run_in_threadpool(services.catalog.demands, q, _field(field), None, limit)
    return {"items": [r.public() for r in found]}
