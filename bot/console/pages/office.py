"""Settings and the audit log (admins): the running configuration with every secret masked, each
channel's state, the index's embedder and size, the staff accounts (add, change a role or a password,
remove: as `techbridge users` does), and who changed what."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, HTTPException, Query, Request
from pydantic import BaseModel, SecretStr
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ...storage.schema import channel_events
from ...storage.staff import ROLES, UserError
from ..auth import Console, ConsoleDep, CsrfDep, Session, require
from ..web import redirect, render

router = APIRouter()
Admin = Annotated[Session, require("admin")]
MASK = "********"


def masked(value: Any) -> Any:
    """The settings as plain data with every secret (and every URL's password) replaced by a mask."""
    if isinstance(value, SecretStr):
        return MASK if value.get_secret_value() else ""
    if isinstance(value, BaseModel):
        return {name: masked(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dict):
        return {k: masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [masked(v) for v in value]
    if isinstance(value, str) and "@" in value and "://" in value:
        url = urlsplit(value)
        if url.password:  # e.g. an LLM base URL written with user:password@
            return url._replace(
                netloc=f"{url.username}:{MASK}@{url.hostname}" + (f":{url.port}" if url.port else "")
            ).geturl()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def channel_states(console: Console) -> list[dict[str, Any]]:
    """Each channel: enabled (all its secrets set) and its last event the server claimed."""
    query = select(channel_events.c.channel, func.max(channel_events.c.created_at)).group_by(
        channel_events.c.channel
    )
    with console.services.database.connect() as conn:
        last = {str(c): t for c, t in conn.execute(query).all()}
    out = []
    for name, conf in console.services.settings.channels:
        if isinstance(conf, BaseModel) and hasattr(conf, "enabled"):
            out.append({"name": name, "enabled": bool(conf.enabled), "last_event": last.get(name)})
    return out


@router.get("/settings")
async def settings(request: Request, console: ConsoleDep, _: Admin) -> Response:
    services = console.services

    def gather() -> dict[str, Any]:
        return {
            "config": json.dumps(masked(services.settings), ensure_ascii=False, indent=2),
            "channels": channel_states(console),
            "embedder": services.embedder.name,
            "chunks": services.store.count(),
            "location": services.store.location,
            "users": console.users.list(),
            "roles": ROLES,
        }

    return render(request, "settings.html", section="settings", **await run_in_threadpool(gather))


@router.get("/audit")
async def audit(
    request: Request, console: ConsoleDep, _: Admin, actor: Annotated[str | None, Query(max_length=64)] = None
) -> Response:
    entries = await run_in_threadpool(console.audit.list, 300, actor or None)
    return render(request, "audit.html", section="audit", entries=entries, actor=actor or "")


Name = Annotated[str, Form(max_length=64)]


def _users_back(done: str) -> Response:
    return redirect("/settings", done=done)


@router.post("/users/add")
async def add_user(
    console: ConsoleDep,
    session: Admin,
    _: CsrfDep,
    username: Name,
    role: Annotated[str, Form(pattern="^(viewer|broker|editor|admin)$")],
    password: Annotated[str, Form(max_length=1000)],
) -> Response:
    try:
        await run_in_threadpool(console.users.add, username, role, password)
    except UserError as exc:
        raise HTTPException(422, str(exc)) from exc
    await run_in_threadpool(console.audit.record, session.user.username, "add_user", username, {"role": role})
    return _users_back(f"{username} ({role})")


@router.post("/users/role")
async def set_role(
    console: ConsoleDep,
    session: Admin,
    _: CsrfDep,
    username: Name,
    role: Annotated[str, Form(pattern="^(viewer|broker|editor|admin)$")],
) -> Response:
    if username == session.user.username and role != "admin":
        raise HTTPException(409, "an admin cannot lower their own role (another admin can)")
    try:
        await run_in_threadpool(console.users.set_role, username, role)
    except UserError as exc:
        raise HTTPException(404, str(exc)) from exc
    await run_in_threadpool(console.audit.record, session.user.username, "set_role", username, {"role": role})
    return _users_back(f"{username}: {role}")


@router.post("/users/password")
async def set_password(
    console: ConsoleDep,
    session: Admin,
    _: CsrfDep,
    username: Name,
    password: Annotated[str, Form(max_length=1000)],
) -> Response:
    try:
        await run_in_threadpool(console.users.set_password, username, password)
    except UserError as exc:
        raise HTTPException(422, str(exc)) from exc
    await run_in_threadpool(console.audit.record, session.user.username, "set_password", username)
    return _users_back(f"{username}: password changed")


@router.post("/users/remove")
async def remove_user(console: ConsoleDep, session: Admin, _: CsrfDep, username: Name) -> Response:
    if username == session.user.username:
        raise HTTPException(409, "an admin cannot remove their own account (another admin can)")
    if not await run_in_threadpool(console.users.remove, username):
        raise HTTPException(404, f"no user {username!r}")
    await run_in_threadpool(console.audit.record, session.user.username, "remove_user", username)
    return _users_back(f"{username} removed")
