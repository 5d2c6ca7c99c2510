"""Settings of the knowledge pipeline as plain models; `bot.settings.Settings` composes them and reads
them from `TECHBRIDGE_*` environment variables."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, SecretStr

__all__ = ["ChromaSettings", "ChunkingSettings", "EmbeddingSettings", "SearchSettings"]


class EmbeddingSettings(BaseModel):
    provider: Literal["use", "openai", "hashing"] = "use"
    # One BLAS thread per call: on 2 cores with concurrent requests (or any other busy process), OpenBLAS's
    # spinning threads made the model 3-7x slower (query 7 -> 28 ms, 8-client /api/chat 16 -> 2.3 req/s;
    # scripts/bench.py). Requests in flight already keep the cores busy.
    threads: int = Field(1, ge=1, description="BLAS threads for the embedded model")
    # A bulk batch (ingest: 64 chunks a call) keeps both BLAS threads busy without a request waiting on
    # it: 148 -> 193 chunks/s on 2 cores (scripts/bench.py, ingest stage).
    batch_threads: int = Field(2, ge=1, description="BLAS threads for bulk batches of the embedded model")
    batch_size: int = Field(64, ge=1)
    base_url: str | None = None  # provider openai
    api_key: SecretStr | None = None
    model: str | None = None
    timeout_s: float = 30.0


class ChromaSettings(BaseModel):
    url: str | None = None  # e.g. http://127.0.0.1:8001 switches from on-disk to a Chroma server
    collection: str = Field("techbridge", min_length=3)
    timeout_s: float = 10.0


class ChunkingSettings(BaseModel):
    chunk_tokens: int = Field(256, ge=32, le=2048)
    overlap_tokens: int = Field(32, ge=0)


class SearchSettings(BaseModel):
    # Weight of the max-normalised BM25 score added to the cosine similarity. Calibrated with
    # `techbridge eval` (see README): larger values start to push same-language keyword matches above
    # the right cross-lingual passage.
    keyword_weight: float = Field(0.2, ge=0.0, le=1.0)
    # Added to the score of passages in the other language than the question's: the multilingual model
    # gives a Chinese question and the English passage that answers it a lower cosine than a same-
    # language passage of equal relevance. Calibrated with `techbridge eval --boosts`.
    cross_lingual_boost: float = Field(0.05, ge=0.0, le=0.5)
    # Share of the keyword bonus a match on glossary translations earns, against the question's own words.
    translation_trust: float = Field(1.0, ge=0.0, le=1.0)
    # Dense candidates per language (the probe takes twice as many neighbours) and keyword matches per
    # language that a search fuses. 25 instead of 50, interleaved on the benchmark's 300 questions: 100k
    # chunks p50 15.4 -> 12.2 ms, recall@5 0.587 -> 0.590; 10k 10.5 -> 9.5 ms, 0.713 -> 0.707; the
    # evaluations (retrieval, answers, match) unchanged.
    candidates: int = Field(25, ge=5, le=500)
