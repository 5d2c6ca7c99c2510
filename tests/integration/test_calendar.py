"""/api/events.ics and /api/events/{id}.ics through the real app: parsed with `icalendar` (as a calendar app
reads them) and compared with /api/events; the shipped events, hashing embedder, the tests' clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import icalendar
import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from retrieval.embedders import HashingEmbedder
from tests.support.config import KNOWLEDGE, TODAY, make_settings

PAST = "event-2018-05-28-shenyang-achievement-transformation"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = make_settings(tmp_path_factory.mktemp("data"), embedding={"provider": "hashing"})
    app = create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
    with TestClient(app) as c:
        c.app.state.services.ingestor.ingest_paths([KNOWLEDGE / "events"])  # type: ignore[attr-defined]
        yield c


def _vevents(response: object) -> list[icalendar.Event]:
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("text/calendar")  # type: ignore[attr-defined]
    cal = icalendar.Calendar.from_ical(response.content)  # type: ignore[attr-defined]
    assert cal["VERSION"] == "2.0" and cal.get("PRODID")
    return list(cal.walk("VEVENT"))


def _uid(event_id: str) -> str:
    return f"{event_id}@techbridge"


def test_the_feed_is_the_upcoming_events(client: TestClient) -> None:
    listed = client.get("/api/events", params={"upcoming": "true"}).json()["events"]
    vevents = _vevents(client.get("/api/events.ics"))
    assert listed and len(vevents) == len(listed)
    for event, ve in zip(listed, vevents, strict=True):
        assert str(ve["UID"]) == _uid(event["id"])
        assert str(ve["SUMMARY"]) == event["title"]
        start = dt.date.fromisoformat(event["start_date"])
        end = dt.date.fromisoformat(event["end_date"] or event["start_date"])
        assert ve.decoded("DTSTART") == start
        assert ve.decoded("DTEND") == end + dt.timedelta(days=1)  # all-day: the day after the last
        assert end >= TODAY
        assert ve.get("DTSTAMP") and str(ve["URL"]).startswith("http")
        if event["venue"]:
            assert event["venue"] in str(ve["LOCATION"])
        description = str(ve["DESCRIPTION"])
        assert all(topic in description for topic in event["topics"])
        assert event["registration"] in description
    assert PAST not in {str(ve["UID"]).split("@")[0] for ve in vevents}


def test_the_feed_honours_the_filters(client: TestClient) -> None:
    for params in ({"upcoming": "false"}, {"city": "大连"}, {"from": "2026-12-01", "to": "2027-03-31"}):
        query = {"upcoming": "true", **params}
        listed = client.get("/api/events", params=query).json()["events"]
        vevents = _vevents(client.get("/api/events.ics", params=query))
        assert [_uid(e["id"]) for e in listed] == [str(ve["UID"]) for ve in vevents], params
    past = _vevents(client.get("/api/events.ics", params={"upcoming": "false"}))
    assert _uid(PAST) in {str(ve["UID"]) for ve in past}
    assert client.get("/api/events.ics", params={"field": "no-such-field"}).status_code == 422


def test_one_event_by_id(client: TestClient) -> None:
    record = next(e for e in client.get("/api/events").json()["events"] if e["id"] == PAST)
    (ve,) = _vevents(client.get(f"/api/events/{PAST}.ics"))
    assert str(ve["UID"]) == _uid(PAST) and str(ve["SUMMARY"]) == record["title"]
    assert ve.decoded("DTSTART") == dt.date(2018, 5, 28)
    assert "Shenyang" in str(ve["LOCATION"])
    assert client.get("/api/events/no-such-event.ics").status_code == 404


def test_event_answers_link_their_calendar(client: TestClient) -> None:
    answer = client.post("/api/chat", json={"message": "Which matchmaking events are coming up in Dalian?"})
    assert answer.status_code == 200, answer.text
    text = answer.json()["answer"]
    links = [word.strip("()[],.;") for word in text.split() if word.strip("()[],.;").endswith(".ics")]
    assert links, text
    for link in links:
        assert client.get(link).status_code == 200
