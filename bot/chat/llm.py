"""Chat models behind a small protocol. `OpenAIChatModel` talks to any OpenAI-compatible endpoint
(OpenAI, DeepSeek, DashScope, vLLM, Ollama, a llama.cpp server) through the `openai` client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from retrieval.errors import ConfigError, UpstreamError

from ..settings import LLMSettings

__all__ = ["LOCAL_BASE_URL", "ChatModel", "OpenAIChatModel", "make_chat_model"]

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
            raise UpstreamError(f"LLM endpoint failed: {type(exc).__name__}: {exc}") from exc
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
            raise UpstreamError(f"LLM endpoint failed: {type(exc).__name__}: {exc}") from exc


def _transport_errors() -> tuple[type[Exception], ...]:
    """openai 1.x lets httpx's errors out of a stream being read (a read timeout, a dropped connection);
    newer versions wrap them. Either way they are the endpoint failing."""
    try:
        import httpx
    except ImportError:  # pragma: no cover - openai 1.x depends on httpx
        return ()
    return (httpx.HTTPError, httpx.StreamError)


def make_chat_model(settings: LLMSettings) -> ChatModel | None:
    """None for the extractive mode; an OpenAI-compatible client for `llm` and `local`."""
    if settings.mode == "extractive":
        return None
    if settings.mode in ("llm", "local"):
        if settings.mode == "local":
            # The llama.cpp server (make local-llm) serves one model and answers to any model name, so
            # TECHBRIDGE_LLM__BASE_URL alone (or nothing, for its default port) is enough.
            settings = settings.model_copy(
                update={"base_url": settings.base_url or LOCAL_BASE_URL, "model": settings.model or "local"}
            )
        return OpenAIChatModel(settings)
    raise ConfigError(f"unknown answer mode {settings.mode!r}; valid: extractive, llm, local")
