"""Staff routes for matchmaking: captured demands (leads) to review, and the demand-gap report.

Leads carry the enterprise's contact: these routes are the only place it is shown, and only with the
admin key. Approving publishes the demand (without the contact); rejecting keeps it out of the index.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ..deps import AdminDep, ServicesDep
from ..matching.gaps import gaps_csv, gaps_report

router = APIRouter(prefix="/api/admin", tags=["admin"])
LeadId = Annotated[str, PathParam(pattern=r"^[a-f0-9]{8,64}$")]


class ReviewRequest(BaseModel):
    note: str | None = Field(None, max_length=2000, description="the reviewer's note (staff only)")
    field: str | None = Field(
        None, max_length=80, description="field of technology, if the lead has none or a wrong one"
    )
    title: str | None = Field(None, min_length=1, max_length=200, description="a better listing title")


@router.get("/leads")
async def list_leads(
    _: AdminDep,
    services: ServicesDep,
    status: Literal["collecting", "pending", "approved", "rejected", "cancelled", "all"] = "pending",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Demands captured in chat, newest first (default: those waiting for review), with their contacts."""
    found = await run_in_threadpool(services.leads.list, None if status == "all" else status, limit)
    return {"leads": [lead.as_dict() for lead in found]}


async def _review(action: str, lead_id: str, body: ReviewRequest | None, services: Any) -> dict[str, Any]:
    body = body or ReviewRequest(note=None, field=None, title=None)
    review = services.lead_review
    # LeadStatusError (409) and NotFoundError (404) are answered by bot/errors.py
    if action == "approve":
        lead = await run_in_threadpool(review.approve, lead_id, body.field, body.title, body.note)
    else:
        lead = await run_in_threadpool(review.reject, lead_id, body.note)
    return {"status": lead.status, "lead": lead.as_dict(), "demand_id": lead.demand_id}


@router.post("/leads/{lead_id}/approve")
async def approve_lead(
    _: AdminDep, services: ServicesDep, lead_id: LeadId, body: ReviewRequest | None = None
) -> dict[str, Any]:
    """Publish a pending lead as a demand record (searchable, listed in /api/demands, matched); the
    contact stays with the lead. 409 if the lead is not pending or has no field of technology."""
    return await _review("approve", lead_id, body, services)


@router.post("/leads/{lead_id}/reject")
async def reject_lead(
    _: AdminDep, services: ServicesDep, lead_id: LeadId, body: ReviewRequest | None = None
) -> dict[str, Any]:
    """Reject a pending lead (it is never indexed), or withdraw an approved one (removed from the index)."""
    return await _review("reject", lead_id, body, services)


@router.get(
    "/gaps", response_model=None, responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}
)
async def gaps(
    _: AdminDep,
    services: ServicesDep,
    format: Literal["json", "csv"] = "json",
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> dict[str, Any] | Response:
    """What the knowledge base lacks, by topic: unanswered questions, answers rated down and demands with
    no good match, with counts per source and examples. `format=csv` for a spreadsheet."""
    report = await run_in_threadpool(
        gaps_report,
        services.conversations,
        services.leads,
        services.matcher,
        services.catalog,
        services.searcher.glossary,
        limit,
    )
    if format == "csv":
        return Response(
            gaps_csv(report),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="gaps.csv"'},
        )
    return report
