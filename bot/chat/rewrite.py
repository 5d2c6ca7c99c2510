"""Follow-up rewriting: with an LLM configured, a message that leans on the conversation ("how much does it
cost?", "它在哪里举办？") becomes a standalone question before it is searched and answered.

    rewrite_question(chat_model, history, question, lang, state_summary) -> str

The model gets prompts/rewrite_system_{lang}.txt and prompts/rewrite_user.txt: what the conversation is
about (`state_summary`: the topic, the item in focus) and its last turns, each cut short and without any
instruction it quotes (a stored answer quotes documents). Its reply is taken only when it reads as one
question: one line, not empty, not much longer than the message, no citation and no refusal marker. On an
upstream error, or any other reply, the message is returned unchanged: a failing model never costs the
user an answer, it only leaves the follow-up to the rules (bot/conversation/followups.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from retrieval.errors import UpstreamError

from .generative import REFUSAL_MARKER
from .llm import ChatModel
from .prompts import render_prompt
from .sanitize import drop_instructions, quote_field

__all__ = ["MAX_TURNS", "rewrite_question"]

log = logging.getLogger(__name__)
MAX_TURNS = 6  # three exchanges: enough to find what "it" is, little enough to keep the call quick
_TURN_CHARS = 300  # an answer is long; its first sentences say what it was about
_LABEL = re.compile(
    r"^(?:standalone question|rewritten question|question|独立问题|改写后的问题|问题)\s*[:：]\s*", re.I
)
_QUOTES = "\"'“”‘’「」『』`"


def rewrite_question(
    chat_model: ChatModel,
    history: Sequence[tuple[str, str]],
    question: str,
    lang: str,
    state_summary: str = "",
) -> str:
    """`question` made standalone by the model, or `question` itself (see the module docstring). Without
    history and summary there is nothing to resolve, and the model is not asked."""
    if not history and not state_summary.strip():
        return question
    lines = [f"Topic: {quote_field(state_summary)}"] if state_summary.strip() else []
    for role, text in history[-MAX_TURNS:]:
        text = " ".join(drop_instructions(text).split())
        text = text if len(text) <= _TURN_CHARS else text[:_TURN_CHARS] + "…"
        lines.append(f"{'User' if role == 'user' else 'Assistant'}: {text}")
    messages = [
        {"role": "system", "content": render_prompt(f"rewrite_system_{'zh' if lang == 'zh' else 'en'}")},
        {
            "role": "user",
            "content": render_prompt("rewrite_user", history="\n".join(lines), question=question),
        },
    ]
    try:
        reply = chat_model.complete(messages)
    except UpstreamError as exc:
        log.warning("follow-up rewriting failed, the message is kept as it is: %s", exc)
        return question
    return _as_question(reply, question) or question


def _as_question(reply: str, question: str) -> str | None:
    """The model's reply as a question, or None when it is none: empty, several lines (an explanation),
    too long (an answer), a citation or the refusal marker (it answered instead)."""
    lines = [line.strip() for line in reply.strip().splitlines() if line.strip()]
    if len(lines) != 1:
        return None
    text = _LABEL.sub("", lines[0]).strip().strip(_QUOTES).strip()
    # The standalone question adds what the follow-up pointed at: a name, a place, a topic (2x + 80 leaves
    # room for "the Shenyang International Intelligent Manufacturing Expo" in a three-word follow-up).
    if not text or len(text) > 2 * len(question) + 80:
        return None
    if REFUSAL_MARKER in text or re.search(r"\[\d{1,3}\]", text):
        return None
    return text
