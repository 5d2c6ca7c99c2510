"""Load and faults, bounded and on loopback only.

1. The real server (`uvicorn --factory bot.app:create_app` in a subprocess) takes many concurrent sessions
   sending messages and feedback, and is killed with SIGKILL in the middle: every message and feedback
   that got a success response is in the store afterwards, and the restarted server (same data dir)
   still answers from its index.
2. A Chroma server that hangs (SIGSTOP: connections are accepted, nothing is answered) gives clear 503s
   within the configured timeout, and answers again when it resumes, without a restart. (A Chroma server
   that goes away and comes back: tests/integration/test_chroma_server.py.)
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.security.sessions import WebSessions
from retrieval.embedders import HashingEmbedder
from tests.support.config import KNOWLEDGE, TODAY, make_settings, write_news
from tests.support.servers import free_port, start_chroma, start_process, stop_process

SESSIONS = 12  # concurrent clients
MESSAGES = 8  # per session, each followed by a feedback
KILL_AFTER = 40  # acknowledged messages before the SIGKILL: mid-load, with requests in flight
QUESTIONS = [
    "What matchmaking events are coming up in Liaoyang?",
    "辽阳菱镁产业推介会是哪天举办的？",
    "How many hydrogen energy achievements are there?",
    "第四十五条规定了什么？",
    "Which enterprises need CNC machine tool technology?",
    "有哪些氢能方面的科技成果？",
]


@dataclass
class Ledger:
    """What the server acknowledged, recorded by the client threads."""

    messages: list[tuple[str, str, str]] = field(default_factory=list)  # session, answer message id, question
    feedback: list[tuple[int, str, str, str]] = field(default_factory=list)  # id, message id, rating, comment
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


SESSION_SECRET = "durability-test-session-secret-0123456789abcdef"
WEB_SESSIONS = WebSessions(SESSION_SECRET.encode("utf-8"))


def start_server(data: Path, port: int, log: Path, ingest: bool) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TECHBRIDGE_ENVIRONMENT": "test",
        "TECHBRIDGE_SERVER__SESSION_SECRET": SESSION_SECRET,  # sessions outlive a restart
        "TECHBRIDGE_DATA_DIR": str(data),
        "TECHBRIDGE_KNOWLEDGE_DIR": str(KNOWLEDGE),
        "TECHBRIDGE_EMBEDDING__PROVIDER": "hashing",
        "TECHBRIDGE_INGEST_ON_START": "true" if ingest else "false",
        # one client address sends everything here: lift the per-client limits for this test
        "TECHBRIDGE_LIMITS__CHAT_PER_MINUTE": "0",
        "TECHBRIDGE_LIMITS__API_PER_MINUTE": "0",
    }
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
        "--no-access-log",
    ]
    # cwd: an empty folder, so no developer's .env is read
    return start_process(
        cmd, f"http://127.0.0.1:{port}/readyz", timeout_s=90, env=env, cwd=data.parent, log=log
    )


def client_session(base: str, ledger: Ledger, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    token: str | None = None  # issued by the server with the first answer (bot/security/sessions.py)
    with httpx.Client(base_url=base, timeout=20) as http:
        for i in range(MESSAGES):
            if stop.is_set():
                return
            question = rng.choice(QUESTIONS)
            try:
                answer = http.post("/api/chat", json={"message": question, "session_id": token})
                if answer.status_code != 200:
                    ledger.errors.append(f"chat {answer.status_code}: {answer.text[:200]}")
                    continue
                token = answer.json()["session_id"]
                session_id = WEB_SESSIONS.open(token) or token  # the stored id behind the client's token
                message_id = answer.json()["message_id"]
                with ledger.lock:
                    ledger.messages.append((session_id, message_id, question))
                rating, comment = rng.choice(["up", "down"]), f"session {seed} answer {i}"
                fb = http.post(
                    "/api/feedback",
                    json={
                        "session_id": token,
                        "message_id": message_id,
                        "rating": rating,
                        "comment": comment,
                    },
                )
                if fb.status_code != 201:
                    ledger.errors.append(f"feedback {fb.status_code}: {fb.text[:200]}")
                    continue
                with ledger.lock:
                    ledger.feedback.append((fb.json()["id"], message_id, rating, comment))
            except httpx.HTTPError:  # the server was killed under us: what was not acknowledged may be lost
                return


@pytest.fixture
def server_data(tmp_path: Path) -> Path:
    (tmp_path / "run").mkdir()
    return tmp_path / "run" / "data"


def test_acknowledged_messages_and_feedback_survive_sigkill(server_data: Path, tmp_path: Path) -> None:
    port, log = free_port(), tmp_path / "server.log"
    base = f"http://127.0.0.1:{port}"
    proc = start_server(server_data, port, log, ingest=True)
    ledger, stop = Ledger(), threading.Event()
    threads = [
        threading.Thread(target=client_session, args=(base, ledger, stop, n), daemon=True)
        for n in range(SESSIONS)
    ]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while (
            len(ledger.messages) < KILL_AFTER
            and time.monotonic() < deadline
            and any(t.is_alive() for t in threads)
        ):
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)  # no shutdown, no flush: what is on disk is all there is
        proc.wait(timeout=10)
    finally:
        stop.set()
        if proc.poll() is None:
            proc.kill()
    for thread in threads:
        thread.join(timeout=30)
    assert not ledger.errors, ledger.errors[:5]
    assert len(ledger.messages) >= KILL_AFTER, f"only {len(ledger.messages)} answers before the deadline"
    assert len(ledger.messages) < SESSIONS * MESSAGES, (
        "the load was over before the kill: nothing was in flight"
    )

    with sqlite3.connect(server_data / "conversations.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for session_id, message_id, question in ledger.messages:
            row = db.execute(
                "SELECT session_id, role, seq FROM messages WHERE id=?", (message_id,)
            ).fetchone()
            assert row is not None and row[:2] == (session_id, "assistant"), message_id
            asked = db.execute(
                "SELECT role, content FROM messages WHERE session_id=? AND seq=?", (session_id, row[2] - 1)
            ).fetchone()
            assert asked == ("user", question)
        for feedback_id, message_id, rating, comment in ledger.feedback:
            stored = db.execute(
                "SELECT message_id, rating, comment FROM feedback WHERE id=?", (feedback_id,)
            ).fetchone()
            assert stored == (message_id, rating, comment)

    proc = start_server(server_data, port, log, ingest=False)
    try:
        ready = httpx.get(f"{base}/readyz", timeout=10).json()
        assert ready["status"] == "ready" and ready["chunks"] > 100
        hits = httpx.get(
            f"{base}/api/search", params={"q": "Liaoyang magnesite conference"}, timeout=10
        ).json()["hits"]
        assert hits and hits[0]["kind"] in ("news", "event")
        again = httpx.post(f"{base}/api/chat", json={"message": QUESTIONS[0]}, timeout=20).json()
        assert again["answered"] and again["citations"]
    finally:
        stop_process(proc)


# ---- a hung Chroma server ------------------------------------------------------------------------------
@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    proc = start_chroma(tmp_path / "chroma-server", port)
    yield proc, port
    proc.send_signal(signal.SIGCONT)
    stop_process(proc)


def test_hung_chroma_gives_503_within_the_timeout_then_recovers(
    chroma: tuple[subprocess.Popen[bytes], int], tmp_path: Path
) -> None:
    proc, port = chroma
    timeout_s = 2.0
    settings = make_settings(
        tmp_path / "data",
        embedding={"provider": "hashing"},
        chroma={"url": f"http://127.0.0.1:{port}", "timeout_s": timeout_s},
    )
    kb = tmp_path / "kb"
    write_news(kb / "news", "mg", "Magnesite", "Magnesite tailings are recycled in Liaoyang.")
    app = create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
    with TestClient(app) as client:
        app.state.services.ingestor.ingest_paths([kb])
        assert client.get("/api/search", params={"q": "magnesite"}).status_code == 200
        proc.send_signal(signal.SIGSTOP)  # alive, port open, answering nothing
        try:
            started = time.monotonic()
            hung = client.get("/api/search", params={"q": "magnesite tailings"})
            elapsed = time.monotonic() - started
            assert hung.status_code == 503 and "unavailable" in hung.json()["detail"]
            assert elapsed < 3 * timeout_s + 2, f"took {elapsed:.1f} s: the timeout did not hold"
            assert client.get("/readyz").status_code == 503
        finally:
            proc.send_signal(signal.SIGCONT)
        back = client.get("/api/search", params={"q": "magnesite"})
        assert back.status_code == 200 and back.json()["hits"][0]["doc_id"] == "mg"
