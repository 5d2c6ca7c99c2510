"""Chat models behind a small protocol. `OpenAIChatModel` talks to any OpenAI-compatible endpoint
(OpenAI, DeepSeek, DashScope, vLLM, Ollama, a llama.cpp server) through the `openai` client.

What llm mode can spend is bounded (`SpendingGuard`, wrapped around the model by `make_chat_model`):
at most `llm.max_concurrency` calls at once per process (a call that finds no free slot within
`llm.concurrency_wait_s` is refused), and at most `llm.daily_tokens_per_client` prompt and completion
tokens per client and UTC day (the client as bot/security/ratelimit.py keys it: IPv4 address or IPv6
/64), counted on Redis for every worker and replica when `TECHBRIDGE_REDIS_URL` is set. A refused call
raises UpstreamError, which the chat service answers extractively (or, with `llm.fallback_to_extractive`
off, as 502). The endpoint's error text is redacted before it travels: an
upstream that echoes the API key back does not put it into an error body (/v1 included) or a log line.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from retrieval.errors import ConfigError, UpstreamError
from retrieval.text import count_tokens

from ..security.counters import Totals
from ..security.ratelimit import current_client
from ..security.redaction import redact
from ..settings import LLMSettings

__all__ = [
    "LOCAL_BASE_URL",
    "BudgetSpent",
    "ChatModel",
    "GuardedChatModel",
    "LLMBusy",
    "OpenAIChatModel",
    "SpendingGuard",
    "make_chat_model",
]

Messages = list[dict[str, str]]
LOCAL_BASE_URL = "http://127.0.0.1:8080/v1"  # where scripts/local_llm.sh tells llama_cpp.server to listen


class ChatModel(Protocol):
    name: str

    def complete(self, messages: Messages) -> str: ...

    def stream(self, messages: Messages) -> Iterator[str]: ...


class OpenAIChatModel:
    def __init__(self, settings: LLMSettings) -> None:
        from openai import OpenAI

        if not settings.base_url or not settings.model:
            raise ConfigError(
                f"answer mode {settings.mode!r} needs TECHBRIDGE_LLM__BASE_URL and TECHBRIDGE_LLM__MODEL"
            )
        key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
        # max_retries=1: one retry on a dropped connection; the timeout bounds each attempt.
        self._client = OpenAI(
            base_url=settings.base_url, api_key=key, timeout=settings.timeout_s, max_retries=1
        )
        self._settings = settings
        self.name = settings.model

    def _kwargs(self) -> dict[str, object]:
        return {
            "model": self._settings.model,
            "temperature": self._settings.temperature,
            "max_tokens": self._settings.max_tokens,
        }

    def complete(self, messages: Messages) -> str:
        import openai

        try:
            resp = self._client.chat.completions.create(messages=messages, **self._kwargs())  # type: ignore[call-overload]
        except openai.OpenAIError as exc:
            raise UpstreamError(redact(f"LLM endpoint failed: {type(exc).__name__}: {exc}")) from exc
        if not resp.choices:
            raise UpstreamError("LLM endpoint returned no choices")
        return resp.choices[0].message.content or ""

    def stream(self, messages: Messages) -> Iterator[str]:
        import openai

        failures: tuple[type[Exception], ...] = (openai.OpenAIError, *_transport_errors())
        try:
            stream = self._client.chat.completions.create(messages=messages, stream=True, **self._kwargs())  # type: ignore[call-overload]
            for event in stream:
                if event.choices and event.choices[0].delta and event.choices[0].delta.content:
                    yield event.choices[0].delta.content
        except failures as exc:
            raise UpstreamError(redact(f"LLM endpoint failed: {type(exc).__name__}: {exc}")) from exc


def _transport_errors() -> tuple[type[Exception], ...]:
    """openai 1.x lets httpx's errors out of a stream being read (a read timeout, a dropped connection);
    newer versions wrap them. Either way they are the endpoint failing."""
    try:
        import httpx
    except ImportError:  # pragma: no cover - openai 1.x depends on httpx
        return ()
    return (httpx.HTTPError, httpx.StreamError)


class LLMBusy(UpstreamError):
    """Every LLM slot of this process stayed taken for `llm.concurrency_wait_s`."""


class BudgetSpent(UpstreamError):
    """The client has spent its daily LLM token budget (or this call would overspend it)."""


_MESSAGE_OVERHEAD = 4  # tokens the chat format adds around each message (OpenAI's accounting)


def prompt_tokens(messages: Messages) -> int:
    return sum(count_tokens(m.get("content") or "") + _MESSAGE_OVERHEAD for m in messages)


class SpendingGuard:
    """The concurrency cap and the per-client daily token budget.

    A call reserves its prompt plus `max_tokens` (the most it can cost) before it starts, so concurrent
    calls of one client cannot overspend together, and gives back what the reply did not use. The budget
    is counted per UTC day on Redis (`shared`, bot/security/counters.py Totals) when it is configured, so
    every worker and replica draws on one budget, and in this process's memory otherwise or while Redis is
    away. A call whose reservation and settlement fall on either side of an outage's start or end (or of
    midnight) is miscounted by at most its own reservation. Calls with no client (the CLI, webhooks) are
    only capped in concurrency, and the cap is per process."""

    def __init__(
        self,
        settings: LLMSettings,
        today: Callable[[], dt.date] | None = None,
        shared: Totals | None = None,
    ) -> None:
        self.max_concurrency = settings.max_concurrency
        self.wait_s = settings.concurrency_wait_s
        self.budget = settings.daily_tokens_per_client
        self.max_tokens = settings.max_tokens
        self._slots = threading.BoundedSemaphore(settings.max_concurrency)
        self._today = today or (lambda: dt.datetime.now(dt.UTC).date())
        self._shared = shared
        self._lock = threading.Lock()
        self._day: dt.date | None = None
        self._spent: dict[str, int] = {}

    def _key(self, client: str) -> str:
        return f"llm-tokens:{self._today().isoformat()}:{client}"

    def spent(self, client: str) -> int:
        if self._shared is not None and (total := self._shared.get(self._key(client))) is not None:
            return max(0, total)
        with self._lock:
            return self._spent.get(client, 0) if self._day == self._today() else 0

    def reserve(self, client: str | None, prompt: int) -> int:
        """Tokens reserved for one call (0 without a client or a budget); BudgetSpent if it does not fit."""
        if client is None or self.budget <= 0:
            return 0
        most = prompt + self.max_tokens
        if self._shared is not None and (total := self._shared.add(self._key(client), most)) is not None:
            if total > self.budget:
                self._shared.add(self._key(client), -most)
                raise self._spent_error(total - most)
            return most
        with self._lock:
            today = self._today()
            if self._day != today:  # a new day: yesterday's counts go
                self._day, self._spent = today, {}
            spent = self._spent.get(client, 0)
            if spent + most > self.budget:
                raise self._spent_error(spent)
            self._spent[client] = spent + most
        return most

    def _spent_error(self, spent: int) -> BudgetSpent:
        return BudgetSpent(
            f"this client's daily LLM budget of {self.budget} tokens is spent ({spent} used); "
            "answers come from the sources without the LLM until tomorrow (UTC)"
        )

    def settle(self, client: str | None, reserved: int, used: int) -> None:
        """Give back what a call reserved and did not use."""
        if client is None or reserved == 0:
            return
        if self._shared is not None and self._shared.add(self._key(client), used - reserved) is not None:
            return
        with self._lock:
            if client in self._spent:
                self._spent[client] = max(0, self._spent[client] - reserved + used)

    @contextmanager
    def slot(self) -> Iterator[None]:
        if not self._slots.acquire(timeout=self.wait_s):
            raise LLMBusy(
                f"the LLM is busy: {self.max_concurrency} answers in progress on this server "
                f"for {self.wait_s:g} s"
            )
        try:
            yield
        finally:
            self._slots.release()


class GuardedChatModel:
    """A chat model whose calls go through a SpendingGuard (the client is the request's, see above)."""

    def __init__(self, inner: ChatModel, guard: SpendingGuard) -> None:
        self.inner = inner
        self.guard = guard
        self.name = inner.name

    def complete(self, messages: Messages) -> str:
        client = current_client()
        prompt = prompt_tokens(messages)
        reserved = self.guard.reserve(client, prompt)
        reply, sent = "", False
        try:
            with self.guard.slot():
                sent = True
                reply = self.inner.complete(messages)
        finally:  # a call refused for want of a slot cost nothing; one sent cost at least its prompt
            self.guard.settle(client, reserved, prompt + count_tokens(reply) if sent else 0)
        return reply

    def stream(self, messages: Messages) -> Iterator[str]:
        client = current_client()
        prompt = prompt_tokens(messages)
        reserved = self.guard.reserve(client, prompt)
        parts: list[str] = []
        sent = False
        try:
            with self.guard.slot():
                sent = True
                for piece in self.inner.stream(messages):
                    parts.append(piece)
                    yield piece
        finally:
            self.guard.settle(client, reserved, prompt + count_tokens("".join(parts)) if sent else 0)


def make_chat_model(settings: LLMSettings, redis_url: str | None = None) -> ChatModel | None:
    """None for the extractive mode; an OpenAI-compatible client for `llm` and `local`, behind the
    spending guard (its token budgets on Redis when `redis_url` is given)."""
    if settings.mode == "extractive":
        return None
    if settings.mode in ("llm", "local"):
        if settings.mode == "local":
            # The llama.cpp server (make local-llm) serves one model and answers to any model name, so
            # TECHBRIDGE_LLM__BASE_URL alone (or nothing, for its default port) is enough.
            settings = settings.model_copy(
                update={"base_url": settings.base_url or LOCAL_BASE_URL, "model": settings.model or "local"}
            )
        # Two days: a day's total outlives the UTC day it counts, wherever the replicas' clocks are.
        shared = Totals(redis_url, ttl_s=2 * 86_400, what="LLM token budgets") if redis_url else None
        return GuardedChatModel(OpenAIChatModel(settings), SpendingGuard(settings, shared=shared))
    raise ConfigError(f"unknown answer mode {settings.mode!r}; valid: extractive, llm, local")
