"""Maps the error tree (retrieval/errors.py) to HTTP responses in one place, and to CLI exit codes."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from retrieval.errors import (
    ConfigError,
    EmbedderMismatchError,
    NotFoundError,
    SourceError,
    StoreUnavailableError,
    TechBridgeError,
    UpstreamError,
)

__all__ = ["EXIT_CODES", "exit_code", "install_error_handlers"]

log = logging.getLogger(__name__)

_HTTP_STATUS: list[tuple[type[TechBridgeError], int]] = [
    (NotFoundError, 404),
    (SourceError, 422),
    (ConfigError, 500),
    (EmbedderMismatchError, 503),
    (StoreUnavailableError, 503),
    (UpstreamError, 502),
]
EXIT_CODES: list[tuple[type[BaseException], int]] = [
    (ConfigError, 2),
    (EmbedderMismatchError, 3),
    (StoreUnavailableError, 4),
    (UpstreamError, 5),
    (NotFoundError, 6),
    (SourceError, 7),
    (TechBridgeError, 1),
]


def exit_code(exc: BaseException) -> int:
    return next((code for kind, code in EXIT_CODES if isinstance(exc, kind)), 1)


def http_status(exc: TechBridgeError) -> int:
    return next((code for kind, code in _HTTP_STATUS if isinstance(exc, kind)), 500)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TechBridgeError)
    async def _domain(request: Request, exc: TechBridgeError) -> JSONResponse:
        status = http_status(exc)
        if status >= 500:
            log.warning("%s %s -> %s: %s", request.method, request.url.path, status, exc)
        return JSONResponse({"detail": str(exc), "error": type(exc).__name__}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(err.get("loc", ())), "msg": str(err.get("msg", "")), "type": str(err.get("type", ""))}
            for err in exc.errors()
        ]
        return JSONResponse({"detail": "invalid request", "errors": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
