"""TechBridge benchmark: ingest, retrieval, /api/chat under concurrency, streaming, memory; and a baseline.

    python scripts/bench.py                 # 1k, 10k and 100k chunks (minutes: 100k texts go through the model)
    python scripts/bench.py --quick         # 1k and 5k chunks, fewer queries and requests (about two minutes)
    python scripts/bench.py --reuse         # keep the generated vectors in bench-results/cache between runs

Stages, each with a progress bar:
1. generate a bilingual corpus (scripts/bench_corpus.py) big enough for the largest size;
2. ingest with the embedded model (UseEmbedder, nothing cached) on a prefix: the ingest throughput figure;
3. build one index per size through the real Ingestor; vectors the model has already made in this run (or,
   with --reuse, in an earlier one) come from the cache, and the table says so;
4. retrieval: our HybridSearcher.search against plain langchain-chroma `similarity_search` over the same
   Chroma collection (same chunks, same vectors, same embedder for the query), interleaved query by query;
   latency p50/p95 and recall@5 on generated questions whose answer chunk is known (a third cross-lingual);
5. a real uvicorn (`bot.app:create_app`) on a loopback port over the largest index: /api/chat latency with
   1, 8 and 32 concurrent clients (extractive mode), /api/chat/stream time to first event, server memory;
6. pre-docking (scripts/bench_predock.py): `techbridge predock` on 1,302 x 1,239 in a fresh process, 10,000 x
   10,000 from an index (2,000 x 2,000 with --quick) with peak memory, and one match per record as
   /api/match runs it, sampled and extrapolated.

Writes bench-results/bench.json and prints the tables (Markdown). Run it on a quiet machine: the
1-minute load average before and after is recorded, since other processes skew every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench_corpus  # noqa: E402  (beside this script)
import bench_predock  # noqa: E402  (the pre-docking stage)
import bench_scale  # noqa: E402  (the server set-up at scale, --scale)

from retrieval.chunking import Chunker  # noqa: E402
from retrieval.config import ChromaSettings, SearchSettings  # noqa: E402
from retrieval.embedders import Embedder, UseEmbedder  # noqa: E402
from retrieval.glossary import Glossary  # noqa: E402
from retrieval.ingest import Ingestor  # noqa: E402
from retrieval.search import HybridSearcher  # noqa: E402
from retrieval.stores.chroma import ChromaStore  # noqa: E402

TARGETS = {
    "retrieval_p95_ms_100k": 50.0,
    "chat_p95_ms_8_clients": 300.0,
    "ingest_chunks_per_s": 150.0,
    "server_peak_rss_mb_100k": 1536.0,
}


# ---- embeddings ------------------------------------------------------------------------------------
class CachedEmbedder:
    """The model behind a cache of document vectors keyed by the text's sha1; queries always go to the model.

    It counts what the model embedded and what came from the cache, so every figure can say which it used.
    """

    def __init__(self, model: Embedder, path: Path | None) -> None:
        self.model = model
        self.path = path
        self.vectors: dict[bytes, np.ndarray] = {}
        self.model_embedded = 0
        self.cache_hits = 0
        self.read_only = False  # True: the ingest-throughput run, which must not read the cache
        self._unsaved = 0
        if path is not None and path.exists():
            with np.load(path) as data:
                self.vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    @property
    def name(self) -> str:
        return self.model.name

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [hashlib.sha1(t.encode()).digest() for t in texts]
        missing = [i for i, k in enumerate(keys) if self.read_only or k not in self.vectors]
        if missing:
            made = self.model.embed_documents([texts[i] for i in missing])
            for i, vec in zip(missing, made, strict=True):
                self.vectors[keys[i]] = np.asarray(vec, dtype=np.float32)
            self.model_embedded += len(missing)
            self._unsaved += len(missing)
            if self._unsaved >= 20_000:  # an interrupted 100k run keeps most of its work
                self.save()
        self.cache_hits += len(texts) - len(missing)
        return [self.vectors[k].tolist() for k in keys]

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)

    def save(self) -> None:
        self._unsaved = 0
        if self.path is None or not self.vectors:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self.vectors), dtype="S20")
        np.savez(self.path.with_suffix(".tmp.npz"), keys=keys, vectors=np.stack(list(self.vectors.values())))
        self.path.with_suffix(".tmp.npz").replace(self.path)


def langchain_embeddings(embedder: Embedder) -> Any:
    """Our embedder as a langchain `Embeddings`, for the baseline (same model, same vectors)."""
    from langchain_core.embeddings import Embeddings

    class Adapter(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed_documents(texts)

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text)

    return Adapter()


# ---- measurements ------------------------------------------------------------------------------------
def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def ms(seconds: list[float]) -> dict[str, float]:
    return {"p50_ms": round(pct(seconds, 50) * 1000, 1), "p95_ms": round(pct(seconds, 95) * 1000, 1)}


def rss_mb(pid: int, field_name: str = "VmRSS") -> float:
    """A process's resident set (VmRSS) or its peak (VmHWM), in MiB, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def process_tree(pid: int) -> list[int]:
    """pid and its descendants (uvicorn --workers N forks workers)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def load_avg() -> float:
    return round(os.getloadavg()[0], 2)


# ---- stages ------------------------------------------------------------------------------------------
@dataclass
class Results:
    machine: dict[str, Any] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    scale: dict[str, Any] = field(default_factory=dict)  # --scale: scripts/bench_scale.py
    ingest: list[dict[str, Any]] = field(default_factory=list)
    retrieval: list[dict[str, Any]] = field(default_factory=list)
    server: dict[str, Any] = field(default_factory=dict)
    predock: dict[str, Any] = field(default_factory=dict)  # scripts/bench_predock.py
    targets: list[dict[str, Any]] = field(default_factory=list)


def ingest(
    corpus: bench_corpus.BenchCorpus, index_dir: Path, embedder: CachedEmbedder, label: str
) -> dict[str, Any]:
    shutil.rmtree(index_dir, ignore_errors=True)
    store = ChromaStore(ChromaSettings(), index_dir, embedder)
    ingestor = Ingestor(store, embedder, Chunker())
    before_model, before_hits = embedder.model_embedded, embedder.cache_hits
    bar = tqdm(total=len(corpus.docs), unit="doc", desc=label, leave=False)

    def progress(done: int, total: int) -> None:
        bar.update(done - bar.n)

    started = time.perf_counter()
    report = ingestor.ingest_documents(corpus.docs, progress=progress)
    seconds = time.perf_counter() - started
    bar.close()
    model = embedder.model_embedded - before_model
    cached = embedder.cache_hits - before_hits
    chunks = report.chunks_written
    return {
        "label": label,
        "docs": len(corpus.docs),
        "chunks": chunks,
        "seconds": round(seconds, 2),
        "docs_per_s": round(len(corpus.docs) / seconds, 1),
        "chunks_per_s": round(chunks / seconds, 1),
        "model_embedded": model,
        "cached": cached,
        "vectors": "model"
        if cached == 0
        else "cached"
        if model == 0
        else f"model + {100 * cached // chunks}% cached",
    }


def retrieval(
    corpus: bench_corpus.BenchCorpus,
    index_dir: Path,
    model: Embedder,
    baseline_model: Embedder,
    n_queries: int,
    seed: int,
    cached_vectors: bool,
) -> dict[str, Any]:
    import chromadb
    from chromadb.config import Settings as ChromaClientSettings
    from langchain_chroma import Chroma

    store = ChromaStore(ChromaSettings(), index_dir, model)
    # The keyword index is built here from a full scan (timed) and saved where the server stage's
    # TechBridge looks for it (data dir/cache): the server's start then shows the warm start.
    glossary = Glossary.load(ROOT / "knowledge" / "glossary.yaml")
    searcher = HybridSearcher(store, model, SearchSettings(), glossary, cache_dir=index_dir / "cache")
    shutil.rmtree(index_dir / "cache", ignore_errors=True)
    started = time.perf_counter()
    searcher.keyword_index()
    keyword_s = time.perf_counter() - started
    client = chromadb.PersistentClient(
        str(index_dir / "chroma"), settings=ChromaClientSettings(anonymized_telemetry=False)
    )
    # The baseline has its own instance of the model: UseEmbedder keeps recent query vectors, and neither
    # side may get the other's embedding for free.
    baseline = Chroma(
        collection_name=ChromaSettings().collection,
        client=client,
        embedding_function=langchain_embeddings(baseline_model),
    )
    queries = corpus.queries(n_queries + 5, seed)
    for q in queries[n_queries:]:  # warm both paths (model, HNSW index load) with questions not measured
        searcher.search(q.text, k=5)
        baseline.similarity_search(q.text, k=5)
    queries = queries[:n_queries]
    times: dict[str, list[float]] = {"ours": [], "baseline": []}
    found: dict[str, list[tuple[bool, bool]]] = {"ours": [], "baseline": []}
    for i, q in enumerate(tqdm(queries, desc=f"retrieval {corpus.n_chunks}", leave=False)):
        relevant = corpus.relevant(q.key)
        order = ("ours", "baseline") if i % 2 == 0 else ("baseline", "ours")  # neither always goes first
        for name in order:
            t0 = time.perf_counter()
            if name == "ours":
                ids = [h.chunk.id for h in searcher.search(q.text, k=5).hits]
            else:
                ids = [
                    f"{d.metadata['doc_id']}#{d.metadata['idx']}"
                    for d in baseline.similarity_search(q.text, k=5)
                ]
            times[name].append(time.perf_counter() - t0)
            found[name].append((q.cross, bool(relevant & set(ids))))
    out: dict[str, Any] = {
        "chunks": corpus.n_chunks,
        "queries": len(queries),
        "keyword_index_s": round(keyword_s, 2),
        "cached_vectors": cached_vectors,
    }
    for name in ("ours", "baseline"):
        hits = found[name]
        cross = [ok for is_cross, ok in hits if is_cross]
        same = [ok for is_cross, ok in hits if not is_cross]
        out[name] = {
            **ms(times[name]),
            "recall5": round(sum(ok for _, ok in hits) / len(hits), 3),
            "recall5_same": round(sum(same) / max(len(same), 1), 3),
            "recall5_cross": round(sum(cross) / max(len(cross), 1), 3),
        }
    out["ratio"] = {
        key: round(out["ours"][key] / out["baseline"][key], 2) if out["baseline"][key] else None
        for key in ("p50_ms", "p95_ms", "recall5")
    }
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def drive(base: str, queries: list[str], clients: int) -> dict[str, Any]:
    """`clients` concurrent clients share the /api/chat calls, one per question; each opens a new session.
    Every question of a run is asked once (the server keeps recent query vectors)."""
    import httpx

    n_requests = len(queries)
    todo = iter(queries)
    times: list[float] = []
    errors = 0

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        for message in todo:
            t0 = time.perf_counter()
            resp = await http.post("/api/chat", json={"message": message})
            times.append(time.perf_counter() - t0)
            errors += resp.status_code != 200

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        wall = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": n_requests,
        "errors": errors,
        **ms(times),
        "req_per_s": round(n_requests / wall, 1),
    }


async def first_events(base: str, queries: list[str]) -> dict[str, Any]:
    """Time to the first server-sent event and to the end of the stream, one client."""
    import httpx

    first, total = [], []
    async with httpx.AsyncClient(base_url=base, timeout=300) as http:
        for message in queries:
            t0 = time.perf_counter()
            async with http.stream("POST", "/api/chat/stream", json={"message": message}) as resp:
                seen = False
                async for line in resp.aiter_lines():
                    if not seen and line.startswith("event:"):
                        first.append(time.perf_counter() - t0)
                        seen = True
            total.append(time.perf_counter() - t0)
    return {"requests": len(queries), "first_event": ms(first), "complete": ms(total)}


def server(
    index_dir: Path,
    queries: list[str],
    levels: list[int],
    n_requests: int,
    n_stream: int,
    workers: int,
    chroma: tuple[subprocess.Popen[bytes], str] | None,
    database_url: str | None,
) -> dict[str, Any]:
    import httpx

    port = free_port()
    env = {
        **os.environ,
        "TECHBRIDGE_DATA_DIR": str(index_dir),
        "TECHBRIDGE_KNOWLEDGE_DIR": str(ROOT / "knowledge"),
        "TECHBRIDGE_INGEST_ON_START": "false",
        "TECHBRIDGE_LLM__MODE": "extractive",
        "TECHBRIDGE_ENVIRONMENT": "development",
        # Every client is 127.0.0.1: the per-client rate limits would answer 429 to the benchmark.
        "TECHBRIDGE_LIMITS__CHAT_PER_MINUTE": "0",
        "TECHBRIDGE_LIMITS__API_PER_MINUTE": "0",
    }
    if chroma:
        env["TECHBRIDGE_CHROMA__URL"] = chroma[1]
    if database_url:
        env["TECHBRIDGE_DATABASE_URL"] = database_url
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "bot.app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--workers",
        str(workers),
    ]
    warm = any((index_dir / "cache").glob("keyword-*"))
    log = (index_dir / "server.log").open("w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.perf_counter()
        with tqdm(desc="server start", unit="s", leave=False) as bar:
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"server exited with {proc.returncode}; see {index_dir / 'server.log'}"
                    )
                try:
                    if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.25)
                bar.update(0.25)
                if time.perf_counter() - started > 900:
                    raise RuntimeError("server not ready after 900 s")
        startup = time.perf_counter() - started
        # Warm each worker's lazy parts (catalog, keyword index, quote scoring) before measuring.
        fresh = iter(queries)
        asyncio.run(drive(base, [next(fresh) for _ in range(8 * workers)], min(4, workers * 2)))
        rss_ready = sum(rss_mb(p) for p in process_tree(proc.pid))
        chat = []
        for clients in tqdm(levels, desc="chat levels", leave=False):
            chat.append(
                asyncio.run(drive(base, [next(fresh) for _ in range(max(n_requests, 2 * clients))], clients))
            )
        stream = asyncio.run(first_events(base, [next(fresh) for _ in range(n_stream)]))
        pids = process_tree(proc.pid)
        peak = sum(rss_mb(p, "VmHWM") for p in pids)
        memory = {
            "rss_ready_mb": round(rss_ready),
            "rss_end_mb": round(sum(rss_mb(p) for p in pids)),
            "peak_rss_mb": round(peak),
            "processes": len(pids),
        }
        if chroma:  # the Chroma server's own memory, beside TechBridge's
            memory["chroma_peak_rss_mb"] = round(rss_mb(chroma[0].pid, "VmHWM"))
        return {
            "workers": workers,
            "chroma": chroma[1] if chroma else "embedded",
            "conversations": "postgresql" if database_url else "sqlite",
            "keyword_index": "loaded from its saved copy" if warm else "built from a full scan",
            "startup_s": round(startup, 1),
            "chat": chat,
            "stream": stream,
            "memory": memory,
        }
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def start_chroma(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`chroma run` (shipped with chromadb) over an index directory, on a loopback port."""
    import httpx

    port = free_port()
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("chroma server did not start")


# ---- report ------------------------------------------------------------------------------------------
def check_targets(res: Results, largest: int) -> None:
    big = next((r for r in res.retrieval if r["chunks"] >= largest), None)
    model_ingest = next((r for r in res.ingest if r["vectors"] == "model"), None)
    chat8 = next((c for c in res.server.get("chat", []) if c["clients"] == 8), None)
    rows = []
    if big:
        rows.append(
            (
                "retrieval p95 at the largest size",
                f"<= {TARGETS['retrieval_p95_ms_100k']:.0f} ms",
                big["ours"]["p95_ms"],
                big["ours"]["p95_ms"] <= TARGETS["retrieval_p95_ms_100k"],
            )
        )
        no_slower = all(
            r["ours"]["p95_ms"] <= r["baseline"]["p95_ms"]
            and r["ours"]["recall5"] >= r["baseline"]["recall5"]
            for r in res.retrieval
        )
        rows.append(
            (
                "p95 and recall@5 vs baseline, every size",
                "p95 <=, recall >=",
                ", ".join(f"{r['ratio']['p95_ms']}x / {r['ratio']['recall5']}x" for r in res.retrieval),
                no_slower,
            )
        )
    if chat8:
        rows.append(
            (
                "/api/chat p95, 8 clients",
                f"<= {TARGETS['chat_p95_ms_8_clients']:.0f} ms",
                chat8["p95_ms"],
                chat8["p95_ms"] <= TARGETS["chat_p95_ms_8_clients"],
            )
        )
    if model_ingest:
        rows.append(
            (
                "ingest with the embedded model",
                f">= {TARGETS['ingest_chunks_per_s']:.0f} chunks/s",
                model_ingest["chunks_per_s"],
                model_ingest["chunks_per_s"] >= TARGETS["ingest_chunks_per_s"],
            )
        )
    if res.server.get("memory"):
        peak = res.server["memory"]["peak_rss_mb"]
        rows.append(
            (
                "server peak RSS at the largest size",
                f"<= {TARGETS['server_peak_rss_mb_100k']:.0f} MiB",
                peak,
                peak <= TARGETS["server_peak_rss_mb_100k"],
            )
        )
    res.targets = [{"target": n, "goal": g, "value": v, "met": bool(m)} for n, g, v, m in rows]


def table(headers: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def report(res: Results) -> str:
    m = res.machine
    out = [
        f"TechBridge benchmark, {m['cpus']} CPUs, Python {m['python']}, load average {m['load_start']} -> "
        f"{m['load_end']}, {m['date']}",
        "",
        "Ingest (real Ingestor: chunk, embed, write to Chroma)",
    ]
    out.append(
        table(
            ["run", "docs", "chunks", "s", "docs/s", "chunks/s", "vectors"],
            [
                [
                    r["label"],
                    r["docs"],
                    r["chunks"],
                    r["seconds"],
                    r["docs_per_s"],
                    r["chunks_per_s"],
                    r["vectors"],
                ]
                for r in res.ingest
            ],
        )
    )
    out += [
        "",
        "Retrieval, k=5 (ours: HybridSearcher.search; baseline: langchain-chroma similarity_search; "
        "same collection, same query embedder; query embedding included)",
    ]
    out.append(
        table(
            [
                "chunks",
                "queries",
                "ours p50/p95 ms",
                "baseline p50/p95 ms",
                "p95 ratio",
                "ours recall@5 (same/cross)",
                "baseline recall@5 (same/cross)",
                "recall ratio",
                "keyword index build s",
                "index vectors",
            ],
            [
                [
                    r["chunks"],
                    r["queries"],
                    f"{r['ours']['p50_ms']} / {r['ours']['p95_ms']}",
                    f"{r['baseline']['p50_ms']} / {r['baseline']['p95_ms']}",
                    f"{r['ratio']['p95_ms']}x",
                    f"{r['ours']['recall5']} ({r['ours']['recall5_same']}/{r['ours']['recall5_cross']})",
                    f"{r['baseline']['recall5']} ({r['baseline']['recall5_same']}/{r['baseline']['recall5_cross']})",
                    f"{r['ratio']['recall5']}x",
                    r["keyword_index_s"],
                    "cached" if r["cached_vectors"] else "model",
                ]
                for r in res.retrieval
            ],
        )
    )
    if res.server:
        s = res.server
        out += [
            "",
            f"/api/chat, extractive, uvicorn --workers {s['workers']} on loopback, {s['chunks']} chunks, "
            f"Chroma {s['chroma']}, conversations in {s['conversations']} (start to ready {s['startup_s']} s, "
            f"keyword index {s['keyword_index']})",
        ]
        out.append(
            table(
                ["clients", "requests", "errors", "p50 ms", "p95 ms", "req/s"],
                [
                    [c["clients"], c["requests"], c["errors"], c["p50_ms"], c["p95_ms"], c["req_per_s"]]
                    for c in s["chat"]
                ],
            )
        )
        st, mem = s["stream"], s["memory"]
        out += [
            "",
            f"/api/chat/stream, 1 client, {st['requests']} requests: first event p50 "
            f"{st['first_event']['p50_ms']} ms, p95 {st['first_event']['p95_ms']} ms; complete p50 "
            f"{st['complete']['p50_ms']} ms",
            f"Memory: server RSS when ready {mem['rss_ready_mb']} MiB, at the end {mem['rss_end_mb']} MiB, "
            f"peak {mem['peak_rss_mb']} MiB ({mem['processes']} processes)"
            + (f", Chroma server peak {mem['chroma_peak_rss_mb']} MiB" if "chroma_peak_rss_mb" in mem else "")
            + f"; benchmark process peak {m['bench_maxrss_mb']} MiB",
        ]
    out += ["", "Targets"]
    out.append(
        table(
            ["target", "goal", "measured", "met"],
            [[t["target"], t["goal"], t["value"], "yes" if t["met"] else "NO"] for t in res.targets],
        )
    )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1000,10000,100000", help="index sizes in chunks (comma-separated)")
    p.add_argument("--quick", action="store_true", help="sizes 1000,5000 and fewer queries and requests")
    p.add_argument("--reuse", action="store_true", help="keep generated vectors on disk between runs (npz)")
    p.add_argument("--queries", type=int, default=300, help="retrieval questions per size")
    p.add_argument(
        "--model-ingest", type=int, default=5000, help="chunks ingested with the model, nothing cached"
    )
    p.add_argument("--chat-requests", type=int, default=96, help="/api/chat requests per concurrency level")
    p.add_argument("--clients", default="1,8,32", help="concurrency levels")
    p.add_argument("--stream-requests", type=int, default=30)
    p.add_argument("--workers", type=int, default=1, help="uvicorn workers for the server stage")
    p.add_argument(
        "--chroma-server", action="store_true", help="serve the index from `chroma run` (server set-up)"
    )
    p.add_argument("--database-url", help="conversations on this PostgreSQL database (server set-up)")
    p.add_argument(
        "--stages",
        default="ingest,retrieval,server,predock",
        help="stages to run (indexes are kept in OUT/work)",
    )
    p.add_argument(
        "--scale",
        type=int,
        default=0,
        help="also the server set-up at this many generated chunks (bench_scale.py; 1M: hours on 2 cores)",
    )
    p.add_argument("--seed", type=int, default=20260101)
    p.add_argument("--out", type=Path, default=ROOT / "bench-results")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes = "1000,5000" if args.sizes == p.get_default("sizes") else args.sizes
        args.queries, args.model_ingest, args.chat_requests, args.stream_requests = 100, 1000, 32, 10
    sizes = sorted(int(s) for s in args.sizes.split(","))
    levels = [int(c) for c in args.clients.split(",")]
    work = args.out / "work"
    res = Results(
        machine={
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_start": load_avg(),
            "date": time.strftime("%Y-%m-%d %H:%M"),
        },
        config={k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
    )

    print(f"generating a corpus of {max(sizes)} chunks (seed {args.seed})", file=sys.stderr)
    full = bench_corpus.generate(max(max(sizes), args.model_ingest), seed=args.seed)
    model, baseline_model = UseEmbedder(), UseEmbedder()
    model.embed_query("warm up")
    baseline_model.embed_query("warm up")
    cache_path = args.out / "cache" / f"vectors-{model.name}.npz" if args.reuse else None
    embedder = CachedEmbedder(model, cache_path)
    had_cache = len(embedder.vectors)

    stages = set(args.stages.split(","))
    if "ingest" in stages:
        embedder.read_only = True  # the throughput figure: every vector made by the model
        res.ingest.append(
            ingest(
                bench_corpus.prefix(full, args.model_ingest),
                work / "ingest-model",
                embedder,
                f"embedded model, {args.model_ingest} chunks",
            )
        )
        shutil.rmtree(work / "ingest-model", ignore_errors=True)
        embedder.read_only = False
        for size in sizes:
            res.ingest.append(
                ingest(bench_corpus.prefix(full, size), work / f"index-{size}", embedder, f"index {size}")
            )
            embedder.save()
        if had_cache:
            print(f"vectors: {had_cache} read from {cache_path}", file=sys.stderr)

    if "retrieval" in stages:
        for size in sizes:
            built = next((r for r in res.ingest if r["label"] == f"index {size}"), {"vectors": "earlier run"})
            res.retrieval.append(
                retrieval(
                    bench_corpus.prefix(full, size),
                    work / f"index-{size}",
                    model,
                    baseline_model,
                    args.queries,
                    args.seed,
                    cached_vectors=built["vectors"] != "model",
                )
            )

    if "server" in stages:
        largest = bench_corpus.prefix(full, sizes[-1])
        needed = 8 * args.workers + sum(max(args.chat_requests, 2 * c) for c in levels) + args.stream_requests
        questions = list(dict.fromkeys(q.text for q in largest.queries(2 * needed, args.seed + 1)))[:needed]
        if len(questions) < needed:
            raise SystemExit(f"the corpus has {len(questions)} distinct questions; {needed} are needed")
        del full, largest, embedder  # the benchmark's own memory is not the server's
        chroma = start_chroma(work / f"index-{sizes[-1]}" / "chroma") if args.chroma_server else None
        try:
            res.server = server(
                work / f"index-{sizes[-1]}",
                questions,
                levels,
                args.chat_requests,
                args.stream_requests,
                args.workers,
                chroma,
                args.database_url,
            )
            res.server["chunks"] = sizes[-1]
        finally:
            if chroma:
                chroma[0].terminate()
                chroma[0].wait(30)

    if "predock" in stages:
        res.predock = bench_predock.run(args.quick, work / "predock")

    if args.scale:
        res.scale = bench_scale.run(args.scale, args.out / "work" / "scale", args.queries)
    res.machine["load_end"] = load_avg()
    res.machine["bench_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    check_targets(res, sizes[-1])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(res.__dict__, indent=2, ensure_ascii=False))
    text = report(res) + (f"\n\n{bench_scale.table(res.scale)}" if res.scale else "")
    text += f"\n\n{bench_predock.table(res.predock)}" if res.predock else ""
    (args.out / "bench.md").write_text(text + "\n")
    print(text)
    print(f"\nwrote {args.out / 'bench.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
