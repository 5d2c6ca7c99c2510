"""The change log a Chroma collection's writers keep beside it: which documents each write touched.

Every process that writes through a `ChromaStore` appends one entry per write (the document ids, and the
writer's clock in microseconds) to a small collection beside the chunks, before it marks the index
written, so a process that sees the new write id finds the entry too. A replica's keyword index follows
the log (retrieval/keyword_live.py): it reads the entries newer than its cursor and re-reads the chunks of
those documents, instead of rebuilding from a scan of every chunk.

Entries are read back a minute past the newest one seen (`_MARGIN_US`) and told apart by id, so an entry
whose writer's clock ran behind or whose write was slow is not missed; re-reading a document is
idempotent. The log keeps a day (`_RETENTION_US`): a cursor older than that is `complete=False`, a
rebuild. Nothing here imports chromadb: the store hands over its collection (stores/chroma.py).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from .base import Changes

__all__ = ["ChangeLog"]

_MARGIN_US = 60_000_000
_RETENTION_US = 24 * 3600 * 1_000_000
_TRIM_EVERY_S = 600.0  # how often a writer deletes entries past the retention (one where-delete)


def _now_us() -> int:
    return time.time_ns() // 1000


class ChangeLog:
    def __init__(self, collection: Callable[[], Any], lineage: Callable[[], str]) -> None:
        """`collection`: the log's collection (opened or created on first use); `lineage`: the chunks'
        collection's identity (its name and id)."""
        self._collection = collection
        self._lineage = lineage
        self._trimmed = 0.0
        self._lock = threading.Lock()

    def append(self, doc_ids: Iterable[str]) -> None:
        """Record that these documents were written (call after the write, before marking it)."""
        ids = sorted(set(doc_ids))
        if not ids:
            return
        t = _now_us()
        log = self._collection()
        log.add(
            ids=[f"{t:017d}-{uuid.uuid4().hex[:12]}"],
            embeddings=[[1.0]],  # Chroma wants one; entries are read by `t`, never by similarity
            documents=[json.dumps(ids, ensure_ascii=False)],
            metadatas=[{"t": t}],
        )
        with self._lock:
            trim = time.monotonic() - self._trimmed >= _TRIM_EVERY_S
            if trim:
                self._trimmed = time.monotonic()
        if trim:
            log.delete(where={"t": {"$lt": t - _RETENTION_US}})

    def changes(self, cursor: str | None) -> Changes:
        lineage, now = self._lineage(), _now_us()
        held: dict[str, Any] = json.loads(cursor) if cursor is not None else {"t": now, "seen": None}
        since = int(held["t"])
        if now - since > _RETENTION_US - _MARGIN_US:  # entries it would need may have been trimmed
            return Changes(lineage, cursor or "", frozenset(), complete=False)
        res = self._collection().get(
            where={"t": {"$gt": since - _MARGIN_US}}, include=["documents", "metadatas"]
        )
        entries = [
            (key, int(meta["t"]), doc)
            for key, meta, doc in zip(res["ids"], res["metadatas"], res["documents"], strict=True)
        ]
        touched: set[str] = set()
        if held["seen"] is not None:  # without a cursor, everything logged so far counts as seen
            seen = set(held["seen"])
            for key, _, doc in entries:
                if key not in seen:
                    touched.update(json.loads(doc))
        # The cursor moves to the newest entry, or to a margin ago when the log is quiet (so that a day
        # without writes is not taken for a trimmed log); entries within the margin of it are remembered.
        newest = max([since, now - _MARGIN_US, *(t for _, t, _ in entries)])
        recent = sorted(key for key, t, _ in entries if t > newest - _MARGIN_US)
        return Changes(lineage, json.dumps({"t": newest, "seen": recent}), frozenset(touched))
