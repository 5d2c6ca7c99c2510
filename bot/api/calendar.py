"""GET /api/events.ics and /api/events/{id}.ics: matchmaking events as iCalendar (RFC 5545), written by the
`icalendar` package, so that a calendar app can subscribe to the upcoming events or add one of them.

Events are all-day: the listings give dates, not times (DTEND is the day after the last day, as RFC 5545
has it for dates). A VEVENT's UID is the event's id, stable across refreshes, so a subscribed calendar
updates an event in place instead of adding it again.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from retrieval.catalog import RecordView
from retrieval.fields import city_key, city_label

from ..deps import ServicesDep
from .records import Q, _field

__all__ = ["calendar_of", "router"]

router = APIRouter(tags=["listings", "calendar"])
ICS = "text/calendar"
_ICS_DOC: dict[int | str, dict[str, Any]] = {
    200: {"content": {ICS: {}}, "description": "an iCalendar file (RFC 5545)"}
}
_REFRESH = "PT12H"  # how often subscribed calendars should fetch again: events change daily at most


def _vevent(r: RecordView, base: str, stamp: dt.datetime) -> Any:
    from icalendar import Event

    start = dt.date.fromisoformat(str(r.get("start_date")))
    end = dt.date.fromisoformat(str(r.get("end_date") or r.get("start_date")))
    zh = r.chunk.lang == "zh"
    event = Event()
    event.add("uid", f"{r.id}@techbridge")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end + dt.timedelta(days=1))
    event.add("summary", r.chunk.title)
    place = [str(r.get("venue") or ""), city_label(str(r.get("city") or ""), r.chunk.lang)]
    event.add("location", ("，" if zh else ", ").join(p for p in place if p))
    lines = []
    if r.get("topics"):
        lines.append(("主题：" if zh else "Topics: ") + ("、" if zh else "; ").join(r.get("topics")))
    # The listings have no separate deadline: how and until when to register is the registration text.
    if r.get("registration"):
        lines.append(("报名及截止：" if zh else "Registration and deadline: ") + str(r.get("registration")))
    if r.get("summary"):
        lines.append(str(r.get("summary")))
    event.add("description", "\n\n".join(lines))
    url = r.chunk.url if r.chunk.url.lower().startswith(("https://", "http://")) else ""
    event.add("url", url or f"{base}api/events/{r.id}.ics")
    return event


def calendar_of(records: list[RecordView], base: str, name: str) -> bytes:
    """One VCALENDAR with a VEVENT per record; `base`: the server's URL, for events without a web page."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//TechBridge//matchmaking events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", _REFRESH)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for r in records:
        cal.add_component(_vevent(r, base, stamp))
    return bytes(cal.to_ical())


def _ics(body: bytes, filename: str) -> Response:
    headers = {"Content-Disposition": f'inline; filename="{filename}"'}
    return Response(body, media_type=f"{ICS}; charset=utf-8", headers=headers)


@router.get("/api/events.ics", response_class=Response, responses=_ICS_DOC)
async def events_calendar(
    request: Request,
    services: ServicesDep,
    upcoming: bool | None = True,
    q: Q = None,
    city: Annotated[str | None, Query(max_length=50)] = None,
    date_from: Annotated[dt.date | None, Query(alias="from")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to")] = None,
    field: Annotated[str | None, Query(max_length=80)] = None,
) -> Response:
    """The events of /api/events as an iCalendar feed, with the same filters; upcoming ones by default
    (`upcoming=false`: past ones). Subscribe to this URL in a calendar app (Google, Outlook, Apple): each
    event has its dates, place (venue and city), topics and how to register."""
    found = await run_in_threadpool(
        services.catalog.events,
        services.clock(),
        upcoming,
        q,
        city_key(city),
        date_from,
        date_to,
        _field(field),
    )
    body = calendar_of(found, str(request.base_url), "TechBridge events")
    return _ics(body, "events.ics")


@router.get("/api/events/{event_id}.ics", response_class=Response, responses=_ICS_DOC)
async def event_calendar(request: Request, services: ServicesDep, event_id: str) -> Response:
    """One event as an iCalendar file, to add it to a calendar; 404 for an unknown id."""
    records = await run_in_threadpool(services.catalog.records, "event")
    found = [r for r in records if r.id == event_id]
    if not found:
        raise HTTPException(404, f"no event {event_id!r}")
    return _ics(calendar_of(found, str(request.base_url), found[0].chunk.title), f"{event_id}.ics")
