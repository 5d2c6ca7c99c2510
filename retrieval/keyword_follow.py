"""A replica's keyword index kept in step with the store, document by document.

The searcher asks for the index on every search with the store's fingerprint (cheap: cached, refreshed
off the request path, stores/fingerprint.py). While it holds, the index stands. When it moves, the
follower asks the store's change log which documents were written since its cursor, re-reads their chunks
(one filtered read each) and swaps in a new `LiveKeywordIndex` (the base less their old chunks, plus a
delta holding their current ones: keyword_live.py). A full build from a scan of every chunk happens only
when there is nothing to follow: the first start (else the copy saved in the cache folder, with the cursor
it was built at, is loaded and caught up), another lineage (the collection was reset), a log that no
longer reaches back to the cursor, or a store without a change log; and, in the background, to take in
a bulk write (more than `FOLLOW_MAX` documents since the cursor) or to compact a delta grown past
`DELTA_MAX` chunks or a tenth of the base (the delta is rebuilt on each change).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from .keyword import KeywordIndex
from .keyword_live import KeywordSnapshot, LiveKeywordIndex, delta_scorer
from .stores.base import ChangeFeed, VectorStore
from .types import SearchFilters

__all__ = ["KeywordFollower"]

log = logging.getLogger(__name__)

# The delta is rebuilt whole on each change (tokens cached): ~75 ms of CPU at 2,000 chunks, ~5 ms for one
# document (2 shared cores); a compaction is a full build (483 s from a Chroma server at 654k chunks,
# scripts/bench_scale.py).
DELTA_MAX = 2000
# More documents than this since the cursor (a bulk ingest elsewhere) are taken in by a rebuild in the
# background, not read one by one on the request path (a read is a round trip: 5-300 ms on a busy server).
FOLLOW_MAX = 200
Row = tuple[str, str, dict[str, Any], np.ndarray | None]


class KeywordFollower:
    def __init__(self, store: VectorStore, cache_dir: Path | None) -> None:
        self.store = store
        self.cache_dir = cache_dir  # saved bases, shared by the workers of one machine
        self.feed: ChangeFeed | None = store if hasattr(store, "changes") else None  # type: ignore[assignment]
        self.rebuilds = 0  # full builds from a scan of every chunk
        self.loads = 0  # bases loaded from the cache folder
        self.followed = 0  # documents re-read from the change log
        self.last_follow: tuple[float, float, int] = (0.0, 0.0, 0)  # (wall s, this thread's CPU s, documents)
        self._lock = threading.RLock()
        self._current: KeywordSnapshot | None = None
        self._fingerprint = ""
        self._lineage, self._cursor = "", ""
        self._base: KeywordIndex | None = None
        self._dead = np.zeros(0, dtype=np.int64)  # base rows of documents the delta holds
        self._docs: dict[str, list[Row]] = {}  # document id -> its current chunks, for the delta
        self._tokens: dict[str, list[str]] = {}  # the delta's chunk key -> BM25 terms
        self._compacting: threading.Thread | None = None
        self._stale = False

    def invalidate(self) -> None:
        """After a write through this process: the next call reads the change log whatever the
        fingerprint says."""
        self._stale = True

    def index(self, fingerprint: str) -> KeywordSnapshot:
        with self._lock:
            if self._current is None or (self.feed is None and fingerprint != self._fingerprint):
                self._start(fingerprint)
            elif fingerprint != self._fingerprint or self._stale:
                self._stale = False
                self._follow()
            self._fingerprint = fingerprint
            assert self._current is not None
            return self._current

    # ---- full builds --------------------------------------------------------------------------
    def _start(self, fingerprint: str) -> None:
        """Load the saved base and catch up from its cursor, or build one from a full scan."""
        if self.feed is None:  # no log to follow: a base per fingerprint, as it was before the log
            self._adopt(self._load_or_build(fingerprint, None)[0], lineage=fingerprint, cursor="")
            return
        now = self.feed.changes(None)  # taken before the scan: what is written during it is read again
        base, cursor = self._load_or_build(now.lineage, now.cursor)
        self._adopt(base, lineage=now.lineage, cursor=cursor)
        self._follow()

    def _adopt(self, base: KeywordIndex, lineage: str, cursor: str) -> None:
        self._base, self._lineage, self._cursor = base, lineage, cursor
        self._dead = np.zeros(0, dtype=np.int64)
        self._docs, self._tokens = {}, {}
        self._current = base

    def _folder(self, lineage: str) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha1(f"{KeywordIndex.version}|{lineage}".encode()).hexdigest()[:20]
        return self.cache_dir / f"keyword-{digest}"

    def _load_or_build(self, lineage: str, cursor: str | None) -> tuple[KeywordIndex, str]:
        """A base for this lineage and the cursor it is current at: loaded from the cache folder (another
        worker or an earlier start built it), else built from a full scan and saved."""
        folder = self._folder(lineage)
        if folder is not None and folder.is_dir():
            try:
                saved = json.loads((folder / "cursor.json").read_text(encoding="utf-8"))
                if saved["lineage"] == lineage:
                    index = KeywordIndex.load(folder)
                    self.loads += 1
                    return index, saved["cursor"]
            except (OSError, ValueError, KeyError) as exc:  # a damaged cache is rebuilt, not fatal
                log.warning("keyword index cache %s unreadable (%s); rebuilding", folder, exc)
        return self._build(lineage, cursor or "", folder), cursor or ""

    def _build(self, lineage: str, cursor: str, folder: Path | None) -> KeywordIndex:
        rows = ((key, c.text, meta, vector) for key, c, meta, vector in self.store.scan_vectors())
        index = KeywordIndex(rows)
        self.rebuilds += 1
        if folder is None:
            return index
        try:
            index.save(folder)
            (folder / "cursor.json").write_text(json.dumps({"lineage": lineage, "cursor": cursor}))
            index = KeywordIndex.load(folder)  # its records read from the file, BM25 memory-mapped
            for old in folder.parent.glob("keyword-*"):  # earlier versions of the index
                if old != folder and ".tmp-" not in old.name:
                    shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            log.warning("could not save the keyword index to %s: %s", folder, exc)
        return index

    # ---- following the log --------------------------------------------------------------------
    def _follow(self) -> None:
        assert self.feed is not None and self._base is not None
        wall, cpu = time.perf_counter(), time.thread_time()
        changes = self.feed.changes(self._cursor)
        if changes.lineage != self._lineage or not changes.complete:
            log.info("keyword index: the change log does not reach back to its cursor; rebuilding")
            now = self.feed.changes(None)
            self._adopt(
                self._build(now.lineage, now.cursor, self._folder(now.lineage)), now.lineage, now.cursor
            )
            changes = self.feed.changes(now.cursor)
        if len(changes.doc_ids) > FOLLOW_MAX:
            log.info("keyword index: %d documents written elsewhere; rebuilding", len(changes.doc_ids))
            self._compact()  # the current snapshot serves meanwhile; the cursor stays for the next look
            return
        if changes.doc_ids:
            self._apply(sorted(changes.doc_ids))
        self._cursor = changes.cursor
        self.last_follow = (time.perf_counter() - wall, time.thread_time() - cpu, len(changes.doc_ids))

    def _apply(self, doc_ids: list[str]) -> None:
        """Re-read these documents' chunks and swap in a snapshot with them."""
        assert self._base is not None
        for doc_id in doc_ids:
            found = self.store.scan_vectors(SearchFilters(doc_id=doc_id))
            self._docs[doc_id] = [(key, chunk.text, meta, vector) for key, chunk, meta, vector in found]
        self.followed += len(doc_ids)
        self._dead = np.union1d(self._dead, self._base.doc_rows(doc_ids))
        rows = [row for chunks in self._docs.values() for row in chunks]
        tokens = {key: self._tokens.get(key) or KeywordIndex.terms(text, meta) for key, text, meta, _ in rows}
        self._tokens = tokens
        base = self._base.without(self._dead)
        delta = KeywordIndex(rows, tokens, delta_scorer(base, list(tokens.values()))) if rows else None
        self._current = LiveKeywordIndex(base, delta)
        if len(rows) > DELTA_MAX or len(self._dead) > max(DELTA_MAX, len(self._base.keys) // 10):
            self._compact()

    def _compact(self) -> None:
        """Rebuild the base from a full scan on a thread of its own; searches read the current snapshot
        meanwhile, and the new base catches up from the cursor taken before its scan."""
        if self._compacting is not None and self._compacting.is_alive():
            return
        assert self.feed is not None
        lineage, start = self._lineage, self.feed.changes(None).cursor

        def run() -> None:
            try:
                base = self._build(lineage, start, self._folder(lineage))
            except Exception as exc:  # the current snapshot stands; the next change tries again
                log.warning("keyword index compaction failed: %s", exc)
                return
            with self._lock:
                if self._lineage == lineage:
                    self._adopt(base, lineage, start)
                    self._follow()

        self._compacting = threading.Thread(target=run, name="keyword-compaction", daemon=True)
        self._compacting.start()

    def wait_compacted(self, timeout_s: float | None = None) -> None:
        """Until a compaction under way has swapped its base in (tests, the benchmark)."""
        thread = self._compacting
        if thread is not None:
            thread.join(timeout_s)
