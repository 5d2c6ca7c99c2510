"""A cap on request bodies, as plain ASGI middleware: 413 before the app reads more than the limit.

A declared `Content-Length` over the limit is refused at once, without reading the body. Chunked bodies
(or a length that lies) are counted as they stream: the read that crosses the limit raises an
`HTTPException(413)` inside the app, which the app's error handler turns into the JSON answer; if the app
has already started its response the connection is simply ended. No request body is ever buffered whole
by this middleware.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimitMiddleware", "BodyTooLarge"]


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit} bytes")


class BodyLimitMiddleware:
    """`limit_for(scope)` bytes per request (bot/security/__init__.py says which route gets how much)."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[Scope], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = next((v for k, v in scope.get("headers", []) if k == b"content-length"), None)
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            await JSONResponse({"detail": BodyTooLarge(limit).detail}, status_code=413)(scope, receive, send)
            return

        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge as exc:
            if started:  # too late for a status: end here, and the server closes the connection
                return
            await JSONResponse({"detail": exc.detail}, status_code=413)(scope, receive, send)
