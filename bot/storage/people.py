"""One person across channels: each (channel, user) identity belongs to a person, and two identities are
joined by a one-time code typed in the second channel or by a staff member's link.

A person row is made the first time an identity needs one (a code issued, a subscription made), so a
user who never links or subscribes costs nothing. Joining B to A's person moves every identity and every
subscription of B's former person to A's: nothing a user set up in either channel is lost.

Codes are 8 random digits (`secrets`): easy to type on a phone keyboard, and at 10^8 values valid for ten
minutes a guesser would need about 80,000 messages a second through a platform's signed webhook to have
even odds. A code is deleted as it is redeemed (single use) and refused once expired.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from sqlalchemy import Connection, delete, func, select, update

from .conversations import new_id
from .db import Database
from .portable import insert_new
from .schema import link_codes, people, person_links, subscriptions
from .text import storable

__all__ = ["CODE_DIGITS", "CODE_TTL", "PeopleStore"]

CODE_DIGITS = 8
CODE_TTL = dt.timedelta(minutes=10)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PeopleStore:
    def __init__(self, database: Database, clock: Callable[[], dt.datetime] = _now) -> None:
        self.database = database
        self.clock = clock

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
        None: a lone identity keeps its own channel conversation."""
        mine = select(person_links.c.person_id).where(
            person_links.c.channel == storable(channel), person_links.c.user_key == storable(user_key)
        )
        query = (
            select(person_links.c.person_id)
            .where(person_links.c.person_id == mine.scalar_subquery())
            .group_by(person_links.c.person_id)
            .having(func.count() > 1)
        )
        with self.database.connect() as conn:
            found = conn.scalar(query)
        return str(found) if found is not None else None

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
            return self._join(conn, str(gone.person_id), storable(channel), storable(user_key), "code")

    def link(self, channel_a: str, user_a: str, channel_b: str, user_b: str, by: str) -> str:
        """A staff-approved join of identity B to identity A's person (made if need be); the person's id."""
        with self.database.begin() as conn:
            person = self._person_of(conn, storable(channel_a), storable(user_a), by)
            return self._join(conn, person, storable(channel_b), storable(user_b), by)

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
