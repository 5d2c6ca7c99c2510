"""The chat widget and its demo page, served from the package's `static/` folder.

`GET /widget.js` is the embed script (one `<script>` tag); `GET /` is a demo host page that embeds it the
way a customer's site would. Files are read once on first request (not at import) and served with an
ETag, so browsers revalidate cheaply and pick up a new release within the max-age.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from importlib import resources

from fastapi import APIRouter, Request, Response

__all__ = ["router"]

router = APIRouter(tags=["widget"])

# Host pages cache the script for 5 minutes, then revalidate by ETag (a 304 costs no body); a stale copy
# may be used for a day while revalidating, so a slow origin never delays the host page.
WIDGET_CACHE = "public, max-age=300, stale-while-revalidate=86400"
PAGE_CACHE = "no-cache"


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    etag: str


@functools.cache
def static_file(name: str) -> StaticFile:
    body = resources.files("bot").joinpath("static", name).read_bytes()
    return StaticFile(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')


def _serve(request: Request, name: str, media_type: str, cache_control: str, **headers: str) -> Response:
    file = static_file(name)
    common = {
        "ETag": file.etag,
        "Cache-Control": cache_control,
        "X-Content-Type-Options": "nosniff",
        **headers,
    }
    if file.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=common)
    if request.method == "HEAD":  # the headers a GET would send, without the body
        return Response(media_type=media_type, headers={**common, "Content-Length": str(len(file.body))})
    return Response(file.body, media_type=media_type, headers=common)


@router.get("/widget.js", response_class=Response)
@router.head("/widget.js", response_class=Response, include_in_schema=False)
async def widget_js(request: Request) -> Response:
    """The embeddable chat widget. Add it to any page with one tag:

    `<script src="https://HOST/widget.js" data-api="https://HOST" data-title="..." data-lang="zh|en"
    data-color="#0b5cab" data-position="bottom-right|bottom-left" data-greeting="..."></script>`

    `data-api` defaults to the server the script came from. The page's origin must be listed in
    `TECHBRIDGE_SERVER__CORS_ORIGINS` when it differs from the API's.
    """
    # The script is loaded by other sites' pages: let those with cross-origin isolation load it too.
    return _serve(
        request,
        "widget.js",
        "application/javascript; charset=utf-8",
        WIDGET_CACHE,
        **{"Cross-Origin-Resource-Policy": "cross-origin"},
    )


@router.get("/", response_class=Response)
@router.head("/", response_class=Response, include_in_schema=False)
async def demo_page(request: Request) -> Response:
    """A demo host page that embeds the chat widget (open it with the button at the bottom right)."""
    # No Content-Security-Policy on purpose: the page stands for a typical host site without one, so the
    # browser tests prove the widget itself renders nothing executable.
    return _serve(request, "index.html", "text/html; charset=utf-8", PAGE_CACHE)
