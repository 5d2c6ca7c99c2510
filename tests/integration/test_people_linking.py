"""One person across channels: a code asked for on Telegram and typed on Slack joins the two, so a
follow-up on Slack reads the list shown on Telegram and the subscription made on Telegram is listed on
Slack; a staff member can join two identities through the admin API."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from slack_sdk.signature import SignatureVerifier

from bot.app import create_app
from retrieval.embedders import HashingEmbedder
from tests.support.channels import Captured, PlatformStub, _ingested, serve_stub
from tests.support.config import TODAY, make_settings

TG_SECRET = "tb_webhook-Secret_link_0123456789"
TG_TOKEN = "777:link-TOKEN-abcdefghijklmnop"
SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SLACK_TOKEN = "xoxb-link-test-token"
ADMIN_KEY = "admin-key-for-the-linking-tests-0123456789"
SEND = rf"/bot{TG_TOKEN}/sendMessage"
POST = r"/api/chat\.postMessage"
_ids = itertools.count(950_000)


def _ok(req: Captured) -> tuple[int, Any, dict[str, str]]:
    return 200, {"ok": True, "result": {"message_id": 1}, "ts": f"{time.time():.6f}"}, {}


@pytest.fixture(scope="module")
def stub() -> Iterator[PlatformStub]:
    yield from serve_stub()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, stub: PlatformStub) -> FastAPI:
    stub.route("POST", SEND, _ok)
    stub.route("POST", POST, _ok)
    data = tmp_path_factory.mktemp("link-app") / "data"
    shutil.copytree(_ingested(tmp_path_factory), data)
    channels = {
        "telegram": {"secret_token": TG_SECRET, "bot_token": TG_TOKEN, "api_base": stub.url},
        "slack": {"signing_secret": SLACK_SECRET, "bot_token": SLACK_TOKEN, "api_base": f"{stub.url}/api"},
    }
    settings = make_settings(
        data, embedding={"provider": "hashing"}, channels=channels, admin_api_key=ADMIN_KEY
    )
    return create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)


@pytest.fixture
def client(app: FastAPI, stub: PlatformStub) -> Iterator[TestClient]:
    stub.clear()
    yield TestClient(app)


def on_telegram(client: TestClient, stub: PlatformStub, user: int, text: str) -> str:
    stub.clear()
    update = {
        "update_id": next(_ids),
        "message": {
            "message_id": 3,
            "date": 1_760_000_000,
            "text": text,
            "from": {"id": user, "is_bot": False, "first_name": "Li"},
            "chat": {"id": user, "type": "private"},
        },
    }
    headers = {"X-Telegram-Bot-Api-Secret-Token": TG_SECRET}
    assert client.post("/channels/telegram", json=update, headers=headers).status_code == 200
    return "\n".join(r.json["text"] for r in stub.calls(SEND))


def on_slack(client: TestClient, stub: PlatformStub, user: str, text: str) -> str:
    stub.clear()
    payload = {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": f"Ev{next(_ids)}",
        "event_time": int(time.time()),
        "event": {
            "type": "message",
            "channel_type": "im",
            "user": user,
            "channel": "D1",
            "text": text,
            "ts": "1700000001.000200",
        },
    }
    body = json.dumps(payload).encode()
    ts = str(int(time.time()))
    signature = SignatureVerifier(SLACK_SECRET).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    headers = {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
        "Content-Type": "application/json",
    }
    assert client.post("/channels/slack/events", content=body, headers=headers).status_code == 200
    return "\n".join(r.json["text"] for r in stub.calls(POST))


def second_item(listing: str) -> str:
    """The title of item 2 in a list answer ("2. <title> ...")."""
    [line] = [ln for ln in listing.splitlines() if ln.startswith("2. ")]
    return re.split(r"[（(—]| - |\s\|", line[3:], maxsplit=1)[0].strip()


def test_a_code_from_telegram_joins_slack_with_its_state_and_subscriptions(
    client: TestClient, stub: PlatformStub
) -> None:
    listing = on_telegram(client, stub, 6001, "有哪些即将举办的对接活动？")
    title = second_item(listing)
    assert len(title) > 4, listing
    assert "已订阅" in on_telegram(client, stub, 6001, "有新的氢能成果请通知我")
    reply = on_telegram(client, stub, 6001, "绑定账号")
    code = re.search(r"\b(\d{8})\b", reply)
    assert code is not None, reply

    assert "绑定成功" in on_slack(client, stub, "U77", f"绑定 {code.group(1)}")
    follow_up = on_slack(client, stub, "U77", "第二个的详细情况")
    assert title in follow_up
    assert title not in on_slack(client, stub, "U79", "第二个的详细情况")  # unlinked: no list to point at
    listed = on_slack(client, stub, "U77", "我的订阅")
    assert "1. 氢能 · 科技成果" in listed

    assert "无效" in on_slack(client, stub, "U78", f"绑定 {code.group(1)}")  # single use


def test_a_staff_member_links_two_identities(app: FastAPI, client: TestClient, stub: PlatformStub) -> None:
    on_telegram(client, stub, 6002, "notify me about new events in Dalian")
    body = {"a": {"channel": "telegram", "user_key": "6002"}, "b": {"channel": "slack", "user_key": "T1:U80"}}
    refused = client.post("/api/admin/people/link", json=body)
    assert refused.status_code == 401
    linked = client.post(
        "/api/admin/people/link", json=body, headers={"Authorization": f"Bearer {ADMIN_KEY}"}
    )
    assert linked.status_code == 200, linked.text
    assert linked.json()["identities"] == [
        {"channel": "telegram", "user_key": "6002"},
        {"channel": "slack", "user_key": "T1:U80"},
    ]
    assert "Events in Dalian" in on_slack(client, stub, "U80", "my subscriptions")


def test_the_widget_joins_a_messaging_app_and_keeps_its_feedback(
    client: TestClient, stub: PlatformStub
) -> None:
    first = client.post("/api/chat", json={"message": "有哪些即将举办的对接活动？"}).json()
    token = first["session_id"]
    reply = client.post("/api/chat", json={"message": "绑定账号", "session_id": token}).json()
    code = re.search(r"\b(\d{8})\b", reply["answer"])
    assert code is not None, reply["answer"]
    assert "网页" in on_telegram(client, stub, 6003, f"绑定 {code.group(1)}")
    assert second_item(first["answer"]) in on_telegram(client, stub, 6003, "第二个的详细情况")
    later = client.post("/api/chat", json={"message": "第一个在哪里举办？", "session_id": token}).json()
    assert later["session_id"] == token  # the widget keeps its own token
    rated = {"session_id": token, "message_id": later["message_id"], "rating": "up"}
    assert client.post("/api/feedback", json=rated).status_code == 201


def test_a_code_typed_where_it_was_asked_for_joins_nothing(client: TestClient, stub: PlatformStub) -> None:
    code = re.search(r"\b(\d{8})\b", on_telegram(client, stub, 6004, "link my account"))
    assert code is not None
    assert "already part of your account" in on_telegram(client, stub, 6004, f"link {code.group(1)}")
