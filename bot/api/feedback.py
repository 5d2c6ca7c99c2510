from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from retrieval.errors import NotFoundError

from ..deps import ServicesDep
from ..security.sessions import WebSessionsDep

router = APIRouter(tags=["chat"])


class FeedbackRequest(BaseModel):
    session_id: str = Field(min_length=1, max_length=64)
    message_id: str = Field(min_length=1, max_length=64)
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=2000)


class FeedbackResponse(BaseModel):
    id: int
    status: Literal["stored"] = "stored"


@router.post("/api/feedback", response_model=FeedbackResponse, status_code=201)
async def feedback(
    body: FeedbackRequest, services: ServicesDep, sessions: WebSessionsDep
) -> FeedbackResponse:
    """Rate an answer up or down, with an optional comment; `session_id` is the one `/api/chat` returned.
    404 if the answer is not in that session, or the session is not one the server issued to the client."""
    session_id = sessions.open(body.session_id)
    if session_id is None:  # the same answer as for a wrong message: nothing said about other sessions
        raise NotFoundError(f"no answer {body.message_id!r} in that session")
    session_id = await run_in_threadpool(services.accounts.session_of, session_id)  # joined: the person's
    stored = await run_in_threadpool(
        services.conversations.add_feedback, session_id, body.message_id, body.rating, body.comment
    )
    return FeedbackResponse(id=stored.id)
