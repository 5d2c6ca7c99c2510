"""Listing formats: CSV (stdlib csv), XLSX (openpyxl), JSON and YAML (records or one prose document).

Each row is validated on its own: a bad row becomes a SourceError with its row number (the header is
row 1, as a spreadsheet shows it) and the other rows still load.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from ..errors import SourceError
from ..records import record_from_row
from ..types import RECORD_KINDS, Document
from .base import LoadContext, make_document
from .limits import check_zip, parse_yaml


def _records(
    rows: Iterable[tuple[int, dict[str, Any]]], ctx: LoadContext, default_kind: str | None
) -> Iterator[Document | SourceError]:
    seen: set[str] = set()
    for row_no, row in rows:
        if not any(v not in (None, "") for v in row.values()):
            continue  # blank line
        kind = str(row.get("kind") or default_kind or ctx.folder_kind or "")
        if not kind:
            yield SourceError(ctx.origin, "no 'kind' column and the folder does not name a kind", row=row_no)
            continue
        try:
            record = record_from_row(kind, row)
        except ValueError as exc:
            yield SourceError(ctx.origin, str(exc), row=row_no)
            continue
        if record.id in seen:
            yield SourceError(ctx.origin, f"duplicate id {record.id!r}", row=row_no)
            continue
        seen.add(record.id)
        yield record.to_document(ctx.origin)


def load_csv(path: Path, ctx: LoadContext) -> Iterator[Document | SourceError]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames:
            raise SourceError(ctx.origin, "empty CSV: no header row")
        rows = ((i, {k: v for k, v in row.items() if k is not None}) for i, row in enumerate(reader, start=2))
        yield from _records(rows, ctx, None)


def load_xlsx(path: Path, ctx: LoadContext) -> Iterator[Document | SourceError]:
    from openpyxl import load_workbook

    check_zip(path, ctx.limits, ctx.origin, "XLSX")
    book = load_workbook(str(path), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            values = sheet.iter_rows(values_only=True)
            header = next(values, None)
            if not header:
                continue
            names = [str(h).strip() if h is not None else "" for h in header]
            rows = (
                (i, {n: ("" if v is None else v) for n, v in zip(names, row, strict=False) if n})
                for i, row in enumerate(values, start=2)
            )
            # A sheet named after a kind ("events") sets it for its rows.
            sheet_kind = sheet.title.strip().lower().rstrip("s") if sheet.title else None
            default = sheet_kind if sheet_kind in RECORD_KINDS else None
            yield from _records(rows, ctx, default)
    finally:
        book.close()


def _structured(data: Any, ctx: LoadContext) -> Iterator[Document | SourceError]:
    """A list of records, {kind, records: [...]}, or one prose document {title, text, ...}."""
    if isinstance(data, dict) and "text" in data and "records" not in data:
        front = {k: v for k, v in data.items() if k != "text"}
        yield make_document(ctx, front, str(data["text"]), str(data.get("title") or ""))
        return
    default_kind = None
    if isinstance(data, dict):
        default_kind = data.get("kind")
        data = data.get("records")
    if not isinstance(data, list):
        raise SourceError(ctx.origin, "expected a list of records, {kind, records: [...]}, or {title, text}")
    rows = []
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            yield SourceError(ctx.origin, "record is not a mapping", row=i)
            continue
        rows.append((i, item))
    yield from _records(rows, ctx, default_kind)


def load_json(path: Path, ctx: LoadContext) -> Iterator[Document | SourceError]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SourceError(ctx.origin, f"invalid JSON: {exc}") from None
    yield from _structured(data, ctx)


def load_yaml(path: Path, ctx: LoadContext) -> Iterator[Document | SourceError]:
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"), ctx.origin)  # no aliases (limits.py)
    except yaml.YAMLError as exc:
        raise SourceError(ctx.origin, f"invalid YAML: {exc}") from None
    yield from _structured(data, ctx)
