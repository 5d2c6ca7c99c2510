"""Curated answers: the right answer to a question, written once by staff (from an unanswered or
down-rated message, in the console), which the assistant gives, with its citations, the next time the
question or a paraphrase of it is asked (bot/chat/curated.py matches the questions).

An entry is never deleted: `archive` makes it inactive, so the conversation that led to it and the audit
log keep pointing at something. `stamp()` is the "did anything change" probe the matcher asks before each
question: it moves at once for a write in this process and within a second for one in another
(freshness.py asks `version()`, one indexed aggregate, at most once a second), with no message between
processes.
"""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from retrieval.errors import NotFoundError
from retrieval.text import detect_lang

from ..errors import RequestError
from .db import Database
from .freshness import Freshness
from .schema import curated_answers
from .text import storable, storable_json

__all__ = ["CuratedAnswer", "CuratedAnswerStore"]

_LANGS = ("en", "zh")
_VERSION = select(func.count(), func.max(curated_answers.c.updated_at))


@dataclass(frozen=True)
class CuratedAnswer:
    id: str
    question: str
    answer: str
    lang: str  # the language staff wrote it in: en | zh
    citations: list[dict[str, Any]]  # as the chat API cites: {"doc_id", "title", "source", ...}
    source_message_id: str | None  # the assistant message it corrects, when written from one
    author: str
    active: bool
    created_at: dt.datetime
    updated_at: dt.datetime


def _row(row: Any) -> CuratedAnswer:
    return CuratedAnswer(
        id=row.id,
        question=row.question,
        answer=row.answer,
        lang=row.lang or detect_lang(row.question),
        citations=list(row.citations or []),
        source_message_id=row.source_message_id,
        author=row.author,
        active=bool(row.active),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _text(value: str, what: str) -> str:
    value = storable(value.strip())
    if not value:
        raise RequestError(f"a curated answer needs a {what}")
    return value


def _citations(citations: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [storable_json(dict(c)) for c in citations]


class CuratedAnswerStore:
    """The `curated_answers` table. Raises RequestError for an empty question or answer and NotFoundError
    for an id that is not there."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._last_now: dt.datetime | None = None
        self._fresh = Freshness(db.url, curated_answers.name, self.version)

    def _now(self) -> dt.datetime:
        # Strictly increasing within a process at the stored millisecond precision, so two edits in the
        # same millisecond still move `version()` and the matcher re-reads.
        now = dt.datetime.now(dt.UTC)
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        if self._last_now is not None and now <= self._last_now:
            now = self._last_now + dt.timedelta(milliseconds=1)
        self._last_now = now
        return now

    def add(
        self,
        question: str,
        answer: str,
        *,
        author: str,
        lang: str | None = None,
        citations: Iterable[Mapping[str, Any]] = (),
        source_message_id: str | None = None,
    ) -> CuratedAnswer:
        question, answer = _text(question, "question"), _text(answer, "answer")
        if lang is not None and lang not in _LANGS:
            raise RequestError(f"lang must be one of {', '.join(_LANGS)}, not {lang!r}")
        now = self._now()
        values = {
            "id": uuid.uuid4().hex,
            "question": question,
            "answer": answer,
            "lang": lang or detect_lang(question),
            "citations": _citations(citations),
            "source_message_id": storable(source_message_id),
            "author": storable(author),
            "active": True,
            "created_at": now,
            "updated_at": now,
        }
        with self.db.begin() as conn:
            conn.execute(curated_answers.insert().values(**values))
        self._fresh.changed()
        return CuratedAnswer(**values)  # type: ignore[arg-type]

    def update(
        self,
        id: str,
        *,
        answer: str,
        question: str | None = None,
        citations: Iterable[Mapping[str, Any]] | None = None,
        author: str,
    ) -> CuratedAnswer:
        values: dict[str, Any] = {
            "answer": _text(answer, "answer"),
            "author": storable(author),
            "updated_at": self._now(),
        }
        if question is not None:
            values["question"] = _text(question, "question")
        if citations is not None:
            values["citations"] = _citations(citations)
        with self.db.begin() as conn:
            done = conn.execute(curated_answers.update().where(curated_answers.c.id == id).values(**values))
            if not done.rowcount:
                raise NotFoundError(f"no curated answer {id!r}")
            row = conn.execute(select(curated_answers).where(curated_answers.c.id == id)).one()
        self._fresh.changed()
        return _row(row)

    def archive(self, id: str, author: str) -> None:
        values = {"active": False, "author": storable(author), "updated_at": self._now()}
        with self.db.begin() as conn:
            done = conn.execute(curated_answers.update().where(curated_answers.c.id == id).values(**values))
            if not done.rowcount:
                raise NotFoundError(f"no curated answer {id!r}")
        self._fresh.changed()

    def list(self, active_only: bool = True) -> builtins.list[CuratedAnswer]:
        """Newest change first."""
        query = select(curated_answers).order_by(curated_answers.c.updated_at.desc(), curated_answers.c.id)
        if active_only:
            query = query.where(curated_answers.c.active)
        with self.db.connect() as conn:
            return [_row(r) for r in conn.execute(query)]

    def get(self, id: str) -> CuratedAnswer | None:
        with self.db.connect() as conn:
            row = conn.execute(select(curated_answers).where(curated_answers.c.id == storable(id))).first()
        return _row(row) if row is not None else None

    def version(self) -> tuple[int, dt.datetime | None]:
        """(rows, newest change): moves on every add, update and archive, whichever process made it."""
        with self.db.connect() as conn:
            count, newest = conn.execute(_VERSION).one()
        if isinstance(newest, str):  # SQLite's aggregate comes back as the stored text, untyped
            newest = dt.datetime.fromisoformat(newest)
        return int(count), newest

    def stamp(self) -> Hashable:
        """Changes when the entries may have: at once for a change made in this process (through any
        store on this database), within a second for one made in another (freshness.py)."""
        return self._fresh.token()
