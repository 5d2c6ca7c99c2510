"""Rate limits that hold against a client that rotates what it can rotate: X-Forwarded-For (believed only
from a trusted proxy, and then only its right-most untrusted hop), the spelling of its address, and its
IPv6 address within its /64. Through the real app (TestClient, hashing embedder), one app and limiter
per test, the peer address chosen per TestClient."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.security.ratelimit import client_address, client_key
from retrieval.embedders import HashingEmbedder
from tests.support.config import TODAY, make_settings

LIMIT = 3  # chat questions per minute in these tests


@pytest.fixture
def app_factory(tmp_path: Path) -> Iterator[Any]:
    """`make(**server)`: a started app with the chat limit at LIMIT; `peer(app, address)` a client of it."""
    started: list[TestClient] = []

    def make(**server: Any) -> FastAPI:
        settings = make_settings(
            tmp_path / f"data{len(started)}",
            embedding={"provider": "hashing"},
            limits={"chat_per_minute": LIMIT},
            server=server,
        )
        app = create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
        started.append(TestClient(app).__enter__())
        return app

    yield make
    for client in started:
        client.__exit__(None, None, None)


def ask(app: FastAPI, peer: str, forwarded: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    client = TestClient(app, client=(peer, 40000))
    return client.post("/api/chat", json={}, headers=headers).status_code  # 422: counted, cheap


def test_rotating_forwarded_for_from_an_untrusted_peer_does_not_reset_the_limit(app_factory: Any) -> None:
    app = app_factory()
    rotated = [
        ask(app, "203.0.113.7", f"198.51.100.{i}, 2001:db8:{i}::1, 10.0.0.{i}") for i in range(LIMIT + 3)
    ]
    assert rotated == [422] * LIMIT + [429] * 3


def test_behind_a_trusted_proxy_rotating_the_left_part_does_not_reset_the_limit(app_factory: Any) -> None:
    app = app_factory(trusted_proxies=["10.0.0.0/8"])
    codes = [ask(app, "10.0.0.2", f"6.6.6.{i}, 198.51.100.1") for i in range(LIMIT + 2)]
    assert codes == [422] * LIMIT + [429] * 2
    # Spellings of the same client are one client; hops the proxy did not write (garbage) mint nothing.
    for spelling in ("198.51.100.1:5678", "[::ffff:198.51.100.1]:443", "::ffff:198.51.100.1"):
        assert ask(app, "10.0.0.3", spelling) == 429
    made_up = [ask(app, "10.0.0.2", f"not-an-address-{i}") for i in range(LIMIT + 1)]
    assert made_up[-1] == 429  # all counted against the proxy itself
    assert ask(app, "10.0.0.2", "198.51.100.2") == 422  # another real client still gets through


def test_an_ipv6_client_is_one_client_across_its_64(app_factory: Any) -> None:
    app = app_factory()
    same_64 = [ask(app, f"2001:db8:1:2:{i:x}::{i + 1:x}") for i in range(LIMIT + 2)]
    assert same_64 == [422] * LIMIT + [429] * 2
    assert ask(app, "2001:db8:1:3::1") == 422  # the next /64 is another subscriber
    assert ask(app, "203.0.113.9") == 422  # IPv4 clients are single addresses


def test_an_ipv6_client_behind_a_trusted_proxy_is_keyed_by_its_64(app_factory: Any) -> None:
    app = app_factory(trusted_proxies=["10.0.0.0/8", "fd00::/8"])
    codes = [ask(app, "fd00::2", f"[2001:db8:aa:bb::{i + 1:x}]:443") for i in range(LIMIT + 1)]
    assert codes == [422] * LIMIT + [429]
    assert ask(app, "10.0.0.9", "2001:db8:aa:bb:ffff:ffff:ffff:ffff") == 429


def test_client_keys() -> None:
    assert client_key("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert client_key("[2001:DB8:1:2::9]:8443") == "2001:db8:1:2::/64"
    assert client_key("fe80::1%eth0") == "fe80::/64"
    assert client_key("::ffff:198.51.100.7") == client_key("198.51.100.7:1234") == "198.51.100.7"
    assert client_key("testclient") == "testclient" and client_key("") == "unknown"
    proxies = [ipaddress.ip_network("10.0.0.0/8")]
    scope: dict[str, Any] = {
        "client": ("10.1.2.3", 5),
        "headers": [(b"x-forwarded-for", b"[2001:db8::7]:99")],
    }
    assert client_address(scope, proxies) == "2001:db8::7"
