"""Signing in and out, and the console's landing redirect."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ...security.ratelimit import current_client
from ..auth import ConsoleDep, Session, StaffDep, check_csrf
from ..web import redirect, render

router = APIRouter()


@router.get("/")
async def home(_: StaffDep) -> Response:
    return redirect("/overview")


@router.get("/login")
async def login_form(request: Request, console: ConsoleDep) -> Response:
    if await run_in_threadpool(console.open, request) is not None:
        return redirect("/overview")
    response = Response()
    token = console.pre_token(request, response)
    page = render(request, "login.html", pre_csrf=token, error=None)
    for key, value in response.raw_headers:
        if key == b"set-cookie":
            page.raw_headers.append((key, value))
    return page


@router.post("/login")
async def login(
    request: Request,
    console: ConsoleDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    console.check_pre_token(request, csrf)
    # The rate-limit middleware names the client (the peer, or what a trusted proxy reports).
    client = current_client() or (request.client.host if request.client else "unknown")
    if not await console.may_try(client, username):
        return render(request, "login.html", status_code=429, pre_csrf=csrf, error="too_many")
    user = await run_in_threadpool(console.users.authenticate, username, password)
    if user is None:
        await run_in_threadpool(
            console.audit.record, username[:64] or "?", "sign_in_failed", None, {"client": client}
        )
        return render(request, "login.html", status_code=401, pre_csrf=csrf, error="bad_login")
    response = redirect("/overview")
    console.sign_in(request, response, user)
    await run_in_threadpool(console.audit.record, user.username, "sign_in", None, {"client": client})
    return response


@router.post("/logout")
async def logout(console: ConsoleDep, session: Annotated[Session, Depends(check_csrf)]) -> Response:
    response = redirect("/login")
    console.sign_out(response, session)
    await run_in_threadpool(console.audit.record, session.user.username, "sign_out")
    return response
