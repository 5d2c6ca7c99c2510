"""Subscriptions and push end to end: a Telegram user subscribes in plain words, staff upload records
through the admin API, and the loopback Bot API stand-in receives (or refuses) the push."""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.app import create_app
from retrieval.embedders import HashingEmbedder
from tests.support.channels import Captured, PlatformStub, _ingested, serve_stub
from tests.support.config import TODAY, make_settings

SECRET = "tb_webhook-Secret_push_0123456789"
BOT_TOKEN = "654321:push-TOKEN-abcdefghijklmnop"
ADMIN_KEY = "admin-key-for-the-push-tests-0123456789"
SEND = rf"/bot{BOT_TOKEN}/sendMessage"
_update_ids = itertools.count(900_000)


def _send_message(req: Captured) -> tuple[int, Any, dict[str, str]]:
    body = req.json
    if not body.get("chat_id") or not body.get("text"):
        return 400, {"ok": False, "error_code": 400, "description": "Bad Request: text is empty"}, {}
    return 200, {"ok": True, "result": {"message_id": 1, "chat": {"id": body["chat_id"]}}}, {}


@pytest.fixture(scope="module")
def stub() -> Iterator[PlatformStub]:
    yield from serve_stub()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, stub: PlatformStub) -> FastAPI:
    stub.route("POST", SEND, _send_message)
    data = tmp_path_factory.mktemp("push-app") / "data"
    shutil.copytree(_ingested(tmp_path_factory), data)
    telegram = {"secret_token": SECRET, "bot_token": BOT_TOKEN, "api_base": stub.url, "backoff_s": 0.01}
    settings = make_settings(
        data,
        embedding={"provider": "hashing"},
        channels={"telegram": telegram},
        admin_api_key=ADMIN_KEY,
        push={"backoff_s": 0.01},
    )
    return create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)


@pytest.fixture
def client(app: FastAPI, stub: PlatformStub) -> Iterator[TestClient]:
    stub.clear()
    yield TestClient(app)


def say(client: TestClient, user: int, text: str) -> None:
    update = {
        "update_id": next(_update_ids),
        "message": {
            "message_id": 7,
            "date": 1_760_000_000,
            "text": text,
            "from": {"id": user, "is_bot": False, "first_name": "Li"},
            "chat": {"id": user, "type": "private"},
        },
    }
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    assert client.post("/channels/telegram", json=update, headers=headers).status_code == 200


def upload(app: FastAPI, client: TestClient, name: str, *records: dict[str, Any]) -> None:
    body = json.dumps({"kind": "achievement", "records": list(records)}, ensure_ascii=False)
    files = {"files": (f"{name}.json", body.encode(), "application/json")}
    response = client.post("/api/admin/ingest", files=files, headers={"Authorization": f"Bearer {ADMIN_KEY}"})
    assert response.status_code == 200, response.text
    assert response.json()["added"] == len(records)
    app.state.services.pusher.drain()  # the pushes run in the background: wait for them


def achievement(id: str, title: str, field: str, summary: str) -> dict[str, Any]:
    return {
        "id": id,
        "lang": "en",
        "title": title,
        "institution": "Dalian Institute of Chemical Physics",
        "city": "Dalian",
        "field": field,
        "summary": summary,
        "trl": 6,
    }


def sent_to(stub: PlatformStub, chat: int) -> list[str]:
    return [r.json["text"] for r in stub.calls(SEND) if r.json.get("chat_id") == chat]


def statuses(app: FastAPI, chat: int) -> dict[str, tuple[str, str]]:
    services = app.state.services
    person = services.people.find("telegram", str(chat))
    found: dict[str, tuple[str, str]] = {}
    for sub in services.subscriptions.active(person):
        found.update(services.subscriptions.notifications(sub.id))
    return found


def test_a_hydrogen_subscriber_gets_one_push_per_new_hydrogen_record(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    say(client, 5001, "tell me when hydrogen energy technologies are listed")
    [confirmation] = sent_to(stub, 5001)
    assert "Subscribed: Hydrogen energy technologies" in confirmation
    stub.clear()

    title = "PEM electrolyser stack with low-iridium anodes"
    upload(
        app,
        client,
        "hydrogen-upload",
        achievement(
            "ach-push-pem-electrolyser", title, "hydrogen_energy", "A 250 kW PEM stack for green H2."
        ),
    )
    [push] = sent_to(stub, 5001)
    assert title in push and "ach-push-pem-electrolyser" in push
    assert [s for s, _ in statuses(app, 5001).values()] == ["sent"]

    stub.clear()  # the same record indexed again (unchanged) is no news: nothing is sent twice
    upload_again = client.post(
        "/api/admin/ingest",
        files={
            "files": (
                "hydrogen-upload.json",
                _records_of(app, "ach-push-pem-electrolyser"),
                "application/json",
            )
        },
        headers={"Authorization": f"Bearer {ADMIN_KEY}"},
    )
    assert upload_again.status_code == 200
    app.state.services.pusher.drain()
    assert sent_to(stub, 5001) == []


def _records_of(app: FastAPI, doc_id: str) -> bytes:
    upload_dir = app.state.services.settings.data_dir / "uploads" / "hydrogen-upload.json"
    return upload_dir.read_bytes()


def test_a_record_that_matches_no_subscription_sends_nothing(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    say(client, 5002, "有新的氢能成果请通知我")
    stub.clear()
    upload(
        app,
        client,
        "medicine-upload",
        achievement("ach-push-antibody", "Humanised antibody platform", "biomedicine", "Antibody screening."),
    )
    assert stub.calls(SEND) == []


def test_a_failing_platform_is_retried_then_recorded_as_failed(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    say(client, 5003, "notify me about new energy storage technologies")
    stub.clear()
    settings = app.state.services.settings
    tries = settings.push.tries * (settings.channels.telegram.retries + 1)
    stub.fail_next(SEND, 500, times=tries, body={"ok": False, "error_code": 500, "description": "down"})
    upload(
        app,
        client,
        "storage-upload",
        achievement(
            "ach-push-flow-battery", "Iron-chromium flow battery", "energy_storage", "A 1 MWh flow battery."
        ),
    )
    assert len([r for r in stub.calls(SEND) if r.json.get("chat_id") == 5003]) == tries
    status, detail = statuses(app, 5003)["ach-push-flow-battery"]
    assert status == "failed" and "HTTP 500" in detail and f"{settings.push.tries} tries" in detail


def test_the_widget_points_to_the_messaging_apps(app: FastAPI, client: TestClient) -> None:
    reply = client.post("/api/chat", json={"message": "有新的氢能成果请通知我"})
    assert reply.status_code == 200
    assert "Telegram" in reply.json()["answer"] and "无法主动" in reply.json()["answer"]
    with app.state.services.database.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM subscriptions WHERE channel = 'web'").scalar() == 0


def test_telegram_commands_subscribe_and_list(app: FastAPI, client: TestClient, stub: PlatformStub) -> None:
    say(client, 5004, "/subscribe hydrogen")
    assert "Subscribed: Hydrogen energy technologies" in sent_to(stub, 5004)[-1]
    say(client, 5004, "/subscriptions")
    assert "1. Hydrogen energy technologies" in sent_to(stub, 5004)[-1]
    say(client, 5004, "/unsubscribe")
    assert "Cancelled 1 subscription(s)." in sent_to(stub, 5004)[-1]
