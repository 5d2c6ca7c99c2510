"""Incremental ingest by content hash.

Each document's hash covers its text, its fields, the chunker's settings and the embedder's name.
Unchanged documents are skipped; a changed one has its new chunks written first and its old chunks
deleted after; documents whose file disappeared from an ingested folder are deleted. The store itself
is the manifest (every chunk carries its document's hash and chunk count), so an ingest killed half way
leaves the previous version of each document searchable, and the next run finishes the job.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .chunking import Chunker
from .embedders import Embedder
from .errors import SourceError
from .loaders import ParserPool, discover, load_files
from .stores.base import VectorStore
from .types import RECORD_KINDS, Chunk, Document

__all__ = ["IngestReport", "Ingestor", "embed_text"]

_EMBED_BATCH = 64  # chunks per embedding call: the embedded model's throughput is flat above this
# Chunks per write to the store. A Chroma write costs ~40 ms of commit whatever its size (measured on 2 cores:
# 3 chunks 40 ms, 1000 chunks 570 ms), so writing per document held ingest to ~10 chunks/s; at 128 chunks a
# write takes ~110 ms (~1,100 chunks/s, several times what the embedded model makes). An ingest killed
# mid-way loses at most this much work.
_WRITE_BATCH = 128


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    chunks_written: int = 0
    seconds: float = 0.0

    def summary(self) -> dict[str, object]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "deleted": len(self.deleted),
            "chunks_written": self.chunks_written,
            "errors": [str(e) for e in self.errors],
            "seconds": round(self.seconds, 2),
        }


def embed_text(chunk: Chunk) -> str:
    """What the embedder sees: a passage with its document title (and article number) in front."""
    if chunk.kind in RECORD_KINDS:
        return chunk.text  # a record's text already starts with its title
    head = f"{chunk.title} {chunk.locator}".strip()
    return f"{head}\n{chunk.text}"


def content_hash(doc: Document, salt: str) -> str:
    payload = json.dumps(
        [doc.id, doc.kind, doc.title, doc.lang, doc.text, str(doc.date), doc.source, doc.url, doc.meta, salt],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


class Ingestor:
    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder,
        chunker: Chunker,
        on_change: Callable[[], None] | None = None,
        parsers: ParserPool | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.chunker = chunker
        self._on_change = on_change or (lambda: None)
        self.parsers = parsers  # None: the process-wide pool of parser processes (loaders/isolation.py)

    @property
    def salt(self) -> str:
        return f"{self.chunker.fingerprint}|{self.embedder.name}"

    def ingest_paths(
        self, paths: Sequence[Path], prune: bool = True, progress: Callable[[int, int], None] | None = None
    ) -> IngestReport:
        """Ingest files and folders. Files are parsed in parser processes with memory and time limits: a
        file that goes past them becomes that file's error, the rest are ingested. With `prune`, documents
        that came from an ingested folder and are no longer in it are deleted (never those from files that
        failed to load this time)."""
        docs: list[Document] = []
        errors: list[SourceError] = []
        scopes: list[str] = []
        for path in paths:
            if path.is_dir():
                scopes.append(f"{path.resolve().name}/")
            elif not path.exists():
                errors.append(SourceError(str(path), "no such file or folder"))
        jobs = [
            (file, root, f"{root.name}/{file.relative_to(root).as_posix()}") for file, root in discover(paths)
        ]
        for loaded in load_files(jobs, self.parsers):
            docs += loaded.documents
            errors += loaded.errors
        return self.ingest_documents(docs, errors, prune_scopes=scopes if prune else [], progress=progress)

    def ingest_documents(
        self,
        docs: Iterable[Document],
        errors: Sequence[SourceError] = (),
        prune_scopes: Sequence[str] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport(errors=list(errors))
        unique: dict[str, Document] = {}
        for doc in docs:
            if doc.id in unique:
                first = unique[doc.id].origin
                report.errors.append(
                    SourceError(doc.origin, f"duplicate document id {doc.id!r} (also in {first})")
                )
                continue
            unique[doc.id] = doc

        stored = self.store.stored_docs()
        pending: list[tuple[Document, str, list[Chunk]]] = []
        for doc in unique.values():
            doc_hash = content_hash(doc, self.salt)
            known = stored.get(doc.id)
            if known is not None and known.complete(doc_hash) and len(known.hashes) == 1:
                report.unchanged.append(doc.id)
                continue
            (report.updated if known is not None else report.added).append(doc.id)
            pending.append((doc, doc_hash, self.chunker.chunks(doc)))

        total, done = len(unique), len(report.unchanged)
        if progress:
            progress(done, total)
        updated = set(report.updated)
        for batch in _batches(pending, _WRITE_BATCH):
            vectors: list[list[float]] = []
            for part in _batches(batch, _EMBED_BATCH):  # small calls: a waiting query gets the model between
                vectors += self.embedder.embed_documents([embed_text(c) for _, _, cs in part for c in cs])
            items, offset = [], 0
            for doc, doc_hash, chunks in batch:
                items.append((chunks, vectors[offset : offset + len(chunks)], doc_hash, doc.origin))
                offset += len(chunks)
            self.store.upsert_many(items)  # one write per batch: each write costs ~40 ms of commit
            for doc, doc_hash, chunks in batch:
                if doc.id in updated:
                    self.store.delete_doc(doc.id, keep_hash=doc_hash)  # old version, now that the new is in
                report.chunks_written += len(chunks)
                done += 1
                if progress:
                    progress(done, total)
            self._on_change()

        failed = {e.path for e in report.errors}
        for doc_id, known in stored.items():
            in_scope = any(known.origin.startswith(scope) for scope in prune_scopes)
            if in_scope and doc_id not in unique and known.origin not in failed:
                self.store.delete_doc(doc_id)
                report.deleted.append(doc_id)
        if report.deleted:
            self._on_change()
        report.seconds = time.perf_counter() - started
        return report

    def delete(self, doc_id: str) -> bool:
        if doc_id not in self.store.stored_docs():
            return False
        self.store.delete_doc(doc_id)
        self._on_change()
        return True


def _batches(
    items: list[tuple[Document, str, list[Chunk]]], chunks: int
) -> Iterable[list[tuple[Document, str, list[Chunk]]]]:
    """Consecutive documents that together hold at least `chunks` chunks (the last batch may hold fewer)."""
    batch: list[tuple[Document, str, list[Chunk]]] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item[2])
        if size >= chunks:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
