"""Production defaults, through the real app:

- a NUL byte or a lone surrogate in a message, a comment or an id is never a server error, on the real
  PostgreSQL server the suite starts (conftest.py's `pg_server`) as on SQLite: both keep U+FFFD;
- channel secrets that check webhooks need 16 characters in production, the database URL a real password;
- /docs (and /openapi.json) are off in production unless TECHBRIDGE_SERVER__DOCS=true;
- /v1 error bodies are redacted like every other error: an LLM endpoint that echoes the API key back does
  not put it into the answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.app import create_app
from bot.settings import Settings
from retrieval.embedders import HashingEmbedder
from tests.integration.test_limits import HOSTILE
from tests.support.config import TODAY, make_settings, write_news
from tests.support.servers import PgServer, serve

SECRET = "kP3v9QzT1xW8mN4rB6yH2jL5aQ7sD0fGhJ2kL4zX"  # 40 random characters


@pytest.fixture(params=["sqlite", pytest.param("postgres")])
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[TestClient, Any]]:
    """The app on SQLite, then on the real PostgreSQL server; yields the client and a query function."""
    extra: dict[str, Any] = {}
    if request.param == "postgres":
        server: PgServer = request.getfixturevalue("pg_server")
        extra["database_url"] = server.new_database()
    settings = make_settings(tmp_path / "data", embedding={"provider": "hashing"}, **extra)
    app = create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
    with TestClient(app) as c:
        yield c, app.state.services.conversations
    app.state.services.database.dispose()


def post(client: TestClient, path: str, body: bytes) -> Any:
    return client.post(path, content=body, headers={"content-type": "application/json"})


def test_nul_and_lone_surrogates_are_never_a_server_error(client: tuple[TestClient, Any]) -> None:
    c, store = client
    # A NUL in a message is refused (422) on every entry point, before anything is stored.
    assert post(c, "/api/chat", b'{"message": "magnesite\\u0000 tailings"}').status_code == 422
    assert post(c, "/api/chat/stream", b'{"message": "a\\u0000b"}').status_code == 422
    assert post(c, "/api/chat", b'{"message": "\\ud800 magnesite"}').status_code == 422
    assert all("\x00" not in m.content and "\ufffd" not in m.content for m in store.unanswered())
    for content, status in (
        (b'"magnesite \\u0000"', 422),
        (b'"magnesite \\ud800"', 200),
        (b'[{"type": "text", "text": "\\u0000\\udc00"}]', 422),
    ):
        v1 = post(c, "/v1/chat/completions", b'{"messages": [{"role": "user", "content": ' + content + b"}]}")
        assert v1.status_code == status, v1.text
    earlier = b'{"messages": [{"role": "user", "content": "a\\u0000b"}, {"role": "user", "content": "hi"}]}'
    assert post(c, "/v1/chat/completions", earlier).status_code == 200  # context is cleaned, not refused
    nul = post(c, "/api/chat", b'{"message": "magnesite tailings"}')
    assert nul.status_code == 200, nul.text
    answer = nul.json()
    feedback = {"session_id": answer["session_id"], "message_id": answer["message_id"], "rating": "down"}
    body = json.dumps({**feedback, "comment": "bad\u0000answer"}).encode()
    assert post(c, "/api/feedback", body).status_code == 201
    assert store.feedback()[0].comment == "bad\ufffdanswer"
    body = json.dumps({**feedback, "message_id": "x\u0000y"}).encode()
    assert post(c, "/api/feedback", body).status_code == 404
    for method, path, raw in HOSTILE:
        resp = c.request(method, path, content=raw, headers={"content-type": "application/json"})
        assert resp.status_code < 500, (path, raw, resp.text)


def test_the_store_keeps_the_same_text_for_every_key(client: tuple[TestClient, Any]) -> None:
    _, store = client
    sid = store.ensure_session(None, "slack", "U\u00001")
    assert store.ensure_session(None, "slack", "U\u00001") == sid  # the same user, the same session
    assert (
        store.claim_event("slack", "Ev\u00001") is True and store.claim_event("slack", "Ev\u00001") is False
    )
    store.set_state(sid, {"plan": {"query": "a\u0000b", "\ud800": ["\u0000"]}})
    assert store.get_state(sid) == {"plan": {"query": "a\ufffdb", "\ufffd": ["\ufffd"]}}
    assert store.get_state("no\u0000such") == {} and store.history("no\u0000such") == []


# ---- settings in production -----------------------------------------------------------------------------
def production(**settings: Any) -> Settings:
    server = {"session_secret": SECRET, **settings.pop("server", {})}
    return Settings(environment="production", server=server, **settings)


@pytest.mark.parametrize(
    "channels,env",
    [
        ({"telegram": {"secret_token": "tg-9f3KqP"}}, "TECHBRIDGE_CHANNELS__TELEGRAM__SECRET_TOKEN"),
        ({"wecom": {"token": "Wq8zK2"}}, "TECHBRIDGE_CHANNELS__WECOM__TOKEN"),
        ({"feishu": {"encrypt_key": "fs-k3y-9X"}}, "TECHBRIDGE_CHANNELS__FEISHU__ENCRYPT_KEY"),
    ],
)
def test_webhook_secrets_need_16_characters_in_production(channels: dict[str, Any], env: str) -> None:
    with pytest.raises(ValidationError) as refused:
        production(channels=channels)
    assert f"{env} is shorter than 16 characters" in str(refused.value)
    Settings(environment="development", channels=channels)  # development may use anything


def test_outbound_tokens_and_long_webhook_secrets_start_in_production() -> None:
    settings = production(
        channels={
            "telegram": {"secret_token": "tg-9f3KqPz81LmW2xV7", "bot_token": "1:x"},
            "slack": {"signing_secret": "8f3a61c0d9e2b7a4c5d6e7f8091a2b3c", "bot_token": "xoxb-1-2"},
        },
        database_url=f"postgresql://techbridge:{SECRET[:20]}@db:5432/techbridge",
    )
    assert settings.channels.slack.bot_token is not None
    production(database_url="postgresql:///techbridge?host=/var/run/postgresql")  # peer authentication


@pytest.mark.parametrize(
    "password,why",
    [("techbridge", "is shorter than 16"), ("changeme", "is a placeholder"), ("x" * 20, "is a placeholder")],
)
def test_the_database_password_must_be_real_in_production(password: str, why: str) -> None:
    with pytest.raises(ValidationError) as refused:
        production(database_url=f"postgresql://techbridge:{password}@db:5432/techbridge")
    message = str(refused.value)
    assert f"TECHBRIDGE_DATABASE_URL password {why}" in message and password not in message
    same = "techbridge-operator-1"
    with pytest.raises(ValidationError, match="user name"):
        production(database_url=f"postgresql://{same}:{same}@db:5432/techbridge")


@pytest.mark.parametrize(
    "environment,docs,served",
    [
        ("production", None, False),
        ("production", True, True),
        ("development", None, True),
        ("test", False, False),
    ],
)
def test_docs_are_off_in_production_unless_asked_for(
    tmp_path: Path, environment: str, docs: bool | None, served: bool
) -> None:
    server: dict[str, Any] = (
        {"session_secret": SECRET} if docs is None else {"session_secret": SECRET, "docs": docs}
    )
    settings = make_settings(
        tmp_path / "data", environment=environment, embedding={"provider": "hashing"}, server=server
    )
    with TestClient(create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)) as c:
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert (c.get(path).status_code == 200) is served, path
        assert c.get("/healthz").status_code == 200


# ---- /v1 errors redacted --------------------------------------------------------------------------------
API_KEY = "sk-echo-s3cr3t-0123456789abcdef"


def echoing_upstream() -> Starlette:
    """An OpenAI-compatible endpoint that refuses the key and quotes it back whole, as some do."""

    async def completions(request: Request) -> JSONResponse:
        key = request.headers.get("authorization", "").removeprefix("Bearer ")
        error = {"message": f"Incorrect API key provided: {key}", "type": "invalid_request_error"}
        return JSONResponse({"error": {**error, "param": None, "code": "invalid_api_key"}}, status_code=401)

    return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])


def test_v1_error_bodies_are_redacted(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    write_news(kb / "news", "mg", "Magnesite tailings", "Magnesite tailings are recycled in Liaoyang.")
    with serve(echoing_upstream()) as port:
        llm = {
            "mode": "llm",
            "base_url": f"http://127.0.0.1:{port}/v1",
            "model": "m",
            "api_key": API_KEY,
            "fallback_to_extractive": False,
        }
        settings = make_settings(tmp_path / "data", embedding={"provider": "hashing"}, llm=llm)
        app = create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
        with TestClient(app) as c:
            app.state.services.ingestor.ingest_paths([kb])
            question = "Are magnesite tailings recycled in Liaoyang?"
            v1 = c.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": question}]})
            assert v1.status_code == 502, v1.text
            assert API_KEY not in v1.text and "[redacted]" in v1.json()["error"]["message"]
            chat = c.post("/api/chat", json={"message": question})
            assert chat.status_code == 502 and API_KEY not in chat.text
