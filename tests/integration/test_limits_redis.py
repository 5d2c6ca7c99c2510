"""Limits on Redis (`TECHBRIDGE_REDIS_URL`): two processes' rate limiters count in the same buckets, two
processes' LLM spending guards draw on one daily token budget, and a Redis that goes away neither fails
requests nor lifts a limit (each process counts in its own memory until Redis is back;
bot/security/counters.py).

The limiter runs as it does in the app, as ASGI middleware, here in front of a trivial app (a replica's
rest is not what is tested); the Redis server is Debian's `redis-server` on loopback, and the tests that
need it skip without it (scripts/test-deps.sh installs it).
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Iterator

import pytest
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from bot.chat.llm import BudgetSpent, SpendingGuard
from bot.security import counters
from bot.security.counters import Totals
from bot.security.ratelimit import RateLimitMiddleware
from bot.settings import LimitsSettings, LLMSettings, Settings
from tests.support.servers import free_port, start_redis, stop_process

LIMIT = 4  # chat questions per minute in these tests


def replica(redis_url: str | None, peer: str = "198.51.100.9") -> TestClient:
    """One process's limiter (its own memory, its own Redis client) in front of an app that answers 200."""
    app = Starlette(routes=[Route("/api/chat", lambda _: PlainTextResponse("ok"), methods=["POST"])])
    limited = RateLimitMiddleware(app, LimitsSettings(chat_per_minute=LIMIT), [], redis_url=redis_url)
    return TestClient(limited, client=(peer, 40000))


def codes(client: TestClient, n: int) -> list[int]:
    return [client.post("/api/chat").status_code for _ in range(n)]


@pytest.fixture
def redis_server() -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    port = free_port()
    try:
        proc = start_redis(port)
    except RuntimeError as exc:
        pytest.skip(f"Redis tier: {exc}")
    yield port, proc
    stop_process(proc)


def test_two_processes_share_one_limit_on_redis(redis_server: tuple[int, subprocess.Popen[bytes]]) -> None:
    url = f"redis://127.0.0.1:{redis_server[0]}/0"
    a, b = replica(url), replica(url)
    assert codes(a, 2) + codes(b, 2) == [200] * LIMIT
    refused = b.post("/api/chat")
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert a.post("/api/chat").status_code == 429  # the same bucket, whichever process counts
    # Another client has its own bucket, on both.
    assert codes(replica(url, peer="203.0.113.5"), 1) == [200]
    # Without Redis the same requests count per process: each would have allowed LIMIT.
    assert codes(replica(None), LIMIT) == [200] * LIMIT


def test_redis_outage_counts_in_memory_then_shares_again(
    redis_server: tuple[int, subprocess.Popen[bytes]],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(counters, "RETRY_AFTER_S", 0.0)  # retry Redis on the next request
    port, proc = redis_server
    url = f"redis://127.0.0.1:{port}/0"
    a, b = replica(url), replica(url)
    assert codes(a, 1) == [200]
    stop_process(proc)
    with caplog.at_level(logging.WARNING, logger=counters.__name__):
        # No 500, and the limit still holds, in this process's memory (its count starts afresh).
        assert codes(b, LIMIT + 1) == [200] * LIMIT + [429]
    outage = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(outage) == 1, "one warning per outage, not one per request"
    proc = start_redis(port)
    try:
        # Back on Redis (empty: it keeps nothing on disk here), the two count in one bucket again.
        assert codes(b, 2) + codes(a, 2) == [200] * LIMIT
        assert codes(b, 1) + codes(a, 1) == [429, 429]
    finally:
        stop_process(proc)


def test_unreachable_redis_at_start_is_not_an_error() -> None:
    """Redis configured but not there (a port nothing listens on): the limiter counts in memory."""
    client = replica(f"redis://127.0.0.1:{free_port()}/0")
    assert codes(client, LIMIT + 1) == [200] * LIMIT + [429]


def test_the_redis_url_is_checked_when_the_settings_load() -> None:
    with pytest.raises(ValidationError, match="valid: redis, rediss"):
        Settings(_env_file=None, redis_url="valkey://cache:6379")
    strong = "kP3v9QzT1xW8mN4rB6yH2jL5aQ7sD0fG"
    with pytest.raises(ValidationError) as weak:
        Settings(
            _env_file=None,
            environment="production",
            server={"session_secret": strong * 2},
            redis_url="redis://:changeme@cache:6379/0",
        )
    assert "TECHBRIDGE_REDIS_URL password is a placeholder" in str(weak.value)
    assert "changeme" not in str(weak.value)
    fine = Settings(
        _env_file=None,
        environment="production",
        server={"session_secret": strong * 2},
        redis_url=f"redis://:{strong}@cache:6379/0",
    )
    assert fine.redis_url is not None


def guard(redis_url: str) -> SpendingGuard:
    """One process's spending guard: a budget of 1,000 tokens, each call reserving its prompt + 100."""
    settings = LLMSettings(max_tokens=100, daily_tokens_per_client=1000)
    return SpendingGuard(settings, shared=Totals(redis_url, ttl_s=60, what="LLM token budgets"))


def test_two_processes_draw_on_one_token_budget(
    redis_server: tuple[int, subprocess.Popen[bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(counters, "RETRY_AFTER_S", 0.0)
    port, proc = redis_server
    a, b = guard(f"redis://127.0.0.1:{port}/0"), guard(f"redis://127.0.0.1:{port}/0")
    for _ in range(4):  # 4 x 200 reserved, 4 x 150 used: 600 spent
        a.settle("alice", a.reserve("alice", 100), 150)
    assert b.spent("alice") == 600 and a.spent("bob") == 0
    held_b = b.reserve("alice", 100)  # 800, with this call running
    held_a = a.reserve("alice", 100)  # 1,000: the whole budget, across both processes
    with pytest.raises(BudgetSpent, match="1000 used"):
        b.reserve("alice", 100)  # b alone has reserved 200 of it
    b.settle("alice", held_b, 150)
    a.settle("alice", held_a, 150)
    assert a.spent("alice") == b.spent("alice") == 900
    stop_process(proc)
    # Redis away: no error, and the budget still holds, in each process's memory.
    spent = [a.reserve("carol", 100) for _ in range(5)]
    assert spent == [200] * 5
    with pytest.raises(BudgetSpent):
        a.reserve("carol", 100)
    assert b.reserve("carol", 100) == 200  # b's memory is its own
