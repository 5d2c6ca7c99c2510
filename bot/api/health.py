"""Liveness and readiness probes: free of rate limits, so cheap by construction.

`/readyz` asks the vector store for its size, which on a Chroma server is a network call: its answer is
kept for a second (`READY_TTL_S`), and concurrent probes share one call, so a flood of probes costs the
store one request per second. Its body says ready or not and nothing about where the index lives or what
went wrong (the path of the store and the error's text are in the server log, not in a public response).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from retrieval.errors import TechBridgeError

from ..deps import ServicesDep

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)
READY_TTL_S = 1.0


@dataclass
class _Readiness:
    """The last readiness answer of one app, and the lock that lets one probe at a time ask the store."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    checked_at: float = float("-inf")
    status: int = 503
    body: dict[str, Any] = field(default_factory=dict)


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness: the process is up and serving HTTP."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request, services: ServicesDep) -> JSONResponse:
    """Readiness: the vector store answers and holds an index built by the configured embedder (checked at
    most once a second)."""
    state = request.app.state
    readiness: _Readiness | None = getattr(state, "readiness", None)
    if readiness is None:
        readiness = state.readiness = _Readiness()
    async with readiness.lock:
        if time.monotonic() - readiness.checked_at >= READY_TTL_S:
            try:
                count = await run_in_threadpool(services.store.count)
            except TechBridgeError as exc:
                log.warning("readyz: not ready: %s: %s", type(exc).__name__, exc)
                readiness.status, readiness.body = 503, {"status": "unavailable", "error": type(exc).__name__}
            else:
                body = {"status": "ready", "chunks": count, "embedder": services.embedder.name}
                readiness.status, readiness.body = 200, body
            readiness.checked_at = time.monotonic()
        return JSONResponse(readiness.body, status_code=readiness.status)
