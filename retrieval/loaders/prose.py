"""Prose formats: Markdown/TXT with YAML front matter, HTML (BeautifulSoup), PDF (pypdf),
DOCX (python-docx)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ..errors import ParseLimitError, SourceError
from ..types import Document
from .base import LoadContext, make_document
from .limits import DEFAULT_LIMITS, ParseLimits, check_pdf, check_zip, parse_yaml

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def split_front_matter(
    text: str, where: str, limits: ParseLimits = DEFAULT_LIMITS
) -> tuple[dict[str, Any], str]:
    """(front matter, body). The front matter is read without YAML anchors and aliases (limits.py)."""
    match = _FRONT.match(text)
    if not match:
        return {}, text.lstrip("\ufeff")
    size = len(match.group(1).encode())
    if size > limits.front_matter_kb * 1024:
        raise ParseLimitError(
            where, f"front matter is {size / 1024:,.0f} KB; the limit is {limits.front_matter_kb} KB"
        )
    try:
        front = parse_yaml(match.group(1), where, first_line=2) or {}  # after the '---' line
    except yaml.YAMLError as exc:
        raise SourceError(where, f"front matter is not valid YAML: {exc}") from None
    if not isinstance(front, dict):
        raise SourceError(where, "front matter must be a YAML mapping")
    return front, text[match.end() :]


def _first_line(text: str) -> str:
    heading = _HEADING.search(text)
    if heading:
        return heading.group(1)
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:200]


def load_markdown(path: Path, ctx: LoadContext) -> Iterator[Document | SourceError]:
    text = path.read_text(encoding="utf-8")
    front, body = split_front_matter(text, ctx.origin, ctx.limits)
    yield make_document(ctx, front, body, _first_line(body) or path.stem)


def load_html(path: Path, ctx: LoadContext) -> Iterator[Document | SourceError]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "form", "template"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    heading = soup.find(["h1", "h2"])
    front: dict[str, Any] = {}
    for name, key in (
        ("date", "date"),
        ("article:published_time", "date"),
        ("dc.date", "date"),
        ("source", "source"),
        ("author", "source"),
    ):
        meta: Any = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        if meta and meta.get("content") and key not in front:
            front[key] = str(meta["content"])[:10] if key == "date" else str(meta["content"])
    lang = str(soup.html.get("lang") or "").lower()[:2] if soup.html else ""
    if lang in ("zh", "en"):
        front["lang"] = lang
    body_root: Any = soup.find("article") or soup.find("main") or soup.body or soup
    body = "\n".join(line.strip() for line in body_root.get_text("\n").splitlines() if line.strip())
    fallback = title or (heading.get_text(strip=True) if heading else "") or path.stem
    yield make_document(ctx, front, body, fallback)


def load_pdf(path: Path, ctx: LoadContext) -> Iterator[Document | SourceError]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        check_pdf(reader, ctx.limits, ctx.origin)
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise SourceError(ctx.origin, f"not a readable PDF: {exc}") from None
    body = "\n".join(pages)
    meta = reader.metadata
    front: dict[str, Any] = {"pages": len(pages)}
    title = (meta.title if meta and meta.title else "") or _first_line(body)
    if meta and meta.creation_date:
        front["date"] = meta.creation_date.date()
    if not body.strip():
        raise SourceError(ctx.origin, "the PDF has no extractable text (scanned image? OCR it first)")
    yield make_document(ctx, front, body, title or path.stem)


def load_docx(path: Path, ctx: LoadContext) -> Iterator[Document | SourceError]:
    import docx

    check_zip(path, ctx.limits, ctx.origin, "DOCX")
    document = docx.Document(str(path))
    lines = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name or "").lower() if para.style is not None else ""
        if style.startswith("heading") or style == "title":
            level = int(style[-1]) if style[-1].isdigit() else 1
            text = f"{'#' * level} {text}"
        lines.append(text)
    for table in document.tables:  # tables hold half the content of many policy documents
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                lines.append(" | ".join(dict.fromkeys(cells)))
    body = "\n".join(lines)
    props = document.core_properties
    front: dict[str, Any] = {}
    if props.created:
        front["date"] = props.created.date()
    if props.author:
        front["source"] = props.author
    title = props.title or _first_line(body)
    yield make_document(ctx, front, body, title or path.stem)
