"""What llm mode can spend is bounded: a per-client daily token budget (a client that has spent it gets
extractive answers, others still the LLM) and a cap on concurrent LLM calls (a call that finds no slot in
time is answered extractively instead of queueing). The app (real Chroma, the real embedded model) talks to
tests/support/fake_llm.py over loopback; the guard's bookkeeping is checked directly too."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.chat.llm import BudgetSpent, GuardedChatModel, LLMBusy, SpendingGuard
from bot.settings import LLMSettings
from retrieval.embedders import UseEmbedder
from tests.support.config import TODAY, make_settings
from tests.support.fake_llm import FakeChatModel, FakeLLM

QUESTION = "以职务科技成果作价投资，完成人能拿多少股份？"
ALICE, BOB = "198.51.100.7", "2001:db8:5:6::1"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    with FakeLLM().running() as server:
        yield server


def llm_app(data: Path, corpus: Path, embedder: UseEmbedder, fake: FakeLLM, **llm: Any) -> FastAPI:
    shutil.copytree(corpus, data)
    settings = make_settings(
        data, llm={"mode": "llm", "base_url": fake.base_url, "model": "fake", "timeout_s": 10.0, **llm}
    )
    return create_app(settings, embedder=embedder, clock=lambda: TODAY)


def ask(app: FastAPI, peer: str, path: str = "/api/chat") -> str:
    """The answer's mode ("llm" or "extractive"), asked from `peer`."""
    client = TestClient(app, client=(peer, 40000))
    if path == "/api/chat/stream":
        resp = client.post(path, json={"message": QUESTION})
        done = resp.text.split("event: done", 1)[1].split("data: ", 1)[1].split("\r\n", 1)[0]
        return str(json.loads(done)["mode"])
    resp = client.post(path, json={"message": QUESTION})
    assert resp.status_code == 200, resp.text
    return str(resp.json()["mode"])


def test_a_client_that_spent_its_daily_budget_gets_extractive_answers_and_others_do_not(
    corpus_dir: Path, use_embedder: UseEmbedder, fake: FakeLLM, tmp_path: Path
) -> None:
    app = llm_app(tmp_path / "data", corpus_dir, use_embedder, fake, daily_tokens_per_client=20_000)
    with TestClient(app):
        guard: SpendingGuard = app.state.services.chat.chat_model.guard
        fake.switch("answer")
        assert ask(app, ALICE) == "llm"
        spent = guard.spent(ALICE)
        assert spent > 1000  # prompt and reply tokens, counted
        # A budget one answer's worst case above what Alice spent: her next call cannot fit, a first can.
        guard.budget = spent + guard.max_tokens
        fake.switch("answer")
        assert ask(app, ALICE) == "extractive" and not fake.requests  # the LLM was not called
        assert ask(app, ALICE, "/api/chat/stream") == "extractive"
        v1 = TestClient(app, client=(ALICE, 40000)).post(
            "/v1/chat/completions", json={"messages": [{"role": "user", "content": QUESTION}]}
        )
        assert v1.status_code == 200 and not fake.requests
        assert guard.spent(ALICE) <= guard.budget
        assert ask(app, BOB) == "llm"  # another client (an IPv6 /64) has its own budget
        assert guard.spent("2001:db8:5:6::/64") > 1000


def test_concurrent_llm_calls_are_capped(
    corpus_dir: Path, use_embedder: UseEmbedder, fake: FakeLLM, tmp_path: Path
) -> None:
    app = llm_app(
        tmp_path / "data", corpus_dir, use_embedder, fake, max_concurrency=1, concurrency_wait_s=0.2
    )
    with TestClient(app):
        fake.switch("slow", delay_s=3.0)
        modes: dict[str, str] = {}

        def worker(peer: str) -> None:
            modes[peer] = ask(app, peer)

        first = threading.Thread(target=worker, args=(ALICE,))
        first.start()
        deadline = time.monotonic() + 20
        while not fake.requests and time.monotonic() < deadline:  # Alice's call holds the one slot
            time.sleep(0.05)
        started = time.monotonic()
        worker(BOB)
        assert modes[BOB] == "extractive" and time.monotonic() - started < 2.5  # no queueing behind it
        first.join(30)
        assert modes[ALICE] == "llm"
        fake.switch("answer")
        assert ask(app, BOB) == "llm"  # the slot is free again


# ---- the guard itself -------------------------------------------------------------------------------
def test_the_guard_reserves_the_worst_case_and_gives_back_the_rest() -> None:
    day = [dt.date(2026, 11, 22)]
    guard = SpendingGuard(LLMSettings(max_tokens=100, daily_tokens_per_client=1000), today=lambda: day[0])
    model = GuardedChatModel(FakeChatModel(), guard)
    messages = [{"role": "user", "content": "Question: what is TRL?"}]
    from bot.security import ratelimit

    token = ratelimit._CLIENT.set("198.51.100.7")
    try:
        for _ in range(500):
            try:
                model.complete(messages)
            except BudgetSpent:
                break
        else:
            pytest.fail("the budget never ran out")
        assert 850 < guard.spent("198.51.100.7") <= 1000  # the bound holds, and little is left unused
        day[0] += dt.timedelta(days=1)
        assert guard.spent("198.51.100.7") == 0
        model.complete(messages)  # a new day, a new budget
    finally:
        ratelimit._CLIENT.reset(token)
    assert "".join(model.stream(messages))  # no client (the CLI): only the concurrency cap applies
    assert guard.reserve(None, 10_000) == 0


def test_the_slot_wait_is_bounded() -> None:
    guard = SpendingGuard(LLMSettings(max_concurrency=1, concurrency_wait_s=0.1))
    with guard.slot():
        started = time.monotonic()
        with pytest.raises(LLMBusy), guard.slot():
            pass
        assert time.monotonic() - started < 1
    with guard.slot():
        pass  # released after the refusal too
