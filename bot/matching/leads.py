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
from pathlib import Path
from typing import Any, Literal, Protocol

from retrieval.fields import field_key, fields_in
from retrieval.ingest import Ingestor
from retrieval.records import Demand

from ..errors import LeadStatusError, NotFoundError
from ..security.exports import csv_text
from ..storage.conversations import SqliteDatabase

__all__ = ["Lead", "LeadReview", "LeadStatusError", "LeadStore", "SqliteLeadStore", "Status", "leads_csv"]

Status = Literal["collecting", "pending", "approved", "rejected", "cancelled"]
STATUSES: tuple[str, ...] = ("collecting", "pending", "approved", "rejected", "cancelled")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


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

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class LeadStore(Protocol):
    def add(self, lead: Lead) -> Lead: ...
    def get(self, lead_id: str) -> Lead | None: ...
    def update(self, lead: Lead) -> Lead: ...
    def list(self, status: str | None = None, limit: int = 100) -> list[Lead]: ...
    def purge(self, before: dt.datetime, dry_run: bool = False) -> int: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS leads (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('collecting', 'pending', 'approved', 'rejected', 'cancelled')),
    description TEXT NOT NULL, lang TEXT, session_id TEXT, title TEXT, field TEXT, city TEXT,
    required_maturity TEXT, enterprise TEXT, contact TEXT, deadline TEXT, best_match TEXT, best_score REAL,
    demand_id TEXT, note TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, reviewed_at TEXT
);
CREATE INDEX IF NOT EXISTS leads_status ON leads(status, created_at);
"""
_COLUMNS = tuple(Lead.__dataclass_fields__)


class SqliteLeadStore(SqliteDatabase):
    """On the conversations' SQLite file (its own table, its own connections; WAL handles both)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA)

    def add(self, lead: Lead) -> Lead:
        now = _now()
        lead = replace(lead, created_at=lead.created_at or now, updated_at=now)
        with self._tx() as conn:
            conn.execute(
                f"INSERT INTO leads({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                [getattr(lead, c) for c in _COLUMNS],
            )
        return lead

    def get(self, lead_id: str) -> Lead | None:
        row = self._connection().execute("SELECT * FROM leads WHERE id=?", (lead_id,)).fetchone()
        return Lead(**{c: row[c] for c in _COLUMNS}) if row else None

    def update(self, lead: Lead) -> Lead:
        lead = replace(lead, updated_at=_now())
        cols = [c for c in _COLUMNS if c != "id"]
        with self._tx() as conn:
            cur = conn.execute(
                f"UPDATE leads SET {', '.join(f'{c}=?' for c in cols)} WHERE id=?",
                [*(getattr(lead, c) for c in cols), lead.id],
            )
            if cur.rowcount != 1:
                raise NotFoundError(f"no lead {lead.id!r}")
        return lead

    def list(self, status: str | None = None, limit: int = 100) -> list[Lead]:
        sql, args = "SELECT * FROM leads", []
        if status:
            sql += " WHERE status=?"
            args.append(status)
        rows = (
            self._connection().execute(f"{sql} ORDER BY created_at DESC LIMIT ?", (*args, limit)).fetchall()
        )
        return [Lead(**{c: r[c] for c in _COLUMNS}) for r in rows]

    def purge(self, before: dt.datetime, dry_run: bool = False) -> int:
        """Delete leads not updated since `before`, whatever their status (the contact goes with them; an
        approved lead's published demand record, which holds no contact, stays indexed). Returns how
        many are (or, with `dry_run`, would be) deleted."""
        cutoff = before.astimezone(dt.UTC).isoformat(timespec="milliseconds")
        with self._tx() as conn:
            if dry_run:
                return int(
                    conn.execute("SELECT COUNT(*) FROM leads WHERE updated_at < ?", (cutoff,)).fetchone()[0]
                )
            return conn.execute("DELETE FROM leads WHERE updated_at < ?", (cutoff,)).rowcount


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
