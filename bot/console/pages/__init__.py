"""One router per console section; `ROUTERS` is what the console app includes."""

from __future__ import annotations

from fastapi import APIRouter

from . import conversations, knowledge, leads, overview, session

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    session.router,
    overview.router,
    knowledge.router,
    leads.router,
    conversations.router,
)
