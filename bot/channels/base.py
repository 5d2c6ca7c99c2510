"""The adapter contract every platform module implements, and the answer pipeline they share.

An adapter turns a webhook request into an `Inbound`: the immediate HTTP answer the platform expects
(`ack`) and, for a user's text message, the `Message` to answer. It raises `Unauthorized` (401) for a
forged, tampered or stale request and `Malformed` (400) for a body it cannot read, before anything is
claimed or stored. `deliver` sends the answer's parts through the platform's API.
"""

from __future__ import annotations

import json
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from starlette.responses import Response

from retrieval.text import detect_lang

from ..conversation.types import MAX_MESSAGE_CHARS, ChatResponse
from ..errors import ChannelError, Malformed, Unauthorized
from ..phrasebook import phrase
from .config import ChannelSettings
from .formatting import chars, split_answer
from .outbound import Outbound

if TYPE_CHECKING:
    from ..chat.service import ChatService

__all__ = [
    "ChannelAdapter",
    "ChannelError",
    "Inbound",
    "Malformed",
    "Message",
    "Unauthorized",
    "Webhook",
    "answer_and_deliver",
    "compose",
    "obj",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Webhook:
    method: str
    headers: Mapping[str, str]  # case-insensitive (Starlette's Headers)
    query: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class Message:
    event_id: str  # the platform's id of this delivery's event: a redelivery has the same one
    user: str  # the platform's user id: each user has one conversation per channel
    text: str
    reply_to: Mapping[str, Any] = field(default_factory=dict)  # where the answer goes (chat, thread, URL)


@dataclass(frozen=True)
class Inbound:
    ack: Response
    message: Message | None = None


class ChannelAdapter(ABC):
    name: ClassVar[str]
    limit: int  # the platform's size limit of one message, in `measure` units
    replies_inline: bool = False  # answer in the HTTP response (WeCom passive reply) instead of the API
    can_push: bool = False  # can message a user unprompted (`push`): subscriptions are offered only then

    def __init__(
        self,
        settings: ChannelSettings,
        outbound: Outbound | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.outbound = outbound or Outbound(self.name, settings)
        self.clock = clock

    def measure(self, text: str) -> int:
        """Size of `text` in the unit of `limit` (characters unless the platform counts otherwise)."""
        return chars(text)

    @abstractmethod
    def receive(self, hook: Webhook) -> Inbound:
        """Verify, then parse; raise Unauthorized or Malformed."""

    @abstractmethod
    def deliver(self, message: Message, parts: list[str]) -> None:
        """Send the parts, in order, as replies to `message`."""

    def format(self, response: ChatResponse) -> list[str]:
        citations = list(response.citations)
        return split_answer(response.answer, citations, self.limit, self.measure, response.lang)

    def inline_reply(self, message: Message, parts: list[str]) -> Response:
        raise NotImplementedError(f"{self.name} replies through its API")

    def push(self, user_key: str, text: str) -> bool:
        """Send `text` to a user who asked nothing just now (a subscription's news), through the same API
        as `deliver`: True when sent, False when the platform will not deliver it now (WeChat's 48-hour
        window). Raises UpstreamError or PlatformError when the send fails, NotImplementedError where the
        bot can only answer (DingTalk's session webhooks, WeCom without its message API)."""
        raise NotImplementedError(f"{self.name}: the bot can only answer a message")

    # ---- helpers for the platform modules ------------------------------------------------------------
    def check_age(self, timestamp: str | None, max_age_s: float, unit: float = 1.0) -> None:
        """A request timestamp (in seconds, or ms with unit=1000) within max_age_s of now, either way."""
        try:
            sent = float(timestamp or "") / unit
        except ValueError:
            raise Unauthorized("missing or bad request timestamp") from None
        if abs(self.clock() - sent) > max_age_s:
            raise Unauthorized("request timestamp too old or in the future (replay?)")

    @staticmethod
    def parse_json(body: bytes) -> dict[str, Any]:
        try:
            data = json.loads(body)
        # ValueError: bad JSON, bad UTF-8, and an integer over Python's 4,300 digits; deep nesting is no event
        except (ValueError, RecursionError):
            raise Malformed("body is not JSON") from None
        if not isinstance(data, dict):
            raise Malformed("body is not a JSON object")
        return data

    @staticmethod
    def question(text: object) -> str | None:
        """The question in a message's text, or None when there is none to answer."""
        if not isinstance(text, str) or not text.strip():
            return None
        return text.strip()[:MAX_MESSAGE_CHARS]


def obj(value: object) -> dict[str, Any]:
    """`value` if it is a JSON object, else an empty one: payload fields are read without trusting shape."""
    return value if isinstance(value, dict) else {}


def compose(chat: ChatService, adapter: ChannelAdapter, message: Message) -> list[str]:
    """Answer `message` in its user's conversation on this channel, as the platform's messages."""
    response = chat.answer(message.text, channel=adapter.name, user=message.user)
    return adapter.format(response)


def answer_and_deliver(chat: ChatService, adapter: ChannelAdapter, message: Message) -> None:
    """The background half of a webhook: the platform has its ack, so failures are logged, not raised."""
    try:
        parts = compose(chat, adapter, message)
    except Exception:
        log.exception("%s: answering event %s failed", adapter.name, message.event_id)
        parts = [phrase("channel.apology", detect_lang(message.text))]
    try:
        adapter.deliver(message, parts)
    except Exception:
        log.exception("%s: replying to event %s failed", adapter.name, message.event_id)
