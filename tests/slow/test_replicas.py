"""The server set-up proven without Docker: two `techbridge serve` processes on one Chroma server
(`chroma run`), one PostgreSQL and one Redis, as compose.yaml runs them (README, "Server set-up").

The servers come from the environment a fresh clone has: `chroma` from the chromadb package, PostgreSQL and
Redis from Debian's packages (scripts/test-deps.sh installs them when it can; without them the tests skip
and say why). The index is built once by `techbridge ingest`, as compose's ingest service does, from a
few files of knowledge/ with the hashing embedder (fast, and the same on both replicas). Each replica has
its own data dir: what they share goes through the three servers or not at all.

Shown, in order (one cluster for the module; each test leaves it serving):
1. a document uploaded through A is found through B, within UPLOAD_VISIBLE_S;
2. a lead registered in a chat with A is listed by B's admin API at once (committed before A answered);
3. the chat limit is one limit across both: 16 questions, alternating, 12 answered and 4 refused;
4. A killed with SIGKILL under load loses no acknowledged message (B finds every one), and B serves on;
5. the Chroma server stopped: B answers 503 (never 500), and recovers within CHROMA_BACK_S of its restart.

Every client is one address, told to the replicas in X-Forwarded-For by a trusted proxy (127.0.0.1 is
listed in TECHBRIDGE_SERVER__TRUSTED_PROXIES): each test counts in buckets of its own. The bounds are
correctness bounds for a busy 2-core machine, stated generously; waits poll, they do not sleep.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from bot.security.sessions import WebSessions
from tests.support.config import KNOWLEDGE
from tests.support.servers import (
    free_port,
    start_chroma,
    start_postgres,
    start_process,
    start_redis,
    stop_process,
)

pytestmark = pytest.mark.timeout(900)  # the cluster starts in the first test: four servers and an ingest

ADMIN_KEY = "replicas-test-admin-key-0123456789"
ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}
SESSION_SECRET = "replicas-test-session-secret-0123456789abcdef"  # the same on both: sessions move freely
CHAT_LIMIT = 12  # per client and minute, counted on Redis
UPLOAD_VISIBLE_S = 30.0  # the store's fingerprint is at most ~1 s stale; the rest is a busy machine's slack
CHROMA_BACK_S = 60.0
KILL_AFTER = 15  # acknowledged messages before the SIGKILL: mid-load, with requests in flight
QUESTION = "What happened at the Liaoyang magnesite conference?"


def _bin(name: str) -> str:
    return shutil.which(name) or str(Path(sys.executable).parent / name)


def client_headers(n: int) -> dict[str, str]:
    """One client of the replicas: the address a trusted proxy reports for it."""
    return {"X-Forwarded-For": f"203.0.113.{n}"}


@dataclass
class Cluster:
    root: Path
    env: dict[str, str]
    chroma_port: int
    chroma: subprocess.Popen[bytes]
    replicas: dict[str, tuple[subprocess.Popen[bytes], str]] = field(default_factory=dict)

    def url(self, name: str) -> str:
        return self.replicas[name][1]

    def start_replica(self, name: str) -> None:
        port = free_port()
        data = self.root / f"data-{name}"
        env = {**self.env, "TECHBRIDGE_DATA_DIR": str(data)}
        proc = start_process(
            [_bin("techbridge"), "serve", "--host", "127.0.0.1", "--port", str(port)],
            f"http://127.0.0.1:{port}/readyz",
            timeout_s=180,
            env=env,
            cwd=self.root / "cwd",
            log=self.root / f"replica-{name}.log",
        )
        self.replicas[name] = (proc, f"http://127.0.0.1:{port}")

    def restart_chroma(self) -> None:
        self.chroma = start_chroma(self.root / "chroma", self.chroma_port)


def _knowledge(folder: Path) -> Path:
    """A few files of the shipped knowledge: news, achievements (leads are matched against them), glossary."""
    (folder / "news").mkdir(parents=True)
    for name in (
        "news-2024-12-04-liaoyang-magnesite-conference.md",
        "news-2023-08-06-liaoning-research-platforms.md",
    ):
        shutil.copy(KNOWLEDGE / "news" / name, folder / "news" / name)
    shutil.copytree(KNOWLEDGE / "achievements", folder / "achievements")
    shutil.copy(KNOWLEDGE / "glossary.yaml", folder / "glossary.yaml")
    return folder


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("replicas")
    (root / "cwd").mkdir()  # the replicas' working directory: no developer's .env is read
    started: list[Callable[[], None]] = []
    try:
        try:
            redis_port = free_port()
            redis = start_redis(redis_port, log=root / "redis.log")
            started.append(lambda: stop_process(redis))
            postgres = start_postgres()
            started.append(postgres.stop)
        except RuntimeError as exc:
            pytest.skip(f"replicas tier: {exc}")
        chroma_port = free_port()
        chroma = start_chroma(root / "chroma", chroma_port)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("TECHBRIDGE_")},
            "TECHBRIDGE_ENVIRONMENT": "test",
            "TECHBRIDGE_CHROMA__URL": f"http://127.0.0.1:{chroma_port}",
            "TECHBRIDGE_CHROMA__TIMEOUT_S": "5",
            "TECHBRIDGE_DATABASE_URL": postgres.new_database(),
            "TECHBRIDGE_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "TECHBRIDGE_EMBEDDING__PROVIDER": "hashing",
            "TECHBRIDGE_KNOWLEDGE_DIR": str(_knowledge(root / "kb")),
            "TECHBRIDGE_ADMIN_API_KEY": ADMIN_KEY,
            "TECHBRIDGE_SERVER__SESSION_SECRET": SESSION_SECRET,
            "TECHBRIDGE_SERVER__TRUSTED_PROXIES": '["127.0.0.1"]',
            "TECHBRIDGE_LIMITS__CHAT_PER_MINUTE": str(CHAT_LIMIT),
            "TECHBRIDGE_LIMITS__API_PER_MINUTE": "0",  # the tests poll the API
            "TECHBRIDGE_INGEST_ON_START": "false",
        }
        cluster = Cluster(root, env, chroma_port, chroma)
        started.append(lambda: stop_process(cluster.chroma))
        ingest = subprocess.run(
            [_bin("techbridge"), "ingest"],
            env={**env, "TECHBRIDGE_DATA_DIR": str(root / "data-ingest")},
            cwd=root / "cwd",
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert ingest.returncode == 0, ingest.stdout[-2000:] + ingest.stderr[-2000:]
        for name in ("a", "b"):
            cluster.start_replica(name)
            started.append(functools.partial(stop_process, cluster.replicas[name][0]))
        yield cluster
    finally:
        for stop in reversed(started):
            stop()


def poll(check: Callable[[], bool], within_s: float, every_s: float = 0.1) -> float | None:
    """Seconds until `check()` held, or None if it did not within `within_s`."""
    start = time.monotonic()
    while time.monotonic() - start < within_s:
        if check():
            return time.monotonic() - start
        time.sleep(every_s)
    return None


# ---- 1. an upload through A, found through B ---------------------------------------------------------------
def test_upload_through_one_is_found_through_the_other(cluster: Cluster) -> None:
    doc = (
        "---\nid: replica-probe\ntitle: Zirconia aerogel panels\nlang: en\ndate: 2026-11-01\n---\n"
        "Zirconia aerogel insulation panels for kilns are made in Anshan.\n"
    )
    query: dict[str, str | int] = {"q": "zirconia aerogel insulation panels", "k": 3}

    def found_on_b() -> bool:
        hits = httpx.get(f"{cluster.url('b')}/api/search", params=query, timeout=10).json()["hits"]
        return any(h["doc_id"] == "replica-probe" for h in hits)

    assert not found_on_b()  # not there before: what follows is the upload's doing
    uploaded = httpx.post(
        f"{cluster.url('a')}/api/admin/ingest",
        files=[("files", ("replica-probe.md", doc.encode(), "text/markdown"))],
        headers=ADMIN,
        timeout=60,
    )
    assert uploaded.status_code == 200 and uploaded.json()["documents"] == ["replica-probe"], uploaded.text
    took = poll(found_on_b, UPLOAD_VISIBLE_S)
    assert took is not None, f"not found through B within {UPLOAD_VISIBLE_S} s of the upload through A"
    print(f"\nupload through A found through B {took:.2f} s after A answered")


# ---- 2. a lead registered through A, listed by B -----------------------------------------------------------
def test_lead_registered_through_one_is_listed_by_the_other(cluster: Cluster) -> None:
    who = client_headers(20)
    with httpx.Client(base_url=cluster.url("a"), headers=who, timeout=60) as a:
        first = a.post(
            "/api/chat", json={"message": "We need a welding robot that tracks seams on steel plates."}
        )
        assert first.status_code == 200, first.text
        done = a.post(
            "/api/chat",
            json={
                "session_id": first.json()["session_id"],
                "message": "Yes, register it. We are Replica Steel Works Co., Ltd., contact Ms. Li "
                "li@replica.example, deadline June 30, 2027",
            },
        )
        assert done.status_code == 200 and "registered" in done.json()["answer"], done.text
    listed = httpx.get(
        f"{cluster.url('b')}/api/admin/leads", params={"status": "all"}, headers=ADMIN, timeout=30
    )
    assert listed.status_code == 200, listed.text
    leads = [x for x in listed.json()["leads"] if x["enterprise"] == "Replica Steel Works Co., Ltd."]
    assert len(leads) == 1 and leads[0]["status"] == "pending"
    assert "li@replica.example" in leads[0]["contact"] and leads[0]["deadline"] == "2027-06-30"


# ---- 3. one rate limit across both -------------------------------------------------------------------------
def test_the_chat_limit_is_shared_by_both_replicas(cluster: Cluster) -> None:
    who = client_headers(30)
    codes: dict[str, list[int]] = {"a": [], "b": []}
    for i in range(16):  # alternating: each replica alone would allow all 16 of its 8
        name = "ab"[i % 2]
        answer = httpx.post(
            f"{cluster.url(name)}/api/chat", json={"message": QUESTION}, headers=who, timeout=60
        )
        codes[name].append(answer.status_code)
        if answer.status_code == 429:
            assert 1 <= int(answer.headers["Retry-After"]) <= 60
    every = codes["a"] + codes["b"]
    assert every.count(200) == CHAT_LIMIT and every.count(429) == 16 - CHAT_LIMIT, codes
    assert codes["a"][-2:] == [429, 429] and codes["b"][-2:] == [429, 429], codes  # both refuse, in turn
    # Another client is not held back by this one's count.
    other = httpx.post(
        f"{cluster.url('b')}/api/chat", json={"message": QUESTION}, headers=client_headers(31), timeout=60
    )
    assert other.status_code == 200


# ---- 4. SIGKILL under load ---------------------------------------------------------------------------------
@dataclass
class Ledger:
    """What A acknowledged (token, answer id), recorded by the client threads."""

    acked: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def load(base: str, n: int, ledger: Ledger, stop: threading.Event) -> None:
    token: str | None = None
    with httpx.Client(base_url=base, headers=client_headers(100 + n), timeout=60) as http:
        for _ in range(CHAT_LIMIT):  # within this client's limit: every refusal would be an error
            if stop.is_set():
                return
            try:
                answer = http.post("/api/chat", json={"message": QUESTION, "session_id": token})
            except httpx.HTTPError:  # A was killed under us: an answer never received was never promised
                return
            if answer.status_code != 200:
                ledger.errors.append(f"{answer.status_code}: {answer.text[:200]}")
                return
            token = answer.json()["session_id"]
            with ledger.lock:
                ledger.acked.append((token, answer.json()["message_id"]))


def test_a_replica_killed_under_load_loses_no_acknowledged_message(cluster: Cluster) -> None:
    proc, base = cluster.replicas["a"]
    ledger, stop = Ledger(), threading.Event()
    threads = [threading.Thread(target=load, args=(base, n, ledger, stop), daemon=True) for n in range(6)]
    for thread in threads:
        thread.start()
    try:
        assert poll(lambda: len(ledger.acked) >= KILL_AFTER, 120, every_s=0.01) is not None, ledger.errors[:3]
        sending = sum(t.is_alive() for t in threads)  # clients with a request out or about to send one
        proc.send_signal(signal.SIGKILL)  # no shutdown, no flush: what is committed is all there is
        proc.wait(timeout=10)
    finally:
        stop.set()
        if proc.poll() is None:
            proc.kill()
    for thread in threads:
        thread.join(timeout=60)
    assert not ledger.errors, ledger.errors[:5]
    assert sending and len(ledger.acked) < 6 * CHAT_LIMIT, "the load was over before the kill"

    # Every answer A acknowledged is in its session, as B sees it: B takes feedback on each one (it answers
    # 404 for an answer that is not stored in that session).
    with httpx.Client(base_url=cluster.url("b"), timeout=30) as b:
        for token, message_id in ledger.acked:
            rated = b.post(
                "/api/feedback", json={"session_id": token, "message_id": message_id, "rating": "up"}
            )
            assert rated.status_code == 201, (message_id, rated.text)
        unknown = b.post(
            "/api/feedback", json={"session_id": ledger.acked[0][0], "message_id": "0" * 32, "rating": "up"}
        )
        assert unknown.status_code == 404  # the check above can fail
        # B serves on: a new client's question, and a session A started.
        fresh = b.post("/api/chat", json={"message": QUESTION}, headers=client_headers(40))
        assert fresh.status_code == 200 and fresh.json()["answered"] and fresh.json()["citations"]
        token = ledger.acked[-1][0]
        went_on = b.post(
            "/api/chat",
            json={"message": "Where is it held?", "session_id": token},
            headers=client_headers(40),
        )
        assert went_on.status_code == 200 and went_on.json()["session_id"] == token
    # ... and its question with it, in PostgreSQL: the answer's turn is right after the question's.
    import psycopg

    stored_id = WebSessions(SESSION_SECRET.encode("utf-8")).open
    with psycopg.connect(cluster.env["TECHBRIDGE_DATABASE_URL"]) as db:
        for token, message_id in ledger.acked:
            row = db.execute(
                "SELECT session_id, role, seq FROM messages WHERE id = %s", (message_id,)
            ).fetchone()
            assert row is not None and row[:2] == (stored_id(token), "assistant"), message_id
            asked = db.execute(
                "SELECT role, content FROM messages WHERE session_id = %s AND seq = %s", (row[0], row[2] - 1)
            ).fetchone()
            assert asked == ("user", QUESTION), (message_id, asked)
    print(f"\n{len(ledger.acked)} answers acknowledged by A before the SIGKILL, all found through B")


# ---- 5. the Chroma server restarted ------------------------------------------------------------------------
def test_chroma_restart_gives_503_then_recovers(cluster: Cluster) -> None:
    b = cluster.url("b")
    query: dict[str, str | int] = {"q": "Liaoyang magnesite conference", "k": 3}
    assert httpx.get(f"{b}/api/search", params=query, timeout=30).status_code == 200
    stop_process(cluster.chroma)
    seen: list[int] = []

    def refused() -> bool:
        seen.append(httpx.get(f"{b}/api/search", params=query, timeout=30).status_code)
        return seen[-1] == 503

    assert poll(refused, 30) is not None, seen
    down = httpx.get(f"{b}/api/search", params=query, timeout=30)
    assert down.status_code == 503 and "unavailable" in down.json()["detail"]
    assert httpx.get(f"{b}/readyz", timeout=30).status_code == 503
    restarted = time.monotonic()
    cluster.restart_chroma()
    up = time.monotonic() - restarted

    def answered() -> bool:
        got = httpx.get(f"{b}/api/search", params=query, timeout=30)
        seen.append(got.status_code)
        return got.status_code == 200 and bool(got.json()["hits"])

    took = poll(answered, CHROMA_BACK_S, every_s=0.2)
    assert took is not None, f"B did not recover within {CHROMA_BACK_S} s of the restart: {seen[-5:]}"
    assert set(seen) <= {200, 503}, seen  # never a 500
    # /readyz keeps its answer for a second (READY_TTL_S): the 503 it gave while Chroma was down may be
    # served until then, so it is asked until it says ready.
    ready = poll(lambda: httpx.get(f"{b}/readyz", timeout=30).status_code == 200, 5, every_s=0.2)
    assert ready is not None, "/readyz still 503 five seconds after searches were answered again"
    print(f"\nChroma back in {up:.1f} s; B answering again {took:.2f} s later")
