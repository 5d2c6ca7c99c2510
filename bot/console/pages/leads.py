"""Leads: the review queue (demands captured in chat) with the technology each matched; brokers approve
(publishes the demand, without the contact), reject, assign to a broker and keep notes. The contact is
shown to brokers and admins only (an editor or a viewer sees that there is one)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ...errors import LeadStatusError
from ...matching.leads import STATUSES, Lead
from ...storage.staff import role_at_least
from ..auth import ConsoleDep, CsrfDep, Session, StaffDep, require
from ..web import redirect, render

router = APIRouter(prefix="/leads")
Broker = Annotated[Session, require("broker")]
LeadId = Annotated[str, Form(max_length=100)]
Note = Annotated[str, Form(max_length=2000)]


def sees_contact(role: str) -> bool:
    """Brokers work the leads and admins run the office; editors and viewers do neither."""
    return role in ("broker", "admin")


@router.get("")
async def leads(
    request: Request,
    console: ConsoleDep,
    session: StaffDep,
    status: Annotated[str, Query(max_length=20)] = "pending",
) -> Response:
    chosen = status if status in STATUSES else None

    def gather() -> tuple[list[Lead], dict[str, str], list[str], dict[str, str]]:
        found = console.services.leads.list(chosen, 200)
        assignees = console.activity.assignees([lead.id for lead in found])
        brokers = [u.username for u in console.users.list() if role_at_least(u.role, "broker")]
        # The matched technology by its title (a lead keeps the achievement's id).
        wanted = {lead.best_match for lead in found if lead.best_match}
        titles = {
            r.id: r.chunk.title for r in console.services.catalog.records("achievement") if r.id in wanted
        }
        return found, assignees, brokers, titles

    found, assignees, brokers, titles = await run_in_threadpool(gather)
    return render(
        request,
        "leads.html",
        section="leads",
        leads=found,
        assignees=assignees,
        brokers=brokers,
        titles=titles,
        statuses=STATUSES,
        status=chosen or "all",
        show_contact=sees_contact(session.user.role),
        may_work=role_at_least(session.user.role, "broker"),
    )


def _back(lead_id: str, message: str) -> Response:
    return redirect("/leads", done=f"{lead_id}: {message}")


@router.post("/approve")
async def approve(
    console: ConsoleDep,
    session: Broker,
    _: CsrfDep,
    lead_id: LeadId,
    field: Annotated[str, Form(max_length=80)] = "",
    note: Note = "",
) -> Response:
    try:
        lead = await run_in_threadpool(
            console.services.lead_review.approve, lead_id, field or None, None, note or None
        )
    except LeadStatusError as exc:
        raise HTTPException(409, str(exc)) from exc
    await run_in_threadpool(
        console.audit.record, session.user.username, "approve_lead", lead_id, {"demand_id": lead.demand_id}
    )
    return _back(lead_id, f"approved as {lead.demand_id}")


@router.post("/reject")
async def reject(
    console: ConsoleDep, session: Broker, _: CsrfDep, lead_id: LeadId, note: Note = ""
) -> Response:
    try:
        await run_in_threadpool(console.services.lead_review.reject, lead_id, note or None)
    except LeadStatusError as exc:
        raise HTTPException(409, str(exc)) from exc
    await run_in_threadpool(
        console.audit.record, session.user.username, "reject_lead", lead_id, {"note": note}
    )
    return _back(lead_id, "rejected")


@router.post("/assign")
async def assign(
    console: ConsoleDep,
    session: Broker,
    _: CsrfDep,
    lead_id: LeadId,
    assignee: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    if assignee:
        user = await run_in_threadpool(console.users.get, assignee)
        if user is None or not role_at_least(user.role, "broker"):
            raise HTTPException(422, f"{assignee!r} is not a broker")
    if not await run_in_threadpool(console.activity.assign, lead_id, assignee or None):
        raise HTTPException(404, f"no lead {lead_id!r}")
    await run_in_threadpool(
        console.audit.record, session.user.username, "assign_lead", lead_id, {"assignee": assignee}
    )
    return _back(lead_id, f"assigned to {assignee or '-'}")


@router.post("/note")
async def note(
    console: ConsoleDep, session: Broker, _: CsrfDep, lead_id: LeadId, note: Note = ""
) -> Response:
    store = console.services.leads

    def save() -> bool:
        lead = store.get(lead_id)
        if lead is None:
            return False
        store.update(replace(lead, note=note or None))
        return True

    if not await run_in_threadpool(save):
        raise HTTPException(404, f"no lead {lead_id!r}")
    await run_in_threadpool(console.audit.record, session.user.username, "note_lead", lead_id, {"note": note})
    return _back(lead_id, "note saved")
