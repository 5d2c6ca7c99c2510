"""How a chat turn is stored (bot/chat/service.py): the question, the answer and the dialogue state in one
transaction after the answer, and the question alone when no answer comes (an error, a client gone
mid-stream), so nothing asked is lost."""

from __future__ import annotations

from typing import Any

import pytest

from bot.services import Services


def _history(services: Services, sid: str) -> list[tuple[str, str]]:
    return [(m.role, m.content) for m in services.conversations.history(sid, 20)]


def test_a_turn_stores_question_answer_and_state_and_the_next_turn_reads_them(
    hashing_services: Services,
) -> None:
    chat = hashing_services.chat
    first = chat.answer("hello", session_id="web-turns")
    assert _history(hashing_services, "web-turns") == [("user", "hello"), ("assistant", first.answer)]
    # small talk keeps the state of before (none yet): the next question is planned on its own
    assert "plan" not in hashing_services.conversations.get_state("web-turns")
    second = chat.answer("any events in Dalian?", session_id="web-turns")
    assert [role for role, _ in _history(hashing_services, "web-turns")] == ["user", "assistant"] * 2
    assert second.message_id == hashing_services.conversations.history("web-turns", 1)[0].id
    assert "plan" in hashing_services.conversations.get_state("web-turns")


def test_the_question_is_kept_when_answering_fails(hashing_services: Services, monkeypatch: Any) -> None:
    chat = hashing_services.chat

    def broken(*_: Any) -> Any:
        raise RuntimeError("search down")

    monkeypatch.setattr(chat, "_decide", broken)
    with pytest.raises(RuntimeError):
        chat.answer("any hydrogen projects?", session_id="web-broken")
    events = list(chat.stream("and in Dalian?", session_id="web-broken"))
    assert events == [("error", {"detail": "internal error"})]
    assert _history(hashing_services, "web-broken") == [
        ("user", "any hydrogen projects?"),
        ("user", "and in Dalian?"),
    ]


def test_the_question_is_kept_when_the_client_leaves_mid_stream(hashing_services: Services) -> None:
    stream = hashing_services.chat.stream("hello", session_id="web-gone")
    assert next(stream)[0] == "token"
    stream.close()  # the client disconnected before the answer was done
    assert _history(hashing_services, "web-gone") == [("user", "hello")]
