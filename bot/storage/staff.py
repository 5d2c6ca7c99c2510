"""Staff accounts of the console and the audit log of what they changed.

Passwords are hashed with Argon2id through `pwdlib` (its recommended parameters); the hash is all that is
stored. Roles are ordered: a viewer reads; a broker also works leads; an editor also edits knowledge and
listings; an admin also manages users and settings (`role_at_least`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import asdict, dataclass
from typing import Any, Literal, cast

from pwdlib import PasswordHash
from sqlalchemy import delete, func, insert, select, update

from .db import Database
from .schema import audit_log, staff_users

__all__ = ["ROLES", "AuditEntry", "AuditLog", "Role", "StaffStore", "StaffUser", "UserError", "role_at_least"]

Role = Literal["viewer", "broker", "editor", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "broker", "editor", "admin")  # each can do what those before it can
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
MIN_PASSWORD = 10  # NIST SP 800-63B asks for 8 at least; staff accounts open contacts, so a little more


@functools.cache
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()  # Argon2id


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the name is unknown, so an unknown name takes as long as a wrong password."""
    return _hasher().hash("techbridge: no such user")


class UserError(ValueError):
    """A user name, role or password that cannot be accepted (the message says why)."""


def role_at_least(role: str, needed: Role) -> bool:
    return role in ROLES and ROLES.index(cast(Role, role)) >= ROLES.index(needed)


@dataclass(frozen=True)
class StaffUser:
    username: str
    role: Role
    password_hash: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def password_stamp(self) -> str:
        """Changes whenever the password does: a session carries it, so a new password ends old sessions."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:24]  # the hash itself stays here


@dataclass(frozen=True)
class AuditEntry:
    id: int
    actor: str
    action: str
    target: str | None
    detail: dict[str, Any] | None
    created_at: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _check(username: str, role: str | None = None, password: str | None = None) -> None:
    if not _NAME.match(username):
        raise UserError("a user name is 1-64 letters, digits or . _ @ - (starting with a letter or digit)")
    if role is not None and role not in ROLES:
        raise UserError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    if password is not None and len(password) < MIN_PASSWORD:
        raise UserError(f"a password has at least {MIN_PASSWORD} characters")


class StaffStore:
    """Staff accounts in the `staff_users` table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, username: str, role: str, password: str) -> StaffUser:
        _check(username, role, password)
        if self.get(username) is not None:
            raise UserError(f"user {username!r} exists (users passwd changes a password)")
        now = _now()
        user = StaffUser(username, cast(Role, role), _hasher().hash(password), now, now)
        with self.db.begin() as conn:
            conn.execute(insert(staff_users).values(**asdict(user)))
        return user

    def get(self, username: str) -> StaffUser | None:
        with self.db.connect() as conn:
            row = (
                conn.execute(select(staff_users).where(staff_users.c.username == username)).mappings().first()
            )
        return StaffUser(**row) if row else None

    def list(self) -> list[StaffUser]:
        with self.db.connect() as conn:
            rows = conn.execute(select(staff_users).order_by(staff_users.c.username)).mappings().all()
        return [StaffUser(**r) for r in rows]

    def count(self) -> int:
        with self.db.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(staff_users)).scalar_one())

    def remove(self, username: str) -> bool:
        with self.db.begin() as conn:
            return conn.execute(delete(staff_users).where(staff_users.c.username == username)).rowcount > 0

    def set_password(self, username: str, password: str) -> None:
        _check(username, password=password)
        self._update(username, password_hash=_hasher().hash(password))

    def set_role(self, username: str, role: str) -> None:
        _check(username, role)
        self._update(username, role=role)

    def _update(self, username: str, **values: Any) -> None:
        with self.db.begin() as conn:
            query = update(staff_users).where(staff_users.c.username == username)
            if conn.execute(query.values(updated_at=_now(), **values)).rowcount == 0:
                raise UserError(f"no user {username!r}")

    def authenticate(self, username: str, password: str) -> StaffUser | None:
        """The user, when the password is theirs; None otherwise (in about the same time either way)."""
        user = self.get(username) if _NAME.match(username) else None
        valid = _hasher().verify(password, user.password_hash if user else _dummy_hash())
        return user if user and valid else None


class AuditLog:
    """Who changed what, when: one row per staff action that changed something."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(
        self, actor: str, action: str, target: str | None = None, detail: dict[str, Any] | None = None
    ) -> None:
        with self.db.begin() as conn:
            conn.execute(
                insert(audit_log).values(
                    actor=actor, action=action, target=target, detail=detail, created_at=_now()
                )
            )

    def list(self, limit: int = 200, actor: str | None = None) -> list[AuditEntry]:
        query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if actor:
            query = query.where(audit_log.c.actor == actor)
        with self.db.connect() as conn:
            return [AuditEntry(**r) for r in conn.execute(query).mappings().all()]
