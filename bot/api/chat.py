from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from ..conversation.types import ChatRequest, ChatResponse
from ..deps import ServicesDep

router = APIRouter(tags=["chat"])


@router.post("/api/chat", response_model=ChatResponse)
async def chat(body: ChatRequest, services: ServicesDep) -> ChatResponse:
    """Ask a question in Chinese or English; get a grounded answer with numbered citations.

    Pass the returned `session_id` with the next message to continue the conversation (follow-ups such
    as "and in Dalian?" are understood in its context). `answered` is false when the knowledge base has
    nothing that answers the question. `lang` forces the answer's language (default: the question's).
    """
    return await run_in_threadpool(services.chat.answer, body.message, body.session_id, body.lang)


def _event(name: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["event", "data"],
        "properties": {
            "event": {"const": name},
            "data": {"type": "string", "contentMediaType": "application/json", "contentSchema": data},
        },
    }


# One server-sent event of /api/chat/stream (the OpenAPI 3.1 way: the schema describes each event).
STREAM_EVENT = {
    "oneOf": [
        _event("token", {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}),
        _event(
            "citations",
            {
                "type": "object",
                "required": ["citations"],
                "properties": {
                    "citations": {"type": "array", "items": {"$ref": "#/components/schemas/Citation"}}
                },
            },
        ),
        _event("done", {"$ref": "#/components/schemas/ChatResponse"}),
        _event(
            "error", {"type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}}
        ),
    ]
}


@router.post(
    "/api/chat/stream",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {"schema": STREAM_EVENT}}}},
)
async def chat_stream(body: ChatRequest, services: ServicesDep) -> EventSourceResponse:
    """The same as `/api/chat`, streamed as server-sent events.

    Events: `token` {"text"} (repeated), `citations` {"citations"}, `done` (the full ChatResponse), or
    `error` {"detail"} if answering failed part way.
    """
    events = services.chat.stream(body.message, body.session_id, body.lang)

    async def publish() -> AsyncIterator[dict[str, str]]:
        async for name, data in iterate_in_threadpool(events):
            yield {"event": name, "data": json.dumps(data, ensure_ascii=False)}

    return EventSourceResponse(publish(), ping=15)
