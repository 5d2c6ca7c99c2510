"""The index fingerprint as a store shared by several processes serves it: cached, refreshed off the
request path, and forgotten at once after a write through this process.

The store supplies three calls: `read` (the fingerprint as the index holds it now: a round trip),
`count` (the chunk count, for the periodic check) and `mark_written` (record a new write id for every
process). Nothing here knows which store it is.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

__all__ = ["FingerprintCache"]

log = logging.getLogger(__name__)

# How stale a fingerprint may be: a change written by another process (worker, CLI ingest) is seen by
# the caches built on the index (keyword index, catalog) within this many seconds.
_FINGERPRINT_TTL_S = 1.0
# How often the refresh also compares the chunk count with the one seen under the same write id: Chroma's
# count holds the GIL for its whole run (~6 ms at 100k chunks), so it is not part of every read. A count
# that moved under an unchanged write id means a writer stopped between its write and its mark.
_COUNT_CHECK_S = 60.0


class FingerprintCache:
    def __init__(
        self,
        read: Callable[[], str],
        count: Callable[[], int],
        mark_written: Callable[[], None],
        thread_name: str = "store-fingerprint",
    ) -> None:
        self._read = read
        self._count = count
        self._mark_written = mark_written
        self._thread_name = thread_name
        self._fingerprint: tuple[float, str] | None = None  # (when read, value)
        self._lock = threading.Lock()
        self._writes = 0  # writes through this process: a refresh read before one must not stand
        self._reading = threading.Lock()  # held while a call reads it (none is cached)
        self._refreshing = threading.Lock()  # held while a background refresh runs
        self._counted: tuple[float, str, int] | None = None  # (when, fingerprint, chunk count) for the check

    def forget(self) -> None:
        """After a write through this process: the next call reads the fingerprint afresh."""
        with self._lock:
            self._writes += 1
            self._fingerprint = None

    def get(self) -> str:
        """Writes through this process are seen at once (the next call reads it). Another process's writes
        are seen within about a second (`_FINGERPRINT_TTL_S`): once the value is that old, a call returns
        it and starts a refresh on a thread of its own, so no request waits for the read (~0.5 ms; over
        HTTP with a Chroma server, a round trip)."""
        cached = self._fingerprint
        if cached is None:
            with self._reading:  # callers after a write wait for one read, not one each
                cached = self._fingerprint
                if cached is None:
                    return self._store()
        if time.monotonic() - cached[0] >= _FINGERPRINT_TTL_S and self._refreshing.acquire(blocking=False):
            try:
                threading.Thread(target=self._refresh, name=self._thread_name, daemon=True).start()
            except RuntimeError:  # no thread to be had (interpreter shutting down): read it next time
                self._refreshing.release()
        return cached[1]

    def _store(self) -> str:
        with self._lock:
            writes = self._writes
        value = self._read()
        with self._lock:
            if self._writes == writes:  # else a write through this process came after the read: not kept
                self._fingerprint = (time.monotonic(), value)
        return value

    def _refresh(self) -> None:
        try:
            value = self._store()
            counted = self._counted
            if counted is None or time.monotonic() - counted[0] >= _COUNT_CHECK_S:
                count = self._count()
                self._counted = (time.monotonic(), value, count)
                if counted is not None and counted[1] == value and counted[2] != count:
                    log.warning(
                        "the chunk count changed under an unchanged write id: marking the index written"
                    )
                    self._mark_written()
        except Exception as exc:  # the cached value stands; a call a TTL from now tries again
            log.warning("could not refresh the store fingerprint: %s", exc)
            with self._lock:
                if self._fingerprint is not None:
                    self._fingerprint = (time.monotonic(), self._fingerprint[1])
        finally:
            self._refreshing.release()
