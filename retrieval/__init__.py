"""TechBridge knowledge pipeline: load, chunk, embed, store, search. Imports nothing from `bot`."""

from .chunking import Chunker
from .embedders import Embedder, HashingEmbedder, OpenAIEmbedder, UseEmbedder, make_embedder
from .ingest import Ingestor, IngestReport
from .search import HybridSearcher, SearchResult
from .stores.base import VectorStore
from .stores.chroma import ChromaStore
from .stores.memory import InMemoryStore
from .types import Chunk, Document, Hit, SearchFilters

__all__ = [
    "ChromaStore",
    "Chunk",
    "Chunker",
    "Document",
    "Embedder",
    "HashingEmbedder",
    "Hit",
    "HybridSearcher",
    "InMemoryStore",
    "IngestReport",
    "Ingestor",
    "OpenAIEmbedder",
    "SearchFilters",
    "SearchResult",
    "UseEmbedder",
    "VectorStore",
    "make_embedder",
]
