"""The components TechBridge runs on, built from settings in one place (the composition root uses it;
so do the CLI and the tests)."""

from __future__ import annotations

import functools
from pathlib import Path

from retrieval import ChromaStore, Chunker, HybridSearcher, Ingestor, make_embedder
from retrieval.embedders import Embedder

from .settings import Settings

__all__ = ["Services"]


class Services:
    """Lazily built components: the embedded model loads on first use, not at import."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder

    @functools.cached_property
    def embedder(self) -> Embedder:
        return self._embedder or make_embedder(self.settings.embedding)

    @functools.cached_property
    def store(self) -> ChromaStore:
        return ChromaStore(self.settings.chroma, Path(self.settings.data_dir), self.embedder)

    @functools.cached_property
    def searcher(self) -> HybridSearcher:
        return HybridSearcher(self.store, self.embedder, self.settings.search)

    @functools.cached_property
    def ingestor(self) -> Ingestor:
        chunker = Chunker(self.settings.chunking.chunk_tokens, self.settings.chunking.overlap_tokens)
        return Ingestor(self.store, self.embedder, chunker, on_change=self.searcher.invalidate)
