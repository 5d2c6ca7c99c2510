"""The server set-up at scale (scripts/bench.py --scale N): a Chroma server holding N generated chunks,
and TechBridge replicas searching it.

At 1,000,000 chunks the embedded model would take ~1.5 hours to embed the passages on 2 cores (184
chunks/s), so this stage generates them: short bilingual texts from bench_corpus's vocabulary (fields,
cities, objects, institutions, with a serial number each, so the vocabulary grows with the corpus as a
real one does), and vectors from `HashingEmbedder` (512 dimensions, as the model's) of the same text, not
the model's; the table says so. Queries are embedded the same way, so a search's neighbours are real ones.

    python scripts/bench_scale.py load --size 1000000 --dir DIR   # load (resumable), logs progress
    python scripts/bench.py --scale 1000000                       # load if needed, then measure

Measured per size: a replica's start (keyword index built from a full scan, then loaded from its saved
copy), search p95 through `HybridSearcher.search` with 1 and 8 concurrent clients (threads of one
replica), peak resident memory of a replica process, and the time from an upload through one replica to
its being searchable on another (the keyword index following the change log, retrieval/keyword_live.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_corpus import INSTITUTION_FORMS, OBJECTS  # noqa: E402

from retrieval.config import ChromaSettings  # noqa: E402
from retrieval.embedders import HashingEmbedder  # noqa: E402
from retrieval.fields import CITIES, FIELDS  # noqa: E402
from retrieval.types import KINDS, Chunk  # noqa: E402

DIM = 512  # the embedded model's (UseEmbedder) dimensions: memory per chunk as in production
CHUNKS_PER_DOC = 4
BATCH_DOCS = 250  # one upsert of 1,000 chunks: Chroma's commit dominates smaller writes
COLLECTION = "techbridge"


def embedder() -> HashingEmbedder:
    return HashingEmbedder(DIM)


def chunk_text(i: int, rng: random.Random) -> tuple[str, str, str, str]:
    """(text, lang, field key, city key) of generated chunk i."""
    field = rng.choice(list(OBJECTS))
    obj_zh, obj_en = rng.choice(OBJECTS[field])
    city = rng.choice(list(CITIES))
    city_zh, city_en = CITIES[city]
    field_zh, field_en = FIELDS[field]
    form_zh, form_en = rng.choice(INSTITUTION_FORMS)
    home_zh, home_en = CITIES[rng.choice(list(CITIES))]  # the institution's own city
    form_zh, form_en = form_zh.format(c=home_zh), form_en.format(C=home_en)
    serial = f"TB{i:07d}"
    if i % 2:
        text = f"{city_zh}{form_zh}在{field_zh}领域研发{obj_zh}，项目编号{serial}，第{i % 97 + 1}期成果。"
        return text, "zh", field, city
    phase = i % 97 + 1
    text = (
        f"A {form_en} in {city_en} develops {obj_en} for {field_en.lower()}; project {serial}, phase {phase}."
    )
    return text, "en", field, city


def doc_chunks(doc: int) -> tuple[list[Chunk], str]:
    """The chunks of generated document `doc` and its content hash."""
    rng = random.Random(doc)
    kind = KINDS[doc % len(KINDS)]
    chunks = []
    for j in range(CHUNKS_PER_DOC):
        i = doc * CHUNKS_PER_DOC + j
        text, lang, field, city = chunk_text(i, rng)
        chunks.append(
            Chunk(
                id=f"scale-{doc}#{j}",
                doc_id=f"scale-{doc}",
                index=j,
                text=text,
                kind=kind,
                title=f"scale document {doc}",
                lang=lang,  # type: ignore[arg-type]
                date=dt.date(2020, 1, 1) + dt.timedelta(days=doc % 2000),
                source="bench-scale",
                meta={"field": field, "city": city},
            )
        )
    digest = hashlib.sha1("".join(c.text for c in chunks).encode()).hexdigest()
    return chunks, digest


def docs(start: int, stop: int) -> Iterator[tuple[list[Chunk], str]]:
    for doc in range(start, stop):
        yield doc_chunks(doc)


def open_store(url: str, data_dir: Path) -> Any:
    from retrieval.stores.chroma import ChromaStore

    # a generous timeout: the server falls behind while it grows its HNSW index on a busy machine
    settings = ChromaSettings(url=url, collection=COLLECTION, timeout_s=300)
    return ChromaStore(settings, data_dir, embedder())


def start_server(path: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    from tests.support.servers import start_chroma

    path.mkdir(parents=True, exist_ok=True)
    del log  # start_chroma keeps no log; the loader logs its own progress
    return start_chroma(path, port)


def load(url: str, size: int, work: Path, progress: bool = True) -> dict[str, float]:
    """Write generated documents until the collection holds `size` chunks (resumes where it stopped)."""
    store = open_store(url, work)
    model = embedder()
    have = store.count()
    first = have // CHUNKS_PER_DOC
    wanted = -(-size // CHUNKS_PER_DOC)
    started = time.monotonic()
    done = 0
    for start in range(first, wanted, BATCH_DOCS):
        batch = list(docs(start, min(start + BATCH_DOCS, wanted)))
        writes = [
            (chunks, model.embed_documents([c.text for c in chunks]), digest, "bench-scale")
            for chunks, digest in batch
        ]
        store.upsert_many(writes)
        done += sum(len(c) for c, _ in batch)
        if progress and (start // BATCH_DOCS) % 20 == 0:
            rate = done / max(time.monotonic() - started, 1e-9)
            left = (wanted - start) * CHUNKS_PER_DOC / max(rate, 1e-9)
            at = time.strftime("%H:%M:%S")
            print(f"{at} loaded {have + done:,} chunks, {rate:,.0f}/s, ~{left / 60:.0f} min left", flush=True)
    return {"chunks": store.count(), "load_s": time.monotonic() - started, "written": done}


def questions(size: int, n: int, seed: int) -> list[str]:
    """Questions about generated chunks: an object and a city, in the chunk's language (the serial
    numbers make every chunk distinct, so the keyword stage has long posting lists to score)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        doc = rng.randrange(max(size // CHUNKS_PER_DOC, 1))
        chunk = doc_chunks(doc)[0][rng.randrange(CHUNKS_PER_DOC)]
        words = chunk.text.replace("，", " ").replace(";", " ").split()
        out.append(" ".join(words[:6]) if chunk.lang == "en" else chunk.text[:14])
    return out


def _status(field_name: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


def replica(url: str, work: Path, size: int, n_questions: int, uploads: int, seed: int) -> dict[str, Any]:
    """One replica's figures, in this process: start (keyword index built or loaded), search latency with
    1 and 8 clients, upload-to-searchable and delete-to-gone for documents another replica writes."""
    from concurrent.futures import ThreadPoolExecutor

    from retrieval.config import SearchSettings
    from retrieval.search import HybridSearcher

    started = time.perf_counter()
    searcher = HybridSearcher(open_store(url, work), embedder(), SearchSettings(), cache_dir=work / "cache")
    searcher.keyword_index()
    start_s = time.perf_counter() - started
    print(f"{time.strftime('%H:%M:%S')} replica ready in {start_s:.1f} s", file=sys.stderr, flush=True)
    how = "built from a full scan" if searcher.keywords.rebuilds else "loaded from its saved copy"
    asked = questions(size, n_questions + 20, seed)
    for q in asked[:20]:  # warm up: jieba, the alias table, the pool thread
        searcher.search(q, k=5)
    asked = asked[20:]

    def timed(q: str) -> float:
        t = time.perf_counter()
        searcher.search(q, k=5)
        return time.perf_counter() - t

    one = [timed(q) for q in asked]
    # What a search is made of, one part at a time on the same questions: the HNSW query for the dense
    # candidates (ids and distances, as `search` asks), and BM25 over both languages (`_keyword_scores`).
    from retrieval.text import detect_lang

    index, n = searcher.keyword_index(), searcher.settings.candidates
    vectors = [searcher.embedder.embed_query(q) for q in asked]
    parts: dict[str, list[float]] = {"embed": [], "hnsw": [], "bm25": []}
    for q, v in zip(asked, vectors, strict=True):
        t = time.perf_counter()
        searcher.embedder.embed_query(q)
        parts["embed"].append(time.perf_counter() - t)
        t = time.perf_counter()
        searcher.store.nearest(v, 2 * n)
        parts["hnsw"].append(time.perf_counter() - t)
        t = time.perf_counter()
        searcher._keyword_scores(index, q, detect_lang(q), n, None)
        parts["bm25"].append(time.perf_counter() - t)
    wall = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        eight = list(pool.map(timed, asked))
    eight_s = time.perf_counter() - wall

    writer = open_store(url, work)  # another replica's connection: its writes reach this one by the log
    model, follows, gone = embedder(), [], []
    for k in range(uploads):
        token = f"uploadprobe{os.getpid()}x{k}"
        chunk = doc_chunks(k)[0][0]
        chunk = dataclasses.replace(chunk, id=f"{token}#0", doc_id=token, text=f"{chunk.text} {token}")
        t = time.perf_counter()
        writer.upsert_many([([chunk], model.embed_documents([chunk.text]), token, "bench-upload")])
        written = time.perf_counter() - t
        while not searcher.keyword_index().search(token, 1):
            time.sleep(0.01)
        found = time.perf_counter() - t
        top = searcher.search(token, k=3).hits
        wall_s, cpu_s, _ = searcher.keywords.last_follow
        follows.append(
            {
                "write_s": written,
                "searchable_s": found,
                "follow_s": wall_s,
                "follow_cpu_s": cpu_s,
                "hybrid_top3": any(hit.chunk.doc_id == token for hit in top),
            }
        )
        t = time.perf_counter()
        writer.delete_doc(token)
        while searcher.keyword_index().search(token, 1):
            time.sleep(0.01)
        gone.append(time.perf_counter() - t)
    return {
        "chunks": searcher.store.count(),
        "start": how,
        "start_s": start_s,
        "rebuilds": searcher.keywords.rebuilds,
        "p50_1_ms": 1000 * _pct(one, 50),
        "p95_1_ms": 1000 * _pct(one, 95),
        "p50_8_ms": 1000 * _pct(eight, 50),
        "p95_8_ms": 1000 * _pct(eight, 95),
        "qps_8": len(eight) / eight_s,
        "parts_ms": {k: [1000 * _pct(v, 50), 1000 * _pct(v, 95)] for k, v in parts.items()},
        "uploads": follows,
        "delete_s": gone,
        "followed_without_rebuild": searcher.keywords.rebuilds <= 1,
        "rss_mb": _status("VmRSS"),
        "peak_rss_mb": _status("VmHWM"),
    }


def run(
    size: int,
    work: Path,
    n_questions: int = 300,
    uploads: int = 5,
    seed: int = 7,
    chroma: Path | None = None,
) -> dict[str, Any]:
    """Load (if the folder does not hold `size` chunks yet), then one replica that builds its keyword
    index from a full scan and one that loads the saved copy, each in a process of its own."""
    from tests.support.servers import free_port, stop_process

    port = free_port()
    server = start_server(chroma or work / f"chroma-{size}", port, work / "chroma.log")
    url = f"http://127.0.0.1:{port}"
    try:
        loaded = load(url, size, work / "data")
        shutil.rmtree(work / "data" / "cache", ignore_errors=True)  # the first replica builds
        rows = []
        for start in ("cold", "warm"):  # the replica that builds asks fewer: its start is its figure
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "replica",
                    "--url",
                    url,
                    "--dir",
                    str(work),
                    "--size",
                    str(size),
                    "--questions",
                    str(n_questions if start == "warm" else min(n_questions, 100)),
                    "--uploads",
                    str(uploads),
                    "--seed",
                    str(seed),
                ],
                check=True,
                stdout=subprocess.PIPE,  # its errors and progress go to our stderr
                text=True,
            )
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        server_mb = _proc_mb(server.pid)
    finally:
        stop_process(server)
    return {
        "size": size,
        "load": loaded,
        "replicas": rows,
        "chroma_server_mb": server_mb,
        "vectors": f"generated ({embedder().name} of the text), not the model's",
    }


def _proc_mb(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out


def table(res: dict[str, Any]) -> str:
    head = (
        "| server set-up, chunks | vectors | replica start | start s | peak RSS MiB | search p50 / p95 ms, "
        "1 client | p95 ms, 8 clients | q/s, 8 clients | upload -> searchable s, median (max) | "
        "follow CPU ms | delete -> gone s |"
    )
    lines = [head, "|" + "---|" * 11]
    for r in res["replicas"]:
        up = r["uploads"]
        searchable = [u["searchable_s"] for u in up]
        lines.append(
            f"| {r['chunks']:,} | generated | {r['start']} | {r['start_s']:.1f} | {r['peak_rss_mb']:,.0f} | "
            f"{r['p50_1_ms']:.1f} / **{r['p95_1_ms']:.1f}** | **{r['p95_8_ms']:.1f}** | {r['qps_8']:.1f} | "
            f"{_pct(searchable, 50):.2f} ({max(searchable, default=0):.2f}) | "
            f"{1000 * _pct([u['follow_cpu_s'] for u in up], 50):.0f} | {_pct(r['delete_s'], 50):.2f} |"
        )
    parts = res["replicas"][-1].get("parts_ms", {})
    if parts:
        each = ", ".join(f"{name} {p50:.1f} / {p95:.1f}" for name, (p50, p95) in parts.items())
        lines.append(f"\nA search's parts alone, p50 / p95 ms (the replica that loaded): {each}.")
    srv = res.get("chroma_server_mb", {})
    lines.append(
        f"\nChroma server: {srv.get('VmRSS', 0):,.0f} MiB resident ({srv.get('VmHWM', 0):,.0f} peak); "
        f"vectors {res['vectors']}."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", choices=["load", "measure", "replica"])
    p.add_argument("--size", type=int, default=1_000_000)
    p.add_argument("--dir", type=Path, default=ROOT / "bench-results" / "scale")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--url", help="replica: the Chroma server")
    p.add_argument("--questions", type=int, default=300)
    p.add_argument("--uploads", type=int, default=5)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument(
        "--chroma", type=Path, help="the Chroma folder (default DIR/chroma-SIZE; a bigger one may serve)"
    )
    args = p.parse_args(argv)
    if args.command == "replica":
        res = replica(args.url, args.dir / "data", args.size, args.questions, args.uploads, args.seed)
        print(json.dumps(res), flush=True)
        return 0
    if args.command == "measure":
        res = run(args.size, args.dir, args.questions, args.uploads, args.seed, args.chroma)
        (args.dir / f"scale-{args.size}.json").write_text(json.dumps(res, indent=2))
        print(table(res))
        return 0
    from tests.support.servers import free_port, stop_process

    port = args.port or free_port()
    server = start_server(args.chroma or args.dir / f"chroma-{args.size}", port, args.dir / "chroma.log")
    try:
        print(load(f"http://127.0.0.1:{port}", args.size, args.dir / "data"), flush=True)
    finally:
        stop_process(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
