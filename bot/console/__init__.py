"""The staff console at /console: server-rendered pages (Jinja2, autoescaped) for the people of the
technology-transfer office, in Chinese and English.

It is a FastAPI sub-application mounted by the composition root, so its pages carry their own security
headers (web.SecurityHeaders: a strict CSP) and answer a signed-out visitor with a redirect to the sign-in
page instead of the API's JSON errors; the app's rate and body limits still apply in front of it.

    auth.py    sign-in cookie, CSRF, roles, sign-in rate limit
    web.py     templates, language, security headers
    charts.py  SVG charts drawn with matplotlib on the server (no script, no CDN)
    pages/     one router per section
    cli.py     `techbridge users ...`
"""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from retrieval.errors import TechBridgeError

from ..errors import http_status
from ..services import Services
from .auth import Console, CsrfError, Forbidden, SignInRequired
from .records import reapply_listing_edits
from .web import HERE, PREFIX, SecurityHeaders, redirect, render

__all__ = ["PREFIX", "create_console", "may_upload", "reapply_listing_edits"]

UPLOADS = re.compile(r"^/console/(knowledge/upload|listings/(achievement|demand|event)/import)$")


def create_console(services: Services) -> FastAPI:
    from .pages import ROUTERS

    console = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    console.state.console = Console(services)
    console.state.services = services
    console.add_middleware(SecurityHeaders)
    console.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for router in ROUTERS:
        console.include_router(router)

    @console.exception_handler(SignInRequired)
    async def _sign_in(request: Request, _exc: Exception) -> Response:
        return redirect("/login")

    @console.exception_handler(Forbidden)
    async def _forbidden(request: Request, _exc: Exception) -> Response:
        return render(request, "message.html", status_code=403, key="forbidden")

    @console.exception_handler(CsrfError)
    async def _csrf(request: Request, _exc: Exception) -> Response:
        return render(request, "message.html", status_code=403, key="csrf")

    @console.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return render(request, "message.html", status_code=exc.status_code, key=None, detail=str(exc.detail))

    @console.exception_handler(TechBridgeError)
    async def _domain(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, TechBridgeError)
        return render(request, "message.html", status_code=http_status(exc), key=None, detail=str(exc))

    @console.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        detail = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors())
        return render(request, "message.html", status_code=422, key=None, detail=detail)

    @console.get("/healthz", include_in_schema=False)
    async def _health() -> Response:
        return PlainTextResponse("ok")

    return console


def may_upload(console_app: FastAPI, scope: Scope) -> bool:
    """Whether a request is one of the console's uploads and carries a valid sign-in: the body limit then
    lets it be as large as the admin API's uploads (the route itself still checks the role and the CSRF
    token). Anyone else's body stays under the JSON limit, so a stranger cannot make the server spool
    64 MB to get a redirect."""
    from starlette.requests import Request as _Request

    path = str(scope.get("path", ""))
    if scope.get("method") != "POST" or not UPLOADS.match(path):
        return False
    state: Console = console_app.state.console
    return state.open(_Request(scope)) is not None
