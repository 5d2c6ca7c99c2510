"""What every loader shares: where a file sits, the kind its folder implies, ids and front matter."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ParseLimitError, SourceError
from ..text import detect_lang
from ..types import KINDS, Document, Kind
from .limits import DEFAULT_LIMITS, ParseLimits, keep_scalars

_FOLDER_KINDS: dict[str, Kind] = {
    "news": "news",
    "regulations": "regulation",
    "regulation": "regulation",
    "policies": "regulation",
    "achievements": "achievement",
    "achievement": "achievement",
    "technologies": "achievement",
    "demands": "demand",
    "demand": "demand",
    "events": "event",
    "event": "event",
}
_ID_OK = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DOC_FIELDS = {"id", "kind", "title", "lang", "date", "source", "url"}


@dataclass(frozen=True)
class LoadContext:
    path: Path
    origin: str  # path relative to the ingest root (posix), or "upload:<name>"
    folder_kind: Kind | None
    limits: ParseLimits = DEFAULT_LIMITS  # what parsing the file may cost (limits.py)

    @classmethod
    def for_file(
        cls, path: Path, root: Path, origin: str | None = None, limits: ParseLimits = DEFAULT_LIMITS
    ) -> LoadContext:
        if origin is None:
            try:
                origin = path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                origin = path.name
        folders = Path(origin.removeprefix("upload:")).parts[:-1]
        kind = next((_FOLDER_KINDS[p.lower()] for p in reversed(folders) if p.lower() in _FOLDER_KINDS), None)
        return cls(path=path, origin=origin, folder_kind=kind, limits=limits)

    def default_id(self, suffix: str = "") -> str:
        """A stable id from the file's path: readable when the path is ASCII, hashed otherwise."""
        stem = self.origin.removeprefix("upload:").rsplit(".", 1)[0] + suffix
        slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
        if slug and stem.isascii():
            return slug[:120]
        return f"{slug[:60]}-{hashlib.sha1(stem.encode()).hexdigest()[:10]}".strip("-")


def parse_date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise SourceError(where, f"date {value!r} is not an ISO date (YYYY-MM-DD)") from None


def make_document(ctx: LoadContext, front: dict[str, Any], body: str, fallback_title: str) -> Document:
    """A prose document from front matter (may be empty) and body text, validated. Only scalar fields
    and lists of scalars are kept, at most `front_matter_kb` of them: they ride along in every chunk."""
    front = keep_scalars(front, ctx.origin)
    size = len(json.dumps(front, ensure_ascii=False, default=str).encode())
    if size > ctx.limits.front_matter_kb * 1024:
        raise ParseLimitError(
            ctx.origin,
            f"the document's fields take {size / 1024:,.0f} KB; the limit is {ctx.limits.front_matter_kb} KB",
        )
    kind = front.get("kind") or ctx.folder_kind or "news"
    if kind not in KINDS:
        raise SourceError(ctx.origin, f"kind {kind!r} is not one of {list(KINDS)}")
    doc_id = str(front.get("id") or ctx.default_id())
    if not _ID_OK.match(doc_id):
        raise SourceError(ctx.origin, f"id {doc_id!r} must be lowercase letters, digits and '-'")
    if not body.strip():
        raise SourceError(ctx.origin, "no text found")
    lang = front.get("lang") or detect_lang(body)
    if lang not in ("zh", "en"):
        raise SourceError(ctx.origin, f"lang {lang!r} must be 'zh' or 'en'")
    meta = {
        k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in front.items() if k not in _DOC_FIELDS
    }
    return Document(
        id=doc_id,
        kind=kind,
        title=str(front.get("title") or fallback_title or doc_id).strip(),
        lang=lang,
        text=body.strip(),
        date=parse_date(front.get("date"), ctx.origin),
        source=str(front.get("source") or ""),
        url=str(front.get("url") or ""),
        origin=ctx.origin,
        meta=meta,
    )
