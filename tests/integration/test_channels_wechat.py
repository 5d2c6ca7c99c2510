"""WeChat Official Account (微信公众号) pushes: requests signed (and in safe mode encrypted) by test code
written from WeChat's "接入指南" and "消息加解密说明" (not by the adapter's cipher), with `cryptography`'s own
PKCS7 padder at 32-byte blocks; passive replies read back the same way; customer-service messages and
stable access tokens captured by a loopback stand-in of api.weixin.qq.com."""

from __future__ import annotations

import base64
import hashlib
import itertools
import logging
import os
import struct
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.channels.formatting import utf8_bytes
from bot.chat.service import ChatService
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
from tests.support.config import make_settings

TOKEN = "techbridgeWx2026"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as the admin console shows it
APP_ID, APP_SECRET, ACCOUNT = "wx6d1f2a3b4c5d6e7f", "wechat-app-secret-0123456789abcdef", "gh_3f1a2b3c4d5e"
URL = "/channels/wechat"
SEND = r"/cgi-bin/message/custom/send"
TOKEN_URL = r"/cgi-bin/stable_token"
MENU = {"ASK_ART45": "第四十五条规定了什么？"}
REPLY_WITHIN_S = 2.0
_ids = itertools.count(1)


class WeChatSide:
    """WeChat's half of the protocol: how it signs and encrypts a push, and how it reads a passive reply."""

    def __init__(self, token: str = TOKEN, aes_key: str = AES_KEY, app_id: str = APP_ID) -> None:
        self.token, self.key, self.app_id = token, base64.b64decode(aes_key + "="), app_id.encode()

    def signature(self, timestamp: str, nonce: str, *more: str) -> str:
        """`signature` (token, timestamp, nonce) or, with the ciphertext, `msg_signature`."""
        return hashlib.sha1("".join(sorted([self.token, timestamp, nonce, *more])).encode()).hexdigest()

    def encrypt(self, msg: str | bytes) -> str:
        raw = msg if isinstance(msg, bytes) else msg.encode()
        plain = os.urandom(16) + struct.pack(">I", len(raw)) + raw + self.app_id
        padder = padding.PKCS7(256).padder()  # "PKCS#7 填充至 32 字节的倍数"
        padded = padder.update(plain) + padder.finalize()
        encryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).encryptor()
        return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode()

    def decrypt(self, encrypted: str) -> str:
        decryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).decryptor()
        padded = decryptor.update(base64.b64decode(encrypted)) + decryptor.finalize()
        unpadder = padding.PKCS7(256).unpadder()
        plain = unpadder.update(padded) + unpadder.finalize()
        (length,) = struct.unpack(">I", plain[16:20])
        assert plain[20 + length :] == self.app_id
        return plain[20 : 20 + length].decode()

    def query(self, encrypted: str | None = None, timestamp: int | None = None) -> dict[str, str]:
        """The query string of a push: plaintext mode's, or safe mode's when `encrypted` is given."""
        ts, nonce = str(int(time.time()) if timestamp is None else timestamp), str(1_320_562_132 + next(_ids))
        query = {"signature": self.signature(ts, nonce), "timestamp": ts, "nonce": nonce, "openid": "o"}
        if encrypted is not None:
            query |= {"encrypt_type": "aes", "msg_signature": self.signature(ts, nonce, encrypted)}
        return query


wechat = WeChatSide()


def created() -> int:
    return int(time.time()) - next(_ids)  # CreateTime, unique per message: events are told apart by it


def text_message(content: str, user: str = "oUser", msg_type: str = "text", field: str = "Content") -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{created()}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
        f"<{field}><![CDATA[{content}]]></{field}><MsgId>{1_234_567_890_123_456 + next(_ids)}</MsgId></xml>"
    )


def event(name: str, user: str, key: str = "") -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{created()}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[{name}]]></Event><EventKey><![CDATA[{key}]]></EventKey></xml>"
    )


def envelope(encrypted: str) -> bytes:
    to = f"<ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
    return f"<xml>{to}<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()


def push(client: TestClient, xml: str, **query: Any) -> Any:
    """A safe-mode push, as WeChat sends it."""
    encrypted = wechat.encrypt(xml)
    return client.post(URL, params=wechat.query(encrypted, **query), content=envelope(encrypted))


def read_reply(body: bytes) -> ET.Element:
    """A safe-mode passive reply, checked and decrypted as WeChat does."""
    outer = ET.fromstring(body)
    encrypted, ts, nonce = outer.findtext("Encrypt"), outer.findtext("TimeStamp"), outer.findtext("Nonce")
    assert encrypted and ts and nonce
    assert outer.findtext("MsgSignature") == wechat.signature(ts, nonce, encrypted)
    reply = ET.fromstring(wechat.decrypt(encrypted))
    assert reply.findtext("FromUserName") == ACCOUNT and reply.findtext("MsgType") == "text"
    return reply


class WeChatApi:
    """stable_token and message/custom/send as WeChat documents them (errcode 0, or an error code)."""

    def __init__(self) -> None:
        self.issued = 0

    def stable_token(self, req: Captured) -> tuple[int, Any, dict[str, str]]:
        body = req.json
        if (body.get("grant_type"), body.get("appid"), body.get("secret")) != (
            "client_credential",
            APP_ID,
            APP_SECRET,
        ):
            return 200, {"errcode": 40013, "errmsg": "invalid appid"}, {}
        if self.issued == 0 or body.get("force_refresh") is True:
            self.issued += 1
        return 200, {"access_token": f"ACCESS-{self.issued}", "expires_in": 7200}, {}

    def send(self, req: Captured) -> tuple[int, Any, dict[str, str]]:
        if req.query.get("access_token") != f"ACCESS-{self.issued}":
            return 200, {"errcode": 40001, "errmsg": "invalid credential"}, {}
        body = req.json
        if body.get("msgtype") != "text" or utf8_bytes(body.get("text", {}).get("content", "")) > 2048:
            return 200, {"errcode": 45002, "errmsg": "content size out of limit"}, {}
        return 200, {"errcode": 0, "errmsg": "ok"}, {}


@pytest.fixture(scope="module")
def stub() -> Iterator[PlatformStub]:
    yield from serve_stub()


def wechat_settings(stub: PlatformStub, **more: Any) -> dict[str, Any]:
    return {
        "wechat": {
            "token": TOKEN,
            "app_id": APP_ID,
            "app_secret": APP_SECRET,
            "api_base": stub.url,
            "backoff_s": 0.01,
            "menu": MENU,
            "reply_within_s": REPLY_WITHIN_S,
            **more,
        }
    }


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, stub: PlatformStub) -> FastAPI:
    api = WeChatApi()
    stub.route("POST", TOKEN_URL, api.stable_token)
    stub.route("POST", SEND, api.send)
    return channel_app(tmp_path_factory, wechat_settings(stub, encoding_aes_key=AES_KEY))


@pytest.fixture
def client(app: FastAPI, stub: PlatformStub) -> Iterator[TestClient]:
    stub.clear()
    yield TestClient(app)


@pytest.fixture
def slow(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers that take longer than the passive-reply window."""
    chat: ChatService = app.state.services.chat
    answer = chat.answer

    def slow_answer(*args: Any, **kwargs: Any) -> Any:
        time.sleep(REPLY_WITHIN_S + 0.5)
        return answer(*args, **kwargs)

    monkeypatch.setattr(chat, "answer", slow_answer)


def test_url_check_returns_the_bare_echostr(client: TestClient) -> None:
    ts, nonce, echostr = str(int(time.time())), "1514711492", "6204356327158219781"
    query = {"signature": wechat.signature(ts, nonce), "timestamp": ts, "nonce": nonce, "echostr": echostr}
    response = client.get(URL, params=query)
    assert response.status_code == 200 and response.text == echostr
    forged = {**query, "signature": WeChatSide(token="guess").signature(ts, nonce)}
    assert client.get(URL, params=forged).status_code == 401
    old = str(int(time.time()) - 301)
    stale = {**query, "timestamp": old, "signature": wechat.signature(old, nonce)}
    assert client.get(URL, params=stale).status_code == 401
    assert client.get(URL, params={"echostr": echostr}).status_code == 401


def test_encrypted_question_gets_an_encrypted_passive_reply(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    response = push(client, text_message("第四十五条规定了什么？", user="oLisi"))
    assert response.status_code == 200
    reply = read_reply(response.content)
    content = reply.findtext("Content") or ""
    assert reply.findtext("ToUserName") == "oLisi"
    assert "不低于50%" in content and "\n\n来源：\n[1] " in content
    assert stub.calls(r".*") == []  # answered in the response: no API call
    assert [m.role for m in conversation(app, "wechat", "oLisi")] == ["user", "assistant"]


def test_slow_answer_goes_by_customer_service_message(
    app: FastAPI, client: TestClient, stub: PlatformStub, slow: None
) -> None:
    started = time.monotonic()
    response = push(client, text_message("第四十五条规定了什么？", user="oWangwu"))
    assert response.status_code == 200 and response.text == "success"
    assert time.monotonic() - started > REPLY_WITHIN_S  # TestClient waits for the background delivery
    [sent] = stub.calls(SEND)
    assert sent.json["touser"] == "oWangwu" and sent.json["msgtype"] == "text"
    assert "不低于50%" in sent.json["text"]["content"]
    [token] = stub.calls(TOKEN_URL)
    assert token.json == {
        "grant_type": "client_credential",
        "appid": APP_ID,
        "secret": APP_SECRET,
        "force_refresh": False,
    }
    push(client, text_message("第四十六条呢？", user="oWangwu"))
    assert len(stub.calls(TOKEN_URL)) == 1 and len(stub.calls(SEND)) == 2  # the token is cached


def test_three_deliveries_of_one_msgid_are_answered_once(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    xml = text_message("辽阳即将举办哪些对接会？", user="oZhaoliu")
    before = questions(app)
    # WeChat's retries: the same message, each with a fresh timestamp, nonce and signature
    first, second, third = (push(client, xml) for _ in range(3))
    assert read_reply(first.content).findtext("ToUserName") == "oZhaoliu"
    assert (second.text, third.text) == ("success", "success")
    assert questions(app) == before + 1 and stub.calls(r".*") == []


@pytest.mark.parametrize("attack", ["forged", "tampered", "stale", "unsigned", "other-app", "plaintext"])
def test_forged_stale_and_tampered_pushes_are_refused_without_a_trace(
    attack: str, app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    xml = text_message("What does Article 45 say about rewards for inventors?", user="oIntruder")
    msg_id = ET.fromstring(xml).findtext("MsgId") or ""
    encrypted = wechat.encrypt(xml)
    query, body = wechat.query(encrypted), envelope(encrypted)
    if attack == "forged":
        query = WeChatSide(token="guess").query(encrypted)
    elif attack == "tampered":  # another ciphertext under the original signature
        body = envelope(wechat.encrypt(xml.replace("Article 45", "Article 46")))
    elif attack == "stale":
        query = wechat.query(encrypted, timestamp=int(time.time()) - 301)
    elif attack == "unsigned":
        query = {}
    elif attack == "other-app":
        other = WeChatSide(app_id="wx0000000000000000").encrypt(xml)
        query, body = wechat.query(other), envelope(other)
    else:  # plaintext mode's request: correctly signed, but safe mode refuses plaintext
        query, body = wechat.query(), xml.encode()
    before = questions(app)
    response = client.post(URL, params=query, content=body)
    assert (response.status_code, response.json()) == (401, {"detail": "wechat: request not verified"})
    assert stub.calls(r".*") == []
    assert questions(app) == before
    assert not claimed(app, "wechat", msg_id)
    assert conversation(app, "wechat", "oIntruder") == []


@pytest.mark.parametrize(
    ("errcode", "why"),
    [
        (45015, "response out of time limit or subscription is canceled"),
        (45047, "out of response count limit"),
        (48001, "api unauthorized"),
    ],
)
def test_outside_the_48_hour_window_is_recorded_not_retried(
    errcode: int,
    why: str,
    app: FastAPI,
    client: TestClient,
    stub: PlatformStub,
    slow: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def refused(req: Captured) -> tuple[int, Any, dict[str, str]]:
        return 200, {"errcode": errcode, "errmsg": why}, {}

    adapter = app.state.channels.get("wechat")
    before = adapter.undelivered[errcode]
    with stub.override("POST", SEND, refused), caplog.at_level(logging.WARNING):
        assert (
            push(client, text_message("upcoming matchmaking events", user=f"oGone{errcode}")).text
            == "success"
        )
    assert len(stub.calls(SEND)) == 1  # not retried, and the answer's other parts not tried either
    assert adapter.undelivered[errcode] == before + 1
    assert any("not sent" in r.getMessage() and str(errcode) in r.getMessage() for r in caplog.records)


def test_refused_access_token_is_refreshed_once(client: TestClient, stub: PlatformStub, slow: None) -> None:
    stub.fail_next(SEND, 200, body={"errcode": 40001, "errmsg": "invalid credential"})
    assert push(client, text_message("第四十五条规定了什么？", user="oRefresh")).text == "success"
    assert [c.json["force_refresh"] for c in stub.calls(TOKEN_URL)][-1] is True
    assert len(stub.calls(SEND)) == 2


def test_long_answer_is_split_with_each_part_citing_its_sources(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    response = push(client, text_message("upcoming matchmaking events", user="oSunqi"))
    first = read_reply(response.content).findtext("Content") or ""
    rest = [c.json["text"]["content"] for c in stub.calls(SEND)]
    assert rest, "the answer and its sources are over WeChat's 2,048 bytes"
    listed = assert_cited_sources([first, *rest], 2048, utf8_bytes)
    assert listed == {c["n"] for c in conversation(app, "wechat", "oSunqi")[-1].citations}


def test_new_follower_gets_the_greeting_once(app: FastAPI, client: TestClient, stub: PlatformStub) -> None:
    xml = event("subscribe", "oNewcomer")
    greeting = read_reply(push(client, xml).content).findtext("Content") or ""
    assert greeting.startswith("您好！我是 TechBridge") and "\n- " in greeting
    assert push(client, xml).text == "success"  # the retry of the same event
    assert conversation(app, "wechat", "oNewcomer") == [] and stub.calls(r".*") == []
    assert push(client, event("unsubscribe", "oNewcomer")).text == "success"


def test_menu_click_asks_its_configured_question(app: FastAPI, client: TestClient) -> None:
    reply = read_reply(push(client, event("CLICK", "oMenu", key="ASK_ART45")).content)
    assert "不低于50%" in (reply.findtext("Content") or "")
    assert [m.content for m in conversation(app, "wechat", "oMenu") if m.role == "user"] == [
        MENU["ASK_ART45"]
    ]
    assert push(client, event("CLICK", "oMenu", key="NOT_MAPPED")).text == "success"
    assert push(client, event("VIEW", "oMenu", key="https://example.org")).text == "success"


def test_voice_is_answered_from_its_recognition_text(app: FastAPI, client: TestClient) -> None:
    voice = text_message("第四十五条规定了什么？", user="oVoice", msg_type="voice", field="Recognition")
    assert "不低于50%" in (read_reply(push(client, voice).content).findtext("Content") or "")
    unheard = text_message("", user="oVoice", msg_type="voice", field="Recognition")
    assert "语音" in (read_reply(push(client, unheard).content).findtext("Content") or "")
    assert len(conversation(app, "wechat", "oVoice")) == 2


def test_image_gets_success_and_nothing_else(app: FastAPI, client: TestClient, stub: PlatformStub) -> None:
    before = questions(app)
    assert push(client, text_message("", user="oImage", msg_type="image", field="PicUrl")).text == "success"
    assert push(client, text_message("  ", user="oImage")).text == "success"  # no question in it
    assert questions(app) == before and stub.calls(r".*") == []


# ---- XML: the signature first, then defusedxml ----------------------------------------------------
LAUGHS = (
    '<!DOCTYPE xml [<!ENTITY l0 "lol">'
    + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    + "]><xml><FromUserName>&l9;</FromUserName>"
)


def test_signature_is_checked_before_any_xml_is_parsed(app: FastAPI, client: TestClient) -> None:
    encrypted = wechat.encrypt(text_message("第四十五条规定了什么？", user="oIntruder"))
    body = f"{LAUGHS}<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()
    started = time.monotonic()
    forged = client.post(URL, params=WeChatSide(token="guess").query(encrypted), content=body)
    assert forged.status_code == 401 and time.monotonic() - started < 1.0
    assert client.post(URL, params=wechat.query(encrypted), content=body).status_code == 400  # then defused
    inner = wechat.encrypt(LAUGHS.encode() + b"<MsgType>text</MsgType></xml>")
    assert client.post(URL, params=wechat.query(inner), content=envelope(inner)).status_code == 400
    assert conversation(app, "wechat", "oIntruder") == []


# ---- plaintext mode (no EncodingAESKey) and a channel without its secrets --------------------------
@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory, stub: PlatformStub) -> FastAPI:
    return channel_app(tmp_path_factory, wechat_settings(stub))


def test_plaintext_mode_answers_in_plain_xml(plain: FastAPI, stub: PlatformStub) -> None:
    client = TestClient(plain)
    xml = text_message("第四十五条规定了什么？", user="oPlain")
    response = client.post(URL, params=wechat.query(), content=xml.encode())
    reply = ET.fromstring(response.content)
    assert (reply.findtext("ToUserName"), reply.findtext("FromUserName")) == ("oPlain", ACCOUNT)
    assert "不低于50%" in (reply.findtext("Content") or "")
    forged = client.post(URL, params=WeChatSide(token="guess").query(), content=xml.encode())
    assert forged.status_code == 401
    # The signature covers no body: one seen is held to its body, so another body under it is refused,
    # while WeChat's retry of the same body is answered "success" (answered once).
    query = wechat.query()
    assert client.post(URL, params=query, content=xml.encode()).text == "success"
    swapped = client.post(URL, params=query, content=text_message("第四十六条呢？", user="oPlain").encode())
    assert swapped.status_code == 401
    assert client.post(URL, params=query, content=xml.encode()).text == "success"
    dtd = client.post(URL, params=wechat.query(), content=LAUGHS.encode() + b"</xml>")
    assert dtd.status_code == 400
    assert len(conversation(plain, "wechat", "oPlain")) == 2


@pytest.mark.parametrize("missing", ["token", "app_id", "app_secret"])
def test_channel_is_disabled_until_its_secrets_are_set(tmp_path: Path, missing: str) -> None:
    conf = {"token": TOKEN, "app_id": APP_ID, "app_secret": APP_SECRET, "encoding_aes_key": AES_KEY}
    conf.pop(missing)
    client = TestClient(create_app(make_settings(tmp_path, channels={"wechat": conf})))
    for method in ("GET", "POST"):
        response = client.request(method, URL, params=wechat.query(), content=b"<xml/>")
        assert response.status_code == 404
        assert f"TECHBRIDGE_CHANNELS__WECHAT__{missing.upper()}" in response.json()["detail"]
