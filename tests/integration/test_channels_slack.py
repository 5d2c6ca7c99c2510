"""Slack Events API bot: requests signed by slack_sdk's SignatureVerifier (not by the adapter's code),
answers captured by a loopback stand-in for chat.postMessage."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from slack_sdk.signature import SignatureVerifier

from bot.channels.slack import escape
from tests.support.channels import (
    Captured,
    PlatformStub,
    assert_cited_sources,
    channel_app,
    claimed,
    conversation,
    questions,
    serve_stub,
)
from tests.support.servers import serve

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-token"
URL = "/channels/slack/events"
POST = r"/api/chat\.postMessage"


def _post_message(req: Captured) -> tuple[int, Any, dict[str, str]]:
    """chat.postMessage as Slack documents it: bearer token, channel and text required, ok/error."""
    if req.headers.get("authorization") != f"Bearer {BOT_TOKEN}":
        return 200, {"ok": False, "error": "invalid_auth"}, {}
    body = req.json
    if not body.get("channel") or not body.get("text"):
        return 200, {"ok": False, "error": "no_text"}, {}
    return 200, {"ok": True, "channel": body["channel"], "ts": f"{time.time():.6f}"}, {}


@pytest.fixture(scope="module")
def stub() -> Iterator[PlatformStub]:
    yield from serve_stub()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, stub: PlatformStub) -> FastAPI:
    stub.route("POST", POST, _post_message)
    return channel_app(
        tmp_path_factory,
        {
            "slack": {
                "signing_secret": SECRET,
                "bot_token": BOT_TOKEN,
                "api_base": f"{stub.url}/api",
                "backoff_s": 0.01,
            }
        },
    )


@pytest.fixture
def client(app: FastAPI, stub: PlatformStub) -> Iterator[TestClient]:
    stub.clear()
    yield TestClient(app)


def signed(
    payload: dict[str, Any] | bytes, timestamp: int | None = None, secret: str = SECRET
) -> tuple[bytes, dict[str, str]]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    return body, {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
        "Content-Type": "application/json",
    }


ARTICLE_45 = "What does Article 45 say about rewards for inventors?"


def mention(event_id: str, user: str = "U1", text: str = ARTICLE_45, **event: Any) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": {
            "type": "app_mention",
            "user": user,
            "text": f"<@UBOT> {text}",
            "channel": "C1",
            "ts": "1700000000.000100",
            "event_ts": "1700000000.000100",
            **event,
        },
    }


def test_url_verification_returns_the_challenge_only_when_signed(client: TestClient) -> None:
    payload = {
        "token": "legacy",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification",
    }
    body, headers = signed(payload)
    assert SignatureVerifier(SECRET).is_valid(
        body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )
    response = client.post(URL, content=body, headers=headers)
    assert response.status_code == 200
    assert response.json() == {"challenge": payload["challenge"]}
    assert client.post(URL, content=body, headers={"Content-Type": "application/json"}).status_code == 401


def test_mention_is_answered_in_its_thread_with_sources(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    body, headers = signed(mention("Ev-answer", user="U1"))
    response = client.post(URL, content=body, headers=headers)
    assert response.status_code == 200
    [sent] = stub.calls(POST)
    message = sent.json
    assert message["channel"] == "C1" and message["thread_ts"] == "1700000000.000100"
    assert "Article 45" in message["text"] and "50%" in message["text"]
    assert "\n\nSources:\n[1] " in message["text"]
    history = conversation(app, "slack", "T1:U1")
    assert [m.role for m in history] == ["user", "assistant"]
    assert history[0].content == ARTICLE_45


def test_direct_message_is_answered_outside_a_thread(client: TestClient, stub: PlatformStub) -> None:
    payload = mention("Ev-dm", user="U9")
    payload["event"] = {
        "type": "message",
        "channel_type": "im",
        "user": "U9",
        "channel": "D9",
        "text": "what matchmaking events are coming up in Liaoyang?",
        "ts": "1700000001.000200",
    }
    body, headers = signed(payload)
    assert client.post(URL, content=body, headers=headers).status_code == 200
    [sent] = stub.calls(POST)
    assert sent.json["channel"] == "D9" and "thread_ts" not in sent.json
    assert "Liaoyang" in sent.json["text"]


@pytest.mark.parametrize("attack", ["forged", "tampered", "replayed", "future", "unsigned"])
def test_forged_tampered_and_replayed_requests_are_refused_without_a_trace(
    attack: str, app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    event_id = f"Ev-{attack}"
    original = mention(event_id, user="U-attacker")
    body, headers = signed(original)
    if attack == "forged":
        body, headers = signed(original, secret="not-the-signing-secret")
    elif attack == "tampered":
        body = body.replace(b"Article 45", b"Article 46")
    elif attack == "replayed":
        body, headers = signed(original, timestamp=int(time.time()) - 301)
    elif attack == "future":
        body, headers = signed(original, timestamp=int(time.time()) + 400)
    else:
        headers = {"Content-Type": "application/json"}
    if attack in ("forged", "tampered"):  # the official verifier agrees these are not Slack's
        assert not SignatureVerifier(SECRET).is_valid(
            body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
        )
    before = questions(app)
    response = client.post(URL, content=body, headers=headers)
    assert response.status_code == 401
    assert stub.calls(POST) == []
    assert questions(app) == before
    assert not claimed(app, "slack", event_id)
    assert conversation(app, "slack", "T1:U-attacker") == []


def test_redelivered_event_is_answered_once(app: FastAPI, client: TestClient, stub: PlatformStub) -> None:
    body, headers = signed(mention("Ev-twice", user="U2"))
    before = questions(app)
    assert client.post(URL, content=body, headers=headers).status_code == 200
    retry = {**headers, "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert client.post(URL, content=body, headers=retry).status_code == 200
    assert len(stub.calls(POST)) == 1
    assert questions(app) == before + 1


def test_each_user_keeps_one_conversation(app: FastAPI, client: TestClient, stub: PlatformStub) -> None:
    for event_id, user, text in [
        ("Ev-c1", "U3", ARTICLE_45),
        ("Ev-c2", "U4", "what matchmaking events are coming up in Liaoyang?"),
        ("Ev-c3", "U3", "and Article 46?"),
    ]:
        body, headers = signed(mention(event_id, user=user, text=text))
        assert client.post(URL, content=body, headers=headers).status_code == 200
    assert [m.content for m in conversation(app, "slack", "T1:U3") if m.role == "user"] == [
        ARTICLE_45,
        "and Article 46?",
    ]
    assert len(conversation(app, "slack", "T1:U4")) == 2
    assert len(stub.calls(POST)) == 3


def test_long_answer_is_split_with_its_citations(
    app: FastAPI, client: TestClient, stub: PlatformStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    body, headers = signed(mention("Ev-warm", user="U5", text="hello"))
    client.post(URL, content=body, headers=headers)  # builds the adapter
    monkeypatch.setattr(app.state.channels.get("slack"), "limit", 500)
    stub.clear()
    body, headers = signed(mention("Ev-long", user="U5", text="technologies for magnesium"))
    assert client.post(URL, content=body, headers=headers).status_code == 200
    texts = [c.json["text"] for c in stub.calls(POST)]
    assert len(texts) >= 3
    assert all(c.json["thread_ts"] == "1700000000.000100" for c in stub.calls(POST))
    answer = conversation(app, "slack", "T1:U5")[-1]
    listed = assert_cited_sources(texts, 500, len)  # Slack's limit counts the escaped text
    assert listed == {c["n"] for c in answer.citations}


def test_bot_messages_and_edits_are_ignored(client: TestClient, stub: PlatformStub) -> None:
    for event_id, extra in [("Ev-bot", {"bot_id": "B1"}), ("Ev-edit", {"subtype": "message_changed"})]:
        body, headers = signed(mention(event_id, **extra))
        assert client.post(URL, content=body, headers=headers).status_code == 200
    assert stub.calls(POST) == []


def test_rate_limited_post_is_retried_after_retry_after(client: TestClient, stub: PlatformStub) -> None:
    stub.fail_next(
        "/api/chat.postMessage", 429, body={"ok": False, "error": "ratelimited"}, headers={"Retry-After": "0"}
    )
    body, headers = signed(mention("Ev-429", user="U6"))
    assert client.post(URL, content=body, headers=headers).status_code == 200
    calls = stub.calls(POST)
    assert len(calls) == 2 and calls[0].body == calls[1].body


def test_malformed_signed_body_is_a_400(app: FastAPI, client: TestClient) -> None:
    before = questions(app)
    body, headers = signed(b"{not json")
    assert client.post(URL, content=body, headers=headers).status_code == 400
    assert questions(app) == before


def test_ack_comes_before_the_answer_over_real_http(app: FastAPI, stub: PlatformStub) -> None:
    """Slack retries an event not acknowledged within 3 s, so the ack must not wait for the answer. The
    stand-in holds chat.postMessage until the test has its HTTP response: had the bot answered before
    acknowledging, each would wait on the other until the stand-in gave up (seen == [False])."""
    stub.clear()
    acked, seen = threading.Event(), []

    def held(req: Captured) -> tuple[int, Any, dict[str, str]]:
        seen.append(acked.wait(timeout=5))
        return _post_message(req)

    body, headers = signed(mention("Ev-http", user="U7"))
    with stub.override("POST", POST, held), serve(app) as port:
        started = time.monotonic()
        response = httpx.post(f"http://127.0.0.1:{port}{URL}", content=body, headers=headers, timeout=10)
        elapsed = time.monotonic() - started
        acked.set()
        deadline = time.monotonic() + 5
        while not seen and time.monotonic() < deadline:
            time.sleep(0.02)
    assert response.status_code == 200 and elapsed < 3
    assert seen == [True]
    assert len(stub.calls(POST)) == 1


def test_slack_control_characters_are_escaped() -> None:
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"
