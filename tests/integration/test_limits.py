"""Limits on what one client can ask: rate limits (429 + Retry-After), body and message size (413), and
hostile input that must end in a 4xx, never a 5xx. Through the real app (TestClient), hashing embedder."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.chat.llm import OpenAIChatModel
from bot.security.ratelimit import client_address, route_group
from bot.settings import LLMSettings, Settings
from retrieval.embedders import HashingEmbedder, OpenAIEmbedder
from tests.support.config import KNOWLEDGE, TODAY, make_settings

HASHING = {"provider": "hashing"}


def app_client(tmp_path: Path, peer: str = "203.0.113.7", **overrides: Any) -> TestClient:
    settings = overrides.pop("settings", None) or make_settings(
        tmp_path / "data", embedding=HASHING, **overrides
    )
    return TestClient(
        create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY), client=(peer, 40000)
    )


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[TestClient]:
    """The default limits (no override), called from loopback: loopback is not exempt."""
    with app_client(tmp_path, peer="127.0.0.1", limits={}) as client:
        yield client


# ---- rate limits -----------------------------------------------------------------------------------------
def test_default_chat_limit_applies_to_loopback_with_retry_after(limited: TestClient) -> None:
    assert Settings().limits.chat_per_minute == 30  # the documented default
    # Requests count before they are read: these 30 are refused as invalid (422), cheaply, and still count.
    assert {limited.post("/api/chat", json={"message": ""}).status_code for _ in range(30)} == {422}
    refused = limited.post("/api/chat", json={"message": "What events are coming up in Liaoyang?"})
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["error"] == "RateLimited" and "30" in refused.json()["detail"]
    # The other chat routes share the bucket; the rest of the API and the probes do not.
    assert limited.post("/api/chat/stream", json={"message": "hi"}).status_code == 429
    assert (
        limited.post(
            "/v1/chat/completions", json={"messages": [{"role": "user", "content": "hi"}]}
        ).status_code
        == 429
    )
    assert limited.get("/api/search", params={"q": "magnesite"}).status_code == 200
    assert limited.get("/healthz").status_code == 200


def test_chat_limit_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TECHBRIDGE_LIMITS__CHAT_PER_MINUTE", "3")
    settings = Settings(
        environment="test", data_dir=tmp_path / "data", knowledge_dir=KNOWLEDGE, embedding=HASHING
    )
    assert settings.limits.chat_per_minute == 3
    with app_client(tmp_path, settings=settings) as client:
        assert [client.post("/api/chat", json={}).status_code for _ in range(4)] == [422, 422, 422, 429]


def test_each_client_has_its_own_bucket_and_forged_forwarding_is_ignored(tmp_path: Path) -> None:
    limits = {"chat_per_minute": 2}
    with app_client(tmp_path, peer="203.0.113.7", limits=limits) as client:
        forged = [
            client.post("/api/chat", json={}, headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
            for i in range(3)
        ]
        assert forged == [422, 422, 429]  # no trusted proxy: X-Forwarded-For is just text
    with app_client(tmp_path, peer="203.0.113.8", limits=limits) as other:
        assert other.post("/api/chat", json={}).status_code == 422


def test_trusted_proxy_forwards_the_real_client(tmp_path: Path) -> None:
    settings = {"limits": {"chat_per_minute": 2}, "server": {"trusted_proxies": ["10.0.0.0/8"]}}
    with app_client(tmp_path, peer="10.0.0.2", **settings) as proxy:

        def ask(forwarded: str) -> int:
            return proxy.post("/api/chat", json={}, headers={"X-Forwarded-For": forwarded}).status_code

        assert [ask("198.51.100.1, 10.0.0.3"), ask("198.51.100.1")] == [422, 422]
        assert ask("6.6.6.6, 198.51.100.1") == 429  # a client-written left part cannot reset its bucket
        assert ask("198.51.100.2") == 422  # another real client


def test_client_address_rules() -> None:
    import ipaddress

    proxies = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("::1/128")]
    scope = {"client": ("10.1.2.3", 5), "headers": [(b"x-forwarded-for", b"1.1.1.1, 2.2.2.2, 10.9.9.9")]}
    assert client_address(scope, proxies) == "2.2.2.2"
    assert client_address({**scope, "client": ("8.8.8.8", 5)}, proxies) == "8.8.8.8"
    assert client_address({"client": ("::1", 5), "headers": []}, proxies) == "::1"
    assert route_group("GET", "/healthz") is None and route_group("OPTIONS", "/api/chat") is None
    assert route_group("POST", "/api/chat/") == ("chat", "chat")
    assert route_group("POST", "/channels/nonsense-name/x") == ("channel", "channel:?")


def test_channels_have_their_own_buckets(tmp_path: Path) -> None:
    with app_client(tmp_path, limits={"channel_per_minute": 2}) as client:
        telegram = [client.post("/channels/telegram", content=b"{}").status_code for _ in range(3)]
        assert telegram[:2] != [429, 429] and telegram[2] == 429
        assert "Retry-After" in client.post("/channels/telegram", content=b"{}").headers
        assert client.post("/channels/slack/events", content=b"{}").status_code != 429
        assert client.get("/api/regulations").status_code == 200  # the API has its own limit


def test_rate_limited_answer_keeps_cors_headers(tmp_path: Path) -> None:
    origin = {"Origin": "https://host.example"}
    with app_client(
        tmp_path, limits={"chat_per_minute": 1}, server={"cors_origins": [origin["Origin"]]}
    ) as client:
        client.post("/api/chat", json={}, headers=origin)
        refused = client.post("/api/chat", json={}, headers=origin)
        # The widget on the host page can read the 429 (and show "slow down") instead of a CORS error.
        assert (
            refused.status_code == 429 and refused.headers["access-control-allow-origin"] == origin["Origin"]
        )


# ---- sizes -----------------------------------------------------------------------------------------------
def test_oversized_message_is_413_and_malformed_is_422(tmp_path: Path) -> None:
    with app_client(tmp_path) as client:
        for path in ("/api/chat", "/api/chat/stream"):
            too_long = client.post(path, json={"message": "问" * 4001})
            assert too_long.status_code == 413
            assert too_long.json()["detail"] == "message is too long: at most 4000 characters"
        assert client.post("/api/chat", json={"message": "问" * 4000}).status_code == 200
        assert client.post("/api/chat", json={"message": 5}).status_code == 422
        assert (
            client.post("/api/chat", json={"message": "x" * 4001, "lang": "fr"}).status_code == 422
        )  # also malformed
        assert (
            client.post(
                "/api/chat", content=b'{"message": "x"', headers={"content-type": "application/json"}
            ).status_code
            == 422
        )
        long_last = {"messages": [{"role": "user", "content": "x" * 4001}]}
        assert client.post("/v1/chat/completions", json=long_last).status_code == 413


def test_body_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    limits = {"max_body_bytes": 2048, "max_upload_bytes": 1 << 20}
    with app_client(tmp_path, limits=limits, admin_api_key="limits-admin-key-0123456789") as client:
        declared = client.post("/api/chat", content=b"x" * 4096, headers={"content-type": "application/json"})
        assert declared.status_code == 413 and "2048" in declared.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted as it streams
            yield b'{"message": "'
            for _ in range(64):
                yield b"x" * 64
            yield b'"}'

        streamed = client.post("/api/chat", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413 and streamed.json()["detail"] == "request body over 2048 bytes"
        channel = client.post("/channels/telegram", content=b"{" + b" " * 2_000_000 + b"}")
        assert channel.status_code == 413  # channels.max_body_bytes (1 MB by default)
        files = [
            (
                "files",
                ("a.md", b"---\nid: big\ntitle: Big\nlang: en\n---\n" + b"word " * 2000, "text/markdown"),
            )
        ]
        upload = client.post(
            "/api/admin/ingest", headers={"Authorization": "Bearer limits-admin-key-0123456789"}, files=files
        )
        assert upload.status_code == 200  # uploads have their own, larger limit...
        stranger = client.post("/api/admin/ingest", headers={"Authorization": "Bearer guess"}, files=files)
        assert (
            stranger.status_code == 413
        )  # ...for the admin only: a stranger's body is cut at the JSON limit


# ---- hostile input ---------------------------------------------------------------------------------------
HOSTILE: list[tuple[str, str, bytes | None]] = [
    ("POST", "/api/chat", b'{"message": "\\ud800 magnesite"}'),  # a lone surrogate: valid JSON, not UTF-8
    ("POST", "/api/chat/stream", b'{"message": "\\udfff"}'),
    ("POST", "/api/chat", b'{"message": "a\\u0000b"}'),
    ("POST", "/api/chat", b"[" * 50_000 + b"]" * 50_000),  # nesting deep enough to break a recursive parser
    ("POST", "/api/chat", b'{"message": 1e999999}'),
    ("POST", "/api/chat", b"\xff\xfe\x00"),
    (
        "POST",
        "/api/feedback",
        b'{"session_id": "s", "message_id": "m", "rating": "up", "comment": "\\ud800"}',
    ),
    ("POST", "/v1/chat/completions", b'{"messages": [{"role": "user", "content": "\\ud800 magnesite"}]}'),
    (
        "POST",
        "/v1/chat/completions",
        b'{"messages": [{"role": "user", "content": [{"type": "text", "text": "\\udc00"}]}]}',
    ),
    ("POST", "/v1/chat/completions", b'{"messages": [{"role": "user", "content": [1, {"type": "text"}]}]}'),
    ("POST", "/v1/chat/completions", b'{"messages": []}'),
    ("GET", "/api/search?q=%00%ff%fe%ed%a0%80", None),
    ("GET", "/api/search?q=x&from=9999-12-31&to=0001-01-01&kind=,,,", None),
    ("GET", "/api/events?from=0001-01-01&to=9999-12-31&city=%00", None),
    ("GET", "/api/regulations/..%2F..%2Fetc%2Fpasswd", None),
]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with app_client(tmp_path_factory.mktemp("hostile")) as client:
        yield client


@pytest.mark.parametrize(
    "method,path,body", HOSTILE, ids=[f"{m} {p[:40]} {(b or b'')[:24]!r}" for m, p, b in HOSTILE]
)
def test_hostile_input_is_never_a_server_error(
    shared: TestClient, method: str, path: str, body: bytes | None
) -> None:
    resp = shared.request(method, path, content=body, headers={"content-type": "application/json"})
    assert resp.status_code < 500, resp.text


def test_lone_surrogates_are_stored_as_replacement_characters(tmp_path: Path) -> None:
    with app_client(tmp_path) as client:
        body = b'{"messages": [{"role": "user", "content": "magnesite \\ud800"}]}'
        assert (
            client.post(
                "/v1/chat/completions", content=body, headers={"content-type": "application/json"}
            ).status_code
            == 200
        )
    with sqlite3.connect(tmp_path / "data" / "conversations.sqlite3") as db:
        assert (
            db.execute("SELECT content FROM messages WHERE role='user'").fetchone()[0] == "magnesite \ufffd"
        )


# ---- timeouts on outbound calls --------------------------------------------------------------------------
def test_every_outbound_client_has_a_timeout() -> None:
    """The LLM and embedding clients carry the configured timeout (the Chroma client: test_durability.py;
    the channels' platform calls: bot/channels/outbound.py, ChannelSettings.timeout_s)."""
    chat = OpenAIChatModel(LLMSettings(mode="llm", base_url="http://127.0.0.1:9/v1", model="m", timeout_s=7))
    assert chat._client.timeout == 7
    embedder = OpenAIEmbedder("http://127.0.0.1:9/v1", "", "m", timeout=5)
    assert embedder._client.timeout == 5
    from bot.channels.config import SlackSettings
    from bot.channels.outbound import Outbound

    outbound = Outbound("slack", SlackSettings(timeout_s=4))
    assert outbound._client.timeout.read == 4
