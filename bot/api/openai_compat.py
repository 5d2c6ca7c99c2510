"""An OpenAI-compatible face: any OpenAI client (or tool built on one) can talk to TechBridge."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from retrieval.text import count_tokens

from ..conversation.types import MAX_MESSAGE_CHARS, ChatResponse, Citation
from ..deps import ServicesDep
from ..errors import RequestError, RequestTooLarge, TechBridgeError, http_status
from ..phrasebook import phrase
from ..security.redaction import redact
from ..security.sessions import api_user

router = APIRouter(tags=["openai-compatible"])
log = logging.getLogger(__name__)
MODEL_ID = "techbridge"


def _openai_error(exc: TechBridgeError) -> JSONResponse:
    """An error answered in OpenAI's shape, {"error": {"message", "type", "param", "code"}}: OpenAI clients
    read the message from there (from our usual {"detail"} they show only "Error code: 502"). The status
    is bot/errors.py's; the code names the error, except for the request's own faults."""
    status = http_status(exc)
    kind = "server_error" if status >= 500 else "invalid_request_error"
    code = None if isinstance(exc, RequestError) else type(exc).__name__
    # Redacted like every other error body (bot/errors.py): an upstream's text may echo a configured key.
    error = {"message": redact(str(exc)), "type": kind, "param": None, "code": code}
    return JSONResponse({"error": error}, status_code=status)


class OAIMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(str(p.get("text", "")) for p in self.content if p.get("type") == "text")
        return self.content or ""


class OAIRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    model: str = MODEL_ID
    messages: list[OAIMessage] = Field(min_length=1, max_length=100)
    stream: bool = False
    user: str | None = Field(
        None, max_length=128, description="keeps one conversation per user (of the API key the request sends)"
    )


def _sources(citations: list[Citation], lang: str) -> str:
    if not citations:
        return ""
    head = phrase("sources_head", lang)
    lines = [
        f"[{c.n}] {c.title}{' ' + c.locator if c.locator else ''} ({c.date or 'n.d.'})"
        f"{' ' + c.url if c.url else ''}"
        for c in citations
    ]
    return "\n\n" + head + "\n" + "\n".join(lines)


def _question(body: OAIRequest) -> tuple[str, list[str]]:
    users = [m.text().strip() for m in body.messages if m.role == "user" and m.text().strip()]
    if not users:
        raise RequestError("messages must contain a user message")
    if "\x00" in users[-1]:  # as /api/chat: no text anyone types, and PostgreSQL cannot store it
        raise RequestError("the last user message contains a NUL character")
    if len(users[-1]) > MAX_MESSAGE_CHARS:
        raise RequestTooLarge(f"the last user message is longer than {MAX_MESSAGE_CHARS} characters")
    return users[-1], users[:-1]


@router.get("/v1/models")
async def models() -> dict[str, Any]:
    """The one model this server offers (the answer mode is a server setting)."""
    model = {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "techbridge"}
    return {"object": "list", "data": [model]}


# Errors of this route come in OpenAI's shape (_openai_error); those raised before it runs (validation,
# limits) in TechBridge's usual {"detail"} one.
_OAI_ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["message", "type"],
            "properties": {
                "message": {"type": "string"},
                "type": {"type": "string"},
                "param": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "code": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            },
        }
    },
}
_OAI_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {
        "description": text,
        "content": {
            "application/json": {
                "schema": {"anyOf": [_OAI_ERROR_SCHEMA, {"$ref": "#/components/schemas/Error"}]}
            }
        },
    }
    for status, text in (
        (413, "a message is too long"),
        (422, "no user message, or a malformed request"),
        (502, "the LLM endpoint failed"),
        (503, "the vector store is unavailable"),
    )
}


# 200 is a chat.completion (JSON), or with "stream": true its chunks as server-sent events: each event's
# data a chat.completion.chunk in JSON, the last one "[DONE]" (so a string, not one JSON schema)
_OAI_EVENT = {"type": "object", "required": ["data"], "properties": {"data": {"type": "string"}}}
_OAI_OK: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A chat.completion, or its chat.completion.chunk events when streamed",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/event-stream": {"schema": _OAI_EVENT},
        },
    }
}


@router.post("/v1/chat/completions", response_model=None, responses={**_OAI_OK, **_OAI_ERRORS})
async def chat_completions(body: OAIRequest, services: ServicesDep, request: Request) -> Any:
    """OpenAI Chat Completions, streaming or not. The last user message is the question, earlier ones
    its context; the answer ends with its numbered sources, also given as `citations`. Conversations
    belong to the API key sent (`Authorization: Bearer <key>`, any string): the same `user` under two keys
    are two users, and requests without a key share one anonymous namespace."""
    try:
        question, earlier = _question(body)
    except RequestError as exc:
        return _openai_error(exc)
    chat = services.chat
    created = int(time.time())
    user = api_user(request.headers.get("authorization"), body.user)
    kwargs = {"channel": "openai", "user": user, "prior": earlier}
    if not body.stream:
        try:
            resp: ChatResponse = await run_in_threadpool(lambda: chat.answer(question, **kwargs))  # type: ignore[arg-type]
        except TechBridgeError as exc:  # e.g. the LLM endpoint failed with no fallback: 502
            log.warning("POST /v1/chat/completions -> %s: %s", http_status(exc), exc)
            return _openai_error(exc)
        content = resp.answer + _sources(resp.citations, resp.lang)
        return {
            "id": f"chatcmpl-{resp.message_id}",
            "object": "chat.completion",
            "created": created,
            "model": MODEL_ID,
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
            ],
            "usage": {
                "prompt_tokens": count_tokens(question),
                "completion_tokens": count_tokens(content),
                "total_tokens": count_tokens(question) + count_tokens(content),
            },
            "citations": [c.model_dump() for c in resp.citations],
            "answered": resp.answered,
            "session_id": resp.session_id,
        }

    events = chat.stream(question, **kwargs)  # type: ignore[arg-type]

    async def sse() -> AsyncIterator[str]:
        cid = f"chatcmpl-{created}"

        def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
            payload = {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": MODEL_ID,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                **extra,
            }
            return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

        yield chunk({"role": "assistant", "content": ""})
        async for name, data in iterate_in_threadpool(events):
            if name == "token":
                yield chunk({"content": data["text"]})
            elif name == "done":
                resp = ChatResponse.model_validate(data)
                tail = _sources(resp.citations, resp.lang)
                if tail:
                    yield chunk({"content": tail})
                yield chunk({}, "stop", citations=[c.model_dump() for c in resp.citations])
            elif name == "error":
                error = {"message": data["detail"], "type": "server_error", "param": None, "code": None}
                yield f"data: {json.dumps({'error': error}, ensure_ascii=False)}\n\n"
        yield "data: [DONE]\n\n"

    return StreamingResponse(sse(), media_type="text/event-stream")
