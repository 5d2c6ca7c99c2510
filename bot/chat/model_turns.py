"""A turn answered with an LLM configured: the follow-up rewritten as a standalone question before the
search (rewrite.py), and the answer written from the passages and grounded in them (generative.py), each
with the conversation's history. The chat service (service.py) decides when; this is how."""

from __future__ import annotations

import logging
from collections.abc import Callable

from ..conversation.draft import Draft
from ..settings import LLMSettings
from ..storage.conversations import ConversationStore
from .answering import Passages
from .generative import generate_answer, prompt_history, select_context
from .llm import ChatModel
from .rewrite import rewrite_question
from .turns import Turn

__all__ = ["generated", "history", "standalone"]

log = logging.getLogger(__name__)


def history(conversations: ConversationStore, turn: Turn) -> list[tuple[str, str]]:
    """The turns before this message: those a stateless client sent (/v1), else the stored ones (this
    message is stored with its answer)."""
    stored = [(m.role, m.content) for m in conversations.history(turn.sid, 6)]
    return prompt_history(stored, turn.prior)


def standalone(model: ChatModel, conversations: ConversationStore, turn: Turn) -> str:
    """The follow-up rewritten as a standalone question, told what the conversation is about."""
    dialogue = turn.dialogue
    focus = dialogue.focus.title if dialogue.focus is not None else ""
    summary = "; ".join(part for part in (dialogue.query, focus) if part)
    return rewrite_question(model, history(conversations, turn), turn.message, turn.lang, summary)


def generated(
    model: ChatModel,
    settings: LLMSettings,
    conversations: ConversationStore,
    turn: Turn,
    found: Passages,
    extractive: Callable[[], Draft],
) -> tuple[Draft, bool]:
    """The model's answer, read whole, filtered, guarded and grounded before any of it is shown, and
    whether it fell back to the extractive answer (no sentence the model wrote was grounded in its
    sources). Raises UpstreamError when the endpoint fails."""
    context = select_context(found.hits, settings.context_tokens)
    fallback = extractive if settings.fallback_to_extractive else None
    result = generate_answer(
        model, turn.question, turn.lang, context, history(conversations, turn), fallback=fallback
    )
    if result.outcome == "leaked":
        log.warning("session %s: the model's answer repeated the system prompt; withheld", turn.sid)
    if result.removed:
        log.info("session %s: removed %d sentence(s) their sources lack", turn.sid, len(result.removed))
    return result.draft, result.fell_back
