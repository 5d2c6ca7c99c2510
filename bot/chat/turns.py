"""Understanding a turn: one message in its conversation, before anything answers it. The session it
belongs to (a stateless client's named by its earlier messages; a joined person's channels share one),
its language, the plan and its slots (intents.py), a correction ("不是，我说的是氢能"), a demand-capture
step, the user message as it will be stored (contacts masked) and, with an LLM, the standalone question.

The chat service (service.py) decides and answers from the `Turn` this returns, and stores the
exchange with it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from retrieval.catalog import Catalog
from retrieval.search import article_refs
from retrieval.text import detect_lang

from ..conversation.accounts import Accounts
from ..conversation.dialogue import DialogueState, ordinal_in
from ..conversation.draft import Draft
from ..conversation.followup_forms import Rewrite, strip_correction
from ..conversation.smalltalk import smalltalk_kind
from ..conversation.texting import expand_texting
from ..conversation.types import MAX_MESSAGE_CHARS
from ..matching.capture import CaptureTurn
from ..matching.need_fields import redact as mask_contacts
from ..storage.conversations import ConversationStore, Message, new_id
from ..storage.portable import iso, moment
from .intents import plan_question
from .plan import Plan

if TYPE_CHECKING:
    from ..matching.capture import DemandCapture

__all__ = ["Turn", "reads_on", "understand"]

_SURROGATE = re.compile("[\ud800-\udfff]")  # a pair is one character in a str: these are all lone
_PRIOR_TURNS = 6  # earlier user messages of a stateless client read for context (and naming its state)


def _thread_id(user: str | None, messages: list[str]) -> str:
    digest = hashlib.sha256(json.dumps([user, messages], ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"thread-{digest[:40]}"


def _unicode(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


def _language(message: str, state: dict[str, Any]) -> str:
    """The message's language; "ok", "thx" or "hi" in a conversation held in Chinese is answered in
    Chinese (small talk in Latin letters says nothing of the language the user reads)."""
    lang = detect_lang(message)
    if lang == "en" and state.get("lang") == "zh" and smalltalk_kind(message) is not None:
        return "zh"
    return lang


@dataclass
class Turn:
    """One message as understood: where it belongs and what it asks."""

    message: str  # as typed
    question: str  # what is answered: the message, or (with an LLM) the standalone question
    lang: str
    sid: str
    prior: list[str] | None  # a stateless client's earlier messages
    state: dict[str, Any]  # the session's state, written back after the answer
    asked: Message  # the user message as stored (contacts masked), written with the answer
    dialogue: DialogueState
    plan: Plan
    corrected: str | None  # "不是，我说的是氢能" -> "氢能"
    capture: CaptureTurn | None  # a step of registering a need (bot/matching/capture.py)
    followup: Draft | Rewrite | None = None
    prefer_doc: str | None = None  # a follow-up about one document reads it first
    origin: tuple[str | None, str, str | None] = (None, "web", None)  # (session, channel, user) as sent
    create: str | None = None  # the channel of a session its first turn creates (OpenedSession)


def understand(
    message: str,
    session_id: str | None,
    lang: str | None,
    channel: str,
    user: str | None,
    prior: list[str] | None,
    *,
    conversations: ConversationStore,
    catalog: Catalog,
    clock: Callable[[], dt.date],
    accounts: Accounts | None,
    capturer: DemandCapture | None,
    standalone: Callable[[Turn], str],
) -> Turn:
    """The message in its conversation, and its user message as it will be stored (contacts masked):
    with the answer, in one transaction (ChatService._remember, service.py)."""
    # Lone UTF-16 surrogates ("\ud800" is valid JSON) cannot be stored or encoded: make them U+FFFD.
    # Every message planned or searched is bounded, whichever entry point sent it: the message and the
    # last few earlier ones a stateless client sends, each at the message limit.
    typed = _unicode(message[:MAX_MESSAGE_CHARS])
    message = expand_texting(typed)  # "what do u do" is read "what do you do", stored as typed
    user = _unicode(user[:200]) if user is not None else None
    prior = [_unicode(p[:MAX_MESSAGE_CHARS]) for p in prior[-_PRIOR_TURNS:]] if prior else prior
    state_of: str | None = None
    if prior is not None and session_id is None:
        # A stateless client (OpenAI API) sends the whole conversation each time: the conversation so
        # far names its state, so "the second one?" reads what this conversation showed, on any replica.
        window = [*prior, typed][-_PRIOR_TURNS:]
        session_id, state_of = _thread_id(user, window), _thread_id(user, prior)
        user = None
    origin = (session_id, channel, user)
    if accounts is not None and state_of is None:  # a joined person's channels share one session
        session_id, channel, user = accounts.conversation_of(session_id, channel, user)
    asked_at = iso(moment(None))
    opened = conversations.open_session(session_id, channel, user)
    sid = opened.id
    state = opened.state if state_of is None else conversations.get_state(state_of) if prior else {}
    lang = lang or _language(message, state)
    institutions = catalog.institutions()
    previous = Plan.from_state(state.get("plan", {}))
    for earlier in prior if prior and previous is None else []:  # a conversation this server never saw
        previous = plan_question(earlier, clock(), previous, institutions)
    # "不是，我说的是氢能": the previous question again, about what the correction names.
    corrected = strip_correction(message) if previous is not None else None
    plan = plan_question(corrected or message, clock(), previous, institutions)
    if corrected and previous is not None:
        plan = plan.corrected(previous, corrected)
    # A demand-capture turn (enterprise, contact, deadline) is answered by the capture; its contact is
    # kept in the lead only, masked in the stored message (bot/matching/capture.py).
    after_match = previous is not None and previous.intent == "match"
    capture = capturer.step(message, lang, state, sid, after_match) if capturer else None
    if capture is not None:
        plan = previous or plan
    elif plan.intent == "match":  # the need is kept in the session state: without any contact in it
        plan = dataclasses.replace(plan, query=mask_contacts(plan.query, lang, mask=" "))
    # Phone numbers and e-mail addresses are kept out of every stored message, whatever it asks.
    stored = capture.stored_message if capture is not None else mask_contacts(typed, lang)
    asked = Message(new_id(), sid, "user", stored, lang, created_at=asked_at)
    dialogue = DialogueState.from_json(state.get("dialogue"))
    # "no sorry, I meant hydrogen" asks about hydrogen: the evidence is weighed for what it names
    question = corrected or message
    turn = Turn(message, question, lang, sid, prior, state, asked, dialogue, plan, corrected, capture)
    turn.origin, turn.create = origin, opened.create
    # With an LLM, a follow-up ("how many has it collected?") is read as the standalone question it
    # stands for (rewrite.py); what the user typed is what is stored and shown.
    if reads_on(turn):
        turn.question = standalone(turn)
        if turn.question != message:
            turn.plan = plan_question(turn.question, clock(), None, institutions)
    return turn


def reads_on(turn: Turn) -> bool:
    """The message may lean on the conversation (not a capture step, a correction, an article number
    or an enterprise's need, which stand on their own)."""
    # A need stands on its own when the message states it; "第二个成熟度怎么样" after the technologies
    # matched to a need inherits the match's plan, but points at an item shown by its place. (Pointed
    # at by owner or title words, the match searched again finds it better: "the DUT machine" where
    # two of the technologies shown are DUT's.)
    pointed = turn.plan.intent == "match" and turn.plan.follow_up and ordinal_in(turn.message) is not None
    # An article's plan inherited by a follow-up that names none ("and the Liaoning version of this?" after
    # "what about Article 44") leans on the article shown, as a follow-up after a situation does
    inherited = turn.plan.intent == "article" and turn.plan.follow_up and not article_refs(turn.message)
    standalone = turn.plan.intent in ("article", "match") and not pointed and not inherited
    return turn.capture is None and turn.corrected is None and not standalone
