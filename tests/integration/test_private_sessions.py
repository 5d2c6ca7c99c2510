"""Sessions are private (issue 6): a /v1 `user` is namespaced by the caller's API key, so the same `user`
under two keys never shares a conversation (its state, its history, its lead capture); a web session is
issued by the server and opened only by the token it was issued with, so a guessed, made-up or copied id
cannot continue a conversation, read what it holds or rate its answers.

Integration tier: real HTTP through the app; the /v1 capture runs on the shipped corpus with the real model
(a match answer must offer to register the need), the web tests on an empty index with the hashing
embedder (what they prove does not depend on the answer).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from bot.app import create_app
from bot.services import Services
from bot.settings import Settings
from retrieval.embedders import HashingEmbedder, UseEmbedder
from tests.support.config import TODAY, make_settings

KEY_A = {"Authorization": "Bearer sk-tenant-a-5f1c2e9b7d"}
KEY_B = {"Authorization": "Bearer sk-tenant-b-0a8d4c6e3f"}
NEED = "我们需要储能技术"
SECRET = "Zt7mQ2xV9pL4kR8wN3bF6hJ1sD5gY0cA"  # 32 random characters
OTHER_SECRET = "uE4nB8rT2yW6qK0zM5vC9xP3hL7jG1fS"


def _services(client: TestClient) -> Services:
    return client.app.state.services  # type: ignore[attr-defined, no-any-return]


# ---- /v1: the API key namespaces the user -------------------------------------------------------------
@pytest.fixture
def corpus_client(corpus_dir: Path, tmp_path: Path, use_embedder: UseEmbedder) -> Iterator[TestClient]:
    data = tmp_path / "data"
    shutil.copytree(corpus_dir, data)
    app = create_app(make_settings(data), embedder=use_embedder, clock=lambda: TODAY)
    with TestClient(app) as client:
        yield client


def v1(
    client: TestClient, key: dict[str, str], said: list[str], user: str | None = "alice"
) -> dict[str, Any]:
    """One stateless /v1 request: the user's messages so far (the answers in between do not matter)."""
    body: dict[str, Any] = {"messages": [{"role": "user", "content": m} for m in said]}
    if user is not None:
        body["user"] = user
    resp = client.post("/v1/chat/completions", json=body, headers=key)
    assert resp.status_code == 200, resp.text
    return resp.json()  # type: ignore[no-any-return]


def test_the_same_v1_user_under_two_api_keys_shares_no_conversation(corpus_client: TestClient) -> None:
    client = corpus_client
    leads = _services(client).leads
    # Key A: a need, then "好的": a lead's capture starts in A's conversation and asks for the enterprise.
    v1(client, KEY_A, [NEED])
    started = v1(client, KEY_A, [NEED, "好的"])
    assert "企业名称" in started["choices"][0]["message"]["content"]
    (lead,) = leads.list("collecting")
    assert lead.session_id == started["session_id"]

    # Key B, same `user`, the same conversation and a cancel: B's own conversation, not A's.
    same = v1(client, KEY_B, [NEED, "好的"])
    assert same["session_id"] != started["session_id"]
    cancelled = v1(client, KEY_B, [NEED, "好的", "算了，不用了"])
    assert cancelled["session_id"] != started["session_id"]
    a_leads = [x for x in leads.list(None) if x.session_id == started["session_id"]]
    assert [x.status for x in a_leads] == ["collecting"]  # B cancelled nothing of A's
    # Nor did B's messages land in A's history, or B's state in A's.
    history = _services(client).conversations.history(started["session_id"], 50)
    assert "算了" not in "\n".join(m.content for m in history)

    # Key B cannot continue A's capture with its own details either: A's lead stays without them.
    v1(client, KEY_B, [NEED, "好的", "测试冒名有限公司"])
    assert leads.get(lead.id).enterprise is None  # type: ignore[union-attr]
    # A's capture goes on where A left it.
    asked = v1(client, KEY_A, [NEED, "好的", "海城测试镁业有限公司"])
    assert "联系" in asked["choices"][0]["message"]["content"]
    assert leads.get(lead.id).enterprise == "海城测试镁业有限公司"  # type: ignore[union-attr]


def test_v1_without_a_user_or_a_key_is_namespaced_too(corpus_client: TestClient) -> None:
    client = corpus_client
    said = ["What matchmaking events are coming up in Liaoyang?", "and in Dalian?"]
    a, b = v1(client, KEY_A, said, user=None), v1(client, KEY_B, said, user=None)
    assert a["session_id"] != b["session_id"]
    # No key: one anonymous namespace, as stateless as ever (the same conversation, the same thread) ...
    anonymous = v1(client, {}, said, user=None)
    assert v1(client, {}, said, user=None)["session_id"] == anonymous["session_id"]
    assert anonymous["session_id"] not in (a["session_id"], b["session_id"])
    # ... and a key answers the same question the same way: only who owns the conversation changed.
    assert a["choices"][0]["message"]["content"] == anonymous["choices"][0]["message"]["content"]
    assert "Dalian" in a["choices"][0]["message"]["content"]


# ---- web: server-issued sessions, opened only by their token ------------------------------------------
@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, embedding={"provider": "hashing"}, server={"session_secret": SECRET})


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)) as c:
        yield c


def ask(client: TestClient, message: str, session_id: str | None = None) -> Any:
    return client.post("/api/chat", json={"message": message, "session_id": session_id})


def ask_stream(client: TestClient, message: str, session_id: str | None = None) -> Any:
    return client.post("/api/chat/stream", json={"message": message, "session_id": session_id})


def done_event(text: str) -> dict[str, Any]:
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.startswith("event: done")]
    (block,) = blocks
    return json.loads(block.split("data:", 1)[1])  # type: ignore[no-any-return]


def stored_id(client: TestClient, message_id: str) -> str:
    """The session id as stored (and logged, and shown to staff): what a copy of "the id" is."""
    message = _services(client).conversations.get_message(message_id)  # type: ignore[attr-defined]
    assert message is not None
    return str(message.session_id)


def test_sessions_are_issued_by_the_server_and_continue_with_their_token(client: TestClient) -> None:
    first = ask(client, "What is magnesite?").json()
    token = first["session_id"]
    sid = stored_id(client, first["message_id"])
    assert sid != token and token.startswith(sid)  # the id, then its tag
    assert len(sid) == 22 and len(token) == 44  # 128 random bits, and a 128-bit HMAC tag
    others = {ask(client, "What is magnesite?").json()["session_id"] for _ in range(3)}
    assert len(others | {token}) == 4  # a new session each time none is sent
    again = ask(client, "And its uses?", token)
    assert again.status_code == 200 and again.json()["session_id"] == token
    streamed = ask_stream(client, "Where is it mined?", token)
    assert streamed.status_code == 200 and done_event(streamed.text)["session_id"] == token
    assert len(_services(client).conversations.history(sid, 20)) == 6  # three exchanges, one session
    fresh = done_event(ask_stream(client, "What is magnesite?").text)["session_id"]
    assert len(fresh) == 44 and fresh not in others | {token}


def test_a_guessed_made_up_or_copied_session_id_opens_nothing(client: TestClient, settings: Settings) -> None:
    victim = ask(client, "What matchmaking events are coming up in Liaoyang?").json()
    token = victim["session_id"]
    sid = stored_id(client, victim["message_id"])
    conversations = _services(client).conversations
    before = [(m.role, m.content) for m in conversations.history(sid, 20)]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    with TestClient(
        create_app(
            make_settings(
                settings.data_dir, embedding={"provider": "hashing"}, server={"session_secret": OTHER_SECRET}
            ),
            embedder=HashingEmbedder(),
            clock=lambda: TODAY,
        )
    ) as elsewhere:
        foreign = elsewhere.post("/api/chat", json={"message": "hello"}).json()["session_id"]
    forged = sid + foreign[22:]  # the victim's id with a tag made under another secret
    made_up = "my-own-session-id-42"
    for attempt in (sid, tampered, forged, made_up, sid + "A" * 22):
        for send in (ask, ask_stream):
            refused = send(client, "and in Dalian?", attempt)
            assert refused.status_code == 403, (attempt, refused.text)
            assert "session" in refused.json()["detail"]
            assert "Liaoyang" not in refused.text and sid not in refused.text
    assert [(m.role, m.content) for m in conversations.history(sid, 20)] == before  # not driven, not read
    assert conversations.history(made_up, 20) == [] and conversations.get_state(made_up) == {}
    # The victim's token still works, on this server and on a replica with the same secret.
    assert ask(client, "and in Dalian?", token).status_code == 200
    with TestClient(create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)) as replica:
        assert ask(replica, "and next month?", token).json()["session_id"] == token
    assert len(conversations.history(sid, 20)) == 6


def test_feedback_on_another_sessions_answer_is_refused(client: TestClient) -> None:
    victim = ask(client, "What is magnesite?").json()
    sid = stored_id(client, victim["message_id"])
    attacker = ask(client, "Hello").json()["session_id"]

    def rate(session_id: str) -> Any:
        body = {"session_id": session_id, "message_id": victim["message_id"], "rating": "down"}
        return client.post("/api/feedback", json={**body, "comment": "spam"})

    for attempt in (attacker, sid, sid + attacker[22:], "nope"):
        refused = rate(attempt)
        assert refused.status_code == 404, (attempt, refused.text)
        assert sid not in refused.text
    assert _services(client).conversations.feedback() == []
    assert rate(victim["session_id"]).status_code == 201
    assert [(f.session_id, f.message_id) for f in _services(client).conversations.feedback()] == [
        (sid, victim["message_id"])
    ]


# ---- the session secret ---------------------------------------------------------------------------------
def test_production_needs_a_real_session_secret(tmp_path: Path) -> None:
    real = {"data_dir": tmp_path}
    with pytest.raises(ValidationError) as missing:
        Settings(environment="production", **real)  # type: ignore[arg-type]
    assert "TECHBRIDGE_SERVER__SESSION_SECRET is required" in str(missing.value)
    for weak, why in (
        ("changeme", "is a placeholder"),
        ("kP3v9QzT1xW8mN4r", "is shorter than 32 characters"),
    ):
        with pytest.raises(ValidationError) as refused:
            Settings(environment="production", server={"session_secret": weak}, **real)  # type: ignore[arg-type]
        assert f"TECHBRIDGE_SERVER__SESSION_SECRET {why}" in str(refused.value) and weak not in str(
            refused.value
        )
    production = Settings(environment="production", server={"session_secret": SECRET}, **real)  # type: ignore[arg-type]
    assert production.server.session_secret is not None
    assert Settings(environment="development", **real).server.session_secret is None  # type: ignore[arg-type]


def test_without_a_secret_development_signs_with_a_key_of_its_own(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, embedding={"provider": "hashing"})
    assert settings.server.session_secret is None
    with TestClient(create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)) as client:
        token = ask(client, "What is magnesite?").json()["session_id"]
        assert ask(client, "And its uses?", token).json()["session_id"] == token
        assert ask(client, "And its uses?", token[:22]).status_code == 403
