from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, HTTPException
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from ..conversation.types import ChatRequest, ChatResponse
from ..deps import ServicesDep
from ..security.sessions import WebSessions, WebSessionsDep

router = APIRouter(tags=["chat"])

_NOT_YOURS = (
    "session_id is not a session this server issued (or it was issued under another session secret): "
    "send no session_id to start a new conversation"
)
SESSION_REFUSED: dict[int | str, dict[str, Any]] = {
    403: {
        "description": "session_id is not one this server issued to the client (made up, altered, or a bare "
        "session id without its tag)",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
}


def _session(body: ChatRequest, sessions: WebSessions) -> tuple[str, str]:
    """(the session's id, the token its client holds): a new session, or the one the token opens."""
    if body.session_id is None:
        return sessions.issue()
    session_id = sessions.open(body.session_id)
    if session_id is None:  # never a new session under a name the client chose (or copied)
        raise HTTPException(403, _NOT_YOURS)
    return session_id, body.session_id


@router.post("/api/chat", response_model=ChatResponse, responses=SESSION_REFUSED)
async def chat(body: ChatRequest, services: ServicesDep, sessions: WebSessionsDep) -> ChatResponse:
    """Ask a question in Chinese or English; get a grounded answer with numbered citations.

    Pass the returned `session_id` with the next message to continue the conversation (follow-ups such
    as "and in Dalian?" are understood in its context). Session ids are issued by the server and are
    private to the client they were issued to: one it did not issue is refused (403). `answered` is false
    when the knowledge base has nothing that answers the question. `lang` forces the answer's language
    (default: the question's).
    """
    session_id, token = _session(body, sessions)
    resp = await run_in_threadpool(services.chat.answer, body.message, session_id, body.lang)
    return resp.model_copy(update={"session_id": token})


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
    responses={200: {"content": {"text/event-stream": {"schema": STREAM_EVENT}}}, **SESSION_REFUSED},
)
async def chat_stream(
    body: ChatRequest, services: ServicesDep, sessions: WebSessionsDep
) -> EventSourceResponse:
    """The same as `/api/chat`, streamed as server-sent events.

    Events: `token` {"text"} (repeated), `citations` {"citations"}, `done` (the full ChatResponse), or
    `error` {"detail"} if answering failed part way. A session id the server did not issue to the client
    is refused (403) before the stream starts.
    """
    session_id, token = _session(body, sessions)
    events = services.chat.stream(body.message, session_id, body.lang)

    async def publish() -> AsyncIterator[dict[str, str]]:
        async for name, data in iterate_in_threadpool(events):
            if name == "done":
                data = {**data, "session_id": token}
            yield {"event": name, "data": json.dumps(data, ensure_ascii=False)}

    return EventSourceResponse(publish(), ping=15)
