"""Subscriptions by e-mail from the widget, where a mail server is configured: the address in the
message, the digest delivered to a loopback SMTP stand-in, and the signed link in it that stops them."""

from __future__ import annotations

import json
import shutil
import socketserver
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.app import create_app
from retrieval.embedders import HashingEmbedder
from tests.support.channels import _ingested
from tests.support.config import TODAY, make_settings

ADMIN_KEY = "admin-key-for-the-mail-tests-0123456789"


class SmtpStandIn(socketserver.ThreadingTCPServer):
    """Just enough SMTP (RFC 5321: EHLO, MAIL, RCPT, DATA, QUIT) to take a message and keep it."""

    daemon_threads = allow_reuse_address = True

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        super().__init__(("127.0.0.1", 0), _Session)


class _Session(socketserver.StreamRequestHandler):
    server: SmtpStandIn

    def handle(self) -> None:
        self.wfile.write(b"220 stand-in ESMTP\r\n")
        recipients: list[str] = []
        while line := self.rfile.readline():
            verb = line.decode().strip().split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250 stand-in\r\n")
            elif verb == "MAIL":
                recipients = []
                self.wfile.write(b"250 ok\r\n")
            elif verb == "RCPT":
                recipients.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self.wfile.write(b"250 ok\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 end with <CRLF>.<CRLF>\r\n")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                message = message_from_bytes(data, policy=policy.default)
                self.server.received.append((recipients, message))  # type: ignore[arg-type]
                self.wfile.write(b"250 queued\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"502 not here\r\n")


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpStandIn]:
    server = SmtpStandIn()
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, smtp: SmtpStandIn) -> FastAPI:
    data = tmp_path_factory.mktemp("mail-app") / "data"
    shutil.copytree(_ingested(tmp_path_factory), data)
    push = {
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp.server_address[1],
        "smtp_starttls": False,
        "mail_from": "techbridge@example.org",
        "public_url": "https://techbridge.example.org",
        "backoff_s": 0.01,
    }
    settings = make_settings(
        data,
        embedding={"provider": "hashing"},
        admin_api_key=ADMIN_KEY,
        push=push,
        server={"session_secret": "a-session-secret-for-the-mail-tests-0123456789"},
    )
    return create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)


def upload(app: FastAPI, client: TestClient, id: str, title: str) -> None:
    record = {
        "id": id,
        "lang": "en",
        "title": title,
        "institution": "Dalian Institute of Chemical Physics",
        "city": "Dalian",
        "field": "hydrogen_energy",
        "summary": "A hydrogen technology.",
        "trl": 6,
    }
    body = json.dumps({"kind": "achievement", "records": [record]}).encode()
    files = {"files": (f"{id}.json", body, "application/json")}
    response = client.post("/api/admin/ingest", files=files, headers={"Authorization": f"Bearer {ADMIN_KEY}"})
    assert response.status_code == 200 and response.json()["added"] == 1, response.text
    app.state.services.pusher.drain()


def chat(client: TestClient, message: str, session: str | None = None) -> dict[str, Any]:
    response = client.post("/api/chat", json={"message": message, "session_id": session})
    assert response.status_code == 200, response.text
    return response.json()


def test_the_widget_subscribes_by_email_and_the_link_stops_it(app: FastAPI, smtp: SmtpStandIn) -> None:
    client = TestClient(app)
    first = chat(client, "有新的氢能成果请通知我")
    assert "邮箱" in first["answer"]  # no address yet: it asks for one
    done = chat(client, "notify me about new hydrogen technologies at li@example.com", first["session_id"])
    assert "li@example.com" in done["answer"] and "Subscribed" in done["answer"]

    upload(app, client, "ach-mail-alkaline", "Alkaline electrolyser for offshore wind")
    [(to, message)] = smtp.received
    assert to == ["li@example.com"] and message["From"] == "techbridge@example.org"
    body = message.get_content()
    assert "Alkaline electrolyser for offshore wind" in body and "ach-mail-alkaline" in body
    link = message["List-Unsubscribe"].strip("<>")
    assert link in body and link.startswith("https://techbridge.example.org/api/subscriptions/unsubscribe?")

    parts = urlsplit(link)
    forged = parts.query.replace("address=li", "address=wang")
    assert client.get(f"{parts.path}?{forged}").status_code == 404  # signed for li, not for wang
    assert client.get(f"{parts.path}?{parts.query}").status_code == 200
    upload(app, client, "ach-mail-pem", "PEM stack for steel mills")
    assert len(smtp.received) == 1  # unsubscribed: nothing more
