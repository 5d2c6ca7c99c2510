"""DingTalk robot callbacks: signed by test code written from DingTalk's "接收消息的消息协议" (sign =
Base64(HmacSHA256(appSecret, timestamp + "\\n" + appSecret)), timestamp in ms); answers captured by a
loopback stand-in for the sessionWebhook."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.channels.formatting import utf8_bytes
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

SECRET = "SECfS0mEapPs3cr3t-dingtalk-robot-0123456789abcdef"
URL = "/channels/dingtalk"
REPLY = r"/robot/sendBySession"
_ids = itertools.count(1)


def _send_by_session(req: Captured) -> tuple[int, Any, dict[str, str]]:
    """The session webhook: a known session, a text message of at most 20,000 bytes, errcode 0."""
    if not req.query.get("session", "").startswith("sess-"):
        return 200, {"errcode": 300001, "errmsg": "session not found"}, {}
    body = req.json
    if body.get("msgtype") != "text" or len(req.body) > 20_000:
        return 200, {"errcode": 460101, "errmsg": "message too long, exceed 20000 bytes"}, {}
    return 200, {"errcode": 0, "errmsg": "ok"}, {}


@pytest.fixture(scope="module")
def stub() -> Iterator[PlatformStub]:
    yield from serve_stub()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, stub: PlatformStub) -> FastAPI:
    stub.route("POST", REPLY, _send_by_session)
    return channel_app(
        tmp_path_factory, {"dingtalk": {"app_secret": SECRET, "api_base": stub.url, "backoff_s": 0.01}}
    )


@pytest.fixture
def client(app: FastAPI, stub: PlatformStub) -> Iterator[TestClient]:
    stub.clear()
    yield TestClient(app)


def sign(timestamp_ms: int, secret: str = SECRET) -> str:
    string_to_sign = f"{timestamp_ms}\n{secret}"
    digest = hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def callback(stub: PlatformStub, text: str, staff: str = "user123", **fields: Any) -> dict[str, Any]:
    now_ms = int(time.time() * 1000)
    return {
        "conversationId": "cid-1",
        "atUsers": [{"dingtalkId": "$:LWCP_v1:$bot"}],
        "chatbotCorpId": "ding1",
        "chatbotUserId": "$:LWCP_v1:$bot",
        "msgId": f"msg{next(_ids):06d}",
        "senderNick": "杨某",
        "isAdmin": False,
        "senderStaffId": staff,
        "sessionWebhookExpiredTime": now_ms + 5_400_000,
        "createAt": now_ms,
        "senderCorpId": "ding1",
        "conversationType": "2",
        "senderId": f"$:{staff}",
        "conversationTitle": "成果转化群",
        "isInAtList": True,
        "sessionWebhook": f"{stub.url}/robot/sendBySession?session=sess-{staff}",
        "text": {"content": f" {text}"},
        "msgtype": "text",
        **fields,
    }


def post(
    client: TestClient,
    payload: dict[str, Any],
    timestamp_ms: int | None = None,
    secret: str = SECRET,
    headers: dict[str, str] | None = None,
) -> int:
    ts = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    signed = {"timestamp": str(ts), "sign": sign(ts, secret)} if headers is None else headers
    return client.post(URL, json=payload, headers=signed).status_code


def test_message_is_answered_through_the_session_webhook(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    ts = int(time.time() * 1000)
    payload = callback(stub, "辽阳即将举办哪些对接会？", staff="staff-1")
    response = client.post(URL, json=payload, headers={"timestamp": str(ts), "sign": sign(ts)})
    assert response.status_code == 200 and response.json() == {"msgtype": "empty"}
    [sent] = stub.calls(REPLY)
    assert sent.query == {"session": "sess-staff-1"}
    content = sent.json["text"]["content"]
    assert "2026辽宁菱镁产业科技成果转化对接会" in content and "\n\n来源：\n[1] " in content
    assert [m.role for m in conversation(app, "dingtalk", "staff-1")] == ["user", "assistant"]


@pytest.mark.parametrize("attack", ["forged", "no-sign", "no-timestamp", "replayed", "future", "garbage-ts"])
def test_bad_sign_or_stale_timestamp_is_refused_without_a_trace(
    attack: str, app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    payload = callback(stub, "What does Article 45 say about rewards for inventors?", staff="intruder")
    now = int(time.time() * 1000)
    status = {
        "forged": lambda: post(client, payload, secret="SECnot-the-app-secret"),
        "no-sign": lambda: post(client, payload, headers={"timestamp": str(now)}),
        "no-timestamp": lambda: post(client, payload, headers={"sign": sign(now)}),
        "replayed": lambda: post(client, payload, timestamp_ms=now - 3_601_000),  # over an hour old
        "future": lambda: post(client, payload, timestamp_ms=now + 3_601_000),
        "garbage-ts": lambda: post(client, payload, headers={"timestamp": "soon", "sign": sign(now)}),
    }[attack]
    before = questions(app)
    assert status() == 401
    assert stub.calls(r".*") == []
    assert questions(app) == before
    assert not claimed(app, "dingtalk", payload["msgId"])
    assert conversation(app, "dingtalk", "intruder") == []


def test_session_webhook_outside_the_api_base_is_refused(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    # DingTalk's sign covers the timestamp only: a captured one must not make the bot post elsewhere.
    before = questions(app)
    for webhook in (
        "https://attacker.example/robot/sendBySession?session=sess-x",
        f"{stub.url}.attacker.example/robot/sendBySession?session=sess-x",
    ):
        payload = callback(stub, "What does Article 45 say?", staff="relay", sessionWebhook=webhook)
        assert post(client, payload) == 400
        assert not claimed(app, "dingtalk", payload["msgId"])
    assert questions(app) == before and stub.calls(r".*") == []


def test_redelivered_message_is_answered_once(app: FastAPI, client: TestClient, stub: PlatformStub) -> None:
    payload = callback(stub, "What does Article 45 say about rewards for inventors?", staff="staff-2")
    before = questions(app)
    assert post(client, payload) == 200
    assert post(client, payload) == 200
    assert len(stub.calls(REPLY)) == 1
    assert questions(app) == before + 1


def test_each_user_keeps_one_conversation(app: FastAPI, client: TestClient, stub: PlatformStub) -> None:
    post(client, callback(stub, "第四十五条规定了什么？", staff="staff-3"))
    post(client, callback(stub, "technologies for magnesium", staff="staff-4"))
    post(client, callback(stub, "第四十六条呢？", staff="staff-3"))
    assert [m.content for m in conversation(app, "dingtalk", "staff-3") if m.role == "user"] == [
        "第四十五条规定了什么？",
        "第四十六条呢？",
    ]
    assert len(conversation(app, "dingtalk", "staff-4")) == 2


def test_long_answer_is_split_with_citations(
    app: FastAPI, client: TestClient, stub: PlatformStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    post(client, callback(stub, "hello", staff="staff-5"))  # builds the adapter
    monkeypatch.setattr(app.state.channels.get("dingtalk"), "limit", 700)
    stub.clear()
    assert post(client, callback(stub, "辽阳即将举办哪些对接会？", staff="staff-5")) == 200
    contents = [c.json["text"]["content"] for c in stub.calls(REPLY)]
    assert len(contents) >= 2
    listed = assert_cited_sources(contents, 700, utf8_bytes)
    assert listed == {c["n"] for c in conversation(app, "dingtalk", "staff-5")[-1].citations}


def test_expired_session_webhook_and_non_text_messages_are_not_answered(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    before = questions(app)
    expired = callback(
        stub, "第四十五条规定了什么？", staff="staff-6", sessionWebhookExpiredTime=1_600_000_000_000
    )
    picture = callback(stub, "", staff="staff-6", msgtype="picture")
    for payload in (expired, picture):
        assert post(client, payload) == 200
    assert stub.calls(r".*") == [] and questions(app) == before


def test_malformed_body_is_a_400(app: FastAPI, client: TestClient) -> None:
    ts = int(time.time() * 1000)
    response = client.post(URL, content=b"<xml/>", headers={"timestamp": str(ts), "sign": sign(ts)})
    assert response.status_code == 400
