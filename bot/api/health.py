from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from retrieval.errors import TechBridgeError

from ..deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness: the process is up and serving HTTP."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(services: ServicesDep) -> JSONResponse:
    """Readiness: the vector store answers and holds an index built by the configured embedder."""
    try:
        count = await run_in_threadpool(services.store.count)
    except TechBridgeError as exc:
        return JSONResponse({"status": "unavailable", "detail": str(exc)}, status_code=503)
    return JSONResponse(
        {
            "status": "ready",
            "chunks": count,
            "embedder": services.embedder.name,
            "store": services.store.location,
        }
    )
