"""Messages asked in one conversation through the chat service, as a user types them one after another."""

from __future__ import annotations

from bot.services import Services


def ask_in_turn(services: Services, *messages: str) -> list[tuple[str, bool]]:
    """Each message's answer and whether it answered, all in one session (the first opens it)."""
    session, out = None, []
    for message in messages:
        response = services.chat.answer(message, session_id=session)
        session = response.session_id
        out.append((response.answer, response.answered))
    return out
