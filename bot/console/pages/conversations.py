"""Conversations: the log with filters (channel, answered, feedback, date), a session's transcript, and
the filtered log as CSV (every text cell neutralised: a question may read `=HYPERLINK(...)`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ...security.exports import csv_text
from ...storage.activity import ConversationRow
from ..auth import Console, ConsoleDep, StaffDep
from ..web import render

router = APIRouter(prefix="/conversations")
COLUMNS = (
    "session_id",
    "channel",
    "started",
    "last",
    "questions",
    "unanswered",
    "up",
    "down",
    "first_question",
)


def _filtered(
    console: Console,
    channel: str | None,
    answered: str | None,
    rating: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    limit: int,
) -> list[ConversationRow]:
    flag = {"yes": True, "no": False}.get(answered or "")
    return console.activity.conversations(channel or None, flag, rating or None, date_from, date_to, limit)


Channel = Annotated[str | None, Query(max_length=40)]
Answered = Annotated[str | None, Query(pattern="^(yes|no|)$")]
Rating = Annotated[str | None, Query(pattern="^(up|down|)$")]
From = Annotated[dt.date | str | None, Query(alias="from")]
To = Annotated[dt.date | str | None, Query(alias="to")]


def _day(value: dt.date | str | None) -> dt.date | None:
    return value if isinstance(value, dt.date) else None  # an empty date field is no filter


@router.get("")
async def conversations(
    request: Request,
    console: ConsoleDep,
    _: StaffDep,
    channel: Channel = None,
    answered: Answered = None,
    rating: Rating = None,
    date_from: From = None,
    date_to: To = None,
) -> Response:
    rows = await run_in_threadpool(
        _filtered, console, channel, answered, rating, _day(date_from), _day(date_to), 200
    )
    channels = await run_in_threadpool(console.activity.channel_traffic)
    filters: dict[str, Any] = {
        "channel": channel or "",
        "answered": answered or "",
        "rating": rating or "",
        "from": _day(date_from) or "",
        "to": _day(date_to) or "",
    }
    query = urlencode({k: str(v) for k, v in filters.items() if v})
    return render(
        request,
        "conversations.html",
        section="conversations",
        rows=rows,
        channels=sorted(channels),
        filters=filters,
        query=query,
    )


@router.get("/export.csv")
async def export(
    console: ConsoleDep,
    _: StaffDep,
    channel: Channel = None,
    answered: Answered = None,
    rating: Rating = None,
    date_from: From = None,
    date_to: To = None,
) -> Response:
    rows = await run_in_threadpool(
        _filtered, console, channel, answered, rating, _day(date_from), _day(date_to), 10_000
    )
    body = csv_text(list(COLUMNS), ([getattr(r, c) for c in COLUMNS] for r in rows))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="conversations.csv"'},
    )


@router.get("/{session_id}")
async def transcript(session_id: str, request: Request, console: ConsoleDep, _: StaffDep) -> Response:
    messages = await run_in_threadpool(console.activity.transcript, session_id)
    if not messages:
        raise HTTPException(404, f"no conversation {session_id!r}")
    channel = await run_in_threadpool(console.activity.channel_of, session_id)
    return render(
        request,
        "transcript.html",
        section="conversations",
        session_id=session_id,
        channel=channel,
        messages=messages,
    )
