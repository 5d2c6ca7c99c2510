"""Telegram webhook bot: updates carry the setWebhook secret_token header (Telegram signs nothing else);
answers are captured by a loopback stand-in for the Bot API's sendMessage."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.channels.formatting import utf16_units
from bot.channels.telegram import GREETING
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

SECRET = "tb_webhook-Secret_0123456789"  # setWebhook allows A-Z, a-z, 0-9, _ and -
BOT_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
URL = "/channels/telegram"
SEND = rf"/bot{BOT_TOKEN}/sendMessage"
_update_ids = itertools.count(700_000)
_message_ids = itertools.count(1)


def _send_message(req: Captured) -> tuple[int, Any, dict[str, str]]:
    """sendMessage as the Bot API documents it: 1-4096 characters of text, an ok/result envelope."""
    body = req.json
    text = body.get("text", "")
    if not body.get("chat_id") or not 1 <= utf16_units(text) <= 4096:
        problem = "Bad Request: message text is empty or too long"
        return 400, {"ok": False, "error_code": 400, "description": problem}, {}
    return (
        200,
        {
            "ok": True,
            "result": {"message_id": next(_message_ids), "chat": {"id": body["chat_id"]}, "text": text},
        },
        {},
    )


@pytest.fixture(scope="module")
def stub() -> Iterator[PlatformStub]:
    yield from serve_stub()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, stub: PlatformStub) -> FastAPI:
    stub.route("POST", SEND, _send_message)
    stub.route(
        "POST",
        r"/bot[^/]+/sendMessage",
        lambda req: (401, {"ok": False, "error_code": 401, "description": "Unauthorized"}, {}),
    )
    return channel_app(
        tmp_path_factory,
        {
            "telegram": {
                "secret_token": SECRET,
                "bot_token": BOT_TOKEN,
                "api_base": stub.url,
                "backoff_s": 0.01,
            }
        },
    )


@pytest.fixture
def client(app: FastAPI, stub: PlatformStub) -> Iterator[TestClient]:
    stub.clear()
    yield TestClient(app)


def update(text: str, user: int = 1001, chat: int | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "message": {
            "message_id": 42,
            "date": 1_760_000_000,
            "text": text,
            "from": {"id": user, "is_bot": False, "first_name": "Li", "language_code": "zh-hans"},
            "chat": {"id": chat or user, "type": "private"},
            **extra,
        },
    }


def post(client: TestClient, payload: dict[str, Any], secret: str | None = SECRET) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post(URL, json=payload, headers=headers).status_code


def test_text_message_is_answered_with_send_message(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    assert post(client, update("第四十五条规定了什么？", user=2001)) == 200
    [sent] = stub.calls(SEND)
    assert sent.json["chat_id"] == 2001
    assert sent.json["reply_parameters"] == {"message_id": 42, "allow_sending_without_reply": True}
    text = sent.json["text"]
    assert "第四十五条" in text and "不低于50%" in text
    assert "\n\n来源：\n[1] 中华人民共和国促进科技成果转化法" in text
    assert [m.role for m in conversation(app, "telegram", "2001")] == ["user", "assistant"]


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET + "x", SECRET[:-1]])
def test_wrong_or_missing_secret_token_is_refused_without_a_trace(
    secret: str | None, app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    payload = update("What does Article 45 say about rewards for inventors?", user=6666)
    before = questions(app)
    assert post(client, payload, secret) == 401
    assert stub.calls(r".*") == []
    assert questions(app) == before
    assert not claimed(app, "telegram", str(payload["update_id"]))
    assert conversation(app, "telegram", "6666") == []


def test_redelivered_update_is_answered_once(app: FastAPI, client: TestClient, stub: PlatformStub) -> None:
    payload = update("what matchmaking events are coming up in Liaoyang?", user=2002)
    before = questions(app)
    assert post(client, payload) == 200
    assert post(client, payload) == 200  # Telegram redelivers until it gets a 2xx
    assert len(stub.calls(SEND)) == 1
    assert questions(app) == before + 1


def test_each_user_keeps_one_conversation(app: FastAPI, client: TestClient) -> None:
    post(client, update("What does Article 45 say about rewards for inventors?", user=2003))
    post(client, update("technologies for magnesium", user=2004))
    post(client, update("and Article 46?", user=2003, chat=-100200))  # the same person in a group
    assert [m.content for m in conversation(app, "telegram", "2003") if m.role == "user"] == [
        "What does Article 45 say about rewards for inventors?",
        "and Article 46?",
    ]
    assert len(conversation(app, "telegram", "2004")) == 2


def test_long_answer_is_split_to_the_limit_with_citations(
    app: FastAPI, client: TestClient, stub: PlatformStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    post(client, update("hello", user=2005))  # builds the adapter
    monkeypatch.setattr(app.state.channels.get("telegram"), "limit", 600)
    stub.clear()
    assert post(client, update("有哪些镁合金相关的科技成果？", user=2005)) == 200
    sent = stub.calls(SEND)
    assert len(sent) >= 2
    assert "reply_parameters" in sent[0].json and all("reply_parameters" not in s.json for s in sent[1:])
    listed = assert_cited_sources([s.json["text"] for s in sent], 600, utf16_units)
    assert listed == {c["n"] for c in conversation(app, "telegram", "2005")[-1].citations}


def test_start_command_gets_a_greeting_in_the_webhook_response(
    client: TestClient, stub: PlatformStub
) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    response = client.post(URL, json=update("/start", user=2006), headers=headers)
    assert response.json() == {"method": "sendMessage", "chat_id": 2006, "text": GREETING}
    assert stub.calls(SEND) == []


def test_bots_edits_and_non_text_updates_are_not_answered(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    before = questions(app)
    from_bot = update("hi", user=2007)
    from_bot["message"]["from"]["is_bot"] = True
    edited = {"update_id": next(_update_ids), "edited_message": update("hi")["message"]}
    sticker = update("", user=2008)
    del sticker["message"]["text"]
    for payload in (from_bot, edited, sticker):
        assert post(client, payload) == 200
    assert stub.calls(SEND) == [] and questions(app) == before


def test_server_errors_are_retried_with_backoff(client: TestClient, stub: PlatformStub) -> None:
    stub.fail_next(SEND.replace("\\", ""), 502, times=2)
    assert post(client, update("What does Article 45 say about rewards for inventors?", user=2009)) == 200
    assert len(stub.calls(SEND)) == 3


@pytest.mark.parametrize(
    "body",
    [
        b"{oops",
        b"[1, 2]",
        b'{"message": {}}',
        b'{"update_id": "7"}',
        b"\xff\xfe{}",
        b"[" * 200_000 + b"]" * 200_000,
    ],
)
def test_malformed_update_is_a_400(body: bytes, app: FastAPI, client: TestClient) -> None:
    before = questions(app)
    response = client.post(URL, content=body, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status_code == 400
    assert questions(app) == before


def test_oversized_body_is_a_413(app: FastAPI, client: TestClient) -> None:
    before = questions(app)
    payload = update("x" * 1_100_000, user=2010)
    assert post(client, payload) == 413
    assert questions(app) == before
