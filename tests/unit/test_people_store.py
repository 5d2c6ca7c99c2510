"""People across channels (bot/storage/people.py) and subscriptions (bot/storage/subscriptions.py) on
the real migrated SQLite database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from bot.storage.db import Database
from bot.storage.people import CODE_DIGITS, PeopleStore
from bot.storage.schema import person_links
from bot.storage.subscriptions import SubscriptionStore, matches
from retrieval.types import Document

T0 = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def db(make_database: Callable[[], Database]) -> Database:
    """SQLite, and PostgreSQL where the suite has a server (tests/conftest.py)."""
    return make_database()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_a_person_is_made_once_per_identity(db: Database, clock: Clock) -> None:
    people = PeopleStore(db, clock)
    assert people.find("telegram", "1") is None
    person = people.person_of("telegram", "1")
    assert people.person_of("telegram", "1") == person
    assert people.person_of("slack", "U1") != person
    assert people.identities(person) == [("telegram", "1")]
    assert people.shared("telegram", "1") is None  # alone: keeps its own conversation


def test_a_code_joins_a_second_identity_once(db: Database, clock: Clock) -> None:
    people = PeopleStore(db, clock)
    person = people.person_of("telegram", "1")
    code = people.issue_code(person)
    assert code.isdigit() and len(code) == CODE_DIGITS
    assert people.redeem(code, "wecom", "li") == person
    assert people.identities(person) == [("telegram", "1"), ("wecom", "li")]
    assert people.shared("wecom", "li") == people.shared("telegram", "1") == person
    assert people.redeem(code, "slack", "U9") is None  # single use
    assert people.find("slack", "U9") is None


def test_an_expired_or_unknown_code_joins_nothing(db: Database, clock: Clock) -> None:
    people = PeopleStore(db, clock)
    code = people.issue_code(people.person_of("telegram", "1"))
    clock.now = T0 + dt.timedelta(minutes=11)
    assert people.redeem(code, "wecom", "li") is None
    assert people.redeem("00000000", "wecom", "li") is None
    assert people.shared("wecom", "li") is None


def test_joining_moves_the_second_persons_subscriptions(db: Database, clock: Clock) -> None:
    people, subs = PeopleStore(db, clock), SubscriptionStore(db, clock)
    wecom_person = people.person_of("wecom", "li")
    subs.add(wecom_person, "wecom", "li", "event", {"city": "dalian"}, "zh")
    person = people.link("telegram", "1", "wecom", "li", by="staff:wang")
    assert people.identities(person) == [("telegram", "1"), ("wecom", "li")]
    [moved] = subs.active(person)
    assert (moved.kind, moved.criteria, moved.channel) == ("event", {"city": "dalian"}, "wecom")
    assert subs.active(wecom_person) == []


def record(kind: str = "achievement", **meta: object) -> Document:
    title = str(meta.pop("title", "Alkaline water electrolysis for green hydrogen"))
    text = str(meta.pop("text", f"{title}\n氢能 Hydrogen energy\nA 1 MW electrolyser stack."))
    return Document(f"ach-{abs(hash(title)) % 10_000}", kind, title, "en", text, meta=meta)  # type: ignore[arg-type]


def test_records_match_every_criterion_given() -> None:
    doc = record(field="hydrogen_energy", city="dalian", institution="Dalian University of Technology")
    assert matches({}, doc)
    assert matches({"field": "hydrogen_energy", "city": "dalian"}, doc)
    assert not matches({"field": "hydrogen_energy", "city": "shenyang"}, doc)
    assert matches({"institution": "dalian university of technology"}, doc)
    assert matches({"terms": ["electrolyser"]}, doc)
    assert not matches({"terms": ["电解槽"]}, doc)
    assert matches({"terms": ["电解槽"]}, doc, lambda t: ["electrolyser"] if t == "电解槽" else [])
    event = record("event", fields=["hydrogen_energy"], city="dalian")
    assert matches({"field": "hydrogen_energy"}, event)


def test_subscriptions_add_list_cancel_and_match(db: Database, clock: Clock) -> None:
    subs = SubscriptionStore(db, clock)
    hydrogen, new = subs.add("p1", "telegram", "1", "achievement", {"field": "hydrogen_energy"}, "en")
    assert (
        new and subs.add("p1", "telegram", "1", "achievement", {"field": "hydrogen_energy"}, "en")[1] is False
    )
    clock.now += dt.timedelta(seconds=1)
    dalian, _ = subs.add("p1", "telegram", "1", "event", {"city": "dalian"}, "en")
    subs.add("p2", "slack", "U2", "achievement", {"field": "biomedicine"}, "en")
    assert [s.id for s in subs.active("p1")] == [hydrogen.id, dalian.id]
    h2, storage = record(field="hydrogen_energy"), record(field="energy_storage", title="Flow battery")
    assert [(s.id, d.id) for s, d in subs.matching([h2, storage])] == [(hydrogen.id, h2.id)]
    assert subs.matching([storage]) == [] and subs.matching([]) == []
    assert subs.cancel("p1", [hydrogen.id]) == 1
    assert subs.matching([h2]) == []
    assert subs.cancel("p1") == 1 and subs.active("p1") == []


def test_a_push_is_claimed_once_and_its_outcome_recorded(db: Database, clock: Clock) -> None:
    subs = SubscriptionStore(db, clock)
    sub, _ = subs.add("p1", "telegram", "1", "achievement", {}, "en")
    assert subs.claim(sub.id, "ach-1") is True
    assert subs.claim(sub.id, "ach-1") is False  # another replica, the same record: no second push
    assert subs.notifications(sub.id) == {"ach-1": ("pending", "")}
    assert subs.claim(sub.id, "ach-2")
    subs.record([(sub.id, "ach-1"), (sub.id, "ach-2")], "sent", "message m1")
    assert subs.sent_since("telegram", "1", T0) == 1  # one digest, one message
    assert subs.claim(sub.id, "ach-3")
    clock.now += dt.timedelta(minutes=1)
    subs.record([(sub.id, "ach-3")], "failed", "HTTP 500")
    assert subs.notifications(sub.id)["ach-3"] == ("failed", "HTTP 500")
    assert subs.sent_since("telegram", "1", T0) == 1
    assert subs.sent_since("telegram", "1", T0 + dt.timedelta(minutes=1)) == 0


def test_whether_an_identity_is_joined_is_kept_until_a_join(db: Database, clock: Clock) -> None:
    """`shared` answers from memory between joins; a join through any store in this process is seen at
    once, one written by another process (here straight into the table) within the probe's interval."""
    people, staff = PeopleStore(db, clock), PeopleStore(db, clock)
    monotonic = [0.0]
    people._fresh._clock = lambda: monotonic[0]
    assert people.shared("wecom", "li") is None
    staff.link("telegram", "1", "wecom", "li", by="staff:wang")  # another store object, this process
    person = people.shared("wecom", "li")
    assert person is not None and people.shared("telegram", "1") == person

    lone = staff.person_of("slack", "U7")
    assert people.shared("slack", "U7") is None  # kept from here on
    with db.begin() as conn:  # another process joins U7 to the person: no bump in this one
        conn.execute(
            person_links.update()
            .where(person_links.c.person_id == lone)
            .values(person_id=person, created_at=T0 + dt.timedelta(minutes=5))
        )
    assert people.shared("slack", "U7") is None  # within the interval: the kept answer
    monotonic[0] += 1.5
    assert people.shared("slack", "U7") == person
