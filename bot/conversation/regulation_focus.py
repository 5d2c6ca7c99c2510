"""Where the article in focus sits: its neighbours, its regulation, its chapter, its other language version.

    ArticleSteps(table, regulations)
        .step(message, lang, dialogue) -> Draft | None: right after an article, "下一条呢" / "and the previous
            article?" (that neighbour, quoted whole), "which article is that", "哪个文件规定的" / "is that
            national or provincial?" (the regulation it is in, with its level where asked), "which chapter is
            that in" (its chapter), "中文版是哪一条" (the other version); None for any other message
        .name(chunk) -> the name of the regulation a chunk is in

Split from regulation_articles.py (the situations and follow-ups inside an article), which asks this first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrieval.types import Chunk

from .dialogue import DialogueState
from .draft import Draft
from .regulation_asks import asked_facts
from .regulation_facts import document_facts
from .regulation_steps import (
    article_step,
    asks_which_article,
    asks_which_chapter,
    asks_which_regulation,
    in_chapter,
    in_regulation,
    stepped,
    version_asked,
)
from .regulation_table import ArticleTable, article_key

if TYPE_CHECKING:
    from .regulations import RegulationAnswerer

__all__ = ["ArticleSteps"]


class ArticleSteps:
    """Questions about where the article in focus sits, answered from the article table."""

    def __init__(self, table: ArticleTable, regulations: RegulationAnswerer) -> None:
        self.table = table
        self.regulations = regulations

    def step(self, message: str, lang: str, dialogue: DialogueState) -> Draft | None:
        if dialogue.article is None:
            return None
        step = article_step(message)
        number = asks_which_article(message) and not self._elsewhere(message, dialogue.article)
        chapter = asks_which_chapter(message)
        which = asks_which_regulation(message) or number
        version = version_asked(message)
        if not (step or which or chapter or version):
            return None
        article = self.table.by_chunk_id(dialogue.article)
        if article is None:
            return None
        if version is not None and version in article.versions:  # "中文版是哪一条": that version, whole
            other = article.versions[version]
            return stepped(self.table.articles(), article_key(other), 0, version, self.name(other))
        chunk = article.version(lang)
        name = self.name(chunk)
        if step:
            return stepped(self.table.articles(), article_key(chunk), step, lang, name)
        if chapter:  # "which chapter is that in": the chapter heading the article stands under
            return in_chapter(chunk, name, lang)
        # "这是国家的还是省里的": the regulation, and its level in plain words (regulation_facts.py)
        docs = [d for d in self.regulations.regulations() if d.doc_id == chunk.doc_id]
        found = document_facts(message, lang, docs, ["level"]) if "level" in asked_facts(message) else None
        return in_regulation(chunk, name, lang, found[0] if found and found[1] else "")

    def _elsewhere(self, message: str, chunk_id: str) -> bool:
        """Whether the message names a regulation other than the one the article in focus is in."""
        article = self.table.by_chunk_id(chunk_id)
        docs = {c.doc_id for c in article.versions.values()} if article else set()
        own = {d.group for d in self.regulations.regulations() if d.doc_id in docs}
        return bool({d.group for d in self.regulations.named(message)} - own)

    def name(self, chunk: Chunk) -> str:
        doc = next((d for d in self.regulations.regulations() if d.doc_id == chunk.doc_id), None)
        return doc.name if doc else chunk.title
