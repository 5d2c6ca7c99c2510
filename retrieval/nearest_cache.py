"""The vector store's recent nearest-neighbour answers, by query vector and count.

One chat message is searched for up to three times (the record it may name, the news of the event it may
name, the passages), each with its own filters; the store's nearest-neighbour query is not filtered, so
each asks the store the same question (~4 ms at 5k chunks on 2 cores; the same list of keys back). An
answer is kept a few seconds, and only under the store fingerprint it was read under: a write, from this
process or another (within the fingerprint's own staleness), asks the store again.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

import numpy as np

__all__ = ["NearestCache"]

Neighbours = list[tuple[str, float]]


class NearestCache:
    def __init__(self, size: int = 64, seconds: float = 5.0) -> None:
        self._size = size
        self._seconds = seconds  # long enough for one message's searches, short enough to hold little
        self._kept: OrderedDict[tuple[str, int, bytes], tuple[float, Neighbours]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(fingerprint: str, vector: np.ndarray, n: int) -> tuple[str, int, bytes]:
        return fingerprint, n, np.asarray(vector, dtype=np.float32).tobytes()

    def get(self, key: tuple[str, int, bytes]) -> Neighbours | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                return None
            if time.monotonic() - found[0] > self._seconds:
                del self._kept[key]
                return None
            self._kept.move_to_end(key)
            return list(found[1])

    def put(self, key: tuple[str, int, bytes], neighbours: Neighbours) -> Neighbours:
        with self._lock:
            self._kept[key] = (time.monotonic(), list(neighbours))
            self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return neighbours

    def holds(self, key: tuple[str, int, bytes]) -> bool:
        with self._lock:
            found = self._kept.get(key)
            return found is not None and time.monotonic() - found[0] <= self._seconds
