"""The composition root: `create_app(settings)` builds the services and the routes.

Run with `uvicorn --factory bot.app:create_app`; tests call it with their own settings.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import logging
import os
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.middleware.cors import CORSMiddleware

from retrieval.embedders import Embedder

from .api import (
    admin,
    calendar,
    chat,
    feedback,
    health,
    leads,
    match,
    openai_compat,
    predock,
    records,
    regulations,
    search,
    subscriptions,
    web,
)
from .channels import router as channels
from .console import PREFIX as CONSOLE
from .console import create_console, may_upload, reapply_listing_edits
from .errors import install_error_handlers
from .security import install_security
from .services import Services
from .settings import Settings

__all__ = ["create_app"]

log = logging.getLogger("techbridge")


_MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt parameter


def _limit_malloc_arenas() -> None:
    """Cap glibc's malloc arenas at two (unless MALLOC_ARENA_MAX says otherwise). The server answers on a
    pool of threads, and glibc gives each of up to 8 x cores threads an arena of its own, where freed
    memory stays resident: at 100k chunks the server grew from 1,325 to 1,436 MiB over the benchmark's
    requests, capped from 1,292 to 1,324 MiB, at the same latency (scripts/bench.py, server stage)."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return
    try:
        libc = ctypes.CDLL(None)  # the process's own symbols, libc's among them
    except OSError:
        return
    if hasattr(libc, "mallopt"):  # glibc and musl; musl ignores the parameter
        libc.mallopt(_M_ARENA_MAX, _MALLOC_ARENAS)


def create_app(
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    clock: Callable[[], dt.date] | None = None,
) -> FastAPI:
    """Build the app. `embedder` and `clock` let tests share a loaded model and fix "today"."""
    _limit_malloc_arenas()
    settings = settings or Settings()
    services = Services(settings, embedder=embedder, clock=clock)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The database migrated to the newest schema (Alembic) before the first request, not during it.
        await run_in_threadpool(lambda: services.database)
        if settings.ingest_on_start:
            report = await run_in_threadpool(services.ingestor.ingest_paths, [settings.knowledge_dir])
            log.info("ingested %s: %s", settings.knowledge_dir, report.summary())
        # Staff edits to listings win over the files the records came from (bot/console/records.py).
        await run_in_threadpool(reapply_listing_edits, services)
        # Load the model, the keyword index and the records before the first request, not during it
        # (at 100k chunks the records alone take ~15 s to read).
        await run_in_threadpool(services.searcher.keyword_index)
        await run_in_threadpool(services.catalog.institutions)
        await run_in_threadpool(services.embedder.embed_query, "warm up")
        # The matcher's term statistics in the background: ready for the first enterprise need, without
        # holding up readiness (a need asked meanwhile waits for them).
        threading.Thread(target=services.matcher.warm, name="matcher-warm", daemon=True).start()
        # Likewise what the chat reads on its first question of a kind (service.py: ChatService.warm).
        chat = await run_in_threadpool(lambda: services.chat)
        threading.Thread(target=chat.warm, name="chat-warm", daemon=True).start()
        yield

    # The API description lists every route, the admin ones too: off in production unless asked for.
    docs = settings.server.docs if settings.server.docs is not None else settings.environment != "production"
    app = FastAPI(
        title="TechBridge",
        version="0.1.0",
        description="Retrieval-augmented assistant for technology transfer (科技成果转化): policies, "
        "technologies, enterprise demands and matchmaking events, in Chinese and English.",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.services = services
    install_error_handlers(app)
    console = create_console(services)  # the staff console (/console): its own pages, headers, sign-in
    # Before CORS: CORS stays outermost, so 429/413 carry its headers.
    install_security(app, settings, lambda scope: may_upload(console, scope))
    if settings.server.cors_origins:  # empty: same-origin only (no CORS headers at all)
        # The widget on a listed host page calls the API with fetch(); no cookies, so no credentials.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.server.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization"],
            max_age=600,
        )
    routers = (
        health,
        chat,
        feedback,
        search,
        calendar,  # before records: /api/events.ics is a calendar, not an event id
        records,
        regulations,
        match,
        admin,
        leads,
        predock,
        openai_compat,
        subscriptions,
        web,
        channels,
    )
    for module in routers:
        app.include_router(module.router)
    app.mount(CONSOLE, console)
    return app
