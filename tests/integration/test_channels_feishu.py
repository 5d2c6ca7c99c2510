"""Feishu/Lark event subscription: events encrypted and signed by test code written from Feishu's
"接收事件" (AES-256-CBC, key = SHA256(Encrypt Key), base64(iv + ciphertext); X-Lark-Signature =
sha256(timestamp + nonce + encrypt_key + body)), using `cryptography`'s own PKCS7 padder; replies captured
by a loopback stand-in for the tenant-token and messages APIs."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import random
import time
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.channels.crypto import FeishuCipher
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

ENCRYPT_KEY = "kudryavka-encrypt-key-0123456789"
VERIFICATION_TOKEN = "rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV"
APP_ID, APP_SECRET = "cli_9f5343c580712544", "feishu-app-secret"
URL = "/channels/feishu"
TOKEN = r"/open-apis/auth/v3/tenant_access_token/internal"
REPLY = r"/open-apis/im/v1/messages/om_[0-9a-z]+/reply"
_ids = itertools.count(1)


class FeishuApi:
    """Tenant tokens and message replies as Feishu documents them (code 0, or an error code)."""

    def __init__(self) -> None:
        self.issued = 0

    def token(self, req: Captured) -> tuple[int, Any, dict[str, str]]:
        if req.json != {"app_id": APP_ID, "app_secret": APP_SECRET}:
            return 200, {"code": 10014, "msg": "app secret invalid"}, {}
        self.issued += 1
        return 200, {"code": 0, "msg": "ok", "tenant_access_token": f"t-{self.issued}", "expire": 7200}, {}

    def reply(self, req: Captured) -> tuple[int, Any, dict[str, str]]:
        if req.headers.get("authorization") != f"Bearer t-{self.issued}":
            return 400, {"code": 99991663, "msg": "Invalid access token for authorization."}, {}
        body = req.json
        if body.get("msg_type") != "text" or not json.loads(body["content"]).get("text"):
            return 400, {"code": 230001, "msg": "invalid message content"}, {}
        return 200, {"code": 0, "msg": "success", "data": {"message_id": f"om_{next(_ids)}"}}, {}


@pytest.fixture(scope="module")
def stub() -> Iterator[PlatformStub]:
    yield from serve_stub()


@pytest.fixture(scope="module")
def api() -> FeishuApi:
    return FeishuApi()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, stub: PlatformStub, api: FeishuApi) -> FastAPI:
    stub.route("POST", TOKEN, api.token)
    stub.route("POST", REPLY, api.reply)
    return channel_app(
        tmp_path_factory,
        {
            "feishu": {
                "verification_token": VERIFICATION_TOKEN,
                "encrypt_key": ENCRYPT_KEY,
                "app_id": APP_ID,
                "app_secret": APP_SECRET,
                "api_base": stub.url,
                "backoff_s": 0.01,
            }
        },
    )


@pytest.fixture
def client(app: FastAPI, stub: PlatformStub) -> Iterator[TestClient]:
    stub.clear()
    yield TestClient(app)


def encrypt(plain: dict[str, Any] | bytes, key: str = ENCRYPT_KEY) -> str:
    data = plain if isinstance(plain, bytes) else json.dumps(plain, ensure_ascii=False).encode()
    padder = padding.PKCS7(128).padder()
    padded = padder.update(data) + padder.finalize()
    iv = os.urandom(16)
    encryptor = Cipher(algorithms.AES(hashlib.sha256(key.encode()).digest()), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + encryptor.update(padded) + encryptor.finalize()).decode()


def signed(body: bytes, timestamp: int | None = None, key: str = ENCRYPT_KEY) -> dict[str, str]:
    ts, nonce = str(int(time.time()) if timestamp is None else timestamp), f"nonce-{next(_ids)}"
    signature = hashlib.sha256((ts + nonce + key).encode() + body).hexdigest()
    return {
        "X-Lark-Request-Timestamp": ts,
        "X-Lark-Request-Nonce": nonce,
        "X-Lark-Signature": signature,
        "Content-Type": "application/json",
    }


def message_event(
    text: str,
    open_id: str = "ou_84aad35d084aa403a838cf73ee18467",
    token: str = VERIFICATION_TOKEN,
    **message: Any,
) -> dict[str, Any]:
    return {
        "schema": "2.0",
        "header": {
            "event_id": f"5e3702a84e847582be8db7fb7328{next(_ids):04d}",
            "event_type": "im.message.receive_v1",
            "create_time": str(int(time.time() * 1000)),
            "token": token,
            "app_id": APP_ID,
            "tenant_key": "2ca1d211",
        },
        "event": {
            "sender": {
                "sender_id": {"open_id": open_id, "union_id": "on_8ed6", "user_id": "e33ggbyz"},
                "sender_type": "user",
                "tenant_key": "2ca1d211",
            },
            "message": {
                "message_id": f"om_5ce6d572455d361153b7cb51da{next(_ids):06d}",
                "chat_id": "oc_5ce6",
                "chat_type": "group",
                "message_type": "text",
                "content": json.dumps({"text": f"@_user_1 {text}"}, ensure_ascii=False),
                "mentions": [{"key": "@_user_1", "name": "TechBridge"}],
                **message,
            },
        },
    }


def send(client: TestClient, event: dict[str, Any], **sign: Any) -> int:
    body = json.dumps({"encrypt": encrypt(event)}).encode()
    return client.post(URL, content=body, headers=signed(body, **sign)).status_code


def test_documented_example_decrypts() -> None:
    # Feishu's own example: Encrypt Key "test key" turns this ciphertext into "hello world".
    assert FeishuCipher("test key").decrypt("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=") == b"hello world"


def test_url_verification_needs_the_key_and_the_token(client: TestClient) -> None:
    challenge = {"challenge": "ajls384kdj", "token": VERIFICATION_TOKEN, "type": "url_verification"}
    response = client.post(URL, json={"encrypt": encrypt(challenge)})
    assert response.status_code == 200 and response.json() == {"challenge": "ajls384kdj"}
    assert client.post(URL, json={"encrypt": encrypt({**challenge, "token": "guess"})}).status_code == 401
    assert client.post(URL, json={"encrypt": encrypt(challenge, key="other key")}).status_code == 401
    assert client.post(URL, json=challenge).status_code == 401  # plaintext: this app encrypts


def test_message_is_answered_through_the_reply_api(
    app: FastAPI, client: TestClient, stub: PlatformStub, api: FeishuApi
) -> None:
    event = message_event("第四十五条规定了什么？", open_id="ou_answer")
    assert send(client, event) == 200
    [reply] = stub.calls(REPLY)
    assert all(t.json == {"app_id": APP_ID, "app_secret": APP_SECRET} for t in stub.calls(TOKEN))
    assert reply.path == f"/open-apis/im/v1/messages/{event['event']['message']['message_id']}/reply"
    assert reply.headers["authorization"] == f"Bearer t-{api.issued}"
    text = json.loads(reply.json["content"])["text"]
    assert "第四十五条" in text and "\n\n来源：\n[1] " in text
    history = conversation(app, "feishu", "ou_answer")
    assert [m.content for m in history if m.role == "user"] == ["第四十五条规定了什么？"]  # mention removed


@pytest.mark.parametrize("attack", ["forged", "tampered", "stale", "unsigned", "wrong-token", "wrong-key"])
def test_forged_tampered_or_stale_events_are_refused_without_a_trace(
    attack: str, app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    event = message_event("What does Article 45 say about rewards for inventors?", open_id="ou_intruder")
    body = json.dumps({"encrypt": encrypt(event)}).encode()
    headers = signed(body)
    if attack == "forged":
        headers = signed(body, key="not the encrypt key")
    elif attack == "tampered":  # another ciphertext under the original signature
        other = {**event, "header": {**event["header"], "event_id": "x"}}
        body = json.dumps({"encrypt": encrypt(other)}).encode()
    elif attack == "stale":  # past Feishu's ~7.1 h retry window
        headers = signed(body, timestamp=int(time.time()) - 9 * 3600)
    elif attack == "unsigned":
        headers = {"Content-Type": "application/json"}
    elif attack == "wrong-token":
        guessed = message_event("hi", open_id="ou_intruder", token="guess")
        body = json.dumps({"encrypt": encrypt(guessed)}).encode()
        headers = signed(body)
    else:  # signed with the right key, encrypted with another
        body = json.dumps({"encrypt": encrypt(event, key="another key")}).encode()
        headers = signed(body)
    before = questions(app)
    assert client.post(URL, content=body, headers=headers).status_code == 401
    assert stub.calls(r".*") == []
    assert questions(app) == before
    assert not claimed(app, "feishu", event["header"]["event_id"])
    assert conversation(app, "feishu", "ou_intruder") == []


def test_redelivered_event_is_answered_once(app: FastAPI, client: TestClient, stub: PlatformStub) -> None:
    event = message_event("technologies for magnesium", open_id="ou_twice")
    before = questions(app)
    assert send(client, event) == 200
    assert send(client, event) == 200  # Feishu retries with the same event_id
    assert len(stub.calls(REPLY)) == 1
    assert questions(app) == before + 1


def test_each_user_keeps_one_conversation_and_the_token_is_reused(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    send(client, message_event("第四十五条规定了什么？", open_id="ou_a"))
    send(client, message_event("辽阳即将举办哪些对接会？", open_id="ou_b"))
    send(client, message_event("第四十六条呢？", open_id="ou_a"))
    assert [m.content for m in conversation(app, "feishu", "ou_a") if m.role == "user"] == [
        "第四十五条规定了什么？",
        "第四十六条呢？",
    ]
    assert len(conversation(app, "feishu", "ou_b")) == 2
    assert len(stub.calls(REPLY)) == 3 and len(stub.calls(TOKEN)) <= 1


def test_refused_token_is_renewed_once(client: TestClient, stub: PlatformStub, api: FeishuApi) -> None:
    send(client, message_event("第四十五条规定了什么？", open_id="ou_c"))  # caches a token
    api.issued += 1  # Feishu revokes it: the cached token is now refused
    stub.clear()
    assert send(client, message_event("第四十五条规定了什么？", open_id="ou_c")) == 200
    assert len(stub.calls(TOKEN)) == 1
    fresh = f"Bearer t-{api.issued}"
    assert [r.headers["authorization"] == fresh for r in stub.calls(REPLY)] == [False, True]


def test_long_answer_is_split_with_citations(
    app: FastAPI, client: TestClient, stub: PlatformStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    send(client, message_event("hello", open_id="ou_long"))  # builds the adapter
    monkeypatch.setattr(app.state.channels.get("feishu"), "limit", 800)
    stub.clear()
    assert send(client, message_event("technologies for magnesium", open_id="ou_long")) == 200
    texts = [json.loads(r.json["content"])["text"] for r in stub.calls(REPLY)]
    assert len(texts) >= 2
    listed = assert_cited_sources(texts, 800, utf8_bytes)
    assert listed == {c["n"] for c in conversation(app, "feishu", "ou_long")[-1].citations}


def test_bots_and_non_text_messages_are_not_answered(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    before = questions(app)
    from_app = message_event("hi")
    from_app["event"]["sender"]["sender_type"] = "app"
    image = message_event("hi", message_type="image", content=json.dumps({"image_key": "img_1"}))
    for event in (from_app, image):
        assert send(client, event) == 200
    assert stub.calls(r".*") == [] and questions(app) == before


def test_malformed_bodies_are_a_400(client: TestClient) -> None:
    assert client.post(URL, content=b"not json", headers=signed(b"not json")).status_code == 400
    body = json.dumps({"encrypt": encrypt(b"\xff not json")}).encode()
    assert client.post(URL, content=body, headers=signed(body)).status_code == 400
    huge = b'{"encrypt": ' + b"9" * 5000 + b"}"  # over Python's 4,300-digit limit: a ValueError, not JSON's
    assert client.post(URL, content=huge, headers=signed(huge)).status_code == 400


# ---- no decryption oracle: every failure before authentication looks the same ----------------------
def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _padding_ok(raw: bytes, key: str = ENCRYPT_KEY) -> bool:
    """What the server would learn from a padding oracle: does `raw` (iv + ciphertext) unpad?"""
    decryptor = Cipher(algorithms.AES(hashlib.sha256(key.encode()).digest()), modes.CBC(raw[:16])).decryptor()
    plain = decryptor.update(raw[16:]) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        unpadder.update(plain) + unpadder.finalize()
    except ValueError:
        return False
    return True


def unsigned_probes() -> list[bytes]:
    """600 unsigned bodies an attacker would send at AES-CBC: each kind of failure, and a padding-oracle
    sweep over the last byte of a real URL check's next-to-last block (some unpad, most do not)."""
    rng = random.Random(45)
    challenge = {"challenge": "ajls384kdj", "token": VERIFICATION_TOKEN, "type": "url_verification"}
    encrypted = [
        encrypt(b"\xff not json"),
        encrypt(b"[1, 2]"),
        encrypt(b"{}"),
        encrypt(b""),
        encrypt(message_event("What does Article 45 say?", open_id="ou_oracle")),  # an event, unsigned
        encrypt({**challenge, "token": "guess"}),
        encrypt({k: v for k, v in challenge.items() if k != "token"}),
        encrypt({**challenge, "type": "event_callback"}),
        encrypt(challenge, key="another key"),
        "!!not base64!!",
        "",
        _b64(b"short"),
        _b64(os.urandom(31)),  # not whole blocks
        "A" * 5000,  # over the unsigned size cap
    ]
    bodies = [
        b"",
        b"not json",
        b"{",
        b"\xff\xfe{}",
        b"[]",
        b'"encrypt"',
        b"{}",
        b'{"encrypt": 1}',
        b'{"encrypt": null}',
        json.dumps(challenge).encode(),  # plaintext: this app encrypts
        b"[" * 100_000,  # deep nesting
        *(json.dumps({"encrypt": e}).encode() for e in encrypted),
    ]
    real = bytearray(base64.b64decode(encrypt(challenge)))
    sweep = []
    for value in range(256):
        if value != real[-17]:  # the real one would be answered
            forged = bytearray(real)
            forged[-17] = value
            sweep.append(bytes(forged))
    assert any(_padding_ok(raw) for raw in sweep) and not all(_padding_ok(raw) for raw in sweep)
    bodies += [json.dumps({"encrypt": _b64(raw)}).encode() for raw in sweep]
    while len(bodies) < 600:  # random ciphertexts of 1 to 8 blocks after the iv
        raw = rng.randbytes(16 * rng.randint(2, 9))
        bodies.append(json.dumps({"encrypt": _b64(raw)}).encode())
    return bodies


def test_unsigned_requests_all_get_one_refusal(app: FastAPI, client: TestClient, stub: PlatformStub) -> None:
    before = questions(app)
    answers: dict[tuple[int, str, bytes], int] = {}
    for body in unsigned_probes():
        response = client.post(URL, content=body, headers={"Content-Type": "application/json"})
        key = (response.status_code, response.headers["content-type"], response.content)
        answers[key] = answers.get(key, 0) + 1
    assert len(answers) == 1, answers
    [(status, _, content)] = answers
    assert status == 401 and json.loads(content) == {"detail": "feishu: request not verified"}
    assert stub.calls(r".*") == [] and questions(app) == before
    assert conversation(app, "feishu", "ou_oracle") == []


def test_signature_is_checked_before_the_body_is_read(client: TestClient) -> None:
    unsigned = client.post(URL, content=b"not json").content
    for body in (
        b"not json",
        b'{"encrypt": "!!not base64!!"}',
        json.dumps({"encrypt": encrypt(b"\xff not json")}).encode(),
        json.dumps({"encrypt": _b64(os.urandom(48))}).encode(),
    ):
        forged = client.post(URL, content=body, headers=signed(body, key="not the encrypt key"))
        assert (forged.status_code, forged.content) == (401, unsigned)
        stale = client.post(URL, content=body, headers=signed(body, timestamp=int(time.time()) - 9 * 3600))
        assert (stale.status_code, stale.content) == (401, unsigned)
