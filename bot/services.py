"""The components TechBridge runs on, built from settings in one place (the composition root uses it;
so do the CLI and the tests)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from retrieval import ChromaStore, Chunker, HybridSearcher, Ingestor, make_embedder
from retrieval.embedders import Embedder

from .settings import Settings

if TYPE_CHECKING:
    from retrieval.catalog import Catalog

    from .chat.service import ChatService
    from .chat.store import ConversationStore

__all__ = ["Services"]


class Services:
    """Lazily built components: the embedded model loads on first use, not at import."""

    def __init__(
        self, settings: Settings, embedder: Embedder | None = None, clock: Callable[[], dt.date] | None = None
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self.clock = clock or dt.date.today

    @functools.cached_property
    def embedder(self) -> Embedder:
        return self._embedder or make_embedder(self.settings.embedding)

    @functools.cached_property
    def store(self) -> ChromaStore:
        return ChromaStore(self.settings.chroma, Path(self.settings.data_dir), self.embedder)

    @functools.cached_property
    def searcher(self) -> HybridSearcher:
        from retrieval.glossary import Glossary

        glossary = Glossary.load(Path(self.settings.knowledge_dir) / "glossary.yaml")
        return HybridSearcher(self.store, self.embedder, self.settings.search, glossary)

    @functools.cached_property
    def ingestor(self) -> Ingestor:
        chunker = Chunker(self.settings.chunking.chunk_tokens, self.settings.chunking.overlap_tokens)
        return Ingestor(self.store, self.embedder, chunker, on_change=self._changed)

    def _changed(self) -> None:
        self.searcher.invalidate()
        if "catalog" in self.__dict__:
            self.catalog.invalidate()

    @functools.cached_property
    def catalog(self) -> Catalog:
        from retrieval.catalog import Catalog

        return Catalog(self.store, self.searcher)

    @functools.cached_property
    def conversations(self) -> ConversationStore:
        from .chat.store import SqliteConversationStore

        return SqliteConversationStore(Path(self.settings.data_dir) / "conversations.sqlite3")

    @functools.cached_property
    def chat(self) -> ChatService:
        from .chat.llm import make_chat_model
        from .chat.service import ChatService

        return ChatService(
            self.searcher, self.catalog, self.store, self.embedder, self.conversations, self.settings.llm,
            chat_model=make_chat_model(self.settings.llm), clock=self.clock,
        )
