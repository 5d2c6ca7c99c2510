"""The error tree of TechBridge, drawn once, and its mapping to HTTP statuses and CLI exit codes.

    TechBridgeError            (retrieval/errors.py)                          HTTP  exit
    ├── ConfigError            bad or missing settings                         500    2
    ├── SourceError            a file or a row that cannot be loaded           422    7
    ├── EmbedderMismatchError  the index was built by another embedder         503    3
    ├── StoreUnavailableError  the vector store cannot be reached              503    4
    ├── NotFoundError          a document, article, record or lead not there   404    6
    ├── UpstreamError          an outbound service (LLM endpoint, embedding    502    5
    │   │                      endpoint, platform API) failed or timed out
    │   └── PlatformError      a platform refused a call (4xx, or an error     502    5
    │                          code in a 2xx answer); carries status, payload
    ├── ChannelError           a webhook request the bot will not process      400    1
    │   ├── Malformed          a body the adapter cannot read                  400    1
    │   └── Unauthorized       a forged, tampered or stale request             401    1
    │       └── CryptoError    a ciphertext that does not decrypt for the key  401    1
    ├── RequestError           a request the service cannot act on             422    1
    │   └── RequestTooLarge    a message over the size limit                   413    1
    └── LeadStatusError        a review action that does not apply to the      409    1
                               lead's status

The knowledge-side errors live in retrieval/errors.py (retrieval/ never imports bot/); the bot's own join
the same tree here, and bot modules take their errors from this module. `http_status` and `exit_code`
read the two tables below, the only place a status or an exit code is chosen. The API's handlers answer
{"detail", "error"}, the channel router a 4xx naming the channel, the OpenAI-compatible route OpenAI's
{"error": {...}} shape, and a chat stream a final `error` event.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

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

from .security.ratelimit import FREE_PATHS
from .security.redaction import redact

__all__ = [
    "EXIT_CODES",
    "ChannelError",
    "ConfigError",
    "CryptoError",
    "EmbedderMismatchError",
    "LeadStatusError",
    "Malformed",
    "NotFoundError",
    "PlatformError",
    "RequestError",
    "RequestTooLarge",
    "SourceError",
    "StoreUnavailableError",
    "TechBridgeError",
    "Unauthorized",
    "UpstreamError",
    "exit_code",
    "http_status",
    "install_error_handlers",
]

log = logging.getLogger(__name__)


class PlatformError(UpstreamError):
    """The platform refused a call (HTTP 4xx, or an error code in a 2xx answer)."""

    def __init__(self, message: str, status: int = 200, payload: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status  # the platform's HTTP status, not ours
        self.payload: Mapping[str, Any] = payload or {}


class ChannelError(TechBridgeError):
    """A webhook request a channel adapter refuses, before anything is claimed or stored."""


class Malformed(ChannelError):
    pass


class Unauthorized(ChannelError):
    pass


class CryptoError(Unauthorized):
    """A ciphertext that does not decrypt to a well-formed message for this key."""


class RequestError(TechBridgeError):
    """A well-formed request the service cannot act on (e.g. no user message)."""


class RequestTooLarge(RequestError):
    pass


class LeadStatusError(TechBridgeError):
    """The review action does not apply to the lead's status."""


# Most specific first: the first class an error is an instance of decides.
_HTTP_STATUS: list[tuple[type[TechBridgeError], int]] = [
    (NotFoundError, 404),
    (SourceError, 422),
    (ConfigError, 500),
    (EmbedderMismatchError, 503),
    (StoreUnavailableError, 503),
    (UpstreamError, 502),
    (Unauthorized, 401),
    (ChannelError, 400),
    (RequestTooLarge, 413),
    (RequestError, 422),
    (LeadStatusError, 409),
]
_TOO_LONG = frozenset({"string_too_long", "too_long", "bytes_too_long"})
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


# Every error body is {"detail": str} plus, by kind, "error" (the error class) or "errors" (the fields that
# failed validation). The OpenAPI description says so: FastAPI's default HTTPValidationError (a list in
# "detail") is not what clients get.
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "what went wrong, for people"},
        "error": {"type": "string", "description": "the error kind, e.g. StoreUnavailableError, RateLimited"},
        "errors": {
            "type": "array",
            "description": "the fields that failed validation",
            "items": {
                "type": "object",
                "required": ["loc", "msg", "type"],
                "properties": {
                    "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
    },
}
_ERROR_REF = {"$ref": "#/components/schemas/Error"}
_COMMON_ERRORS = {
    "429": "too many requests from this client (see Retry-After)",
    "503": "a backing service (the vector store) is unavailable",
}


def _document_errors(app: FastAPI) -> None:
    """Describe the error bodies the handlers below (and bot/security) really send, on every operation."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()
            schemas = spec.setdefault("components", {}).setdefault("schemas", {})
            schemas["Error"] = ERROR_SCHEMA
            schemas["HTTPValidationError"] = {**ERROR_SCHEMA, "title": "HTTPValidationError"}
            for path, operations in spec.get("paths", {}).items():
                for operation in operations.values():
                    responses = operation.setdefault("responses", {})
                    extra = {} if path in FREE_PATHS else dict(_COMMON_ERRORS)
                    if "requestBody" in operation:
                        extra["413"] = "the request body, or a field in it, is too large"
                    for status, text in extra.items():
                        body = {"application/json": {"schema": _ERROR_REF}}
                        responses.setdefault(status, {"description": text, "content": body})
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


def install_error_handlers(app: FastAPI) -> None:
    _document_errors(app)

    @app.exception_handler(TechBridgeError)
    async def _domain(request: Request, exc: TechBridgeError) -> JSONResponse:
        status = http_status(exc)
        if status >= 500:
            log.warning("%s %s -> %s: %s", request.method, request.url.path, status, exc)
        return JSONResponse({"detail": redact(str(exc)), "error": type(exc).__name__}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "loc": list(err.get("loc", ())),
                "msg": str(err.get("msg", "")),
                "type": str(err.get("type", "")),
            }
            for err in exc.errors()
        ]
        too_long = [
            e for e in exc.errors() if e.get("type") in _TOO_LONG and tuple(e.get("loc", ()))[:1] == ("body",)
        ]
        if too_long and len(too_long) == len(errors):
            # Well-formed but oversized (a 5,000-character question): 413, not "malformed" (422).
            first = too_long[0]
            where = ".".join(str(part) for part in tuple(first["loc"])[1:]) or "body"
            unit = "characters" if first["type"] == "string_too_long" else "items"
            most = (first.get("ctx") or {}).get("max_length")
            return JSONResponse(
                {"detail": f"{where} is too long: at most {most} {unit}", "errors": errors}, status_code=413
            )
        return JSONResponse({"detail": "invalid request", "errors": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = redact(exc.detail) if isinstance(exc.detail, str) else exc.detail
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)
