from __future__ import annotations

import json
from collections.abc import AsyncIterator

from fastapi import APIRouter
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from ..chat.types import ChatRequest, ChatResponse
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


@router.post("/api/chat/stream")
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
