"""Bounded work on user text, through the served app (SECURITY.md, Limits): a /v1 request whose earlier
user message is 'need ' x 20,000 ends within seconds, /healthz answers at once while such requests run,
and a session of 24 long 'and ...' follow-ups stays as fast as its first question. Real model, ingested
corpus, uvicorn on loopback (the planner holds the GIL while a pattern runs: only a real server shows
what that does to /healthz).

Before the patterns were linear and the follow-up query bounded: the 'need ' request stalled the worker
for over a minute (41 s in the planner alone, the message then uncut), and the 24th follow-up took 20 s.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.app import create_app
from retrieval.embedders import UseEmbedder
from tests.support.config import TODAY, make_settings
from tests.support.servers import serve

QUESTION = "What technologies are there for magnesium alloys?"
FIRST = "What does the law say about rewards for inventors?"  # answered from passages: the query is searched
# Each of these made a pattern of the planner or the capture rescan its input from every position.
HOSTILE = ["need " * 20_000, "our " * 25_000, "我们" * 50_000, "公司名称\n" * 20_000, "联系人 " * 25_000]


@pytest.fixture
def base_url(corpus_dir: Path, tmp_path: Path, use_embedder: UseEmbedder) -> Iterator[str]:
    data = tmp_path / "data"
    shutil.copytree(corpus_dir, data)
    app = create_app(make_settings(data), embedder=use_embedder, clock=lambda: TODAY)
    with serve(app) as port:
        yield f"http://127.0.0.1:{port}"


def v1_body(earlier: str) -> dict[str, object]:
    return {
        "model": "techbridge",
        "messages": [
            {"role": "user", "content": earlier},
            {"role": "assistant", "content": "Could you say more?"},
            {"role": "user", "content": QUESTION},
        ],
    }


def timed_post(client: httpx.Client, path: str, body: dict[str, object]) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    response = client.post(path, json=body)
    return response, time.monotonic() - start


def test_v1_request_with_a_long_hostile_earlier_message_ends_within_3_s(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=60) as client:
        client.post("/v1/chat/completions", json=v1_body("hello"))  # the model and the caches are warm
        for earlier in HOSTILE:
            response, elapsed = timed_post(client, "/v1/chat/completions", v1_body(earlier))
            assert response.status_code == 200, response.text[:300]
            assert elapsed < 3.0, (earlier[:12], elapsed)


def test_healthz_answers_within_1_s_while_hostile_requests_run(base_url: str) -> None:
    stop = threading.Event()
    done: list[float] = []
    failures: list[str] = []

    def send(earlier: str) -> None:
        with httpx.Client(base_url=base_url, timeout=60) as client:
            while not stop.is_set():
                response, elapsed = timed_post(client, "/v1/chat/completions", v1_body(earlier))
                if response.status_code != 200:
                    failures.append(response.text[:200])
                done.append(elapsed)

    senders = [threading.Thread(target=send, args=(earlier,), daemon=True) for earlier in HOSTILE[:3]]
    for sender in senders:
        sender.start()
    try:
        with httpx.Client(base_url=base_url, timeout=30) as probe:
            deadline = time.monotonic() + 8
            latencies = []
            while time.monotonic() < deadline:
                start = time.monotonic()
                assert probe.get("/healthz").status_code == 200
                latencies.append(time.monotonic() - start)
                time.sleep(0.05)
    finally:
        stop.set()
        for sender in senders:
            sender.join(60)
    assert not failures, failures
    assert len(done) >= 3, "the hostile requests did not run alongside the probes"
    assert max(latencies) < 1.0, sorted(latencies)[-5:]


def test_a_session_of_24_long_follow_ups_stays_fast(base_url: str) -> None:
    # Seven words (a 'short' message by the planner's count) of about 660 characters: each one a
    # follow-up that used to add its 4,000 characters to the query of the next.
    follow_up = ("and " + " ".join(["zq" * 330] * 6))[:4000]
    with httpx.Client(base_url=base_url, timeout=120) as client:
        first = client.post("/api/chat", json={"message": FIRST})
        assert first.status_code == 200, first.text[:300]
        session = first.json()["session_id"]
        times = []
        for _ in range(24):
            response, elapsed = timed_post(client, "/api/chat", {"message": follow_up, "session_id": session})
            assert response.status_code == 200, response.text[:300]
            times.append(elapsed)
        response, last = timed_post(client, "/api/chat", {"message": "and in Dalian?", "session_id": session})
        assert response.status_code == 200, response.text[:300]
    assert max(times[1:]) < 3.0, [round(t, 2) for t in times]
    assert last < 3.0, last
