"""Defences at the edge of the app (SECURITY.md lists each one with the test that proves it).

- `ratelimit.py`: per-client and per-channel requests per minute, 429 with Retry-After.
- `bodylimit.py`: request bodies capped as they stream, 413.
- `redaction.py`: configured secrets kept out of log lines and error messages.

`install_security(app, settings)` is what the composition root calls.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import FastAPI
from starlette.types import Scope

from ..settings import Settings
from .bodylimit import BodyLimitMiddleware
from .ratelimit import RateLimitMiddleware
from .redaction import install_log_redaction, register_secrets

__all__ = ["body_limit", "install_security"]


def body_limit(
    settings: Settings, signed_in: Callable[[Scope], bool] | None = None
) -> Callable[[Scope], int]:
    """Bytes a request body may have: webhooks their own limit; uploads (documents, an event's listings for
    pre-docking) the large one, but only with the
    admin key (FastAPI reads a body before it checks the key, so without this a stranger could make the
    server spool 64 MB to get a 401); the staff console's uploads the large one with a valid sign-in
    (`signed_in(scope)`, from bot/console, says which paths and checks the cookie); everything else the
    JSON limit."""
    limits, channels = settings.limits, settings.channels.max_body_bytes
    key = settings.admin_api_key.get_secret_value().encode() if settings.admin_api_key else b""

    def limit_for(scope: Scope) -> int:
        path = scope["path"]
        if path.startswith("/channels/"):
            return channels
        if path.startswith(("/api/admin/ingest", "/api/admin/predock")) and key:
            auth = next((v for k, v in scope.get("headers", []) if k == b"authorization"), b"")
            scheme, _, token = auth.partition(b" ")
            if scheme.lower() == b"bearer" and hmac.compare_digest(token.strip(), key):
                return limits.max_upload_bytes
        if path.startswith("/console/") and signed_in is not None and signed_in(scope):
            return limits.max_upload_bytes
        return limits.max_body_bytes

    return limit_for


def install_security(
    app: FastAPI, settings: Settings, signed_in: Callable[[Scope], bool] | None = None
) -> None:
    """Add the request limits (the rate limit outside the body limit: a client over its rate is turned
    away before its body is read) and start redacting this configuration's secrets from logs."""
    limits = settings.limits
    app.add_middleware(BodyLimitMiddleware, limit_for=body_limit(settings, signed_in))
    redis_url = settings.redis_url.get_secret_value() if settings.redis_url else None
    app.add_middleware(
        RateLimitMiddleware,
        limits=limits,
        trusted_proxies=settings.server.trusted_proxies,
        redis_url=redis_url,
    )
    register_secrets(settings)
    install_log_redaction()
