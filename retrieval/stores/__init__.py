"""Vector stores behind one protocol (base.py): Chroma (chroma.py, the only module importing chromadb) and
an in-memory one (memory.py). `from retrieval.stores.chroma import ChromaStore` where Chroma is wanted;
this package's own import stays free of chromadb."""

from .base import StoredDoc, VectorStore
from .memory import InMemoryStore

__all__ = ["InMemoryStore", "StoredDoc", "VectorStore"]
