"""The chat contract: ChatRequest, ChatResponse, Citation (DESIGN.md, public HTTP contract)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from retrieval.types import Chunk, Kind

__all__ = ["ChatRequest", "ChatResponse", "Citation", "Kind", "Mode"]

Mode = Literal["extractive", "llm", "local", "curated"]  # curated: staff wrote it (bot/chat/curated.py)
MAX_MESSAGE_CHARS = 4000


class Citation(BaseModel):
    n: int = Field(description="the number used in the answer text, [n]")
    doc_id: str
    chunk_id: str
    kind: Kind
    title: str
    source: str
    url: str
    date: str | None
    locator: str = Field(description='e.g. "Article 45" / "第四十五条" for regulation articles')
    snippet: str

    @classmethod
    def of(cls, n: int, chunk: Chunk, snippet: str | None = None) -> Citation:
        return cls(
            n=n,
            doc_id=chunk.doc_id,
            chunk_id=chunk.id,
            kind=chunk.kind,
            title=chunk.title,
            source=chunk.source,
            # Only web links: a document's `javascript:` or `data:` "URL" is not passed on as a link.
            url=chunk.url if chunk.url.lower().startswith(("https://", "http://")) else "",
            date=chunk.date.isoformat() if chunk.date else None,
            locator=chunk.locator,
            snippet=(snippet if snippet is not None else chunk.text)[:500],
        )


class ChatRequest(BaseModel):
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    session_id: str | None = Field(None, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    lang: Literal["zh", "en"] | None = None

    @field_validator("message")
    @classmethod
    def _no_nul(cls, value: str) -> str:
        # A NUL byte is no text anyone types, and PostgreSQL cannot store it: a 422, on every store.
        if "\x00" in value:
            raise ValueError("the message contains a NUL character")
        return value


class ChatResponse(BaseModel):
    session_id: str
    message_id: str
    answer: str
    answered: bool
    mode: Mode
    lang: Literal["zh", "en"]
    citations: list[Citation]
    suggestions: list[str] = Field(default_factory=list, description="suggested follow-up questions")
