"""Rendering console pages: one Jinja2 environment with autoescape on for every template (nothing from a
document, a question or a listing becomes markup), the page's language, and the security headers every
console response carries."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .i18n import LANGS, text

__all__ = ["PREFIX", "SecurityHeaders", "lang_of", "redirect", "render"]

PREFIX = "/console"
HERE = Path(__file__).parent
LANG_COOKIE = "tb_console_lang"
# Scripts, styles and images only from the console itself (no inline script, no CDN: the product runs
# offline); forms post only back here; no page may frame it.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its name: no template may emit data unescaped
        undefined=StrictUndefined,  # a misspelt variable fails the test that renders the page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def lang_of(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if chosen in LANGS:
        return chosen
    accept = request.headers.get("accept-language", "")
    return "zh" if accept.lower().startswith("zh") else "en"


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request)
    session = getattr(request.state, "session", None)
    page = (
        environment()
        .get_template(template)
        .render(
            request=request,
            lang=lang,
            t=functools.partial(text, lang),
            prefix=PREFIX,
            session=session,
            user=session.user if session else None,
            csrf=session.csrf if session else "",
            flash=request.query_params.get("done"),
            **context,
        )
    )
    response = HTMLResponse(page, status_code=status_code)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path=PREFIX, samesite="lax")
    return response


def redirect(path: str, **params: str) -> RedirectResponse:
    """303 after a POST (the browser GETs the page; a reload does not repeat the action)."""
    from urllib.parse import urlencode

    query = f"?{urlencode(params)}" if params else ""
    return RedirectResponse(f"{PREFIX}{path}{query}", status_code=303)


class SecurityHeaders:
    """Adds the CSP and its companions to every console response, static files and errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k not in names]
                message["headers"] = kept + HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)
