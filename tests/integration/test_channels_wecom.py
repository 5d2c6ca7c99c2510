"""WeCom callbacks in security mode: requests signed and encrypted by test code written from WeCom's
"加解密方案说明" (not by the adapter's cipher), with `cryptography`'s own PKCS7 padder at 32-byte blocks;
answers captured by a loopback stand-in for gettoken and message/send, or read from the passive reply."""

from __future__ import annotations

import base64
import codecs
import hashlib
import importlib.metadata
import itertools
import os
import re
import struct
import time
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
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
from tests.support.config import ROOT

TOKEN = "QDG6eK"
AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"  # 43 characters, as WeCom's console shows it
CORP_ID, SECRET, AGENT_ID = "wx5823bf96d3bd56c7", "wecom-app-secret", 1000002
URL = "/channels/wecom"
SEND = r"/cgi-bin/message/send"
_ids = itertools.count(1)


class WeComSide:
    """WeCom's half of the scheme: what it sends, and how it reads a passive reply."""

    def __init__(self, token: str = TOKEN, aes_key: str = AES_KEY, receive_id: str = CORP_ID) -> None:
        self.token, self.key, self.receive_id = token, base64.b64decode(aes_key + "="), receive_id.encode()

    def sign(self, timestamp: str, nonce: str, encrypted: str) -> str:
        return hashlib.sha1("".join(sorted([self.token, timestamp, nonce, encrypted])).encode()).hexdigest()

    def encrypt(self, msg: str | bytes) -> str:
        raw = msg if isinstance(msg, bytes) else msg.encode()
        plain = os.urandom(16) + struct.pack(">I", len(raw)) + raw + self.receive_id
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
        assert plain[20 + length :] == self.receive_id
        return plain[20 : 20 + length].decode()

    def query(
        self, encrypted: str, timestamp: int | None = None, signer: WeComSide | None = None
    ) -> dict[str, str]:
        ts, nonce = str(int(time.time()) if timestamp is None else timestamp), str(1_372_623_149 + next(_ids))
        return {"msg_signature": (signer or self).sign(ts, nonce, encrypted), "timestamp": ts, "nonce": nonce}


wecom = WeComSide()


def text_message(content: str, user: str = "zhangsan", msg_type: str = "text") -> tuple[str, str]:
    msg_id = str(1_234_567_890_123_456 + next(_ids))
    xml = (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName>"
        f"<FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId><AgentID>{AGENT_ID}</AgentID></xml>"
    )
    return xml, msg_id


def envelope(encrypted: str) -> bytes:
    return (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><AgentID><![CDATA[{AGENT_ID}]]></AgentID>"
        f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    ).encode()


def deliver(client: TestClient, xml: str, **query: Any) -> Any:
    encrypted = wecom.encrypt(xml)
    return client.post(URL, params=wecom.query(encrypted, **query), content=envelope(encrypted))


class WeComApi:
    """gettoken and message/send as WeCom documents them (errcode 0, or an error code)."""

    def __init__(self) -> None:
        self.issued = 0

    def gettoken(self, req: Captured) -> tuple[int, Any, dict[str, str]]:
        if req.query != {"corpid": CORP_ID, "corpsecret": SECRET}:
            return 200, {"errcode": 40001, "errmsg": "invalid credential"}, {}
        self.issued += 1
        token = f"AT-{self.issued}"
        return 200, {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200}, {}

    def send(self, req: Captured) -> tuple[int, Any, dict[str, str]]:
        if req.query.get("access_token") != f"AT-{self.issued}":
            return 200, {"errcode": 40014, "errmsg": "invalid access_token"}, {}
        body = req.json
        if body.get("agentid") != AGENT_ID or utf8_bytes(body.get("text", {}).get("content", "")) > 2048:
            return 200, {"errcode": 44004, "errmsg": "text content over limit"}, {}
        return 200, {"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": f"m{next(_ids)}"}, {}


@pytest.fixture(scope="module")
def stub() -> Iterator[PlatformStub]:
    yield from serve_stub()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, stub: PlatformStub) -> FastAPI:
    api = WeComApi()
    stub.route("GET", r"/cgi-bin/gettoken", api.gettoken)
    stub.route("POST", SEND, api.send)
    return channel_app(
        tmp_path_factory,
        {
            "wecom": {
                "token": TOKEN,
                "encoding_aes_key": AES_KEY,
                "corp_id": CORP_ID,
                "secret": SECRET,
                "agent_id": AGENT_ID,
                "api_base": stub.url,
                "backoff_s": 0.01,
            }
        },
    )


@pytest.fixture
def client(app: FastAPI, stub: PlatformStub) -> Iterator[TestClient]:
    stub.clear()
    yield TestClient(app)


def test_url_verification_echoes_the_decrypted_echostr(client: TestClient) -> None:
    echostr = wecom.encrypt("4416048491447187563")
    response = client.get(URL, params={**wecom.query(echostr), "echostr": echostr})
    assert response.status_code == 200 and response.text == "4416048491447187563"
    bad = {**wecom.query(echostr, signer=WeComSide(token="guess")), "echostr": echostr}
    assert client.get(URL, params=bad).status_code == 401
    other_corp = WeComSide(receive_id="ww-another-corp").encrypt("4416048491447187563")
    assert client.get(URL, params={**wecom.query(other_corp), "echostr": other_corp}).status_code == 401


def test_message_is_answered_through_the_message_api(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    xml, _ = text_message("第四十五条规定了什么？", user="lisi")
    response = deliver(client, xml)
    assert response.status_code == 200 and response.content == b""
    [sent] = stub.calls(SEND)
    assert (sent.json["touser"], sent.json["agentid"], sent.json["msgtype"]) == ("lisi", AGENT_ID, "text")
    assert "不低于50%" in sent.json["text"]["content"] and "\n\n来源：\n[1] " in sent.json["text"]["content"]
    assert len(stub.calls(r"/cgi-bin/gettoken")) <= 1
    assert [m.role for m in conversation(app, "wecom", "lisi")] == ["user", "assistant"]


def test_long_answer_is_split_into_2048_byte_messages(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    xml, _ = text_message("upcoming matchmaking events", user="wangwu")
    assert deliver(client, xml).status_code == 200
    contents = [c.json["text"]["content"] for c in stub.calls(SEND)]
    assert len(contents) >= 2  # the answer and its sources are over WeCom's 2048 bytes
    listed = assert_cited_sources(contents, 2048, utf8_bytes)
    assert listed == {c["n"] for c in conversation(app, "wecom", "wangwu")[-1].citations}


@pytest.mark.parametrize("attack", ["forged", "tampered", "replayed", "unsigned", "other-corp"])
def test_forged_tampered_and_replayed_messages_are_refused_without_a_trace(
    attack: str, app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    xml, msg_id = text_message("What does Article 45 say about rewards for inventors?", user="intruder")
    encrypted = wecom.encrypt(xml)
    query, body = wecom.query(encrypted), envelope(encrypted)
    if attack == "forged":
        query = wecom.query(encrypted, signer=WeComSide(token="guess"))
    elif attack == "tampered":  # another ciphertext under the original signature
        body = envelope(wecom.encrypt(xml.replace("Article 45", "Article 46")))
    elif attack == "replayed":
        query = wecom.query(encrypted, timestamp=int(time.time()) - 3600)
    elif attack == "unsigned":
        query = {}
    else:
        other = WeComSide(receive_id="ww-another-corp").encrypt(xml)
        query, body = wecom.query(other), envelope(other)
    before = questions(app)
    assert client.post(URL, params=query, content=body).status_code == 401
    assert stub.calls(r".*") == []
    assert questions(app) == before
    assert not claimed(app, "wecom", msg_id)
    assert conversation(app, "wecom", "intruder") == []


def test_redelivered_message_is_answered_once(app: FastAPI, client: TestClient, stub: PlatformStub) -> None:
    xml, _ = text_message("辽阳即将举办哪些对接会？", user="zhaoliu")
    before = questions(app)
    assert deliver(client, xml).status_code == 200
    assert deliver(client, xml).status_code == 200  # WeCom's retry: same MsgId, new timestamp and nonce
    assert len(stub.calls(SEND)) == 1
    assert questions(app) == before + 1


def test_each_user_keeps_one_conversation(app: FastAPI, client: TestClient) -> None:
    deliver(client, text_message("第四十五条规定了什么？", user="sunqi")[0])
    deliver(client, text_message("辽阳即将举办哪些对接会？", user="zhouba")[0])
    deliver(client, text_message("第四十六条呢？", user="sunqi")[0])
    assert [m.content for m in conversation(app, "wecom", "sunqi") if m.role == "user"] == [
        "第四十五条规定了什么？",
        "第四十六条呢？",
    ]
    assert len(conversation(app, "wecom", "zhouba")) == 2


def test_busy_answer_is_retried(client: TestClient, stub: PlatformStub) -> None:
    stub.fail_next("/cgi-bin/message/send", 200, body={"errcode": -1, "errmsg": "system busy"})
    assert deliver(client, text_message("第四十五条规定了什么？", user="wujiu")[0]).status_code == 200
    assert len(stub.calls(SEND)) == 2


@pytest.mark.parametrize(
    "body",
    [
        b"<xml><Encrypt>",
        b"not xml",
        b"<xml><ToUserName>x</ToUserName></xml>",
        b'<!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><Encrypt>&a;</Encrypt></xml>',
    ],
)
def test_malformed_xml_is_a_400(body: bytes, app: FastAPI, client: TestClient) -> None:
    before = questions(app)
    assert client.post(URL, params=wecom.query("x"), content=body).status_code == 400
    assert questions(app) == before


def test_events_and_non_text_messages_get_an_empty_answer(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    before = questions(app)
    response = deliver(client, text_message("", user="zhengshi", msg_type="image")[0])
    assert response.status_code == 200 and response.content == b""
    assert stub.calls(r".*") == [] and questions(app) == before


# ---- passive replies: no secret / agent_id configured ----------------------------------------------
@pytest.fixture(scope="module")
def passive(tmp_path_factory: pytest.TempPathFactory, stub: PlatformStub) -> FastAPI:
    return channel_app(
        tmp_path_factory,
        {"wecom": {"token": TOKEN, "encoding_aes_key": AES_KEY, "corp_id": CORP_ID, "api_base": stub.url}},
    )


def read_passive_reply(body: bytes) -> ET.Element:
    outer = ET.fromstring(body)
    encrypted, ts, nonce = outer.findtext("Encrypt"), outer.findtext("TimeStamp"), outer.findtext("Nonce")
    assert encrypted and ts and nonce
    assert outer.findtext("MsgSignature") == wecom.sign(ts, nonce, encrypted)
    return ET.fromstring(wecom.decrypt(encrypted))


def test_passive_reply_is_encrypted_and_signed(passive: FastAPI, stub: PlatformStub) -> None:
    stub.clear()
    xml, _ = text_message("第四十五条规定了什么？", user="qianyi")
    reply = read_passive_reply(deliver(TestClient(passive), xml).content)
    assert reply.findtext("ToUserName") == "qianyi" and reply.findtext("FromUserName") == CORP_ID
    assert reply.findtext("MsgType") == "text"
    assert "不低于50%" in (reply.findtext("Content") or "")
    assert stub.calls(r".*") == []  # no API call in passive mode


def test_passive_reply_of_a_long_answer_fits_one_message(passive: FastAPI) -> None:
    xml, _ = text_message("upcoming matchmaking events", user="qianer")
    content = read_passive_reply(deliver(TestClient(passive), xml).content).findtext("Content") or ""
    assert content.endswith("(answer shortened)")
    assert_cited_sources([content], 2048, utf8_bytes)


# ---- XML: the signature first, then defusedxml; a DTD refused in any encoding ----------------------
LAUGHS = (
    '<!DOCTYPE xml [<!ENTITY l0 "lol">'
    + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)
DTDS = {  # where the DTD goes, and what it declares
    "entity": ('<!DOCTYPE xml [<!ENTITY who "intruder">]>', "&who;"),
    "external": ('<!DOCTYPE xml [<!ENTITY who SYSTEM "file:///etc/hostname">]>', "&who;"),
    "billion-laughs": (LAUGHS, "&l9;"),
}
ENCODINGS = {  # name: (codec, byte-order mark, XML declaration)
    "ascii": ("ascii", b"", ""),
    "ascii-declared": ("ascii", b"", '<?xml version="1.0" encoding="US-ASCII"?>'),
    "utf-8-bom": ("utf-8", codecs.BOM_UTF8, '<?xml version="1.0" encoding="UTF-8"?>'),
    "utf-16le-bom": ("utf-16-le", codecs.BOM_UTF16_LE, ""),
    "utf-16le-bom-declared": ("utf-16-le", codecs.BOM_UTF16_LE, '<?xml version="1.0" encoding="UTF-16"?>'),
    "utf-16le-declared": ("utf-16-le", b"", '<?xml version="1.0" encoding="UTF-16"?>'),
    "utf-16be-bom": ("utf-16-be", codecs.BOM_UTF16_BE, ""),
    "utf-16be-declared": ("utf-16-be", b"", '<?xml version="1.0" encoding="UTF-16"?>'),
}


def encoded(xml: str, encoding: str) -> bytes:
    codec, bom, declaration = ENCODINGS[encoding]
    return bom + (declaration + xml).encode(codec)


def dtd_envelope(encrypted: str, dtd: str, encoding: str) -> bytes:
    doctype, reference = DTDS[dtd]
    return encoded(
        f"{doctype}<xml><ToUserName>{reference}</ToUserName><AgentID>{AGENT_ID}</AgentID>"
        f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>",
        encoding,
    )


def dtd_message(dtd: str, encoding: str) -> tuple[bytes, str]:
    """A message whose decrypted XML carries the DTD (WeCom would never send one, but it is parsed too)."""
    doctype, reference = DTDS[dtd]
    xml, msg_id = text_message("What does Article 45 say about rewards for inventors?", user="intruder")
    xml = xml.replace(
        "<FromUserName><![CDATA[intruder]]></FromUserName>", f"<FromUserName>{reference}</FromUserName>"
    )
    return encoded(doctype + xml, encoding), msg_id


def assert_no_trace(app: FastAPI, stub: PlatformStub, before: int, msg_id: str | None = None) -> None:
    assert stub.calls(r".*") == []
    assert questions(app) == before
    assert msg_id is None or not claimed(app, "wecom", msg_id)
    assert conversation(app, "wecom", "intruder") == []


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_xml_with_a_dtd_is_refused_in_every_encoding(
    encoding: str, app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    before = questions(app)
    not_verified = client.post(URL, params={}, content=envelope(wecom.encrypt("x"))).content
    for dtd in DTDS:
        xml, msg_id = text_message("What does Article 45 say about rewards for inventors?", user="intruder")
        encrypted = wecom.encrypt(xml)
        body = dtd_envelope(encrypted, dtd, encoding)
        signed = client.post(URL, params=wecom.query(encrypted), content=body)
        assert signed.status_code == 400, (dtd, signed.status_code, signed.text)  # signed, then not parsed
        forged = client.post(
            URL, params=wecom.query(encrypted, signer=WeComSide(token="guess")), content=body
        )
        assert (forged.status_code, forged.content) == (401, not_verified), dtd
        inner, inner_id = dtd_message(dtd, encoding)
        encrypted = wecom.encrypt(inner)
        deep = client.post(URL, params=wecom.query(encrypted), content=envelope(encrypted))
        assert deep.status_code == 400, (dtd, deep.status_code, deep.text)
        assert_no_trace(app, stub, before, msg_id)
        assert not claimed(app, "wecom", inner_id)


@pytest.mark.parametrize("encoding", ["ascii", "utf-16le-bom", "utf-16be-declared"])
def test_signature_is_checked_before_any_xml_is_parsed(
    encoding: str, app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    before = questions(app)
    xml, msg_id = text_message("What does Article 45 say about rewards for inventors?", user="intruder")
    encrypted = wecom.encrypt(xml)
    forged = wecom.query(encrypted, signer=WeComSide(token="guess"))
    for body in (
        dtd_envelope(encrypted, "billion-laughs", encoding),
        encoded(f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt><unclosed></xml>", encoding),
        encoded(f"<xml><Encrypt>{encrypted}</Encrypt>", encoding),
    ):
        started = time.monotonic()
        response = client.post(URL, params=forged, content=body)
        # 401, not 400: the signature is judged before the body is parsed. A billion laughs expanded
        # would take minutes and gigabytes; scanned and refused it takes milliseconds (1 s is ample).
        assert response.status_code == 401 and time.monotonic() - started < 1.0
    assert_no_trace(app, stub, before, msg_id)


def test_envelope_must_be_well_formed_and_carry_the_verified_ciphertext(
    app: FastAPI, client: TestClient, stub: PlatformStub
) -> None:
    before = questions(app)
    xml, msg_id = text_message("What does Article 45 say about rewards for inventors?", user="intruder")
    encrypted, other = wecom.encrypt(xml), wecom.encrypt(xml.replace("Article 45", "Article 46"))
    for body in (
        f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt>".encode(),  # never closed
        f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml><xml/>".encode(),
        # a scanner and a parser must not read different ciphertexts: the verified one is in a comment
        f"<xml><!-- <Encrypt><![CDATA[{encrypted}]]></Encrypt> --><Encrypt>{other}</Encrypt></xml>".encode(),
    ):
        assert client.post(URL, params=wecom.query(encrypted), content=body).status_code == 400
    assert_no_trace(app, stub, before, msg_id)


def test_defusedxml_is_installed_and_openpyxl_uses_it() -> None:
    import openpyxl.xml

    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(re.match(r"defusedxml\b", d) for d in dependencies)  # a runtime dependency, not a test one
    assert importlib.metadata.version("defusedxml")
    assert openpyxl.xml.DEFUSEDXML  # the spreadsheets staff upload are read through it as well
