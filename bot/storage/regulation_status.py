"""What editors say of a regulation's articles: amended or repealed since the text in the knowledge base
was written (the console's Regulations page sets it), so answers that quote such an article say so.

An article is named by its number, the `article_no` its chunks carry (retrieval/chunking.py): "12" for
第十二条 / Article 12, in both language versions alike. `set` also takes "Article 12" or "第十二条".
In force is the default: setting it back deletes the row, so `all()` holds only the marked articles and
stays small enough to read once per answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, get_args

from sqlalchemy import delete, select

from retrieval.search import article_refs

from ..errors import RequestError
from .db import Database
from .schema import regulation_status
from .text import storable

__all__ = ["ArticleStatus", "RegulationStatusStore", "Status", "article_key"]

Status = Literal["in_force", "amended", "repealed"]


@dataclass(frozen=True)
class ArticleStatus:
    doc_id: str
    article: str  # the article number as text: "12"
    status: Status
    note: str
    author: str
    updated_at: dt.datetime


def article_key(article: str | int) -> str:
    """ "12" for 12, "12", "Article 12", "art. 12" or "第十二条"; RequestError for anything else."""
    text = str(article).strip()
    if text.isdigit():
        return str(int(text))
    refs = article_refs(text)
    if len(refs) != 1:
        raise RequestError(f"not one article number: {text!r}")
    return str(refs.pop())


class RegulationStatusStore:
    """The `regulation_status` table: one row per article marked amended or repealed."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def set(self, doc_id: str, article: str | int, status: str, *, note: str, author: str) -> None:
        if status not in get_args(Status):
            raise RequestError(f"status must be one of {', '.join(get_args(Status))}, not {status!r}")
        key = (storable(doc_id), article_key(article))
        where = (regulation_status.c.doc_id == key[0]) & (regulation_status.c.article == key[1])
        with self.db.begin() as conn:
            conn.execute(delete(regulation_status).where(where))
            if status != "in_force":
                conn.execute(
                    regulation_status.insert().values(
                        doc_id=key[0],
                        article=key[1],
                        status=status,
                        note=storable(note.strip()),
                        author=storable(author),
                        updated_at=dt.datetime.now(dt.UTC),
                    )
                )

    def all(self) -> dict[tuple[str, str], ArticleStatus]:
        """(doc_id, article) -> its status, for every article marked other than in force."""
        with self.db.connect() as conn:
            rows = conn.execute(select(regulation_status)).all()
        return {(r.doc_id, r.article): _status(r) for r in rows}

    def get(self, doc_id: str, article: str | int) -> ArticleStatus | None:
        key = article_key(article)
        query = select(regulation_status).where(
            (regulation_status.c.doc_id == storable(doc_id)) & (regulation_status.c.article == key)
        )
        with self.db.connect() as conn:
            row = conn.execute(query).first()
        return _status(row) if row is not None else None


def _status(row: Any) -> ArticleStatus:
    return ArticleStatus(
        doc_id=row.doc_id,
        article=row.article,
        status=row.status,
        note=row.note or "",
        author=row.author,
        updated_at=row.updated_at,
    )
