"""A keyword index on disk: what `KeywordIndex.save` writes and `KeywordIndex.load` reads (keyword.py).

The searcher saves the index it builds in the cache folder, keyed by the store's lineage, with the change
log's cursor beside it (keyword_follow.py): tokenizing 100k chunks with jieba takes minutes on 2 cores,
loading the saved index about a second, and other workers and later starts load it too.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import bm25s
import numpy as np

from .text import keyword_tokens

__all__ = ["ByteFile", "Parts", "read", "write"]


class Parts(NamedTuple):
    """What a `KeywordIndex` is made of, in the order of its `_init`."""

    keys: list[str]
    df: Counter[str]
    kinds: np.ndarray
    langs: np.ndarray
    cities: np.ndarray
    days: np.ndarray
    flags: dict[str, np.ndarray]
    bm25: Any
    vectors: np.ndarray | None
    records: np.ndarray | ByteFile
    offsets: np.ndarray
    avgdl: float


def write(parts: Parts, folder: Path) -> None:
    """Write an index to `folder` (created; written beside and renamed, so a reader never sees half)."""
    tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    arrays: dict[str, Any] = {
        "keys": np.array(parts.keys, dtype=str),
        "kinds": parts.kinds,
        "langs": parts.langs,
        "cities": parts.cities,
        "days": parts.days,
    }
    arrays.update({f"flag:{name}": idx for name, idx in parts.flags.items()})
    np.savez(tmp / "fields.npz", **arrays)
    np.save(tmp / "offsets.npy", parts.offsets)
    (tmp / "records.bin").write_bytes(bytes(parts.records[: int(parts.offsets[-1])]))
    if parts.vectors is not None:
        np.save(tmp / "vectors.npy", parts.vectors[: len(parts.keys)])
    (tmp / "df.json").write_text(json.dumps(parts.df, ensure_ascii=False), encoding="utf-8")
    (tmp / "stats.json").write_text(json.dumps({"avgdl": parts.avgdl}), encoding="utf-8")
    if parts.bm25 is not None:
        parts.bm25.save(str(tmp / "bm25"), show_progress=False)
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)


def read(folder: Path) -> Parts:
    """The index `write` wrote; the BM25 matrices are memory-mapped (workers on one machine share them)."""
    with np.load(folder / "fields.npz") as data:
        flags = {n.removeprefix("flag:"): data[n] for n in data.files if n.startswith("flag:")}
        keys, kinds, langs, cities, days = (data[n] for n in ("keys", "kinds", "langs", "cities", "days"))
    df: Counter[str] = Counter(json.loads((folder / "df.json").read_text(encoding="utf-8")))
    bm25 = None
    if (folder / "bm25").is_dir():
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        bm25 = bm25s.BM25.load(str(folder / "bm25"), mmap=True, show_progress=False)
    # The vectors are read into memory (2 KiB a chunk, 200 MB at 100k chunks): a search scores ~50 of
    # them at random, and read from the file (pread, a row at a time) they cost 0.2 ms at the median and
    # 2.9 ms at p95 once the page cache had dropped them; in memory, ~0.02 ms.
    vectors = np.load(folder / "vectors.npy") if (folder / "vectors.npy").exists() else None
    offsets = np.load(folder / "offsets.npy")
    records = ByteFile(folder / "records.bin")
    if len(offsets) != len(keys) + 1 or int(offsets[-1]) != records.size:
        raise ValueError(f"{folder}: records and keys disagree")
    if vectors is not None and (
        vectors.ndim != 2 or len(vectors) != len(keys) or vectors.dtype != np.float32
    ):
        raise ValueError(f"{folder}: vectors and keys disagree")
    avgdl = float(json.loads((folder / "stats.json").read_text(encoding="utf-8"))["avgdl"])
    keyword_tokens("菱镁")  # load jieba's dictionary now (~1 s), not during the first question
    return Parts(keys.tolist(), df, kinds, langs, cities, days, flags, bm25, vectors, records, offsets, avgdl)


class ByteFile:
    """Byte ranges of a saved file read with pread: the records (110 MB at 100k chunks) stay in the page
    cache, shared by the workers of one machine and reclaimable, not in each process; a search reads ~16."""

    def __init__(self, path: Path) -> None:
        self.size = path.stat().st_size
        self._fd = os.open(path, os.O_RDONLY)

    def __getitem__(self, span: slice) -> bytes:
        start, stop = int(span.start or 0), int(span.stop if span.stop is not None else self.size)
        return os.pread(self._fd, stop - start, start)

    def __del__(self) -> None:
        with contextlib.suppress(AttributeError, OSError):
            os.close(self._fd)
