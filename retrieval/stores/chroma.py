"""The vector store on Chroma: on disk by default, or a Chroma server when a URL is configured.

Only this module imports chromadb. Chunks become Chroma records in the stores' shared format
(stores/metadata.py); `SearchFilters` become Chroma `where` filters here (`_where`) and nowhere else.
The fingerprint cache (stores/fingerprint.py) and the vector cache (stores/vector_cache.py) live beside it.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaClientSettings
from chromadb.utils.embedding_functions import register_embedding_function

from ..config import ChromaSettings
from ..embedders import Embedder
from ..errors import EmbedderMismatchError, StoreUnavailableError
from ..types import Chunk, SearchFilters, date_int, field_flag
from .base import Changes, DocWrite, StoredDoc
from .changelog import ChangeLog
from .fingerprint import FingerprintCache
from .metadata import chunk_key, stored_docs, to_chunk, to_metadata
from .vector_cache import VectorCache

__all__ = ["ChromaStore"]

T = TypeVar("T")
log = logging.getLogger(__name__)
_PAGE = 2000  # rows per get() page when scanning the whole collection


@register_embedding_function
class TechBridgeEmbeddingFunction(EmbeddingFunction[Documents]):
    """Registered so Chroma never falls back to its default function, which downloads a model."""

    def __init__(self, embedder: Embedder | None = None, embedder_name: str = "") -> None:
        self._embedder = embedder
        self._name = embedder.name if embedder else embedder_name

    def __call__(self, input: Documents) -> Embeddings:
        if self._embedder is None:
            raise RuntimeError(f"collection was built by {self._name}; open it through TechBridge")
        return [list(v) for v in self._embedder.embed_documents(list(input))]  # type: ignore[misc]

    @staticmethod
    def name() -> str:
        return "techbridge"

    def get_config(self) -> dict[str, Any]:
        return {"embedder": self._name}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> TechBridgeEmbeddingFunction:
        return TechBridgeEmbeddingFunction(embedder_name=str(config.get("embedder", "")))

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"


def _guard(fn: Callable[..., T]) -> Callable[..., T]:
    """Connection failures to a Chroma server become StoreUnavailableError (HTTP 503 upstream)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return fn(*args, **kwargs)
        except (EmbedderMismatchError, StoreUnavailableError):
            raise
        except Exception as exc:
            if _is_connection_error(exc):
                raise StoreUnavailableError(f"vector store unavailable: {exc}") from exc
            raise

    return wrapper


def _http_client(host: str, port: int, ssl: bool, settings: ChromaClientSettings, timeout_s: float) -> Any:
    """A Chroma HttpClient whose every call is bounded by `timeout_s`.

    chromadb's HTTP client sets no timeout (httpx `timeout=None`), so a server that accepts connections but
    never answers (stopped, overloaded, a half-open network path) would hang each request for ever. A
    heartbeat with the timeout comes first (the constructor itself calls the server), then the client's
    httpx session gets the timeout. The session is private API: if a chromadb release moves it, say so
    rather than run unbounded.
    """
    import httpx

    base = f"{'https' if ssl else 'http'}://{host}:{port}"
    httpx.get(f"{base}/api/v2/heartbeat", timeout=timeout_s)  # transport errors become StoreUnavailable
    client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(timeout_s)
    else:  # pragma: no cover - depends on chromadb internals
        log.warning("cannot set a timeout on the Chroma client for %s: its requests are unbounded", base)
    return client


def _is_connection_error(exc: BaseException) -> bool:
    import httpx

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, httpx.TransportError | ConnectionError | TimeoutError):
            return True
        if "Could not connect" in str(seen) or "Connection refused" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class ChromaStore:
    """The `VectorStore` (stores/base.py) on a Chroma collection."""

    def __init__(self, settings: ChromaSettings, data_dir: Path, embedder: Embedder) -> None:
        self._settings = settings
        self._embedder = embedder
        self._data_dir = data_dir
        self._collection: Any = None
        self._client: Any = None
        # The read is looked up on each call (not bound here), so a test can stand in for it on the store.
        self._fingerprints = FingerprintCache(
            read=lambda: self._read_fingerprint(),
            count=lambda: self.count(),
            mark_written=lambda: self._mark_written(),
            thread_name="chroma-fingerprint",
        )
        self._vectors = VectorCache()
        self._log_collection: Any = None
        self._log = ChangeLog(
            collection=lambda: self._change_log(),
            lineage=lambda: self.fingerprint().rpartition(":")[0],  # the collection's name and id
        )

    # ---- connection ----------------------------------------------------------------------------
    @_guard
    def _connect(self) -> Any:
        client_settings = ChromaClientSettings(anonymized_telemetry=False, allow_reset=False)
        if self._settings.url:
            from urllib.parse import urlparse

            url = urlparse(self._settings.url)
            host, port = url.hostname or "127.0.0.1", url.port or (443 if url.scheme == "https" else 8000)
            return _http_client(host, port, url.scheme == "https", client_settings, self._settings.timeout_s)
        path = self._data_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=client_settings)

    @property
    def collection(self) -> Any:
        if self._collection is None:
            self._collection = self._open()
        return self._collection

    @property
    def location(self) -> str:
        return self._settings.url or str(self._data_dir / "chroma")

    @_guard
    def _open(self) -> Any:
        if self._client is None:
            self._client = self._connect()
        ef = TechBridgeEmbeddingFunction(self._embedder)
        coll = self._client.get_or_create_collection(
            name=self._settings.collection,
            embedding_function=ef,
            metadata={"hnsw:space": "cosine", "embedder": self._embedder.name},
        )
        built_by = (coll.metadata or {}).get("embedder")
        if built_by != self._embedder.name:
            raise EmbedderMismatchError(
                f"the index at {self.location} (collection {self._settings.collection!r}) was built with "
                f"embedder {built_by!r}, but {self._embedder.name!r} is configured. Re-index with "
                f"`techbridge ingest --rebuild`, or set TECHBRIDGE_EMBEDDING__PROVIDER back."
            )
        return coll

    @_guard
    def reset(self) -> None:
        """Drop the collection (re-index from scratch with another embedder)."""
        if self._client is None:
            self._client = self._connect()
        for name in (self._settings.collection, self._log_name):  # a new collection starts a new log
            try:
                self._client.delete_collection(name)
            except Exception as exc:
                if "does not exist" not in str(exc).lower() and "not found" not in str(exc).lower():
                    raise
        self._collection = self._log_collection = None
        self._fingerprints.forget()
        self._vectors.clear()

    @property
    def _log_name(self) -> str:
        return f"{self._settings.collection}-changes"

    def _change_log(self) -> Any:
        if self._log_collection is None:
            if self._client is None:
                self.collection  # noqa: B018  (connects, and checks the embedder)
            self._log_collection = self._client.get_or_create_collection(
                name=self._log_name, embedding_function=TechBridgeEmbeddingFunction(self._embedder)
            )
        return self._log_collection

    @_guard
    def changes(self, cursor: str | None) -> Changes:
        """The `ChangeFeed` (stores/base.py): documents written since `cursor` by any process, read from
        the log every write through a ChromaStore appends to (stores/changelog.py)."""
        return self._log.changes(cursor)

    @_guard
    def heartbeat(self) -> None:
        self.collection.count()

    # ---- writes -------------------------------------------------------------------------------
    @_guard
    def upsert_many(self, docs: Sequence[DocWrite]) -> None:
        """Write the chunks of several documents, each given as (chunks, embeddings, doc_hash, origin), in one
        call: a write's fixed cost (the commit) dominates small writes."""
        rows = [
            (c, e, h, o, len(chunks))
            for chunks, vectors, h, o in docs
            for c, e in zip(chunks, vectors, strict=True)
        ]
        if not rows:
            return
        self.collection.upsert(
            ids=[chunk_key(c, h) for c, _, h, _, _ in rows],
            embeddings=[list(e) for _, e, _, _, _ in rows],
            documents=[c.text for c, _, _, _, _ in rows],
            metadatas=[to_metadata(c, h, n, o) for c, _, h, o, n in rows],
        )
        self._log.append(c.doc_id for c, _, _, _, _ in rows)
        self._mark_written()

    @staticmethod
    def to_chunk(text: str | None, meta: dict[str, Any]) -> Chunk:
        """The chunk a stored record (document text and metadata, as a get returns them) holds."""
        return to_chunk(text, meta)

    @_guard
    def delete_doc(self, doc_id: str, keep_hash: str | None = None) -> None:
        where: dict[str, Any] = {"doc_id": doc_id}
        if keep_hash:
            where = {"$and": [{"doc_id": doc_id}, {"doc_hash": {"$ne": keep_hash}}]}
        self.collection.delete(where=where)
        self._log.append((doc_id,))
        self._mark_written()

    def _mark_written(self) -> None:
        """Record a new write id in the collection's metadata, so every process sees the index changed
        (the chunk count alone misses a document replaced by one with as many chunks)."""
        self.collection.modify(metadata={"embedder": self._embedder.name, "write_id": uuid.uuid4().hex})
        self._fingerprints.forget()

    def fingerprint(self) -> str:
        """A value that changes whenever the index does, whichever process wrote it: the collection's id
        and the write id every write through a ChromaStore records. Caches built on the index are keyed by
        it, so every process must compute the same value for the same index; how stale it may be is
        stores/fingerprint.py's to say."""
        return self._fingerprints.get()

    @_guard
    def _read_fingerprint(self) -> str:
        ef = TechBridgeEmbeddingFunction(self._embedder)
        self.collection  # noqa: B018  (opens the collection and checks its embedder on first use)
        fresh = self._client.get_collection(self._settings.collection, embedding_function=ef)
        write_id = (fresh.metadata or {}).get("write_id", "")
        return f"{self._settings.collection}:{fresh.id}:{write_id}"

    # ---- reads --------------------------------------------------------------------------------
    @_guard
    def count(self) -> int:
        return int(self.collection.count())

    @_guard
    def embeddings(self, keys: Sequence[str]) -> dict[str, list[float]]:
        if not keys:
            return {}
        res = self.collection.get(ids=list(keys), include=["embeddings"])
        return {key: list(map(float, emb)) for key, emb in zip(res["ids"], res["embeddings"], strict=True)}

    @_guard
    def nearest(self, embedding: Sequence[float], n: int) -> list[tuple[str, float]]:
        """(key, cosine similarity) of the n nearest chunks, unfiltered, without their text or metadata.

        The cheap query: ids and distances only (~4 ms for n=300 at 10k chunks); a `where` filter costs a
        scan of the metadata (~40 ms at 10k chunks whatever n, growing with the collection) and metadata
        in the answer ~0.2 ms a row (measured on 2 cores, scripts/bench.py)."""
        if n <= 0:
            return []
        res = self.collection.query(query_embeddings=[list(embedding)], n_results=n, include=["distances"])
        pairs = zip(res["ids"][0], res["distances"][0], strict=True)
        return [(key, 1.0 - float(dist)) for key, dist in pairs]

    @_guard
    def vectors(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors (float32) of these chunks: cheap, unlike their metadata, and kept (LRU)."""
        out, missing = self._vectors.lookup(keys)
        for start in range(0, len(missing), _PAGE):
            res = self.collection.get(ids=missing[start : start + _PAGE], include=["embeddings"])
            found = dict(zip(res["ids"], np.asarray(res["embeddings"], dtype=np.float32), strict=True))
            out.update(found)
            self._vectors.add(found)
        return out

    @_guard
    def get(self, keys: Sequence[str]) -> dict[str, Chunk]:
        if not keys:
            return {}
        res = self.collection.get(ids=list(keys), include=["documents", "metadatas"])
        return {
            k: to_chunk(d, m) for k, d, m in zip(res["ids"], res["documents"], res["metadatas"], strict=True)
        }

    @_guard
    def _pages(self, filters: SearchFilters | None, include: list[str]) -> Iterator[dict[str, Any]]:
        """The stored chunks that pass the filters, a get() response per page of _PAGE."""
        where = _where(filters)
        offset = 0
        while True:
            res = self.collection.get(where=where, limit=_PAGE, offset=offset, include=include)
            if not res["ids"]:
                return
            yield res
            if len(res["ids"]) < _PAGE:  # the last page: no round trip for an empty one (a document's chunks)
                return
            offset += len(res["ids"])

    def scan(
        self, filters: SearchFilters | None = None, with_text: bool = True
    ) -> Iterator[tuple[str, Chunk | None, dict[str, Any]]]:
        """Every stored chunk that passes the filters (key, chunk or None, raw metadata), page by page."""
        include = ["metadatas", "documents"] if with_text else ["metadatas"]
        for res in self._pages(filters, include):
            ids = res["ids"]
            docs = res.get("documents") or [None] * len(ids)
            for key, doc, meta in zip(ids, docs, res["metadatas"], strict=True):
                yield key, (to_chunk(doc, meta) if with_text else None), meta

    @_guard
    def scan_vectors(
        self, filters: SearchFilters | None = None
    ) -> Iterator[tuple[str, Chunk, dict[str, Any], np.ndarray]]:
        """Every stored chunk that passes the filters (key, chunk, raw metadata, vector as float32), page
        by page."""
        for res in self._pages(filters, ["metadatas", "documents", "embeddings"]):
            vectors = np.asarray(res["embeddings"], dtype=np.float32)
            rows = zip(res["ids"], res["documents"], res["metadatas"], vectors, strict=True)
            for key, doc, meta, vector in rows:
                yield key, to_chunk(doc, meta), meta, vector

    def stored_docs(self) -> dict[str, StoredDoc]:
        return stored_docs(meta for _, _, meta in self.scan(with_text=False))

    def articles(
        self, numbers: Sequence[int], filters: SearchFilters | None = None
    ) -> list[tuple[str, Chunk]]:
        """Regulation articles with these numbers (all regulations unless the filters narrow them)."""
        if not numbers:
            return []
        wanted = replace(filters or SearchFilters(), article_no=tuple(int(n) for n in numbers))
        return [(key, c) for key, c, _ in self.scan(wanted) if c is not None]


def _where(filters: SearchFilters | None) -> dict[str, Any] | None:
    """The Chroma `where` filter that keeps what `filters.matches` keeps."""
    if filters is None:
        return None
    clauses: list[dict[str, Any]] = []
    if filters.kind:
        clauses.append({"kind": {"$in": list(filters.kind)}})
    if filters.lang:
        clauses.append({"lang": filters.lang})
    if filters.date_from:
        clauses.append({"date_int": {"$gte": date_int(filters.date_from)}})
    if filters.date_to:
        clauses.append({"date_int": {"$lte": date_int(filters.date_to)}})
        clauses.append({"date_int": {"$gt": 0}})
    if filters.field:
        clauses.append({field_flag(filters.field): True})
    if filters.city:
        clauses.append({"city": filters.city})
    if filters.doc_id:
        clauses.append({"doc_id": filters.doc_id})
    if filters.article_no:
        clauses.append({"article_no": {"$in": list(filters.article_no)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
