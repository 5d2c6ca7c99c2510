"""TechBridge knowledge pipeline: load, chunk, embed, store, search. Imports nothing from `bot`."""

from .chroma_store import ChromaStore
from .chunking import Chunker
from .embedders import Embedder, HashingEmbedder, OpenAIEmbedder, UseEmbedder, make_embedder
from .ingest import Ingestor, IngestReport
from .search import HybridSearcher, SearchResult
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
    "IngestReport",
    "Ingestor",
    "OpenAIEmbedder",
    "SearchFilters",
    "SearchResult",
    "UseEmbedder",
    "make_embedder",
]
