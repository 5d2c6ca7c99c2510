"""The record format every store keeps: flat metadata (scalars, so a store can filter on them) plus the
chunk's own metadata as JSON. The keyword index snapshots these records and `SearchFilters.matches` reads
them, so the format is the stores' shared contract, not one vendor's."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from ..types import Chunk, date_int, field_flag
from .base import StoredDoc

__all__ = ["chunk_key", "stored_docs", "to_chunk", "to_metadata"]


def chunk_key(chunk: Chunk, doc_hash: str) -> str:
    # The hash is part of the id, so a changed document's new chunks are written beside the old ones
    # and the old ones removed after: a reader never sees a document with no chunks.
    return f"{chunk.id}@{doc_hash[:16]}"


def stored_docs(metas: Iterable[dict[str, Any]]) -> dict[str, StoredDoc]:
    """The ingest manifest read from every chunk's metadata."""
    docs: dict[str, StoredDoc] = {}
    for meta in metas:
        doc = docs.setdefault(
            str(meta["doc_id"]), StoredDoc(str(meta["doc_id"]), str(meta.get("origin", "")))
        )
        doc_hash = str(meta["doc_hash"])
        doc.hashes.setdefault(doc_hash, set()).add(int(meta["idx"]))
        doc.n_chunks[doc_hash] = int(meta["n_chunks"])
    return docs


def to_metadata(chunk: Chunk, doc_hash: str, n_chunks: int, origin: str) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "doc_id": chunk.doc_id,
        "idx": chunk.index,
        "n_chunks": n_chunks,
        "doc_hash": doc_hash,
        "origin": origin,
        "kind": chunk.kind,
        "title": chunk.title,
        "lang": chunk.lang,
        "date": chunk.date.isoformat() if chunk.date else "",
        "date_int": date_int(chunk.date),
        "source": chunk.source,
        "url": chunk.url,
        "locator": chunk.locator,
        "meta": json.dumps(chunk.meta, ensure_ascii=False, default=str),
    }
    fields = chunk.meta.get("fields") or ([chunk.meta["field"]] if chunk.meta.get("field") else [])
    for key in fields:
        meta[field_flag(key)] = True
    if chunk.meta.get("field"):
        meta["field"] = chunk.meta["field"]
    if chunk.meta.get("city"):
        meta["city"] = chunk.meta["city"]
    if chunk.meta.get("article_no"):
        meta["article_no"] = int(chunk.meta["article_no"])
    return meta


def to_chunk(text: str | None, meta: dict[str, Any]) -> Chunk:
    day = meta.get("date") or ""
    return Chunk(
        id=f"{meta['doc_id']}#{meta['idx']}",
        doc_id=str(meta["doc_id"]),
        index=int(meta["idx"]),
        text=text or "",
        kind=meta["kind"],
        title=str(meta.get("title", "")),
        lang=meta.get("lang", "en"),
        date=dt.date.fromisoformat(day) if day else None,
        source=str(meta.get("source", "")),
        url=str(meta.get("url", "")),
        locator=str(meta.get("locator", "")),
        meta=json.loads(meta.get("meta") or "{}"),
    )
