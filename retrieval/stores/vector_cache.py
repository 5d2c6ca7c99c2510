"""Stored vectors kept in memory by chunk key, least recently used out first.

Searches read vectors from the keyword index's saved snapshot (retrieval/keyword.py) and ask the store
only for chunks written since it was built; this keeps those. A key holds its document's content hash
(stores/metadata.py `chunk_key`), so the vector behind a key never changes and needs no invalidation
beyond a reset.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["VectorCache"]

# ~2 KiB a vector (512 float32 dims): 10,000 of them ~20 MiB.
DEFAULT_CAPACITY = 10_000


class VectorCache:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def lookup(self, keys: Sequence[str]) -> tuple[dict[str, np.ndarray], list[str]]:
        """The vectors held for these keys (now most recently used), and the keys not held, in order."""
        found: dict[str, np.ndarray] = {}
        missing: list[str] = []
        with self._lock:
            for key in keys:
                vector = self._vectors.get(key)
                if vector is None:
                    missing.append(key)
                else:
                    self._vectors.move_to_end(key)
                    found[key] = vector
        return found, missing

    def add(self, vectors: Mapping[str, np.ndarray]) -> None:
        with self._lock:
            self._vectors.update(vectors)
            while len(self._vectors) > self.capacity:
                self._vectors.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()
