"""Incremental ingest on a real on-disk Chroma: skip, replace, delete, survive a SIGKILL half way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bot.services import Services
from retrieval.config import ChromaSettings
from retrieval.embedders import HashingEmbedder
from retrieval.errors import EmbedderMismatchError
from retrieval.stores.chroma import ChromaStore
from tests.support.config import ROOT, make_settings, write_news


def chunk_ids(services: Services, doc_id: str) -> set[str]:
    return {key for key, _, meta in services.store.scan(with_text=False) if meta["doc_id"] == doc_id}


def test_unchanged_skipped_changed_replaced_removed_deleted(
    hashing_services: Services, tmp_path: Path
) -> None:
    kb = tmp_path / "kb"
    write_news(kb / "news", "a", "Magnesite", "Magnesite tailings are recycled in Liaoyang.")
    write_news(kb / "news", "b", "Hydrogen", "Hydrogen electrolysers are built in Dalian.")
    first = hashing_services.ingestor.ingest_paths([kb])
    assert sorted(first.added) == ["a", "b"] and not first.errors

    again = hashing_services.ingestor.ingest_paths([kb])
    assert sorted(again.unchanged) == ["a", "b"] and again.chunks_written == 0

    old = chunk_ids(hashing_services, "a")
    write_news(kb / "news", "a", "Magnesite", "Fused magnesia is produced in Haicheng now.")
    (kb / "news" / "b.md").unlink()
    third = hashing_services.ingestor.ingest_paths([kb])
    assert third.updated == ["a"] and third.deleted == ["b"]
    assert chunk_ids(hashing_services, "a").isdisjoint(old)  # the old version's chunks are gone
    assert not chunk_ids(hashing_services, "b")
    top = hashing_services.searcher.search("fused magnesia Haicheng", k=1).hits[0]
    assert top.chunk.doc_id == "a" and "Haicheng" in top.chunk.text


def test_a_file_that_fails_to_load_keeps_its_documents(hashing_services: Services, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    write_news(kb / "news", "a", "Magnesite", "Magnesite tailings are recycled.")
    hashing_services.ingestor.ingest_paths([kb])
    (kb / "news" / "a.md").write_text("---\nid: [broken\n---\ntext")
    report = hashing_services.ingestor.ingest_paths([kb])
    assert report.errors and "a.md" in str(report.errors[0]) and not report.deleted
    assert chunk_ids(hashing_services, "a")


def test_index_built_by_another_embedder_is_refused(tmp_path: Path) -> None:
    ChromaStore(ChromaSettings(), tmp_path, HashingEmbedder(dim=64)).count()
    other = ChromaStore(ChromaSettings(), tmp_path, HashingEmbedder(dim=128))
    with pytest.raises(EmbedderMismatchError, match="ingest --rebuild"):
        other.count()


KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from bot.services import Services
    from bot.settings import Settings
    from retrieval.embedders import HashingEmbedder

    class SlowEmbedder(HashingEmbedder):
        def embed_documents(self, texts):
            time.sleep(0.05)  # slow enough that the parent can kill us half way
            return super().embed_documents(texts)

        @property
        def name(self):
            return "hashing-256"

    settings = Settings(data_dir=Path(sys.argv[1]), embedding={"provider": "hashing"})
    services = Services(settings, embedder=SlowEmbedder())
    def progress(done, total):
        print(f"{done} {total}", flush=True)
    services.ingestor.ingest_paths([Path(sys.argv[2])], progress=progress)
    print("finished", flush=True)
    """
)


def test_sigkill_half_way_leaves_a_usable_index_and_next_ingest_completes(tmp_path: Path) -> None:
    kb, data = tmp_path / "kb", tmp_path / "data"
    for i in range(300):
        write_news(kb / "news", f"doc-{i:03d}", f"Report {i}", f"Liaoning magnesite report number {i}. " * 30)
    script = tmp_path / "ingest_slowly.py"
    script.write_text(KILL_SCRIPT)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(data), str(kb)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    for line in proc.stdout:
        done, _, total = line.partition(" ")
        if done.isdigit() and 60 <= int(done) < int(total):
            proc.send_signal(signal.SIGKILL)
            break
        assert time.monotonic() < deadline, "ingest never got half way"
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    services = Services(make_settings(data, embedding={"provider": "hashing"}), embedder=HashingEmbedder())
    stored = services.store.stored_docs()
    assert 0 < len(stored) < 300
    hit = services.searcher.search("magnesite report number 7", k=3).hits
    assert hit and hit[0].chunk.doc_id.startswith("doc-")  # the half-built index answers

    report = services.ingestor.ingest_paths([kb])
    assert not report.errors
    assert len(services.store.stored_docs()) == 300
    assert all(
        doc.complete(next(iter(doc.hashes))) and len(doc.hashes) == 1
        for doc in services.store.stored_docs().values()
    )
    assert len(report.unchanged) >= len(stored) - 1  # what was complete before the kill is not redone
