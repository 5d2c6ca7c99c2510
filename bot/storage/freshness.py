"""When a cache of rows is still right, asked without a query on most messages.

A cache in front of a small table (the curated answers' vectors, whose identities are joined) is right
while nothing was written to that table. Writes in this process bump a counter kept per database and
table (`changed`), so the next read in this process sees them at once, through whichever store object
it goes; a write by another process (a worker, a replica) is seen through the table's own version query
(`version`: a count and a newest timestamp), asked at most once every `interval` seconds. Asked on
every message, those queries were ~0.4 ms of each (two pool checkouts); under load one a second is
asked, and another process's change is picked up within that second instead of on the next message.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable

__all__ = ["Freshness"]

_bumps: Counter[tuple[str, str]] = Counter()  # (database url, table) -> writes committed in this process
_bumps_lock = threading.Lock()


class Freshness:
    """`token()` changes whenever the rows may have: at once for this process's writes (`changed()`
    after each commit), within `interval` seconds for another process's (`version()` moved)."""

    def __init__(
        self,
        database: str,
        table: str,
        version: Callable[[], Hashable],
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._key = (database, table)
        self._version = version
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: tuple[int, Hashable] | None = None  # (local bumps, version) when last asked
        self._asked = 0.0

    def changed(self) -> None:
        """Call after a write to the table committed."""
        with _bumps_lock:
            _bumps[self._key] += 1

    def token(self) -> Hashable:
        with _bumps_lock:
            local = _bumps[self._key]
        now = self._clock()
        with self._lock:
            seen = self._seen
            if seen is not None and seen[0] == local and now - self._asked < self._interval:
                return seen
        fresh = (local, self._version())
        with self._lock:
            self._seen, self._asked = fresh, now
        return fresh
