"""Staff accounts and the audit log (bot/storage/staff.py) on a real SQLite database in a temp dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage.db import Database, database_url
from bot.storage.staff import AuditLog, StaffStore, UserError, role_at_least


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(database_url(None, tmp_path))


def test_password_is_hashed_with_argon2_and_checked(db: Database) -> None:
    users = StaffStore(db)
    user = users.add("ann", "editor", "correct horse battery")
    assert user.password_hash.startswith("$argon2id$")
    assert "correct horse" not in user.password_hash
    assert users.authenticate("ann", "correct horse battery") == users.get("ann")
    assert users.authenticate("ann", "correct horse batterY") is None
    assert users.authenticate("nobody", "correct horse battery") is None
    assert users.authenticate("bad name!", "x") is None


def test_add_refuses_duplicates_bad_names_roles_and_short_passwords(db: Database) -> None:
    users = StaffStore(db)
    users.add("ann", "viewer", "long enough pw")
    for name, role, password in [
        ("ann", "viewer", "long enough pw"),
        ("<script>", "viewer", "long enough pw"),
        ("bob", "root", "long enough pw"),
        ("bob", "viewer", "short"),
    ]:
        with pytest.raises(UserError):
            users.add(name, role, password)
    assert [u.username for u in users.list()] == ["ann"]


def test_new_password_changes_the_stamp_and_remove_deletes(db: Database) -> None:
    users = StaffStore(db)
    before = users.add("ann", "broker", "first password").password_stamp
    users.set_password("ann", "second password")
    after = users.get("ann")
    assert after is not None and after.password_stamp != before
    assert users.authenticate("ann", "first password") is None
    assert users.authenticate("ann", "second password") is not None
    users.set_role("ann", "admin")
    assert users.get("ann").role == "admin"  # type: ignore[union-attr]
    assert users.remove("ann") and not users.remove("ann")
    with pytest.raises(UserError):
        users.set_password("ann", "third password")


def test_roles_are_ordered() -> None:
    assert role_at_least("admin", "editor") and role_at_least("editor", "broker")
    assert role_at_least("broker", "viewer") and role_at_least("viewer", "viewer")
    assert not role_at_least("viewer", "broker") and not role_at_least("broker", "editor")
    assert not role_at_least("editor", "admin") and not role_at_least("root", "viewer")


def test_audit_log_keeps_who_what_when_newest_first(db: Database) -> None:
    audit = AuditLog(db)
    audit.record("ann", "upload", "a.md", {"documents": ["a"]})
    audit.record("bob", "approve_lead", "L1")
    entries = audit.list()
    assert [(e.actor, e.action, e.target) for e in entries] == [
        ("bob", "approve_lead", "L1"),
        ("ann", "upload", "a.md"),
    ]
    assert entries[1].detail == {"documents": ["a"]} and entries[0].created_at >= entries[1].created_at
    assert [e.actor for e in audit.list(actor="ann")] == ["ann"]
