"""Leads: enterprise demands captured in chat, held for staff review before anything is published.

A lead is the only place a captured contact is kept. Approval turns a lead into a `Demand` record and
indexes it WITHOUT the contact (the record's contact field stays empty); rejection keeps it out of the
index (and takes it out again if it had been approved).

    collecting -> pending -> approved | rejected         (cancelled: the user stopped the capture)
                             approved -> rejected         (withdrawn: removed from the index)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal, Protocol

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import RowMapping

from retrieval.fields import field_key, fields_in
from retrieval.ingest import Ingestor
from retrieval.records import Demand

from ..errors import LeadStatusError, NotFoundError
from ..security.exports import csv_text
from ..storage.db import Database
from ..storage.portable import iso, moment
from ..storage.schema import leads as _leads

__all__ = ["Lead", "LeadReview", "LeadStatusError", "LeadStore", "SqlLeadStore", "Status", "leads_csv"]

Status = Literal["collecting", "pending", "approved", "rejected", "cancelled"]
STATUSES: tuple[str, ...] = ("collecting", "pending", "approved", "rejected", "cancelled")


def _now() -> str:
    return iso(dt.datetime.now(dt.UTC))


@dataclass(frozen=True)
class Lead:
    id: str
    status: Status
    description: str
    lang: str = "zh"
    session_id: str = ""
    title: str = ""
    field: str | None = None
    city: str | None = None
    required_maturity: str | None = None
    enterprise: str | None = None
    contact: str | None = None  # staff only: never indexed, never in an answer
    deadline: str | None = None  # ISO date
    best_match: str | None = None  # best achievement when captured, and its evidence (Match.evidence)
    best_score: float | None = None
    demand_id: str | None = None  # the published record, once approved
    note: str | None = None  # the reviewer's
    created_at: str = ""
    updated_at: str = ""
    reviewed_at: str | None = None
    assignee: str | None = None  # the broker working it (staff console)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class LeadStore(Protocol):
    def add(self, lead: Lead) -> Lead: ...
    def get(self, lead_id: str) -> Lead | None: ...
    def update(self, lead: Lead) -> Lead: ...
    def list(self, status: str | None = None, limit: int = 100) -> list[Lead]: ...
    def purge(self, before: dt.datetime, dry_run: bool = False) -> int: ...


_COLUMNS = tuple(Lead.__dataclass_fields__)
_TIMES = ("created_at", "updated_at", "reviewed_at")  # ISO text on a Lead, timestamps in the database


def _row(lead: Lead) -> dict[str, Any]:
    row = {c: getattr(lead, c) for c in _COLUMNS}
    return row | {c: moment(row[c]) if row[c] else None for c in _TIMES}


def _lead(row: RowMapping) -> Lead:
    values: dict[str, Any] = {c: row[c] for c in _COLUMNS}
    return Lead(**values | {c: iso(values[c]) if values[c] else values[c] for c in _TIMES})


class SqlLeadStore:
    """Leads in the one database (db.py), beside the conversations: one place to back up, and contacts
    never leave it."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, lead: Lead) -> Lead:
        now = _now()
        lead = replace(lead, created_at=lead.created_at or now, updated_at=now)
        with self.database.begin() as conn:
            conn.execute(insert(_leads).values(_row(lead)))
        return lead

    def get(self, lead_id: str) -> Lead | None:
        with self.database.connect() as conn:
            row = conn.execute(select(_leads).where(_leads.c.id == lead_id)).mappings().first()
        return _lead(row) if row else None

    def update(self, lead: Lead) -> Lead:
        """Everything but the id and the creation time (a caller may hold the lead it added, which has
        none) as `lead` has it; updated now."""
        lead = replace(lead, updated_at=_now())
        values = {c: v for c, v in _row(lead).items() if c not in ("id", "created_at")}
        with self.database.begin() as conn:
            if conn.execute(update(_leads).where(_leads.c.id == lead.id).values(values)).rowcount != 1:
                raise NotFoundError(f"no lead {lead.id!r}")
        return lead

    def list(self, status: str | None = None, limit: int = 100) -> list[Lead]:
        query = select(_leads).order_by(_leads.c.created_at.desc()).limit(limit)
        if status:
            query = query.where(_leads.c.status == status)
        with self.database.connect() as conn:
            return [_lead(r) for r in conn.execute(query).mappings()]

    def purge(self, before: dt.datetime, dry_run: bool = False) -> int:
        """Delete leads not updated since `before`, whatever their status (the contact goes with them; an
        approved lead's published demand record, which holds no contact, stays indexed). Returns how
        many are (or, with `dry_run`, would be) deleted."""
        stale = _leads.c.updated_at < before
        with self.database.begin() as conn:
            if dry_run:
                return int(conn.scalar(select(func.count()).select_from(_leads).where(stale)) or 0)
            return conn.execute(delete(_leads).where(stale)).rowcount


def leads_csv(leads: list[Lead]) -> str:
    """Leads as CSV for staff (contacts included: the export is behind the admin key). Every text cell is
    neutralised (bot/security/exports.py): the description, enterprise and contact are what the enterprise
    typed in chat."""
    return csv_text(_COLUMNS, ([getattr(lead, c) for c in _COLUMNS] for lead in leads))


class LeadReview:
    """Staff decisions on leads: approve (publish as a demand record, without the contact) or reject."""

    def __init__(
        self, leads: LeadStore, ingestor: Ingestor, clock: Callable[[], dt.date] = dt.date.today
    ) -> None:
        self.leads = leads
        self.ingestor = ingestor
        self.clock = clock

    def _get(self, lead_id: str) -> Lead:
        lead = self.leads.get(lead_id)
        if lead is None:
            raise NotFoundError(f"no lead {lead_id!r}")
        return lead

    def approve(
        self, lead_id: str, field: str | None = None, title: str | None = None, note: str | None = None
    ) -> Lead:
        lead = self._get(lead_id)
        if lead.status != "pending":
            raise LeadStatusError(f"lead {lead_id!r} is {lead.status}; only pending leads can be approved")
        key = field_key(field) if field else lead.field or next(iter(fields_in(lead.description)), None)
        if key is None:
            raise LeadStatusError(f"lead {lead_id!r} has no field of technology: approve it with a 'field'")
        demand = self.to_demand(replace(lead, field=key, title=title or lead.title))
        report = self.ingestor.ingest_documents([demand.to_document(origin=f"leads:{lead.id}")])
        if report.errors:
            raise LeadStatusError(f"lead {lead_id!r} could not be indexed: {report.errors[0]}")
        return self.leads.update(
            replace(
                lead,
                status="approved",
                field=key,
                title=demand.title,
                demand_id=demand.id,
                note=note,
                reviewed_at=_now(),
            )
        )

    def reject(self, lead_id: str, note: str | None = None) -> Lead:
        lead = self._get(lead_id)
        if lead.status not in ("pending", "approved"):
            raise LeadStatusError(
                f"lead {lead_id!r} is {lead.status}; only pending or approved leads can be rejected"
            )
        if lead.status == "approved" and lead.demand_id:
            self.ingestor.delete(lead.demand_id)
        return self.leads.update(replace(lead, status="rejected", note=note, reviewed_at=_now()))

    def to_demand(self, lead: Lead) -> Demand:
        """The public record: everything staff approved except the contact."""
        return Demand(
            id=f"dem-lead-{lead.id[:12].lower()}",
            lang=lead.lang if lead.lang in ("zh", "en") else "zh",
            title=lead.title or lead.description[:40],
            enterprise=lead.enterprise or ("（未具名企业）" if lead.lang == "zh" else "(unnamed enterprise)"),
            city=lead.city or "",
            field=lead.field or "",
            description=lead.description,
            required_maturity=lead.required_maturity,
            deadline=dt.date.fromisoformat(lead.deadline) if lead.deadline else None,
            contact="",
            date=self.clock(),
            source="TechBridge demand capture (staff approved)",
        )
