"""POST /api/match: demand -> technologies, or technology -> demands, with checkable reasons."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field, model_validator
from starlette.concurrency import run_in_threadpool

from ..deps import ServicesDep

router = APIRouter(tags=["matchmaking"])
_ID = r"^[a-z0-9][a-z0-9-]*$"


class MatchRequest(BaseModel):
    text: str | None = Field(
        None, min_length=1, max_length=4000, description="a demand or a technology, zh or en"
    )
    direction: Literal["demand_to_technology", "technology_to_demand"] | None = Field(
        None, description="default: demand_to_technology for text; set by the record's kind for an id"
    )
    k: int = Field(5, ge=1, le=50)
    demand_id: str | None = Field(None, max_length=200, pattern=_ID)
    achievement_id: str | None = Field(None, max_length=200, pattern=_ID)
    record_id: str | None = Field(
        None, max_length=200, pattern=_ID, description="a demand or an achievement id"
    )

    @model_validator(mode="after")
    def _one_subject(self) -> MatchRequest:
        given = [x for x in (self.text, self.demand_id, self.achievement_id, self.record_id) if x]
        if len(given) != 1:
            raise ValueError("give exactly one of text, demand_id, achievement_id, record_id")
        return self


@router.post("/api/match")
async def match(body: MatchRequest, services: ServicesDep) -> dict[str, Any]:
    """Match an enterprise demand with achievements (technologies) offered for transfer, or the reverse.

    Give a `text` (Chinese or English; the other language's records are found too) or the id of a demand
    or achievement record. Each match has a `score` and the `reasons` behind it, all checkable against
    the listings: `terms` (key terms both name, as "尾矿/tailings" across languages), `field` (same,
    related or different), `maturity` (what the demand requires against what the technology offers: a
    technology below the required stage is ranked down), `region` (same city or province),
    `transfer_modes` (modes asked for that are offered), and the score `contributions` of each.
    `good` is false for a match too weak to offer with confidence. Demand contacts are never returned.
    """
    record_id = body.demand_id or body.achievement_id or body.record_id
    kind = "demand" if body.demand_id else "achievement" if body.achievement_id else None
    try:
        return await run_in_threadpool(
            services.match_service.match, body.text, record_id, body.direction, body.k, kind
        )
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
