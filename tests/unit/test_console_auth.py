"""The console's sign-in cookie is Secure over HTTPS, also behind a trusted TLS proxy, never on a forged
X-Forwarded-Proto, and as the setting says when it is set."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.requests import Request

from bot.console.auth import Console
from bot.services import Services
from retrieval.embedders import HashingEmbedder
from tests.support.config import make_settings


def request(scheme: str, peer: str, proto: str | None = None) -> Request:
    headers = [(b"x-forwarded-proto", proto.encode())] if proto else []
    scope = {
        "type": "http",
        "scheme": scheme,
        "server": ("console", 443 if scheme == "https" else 80),
        "path": "/",
        "headers": headers,
        "client": (peer, 5000),
        "method": "GET",
        "query_string": b"",
    }
    return Request(scope)  # type: ignore[arg-type]


def console(tmp_path: Path, **console_settings: object) -> Console:
    settings = make_settings(tmp_path, server={"trusted_proxies": ["10.0.0.0/8"]}, console=console_settings)
    return Console(Services(settings, embedder=HashingEmbedder()))


@pytest.mark.parametrize(
    ("scheme", "peer", "proto", "secure"),
    [
        ("https", "203.0.113.9", None, True),  # TLS straight to the server
        ("http", "203.0.113.9", None, False),  # plain HTTP
        ("http", "10.1.2.3", "https", True),  # a trusted proxy ended TLS
        ("http", "10.1.2.3", "http", False),
        ("http", "203.0.113.9", "https", False),  # anyone else's X-Forwarded-Proto is not believed
        ("http", "testclient", "https", False),  # a peer that is no address
    ],
)
def test_secure_follows_https(
    tmp_path: Path, scheme: str, peer: str, proto: str | None, secure: bool
) -> None:
    assert console(tmp_path)._secure(request(scheme, peer, proto)) is secure


def test_the_setting_wins(tmp_path: Path) -> None:
    assert console(tmp_path, secure_cookie=True)._secure(request("http", "203.0.113.9")) is True
    assert console(tmp_path, secure_cookie=False)._secure(request("https", "203.0.113.9")) is False
