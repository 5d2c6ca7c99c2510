"""Listings (achievements, demands, events) as the console reads, writes and exports them.

A record staff add or edit is validated by its model (retrieval/records.py: the rules the knowledge
files follow), written as `<data dir>/uploads/listing-<id>.json` ({kind, records: [row]}, a file the
loaders read like any upload) and indexed from that file through the isolated parser, so the index
holds what the file says and a re-ingest reads it again. An edit replaces the indexed record whatever its
source (a shipped CSV row too: the audit log says who replaced what). Archiving removes the record from
the index (answers and listings stop showing it) and moves its console file to `uploads/.archived/`.
`techbridge ingest` re-reads the knowledge files over such edits; the server re-applies them when it
starts (`reapply_listing_edits`), so to change a shipped record for good, edit its file too (the export
gives the row).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from retrieval.errors import SourceError
from retrieval.loaders import load_file, load_files
from retrieval.records import RECORD_MODELS, record_from_row
from retrieval.types import Document

from ..security.exports import csv_text
from ..services import Services

__all__ = ["COLUMNS", "archive_record", "export_csv", "listing_rows", "reapply_listing_edits", "save_record"]

# The columns of knowledge/FORMAT.md, in its order: an export re-imports as it is.
COLUMNS: dict[str, tuple[str, ...]] = {
    "achievement": (
        "id", "lang", "title", "institution", "city", "field", "summary", "trl", "maturity", "ip_status",
        "transfer_modes", "contact", "date", "source", "url", "sample",
    ),
    "demand": (
        "id", "lang", "title", "enterprise", "city", "field", "description", "required_maturity", "budget",
        "deadline", "contact", "date", "source", "url", "sample",
    ),
    "event": (
        "id", "lang", "title", "start_date", "end_date", "city", "venue", "organizers", "topics", "fields",
        "registration", "summary", "date", "source", "url", "sample",
    ),
}  # fmt: skip
_LIST_FIELDS = {"transfer_modes", "organizers", "topics", "fields"}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def listing_rows(services: Services, kind: str) -> list[dict[str, str]]:
    """Every record of a kind as text cells, in the catalog's listing order, plus its origin."""
    stored = services.store.stored_docs()
    rows = []
    for record in services.catalog.records(kind):
        chunk = record.chunk
        values: dict[str, Any] = {
            "id": chunk.doc_id,
            "lang": chunk.lang,
            "title": chunk.title,
            "date": chunk.date.isoformat() if chunk.date else "",
            "source": chunk.source,
            "url": chunk.url,
            **chunk.meta,
        }
        row = {c: _cell(values.get(c)) for c in COLUMNS[kind]}
        row["origin"] = stored[chunk.doc_id].origin if chunk.doc_id in stored else ""
        rows.append(row)
    return rows


def export_csv(services: Services, kind: str) -> str:
    """The records as CSV in the knowledge files' columns after a `kind` column (so the file imports again
    as it is), every cell neutralised (bot/security/exports)."""
    columns = COLUMNS[kind]
    rows = ([kind, *(row[c] for c in columns)] for row in listing_rows(services, kind))
    return csv_text(("kind", *columns), rows)


def _uploads(services: Services) -> Path:
    return Path(services.settings.data_dir) / "uploads"


def save_record(services: Services, kind: str, form: dict[str, str]) -> tuple[str, dict[str, object]]:
    """Validate, write and index one record; (its id, the ingest summary). ValueError names the fields
    that are wrong (nothing is written then)."""
    row = {c: form.get(c, "") for c in COLUMNS[kind]}
    record = record_from_row(kind, row)  # ValueError: the model's own message, per field
    name = f"listing-{record.id}.json"
    folder = _uploads(services)
    staging = folder / ".incoming"
    staging.mkdir(parents=True, exist_ok=True)
    staged = staging / name
    clean: dict[str, Any] = {k: v for k, v in row.items() if v != ""}
    for key in _LIST_FIELDS & clean.keys():
        clean[key] = [part.strip() for part in clean[key].replace("；", ";").split(";") if part.strip()]
    staged.write_text(json.dumps({"kind": kind, "records": [clean]}, ensure_ascii=False, indent=1), "utf-8")
    try:
        docs: list[Document] = []
        errors: list[SourceError] = []
        for item in load_file(staged, staging, origin=f"upload:{name}"):  # the parser process, as uploads
            (errors if isinstance(item, SourceError) else docs).append(item)  # type: ignore[arg-type]
        if errors or not docs:
            raise ValueError("; ".join(str(e) for e in errors) or "nothing could be read from the record")
        report = services.ingestor.ingest_documents(docs)
        os.replace(staged, folder / name)
        (folder / ".archived" / f"{record.id}.tombstone").unlink(missing_ok=True)  # added again
    finally:
        staged.unlink(missing_ok=True)
    return record.id, report.summary()


def archive_record(services: Services, doc_id: str) -> bool:
    """Take the record out of the index; keep its console file (if any) under uploads/.archived/, and
    leave a tombstone there so a later ingest of the file it came from does not bring it back for good
    (`reapply_listing_edits`)."""
    removed = services.ingestor.delete(doc_id)
    archived = _uploads(services) / ".archived"
    archived.mkdir(parents=True, exist_ok=True)
    own = _uploads(services) / f"listing-{doc_id}.json"
    if own.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        os.replace(own, archived / f"listing-{doc_id}-{stamp}.json")
    if removed:
        (archived / f"{doc_id}.tombstone").touch()
    return removed


def reapply_listing_edits(services: Services) -> dict[str, object]:
    """Staff's edits win over the files records came from: re-index every console listing file (unchanged
    ones cost nothing) and take archived records out again. The server runs this at start, after
    `techbridge ingest` may have re-read a shipped CSV over an edit."""
    folder = _uploads(services)
    files = sorted(folder.glob("listing-*.json")) if folder.is_dir() else []
    tombstones = sorted((folder / ".archived").glob("*.tombstone")) if folder.is_dir() else []
    if not files and not tombstones:
        return {}
    docs: list[Document] = []
    errors: list[SourceError] = []
    for loaded in load_files([(path, folder, f"upload:{path.name}") for path in files]):
        docs += loaded.documents
        errors += loaded.errors
    summary = services.ingestor.ingest_documents(docs, errors).summary() if files else {}
    stored = services.store.stored_docs()
    removed = []
    for tombstone in tombstones:
        doc_id = tombstone.name.removesuffix(".tombstone")
        if doc_id in stored and not (folder / f"listing-{doc_id}.json").exists():
            services.ingestor.delete(doc_id)
            removed.append(doc_id)
    return {**summary, "archived_again": removed}


def model_kinds() -> tuple[str, ...]:
    return tuple(RECORD_MODELS)
