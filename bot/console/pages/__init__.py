"""One router per console section; `ROUTERS` is what the console app includes."""

from __future__ import annotations

from fastapi import APIRouter

from . import conversations, curated, gaps, knowledge, leads, listings, office, overview, regulations, session

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    session.router,
    overview.router,
    knowledge.router,
    listings.router,
    leads.router,
    conversations.router,
    curated.router,
    regulations.router,
    gaps.router,
    office.router,
)
