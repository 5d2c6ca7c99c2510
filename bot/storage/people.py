"""One person across channels: each (channel, user) identity belongs to a person, and two identities are
joined by a one-time code typed in the second channel or by a staff member's link.

A person row is made the first time an identity needs one (a code issued, a subscription made), so a
user who never links or subscribes costs nothing. Joining B to A's person moves every identity and every
subscription of B's former person to A's: nothing a user set up in either channel is lost.

Whether an identity is joined (`shared`) is asked on every chat message and changes only when two are
joined: the answers are kept (an LRU of recent identities) until a join (freshness.py: at once for one
made in this process, within a second for one made in another). The query cost ~0.25 ms a message.

Codes are 8 random digits (`secrets`): easy to type on a phone keyboard, and at 10^8 values valid for ten
minutes a guesser would need about 80,000 messages a second through a platform's signed webhook to have
even odds. A code is deleted as it is redeemed (single use) and refused once expired.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from sqlalchemy import Connection, bindparam, delete, func, select, update

from .conversations import new_id
from .db import Database
from .freshness import Freshness
from .portable import insert_new
from .schema import link_codes, people, person_links, subscriptions
from .text import storable

__all__ = ["CODE_DIGITS", "CODE_TTL", "PeopleStore"]

CODE_DIGITS = 8
CODE_TTL = dt.timedelta(minutes=10)
_KEPT = 10_000  # identities whose `shared` answer is kept (a tuple and a short string each)

# The person of an identity when it shares that person with another identity; the links' version.
_MINE = select(person_links.c.person_id).where(
    person_links.c.channel == bindparam("channel"), person_links.c.user_key == bindparam("user")
)
_SHARED = (
    select(person_links.c.person_id)
    .where(person_links.c.person_id == _MINE.scalar_subquery())
    .group_by(person_links.c.person_id)
    .having(func.count() > 1)
)
_LINKS_VERSION = select(func.count(), func.max(person_links.c.created_at))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PeopleStore:
    def __init__(self, database: Database, clock: Callable[[], dt.datetime] = _now) -> None:
        self.database = database
        self.clock = clock
        # A join moves links (new created_at) or adds one: the count and newest link move with it.
        self._fresh = Freshness(database.url, person_links.name, self._links_version)
        self._shared: OrderedDict[tuple[str, str], str | None] = OrderedDict()
        self._shared_as_of: Hashable = None
        self._lock = threading.Lock()

    def _links_version(self) -> Hashable:
        with self.database.connect() as conn:
            return tuple(conn.execute(_LINKS_VERSION).one())

    # ---- identities ----------------------------------------------------------------------------------
    def find(self, channel: str, user_key: str) -> str | None:
        """The person of an identity, or None when it never needed one."""
        query = select(person_links.c.person_id).where(
            person_links.c.channel == storable(channel), person_links.c.user_key == storable(user_key)
        )
        with self.database.connect() as conn:
            found = conn.scalar(query)
        return str(found) if found is not None else None

    def person_of(self, channel: str, user_key: str) -> str:
        """The person of an identity, made on first use (the first writer wins across replicas)."""
        with self.database.begin() as conn:
            return self._person_of(conn, storable(channel), storable(user_key), "self")

    def _person_of(self, conn: Connection, channel: str, user_key: str, by: str) -> str:
        where = (person_links.c.channel == channel, person_links.c.user_key == user_key)
        found = conn.scalar(select(person_links.c.person_id).where(*where))
        if found is not None:
            return str(found)
        person = new_id()
        conn.execute(people.insert().values(id=person, created_at=self.clock()))
        values = {"person_id": person, "linked_by": by, "created_at": self.clock()}
        if not insert_new(conn, person_links, channel=channel, user_key=user_key, **values):
            conn.execute(delete(people).where(people.c.id == person))  # another replica was first
        return str(conn.scalar(select(person_links.c.person_id).where(*where)))

    def identities(self, person_id: str) -> list[tuple[str, str]]:
        """Every (channel, user_key) of the person, oldest link first."""
        query = (
            select(person_links.c.channel, person_links.c.user_key)
            .where(person_links.c.person_id == person_id)
            .order_by(person_links.c.created_at, person_links.c.channel)
        )
        with self.database.connect() as conn:
            return [(str(c), str(u)) for c, u in conn.execute(query).tuples()]

    def shared(self, channel: str, user_key: str) -> str | None:
        """The person when this identity is joined to another one (their conversations are one), else
        None: a lone identity keeps its own channel conversation. Kept until a join (module docstring)."""
        key = (storable(channel), storable(user_key))
        as_of = self._fresh.token()
        with self._lock:
            if self._shared_as_of != as_of:
                self._shared.clear()
                self._shared_as_of = as_of
            elif key in self._shared:
                self._shared.move_to_end(key)
                return self._shared[key]
        with self.database.connect() as conn:
            found = conn.scalar(_SHARED, {"channel": key[0], "user": key[1]})
        person = str(found) if found is not None else None
        with self._lock:
            if self._shared_as_of == as_of:  # not if a join came in between: read again next time
                self._shared[key] = person
                if len(self._shared) > _KEPT:
                    self._shared.popitem(last=False)
        return person

    # ---- joining ---------------------------------------------------------------------------------------
    def issue_code(self, person_id: str) -> str:
        """A one-time code that joins the identity it is typed in to `person_id` (CODE_TTL)."""
        now = self.clock()
        with self.database.begin() as conn:
            conn.execute(delete(link_codes).where(link_codes.c.expires_at < now))  # keep the table small
            while True:
                code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
                if insert_new(conn, link_codes, code=code, person_id=person_id, expires_at=now + CODE_TTL):
                    return code

    def redeem(self, code: str, channel: str, user_key: str) -> str | None:
        """Join the identity to the code's person; the person's id, or None for an unknown, used or
        expired code (the same answer for each: a guesser learns nothing)."""
        with self.database.begin() as conn:
            # Deleted as it is typed, expired or not: no code joins twice.
            gone = conn.execute(
                delete(link_codes)
                .where(link_codes.c.code == storable(code.strip()))
                .returning(link_codes.c.person_id, link_codes.c.expires_at)
            ).first()
            if gone is None or gone.expires_at < self.clock():
                return None
            person = self._join(conn, str(gone.person_id), storable(channel), storable(user_key), "code")
        self._fresh.changed()
        return person

    def link(self, channel_a: str, user_a: str, channel_b: str, user_b: str, by: str) -> str:
        """A staff-approved join of identity B to identity A's person (made if need be); the person's id."""
        with self.database.begin() as conn:
            person = self._person_of(conn, storable(channel_a), storable(user_a), by)
            person = self._join(conn, person, storable(channel_b), storable(user_b), by)
        self._fresh.changed()
        return person

    def _join(self, conn: Connection, person: str, channel: str, user_key: str, by: str) -> str:
        former = self._person_of(conn, channel, user_key, by)
        if former != person:  # B's former person, with every identity and subscription, becomes A's
            conn.execute(
                update(person_links)
                .where(person_links.c.person_id == former)
                .values(person_id=person, linked_by=by, created_at=self.clock())
            )
            conn.execute(
                update(subscriptions).where(subscriptions.c.person_id == former).values(person_id=person)
            )
            conn.execute(delete(link_codes).where(link_codes.c.person_id == former))
            conn.execute(delete(people).where(people.c.id == former))
        return person
