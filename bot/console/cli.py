"""`techbridge users add|list|remove|passwd`: the console's staff accounts, managed from the shell.

A password is read from standard input with `--password-stdin` (so it stays out of the shell history and
the process list), else asked for twice at the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from ..storage.staff import ROLES, AuditLog, StaffStore, UserError

__all__ = ["add_user_commands"]


def _stores(args: argparse.Namespace) -> tuple[StaffStore, AuditLog]:
    from ..services import Services
    from ..settings import Settings

    services = Services(Settings())
    return StaffStore(services.database), AuditLog(services.database)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise UserError("the two passwords differ")
    return first


def _run(action: Any) -> Any:
    def command(args: argparse.Namespace) -> int:
        try:
            return int(action(args, *_stores(args)) or 0)
        except UserError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2

    return command


def _add(args: argparse.Namespace, users: StaffStore, audit: AuditLog) -> int:
    user = users.add(args.name, args.role, _password(args))
    audit.record("cli", "add_user", user.username, {"role": user.role})
    print(f"added {user.username} ({user.role})")
    return 0


def _list(args: argparse.Namespace, users: StaffStore, audit: AuditLog) -> int:
    for user in users.list():
        print(f"{user.username}\t{user.role}\t{user.created_at:%Y-%m-%d}")
    return 0


def _remove(args: argparse.Namespace, users: StaffStore, audit: AuditLog) -> int:
    if not users.remove(args.name):
        raise UserError(f"no user {args.name!r}")
    audit.record("cli", "remove_user", args.name)
    print(f"removed {args.name}")
    return 0


def _passwd(args: argparse.Namespace, users: StaffStore, audit: AuditLog) -> int:
    if users.get(args.name) is None:
        raise UserError(f"no user {args.name!r}")
    users.set_password(args.name, _password(args))
    if args.role:
        users.set_role(args.name, args.role)
    audit.record("cli", "set_password", args.name, {"role": args.role} if args.role else None)
    print(f"password of {args.name} changed (their sessions end)")
    return 0


def add_user_commands(sub: Any) -> None:
    """Register `users ...` on the `techbridge` command's subparsers."""
    users = sub.add_parser("users", help="staff accounts of the console (/console)")
    commands = users.add_subparsers(dest="users_command", required=True)

    p = commands.add_parser("add", help="add a staff account")
    p.add_argument("name")
    p.add_argument("--role", choices=ROLES, required=True, help="viewer < broker < editor < admin")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=_run(_add))

    p = commands.add_parser("list", help="list staff accounts")
    p.set_defaults(func=_run(_list))

    p = commands.add_parser("remove", help="remove a staff account (their sessions end)")
    p.add_argument("name")
    p.set_defaults(func=_run(_remove))

    p = commands.add_parser("passwd", help="set a staff account's password (and, with --role, its role)")
    p.add_argument("name")
    p.add_argument("--role", choices=ROLES)
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=_run(_passwd))
