"""Whether a news chunk reports on an event (event_evidence.reports): its places and words are read once
for all the events it is checked against; each event still gets its own answer, as a plain reading of
the pair gives it."""

from __future__ import annotations

import datetime as dt

from bot.conversation.event_evidence import reports
from retrieval.catalog import RecordView
from retrieval.fields import cities_in
from retrieval.text import keyword_tokens
from retrieval.types import Chunk


def event(doc_id: str, title: str, start: str, city: str = "", venue: str = "") -> RecordView:
    meta = {"start_date": start, "end_date": start, "city": city, "venue": venue}
    return RecordView(Chunk(f"{doc_id}#0", doc_id, 0, title, "event", title, "en", meta=meta))


def news(title: str, text: str, day: dt.date) -> Chunk:
    return Chunk("n#0", "n", 0, text, "news", title, "en", date=day)


def plain(chunk: Chunk, record: RecordView) -> bool:
    """The check read pair by pair, as before the places and words were kept."""
    start = dt.date.fromisoformat(str(record.get("start_date")))
    if chunk.date is None or not start - dt.timedelta(days=7) <= chunk.date <= start + dt.timedelta(days=180):
        return False
    text = f"{chunk.title} {chunk.text}"
    places = set(cities_in(f"{record.get('city') or ''} {record.get('venue') or ''}"))
    title = {w for w in keyword_tokens(record.chunk.title) if len(w) > 3}
    return bool(places & set(cities_in(text))) or len(title & set(keyword_tokens(text))) >= 3


EVENTS = [
    event("e1", "Liaoyang Magnesite Industry Conference", "2024-05-10", "liaoyang"),
    event("e2", "Hydrogen Energy Matchmaking Summit", "2024-05-12", "dalian"),
    event("e3", "Magnesite Industry Conference Forum", "2024-05-20", "", "Anshan Convention Center"),
    event("e4", "Liaoyang Magnesite Industry Conference", "2022-05-10", "liaoyang"),
    event("e5", "Robotics Roadshow", "2024-06-01", "shenyang"),
]
NEWS = [
    news(
        "Magnesite conference closes",
        "The magnesite industry conference in Liaoyang signed 12 deals.",
        dt.date(2024, 5, 12),
    ),
    news("Hydrogen summit", "Experts met at the hydrogen energy matchmaking summit.", dt.date(2024, 5, 14)),
    news(
        "Anshan forum", "The conference forum on magnesite industry opened in Anshan.", dt.date(2024, 5, 21)
    ),
    news("Undated", "Liaoyang magnesite industry conference.", dt.date(2030, 1, 1)),
]


def test_each_event_gets_the_answer_a_plain_reading_gives() -> None:
    answers = {}
    for chunk in NEWS:
        for record in EVENTS:
            answers[chunk.title, record.id] = reports(chunk, record)
            assert answers[chunk.title, record.id] == plain(chunk, record), (chunk.title, record.id)
    # by the city, by three title words, not out of the dates; and not every pair alike
    assert answers["Magnesite conference closes", "e1"]
    assert answers["Anshan forum", "e3"]
    assert not answers["Magnesite conference closes", "e4"]
    assert not answers["Undated", "e1"]
    assert not answers["Hydrogen summit", "e5"]
