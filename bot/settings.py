"""All settings in one pydantic-settings root: `TECHBRIDGE_` prefix, `__` for nesting.

Example: TECHBRIDGE_LLM__BASE_URL, TECHBRIDGE_CHROMA__URL, TECHBRIDGE_CHANNELS__SLACK__SIGNING_SECRET.
`.env.example` lists every setting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from retrieval.config import ChromaSettings, ChunkingSettings, EmbeddingSettings, SearchSettings

from .channels.config import ChannelsSettings

__all__ = ["LLMSettings", "ServerSettings", "Settings"]


class ServerSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: list[str] = []


class LLMSettings(BaseModel):
    mode: Literal["extractive", "llm", "local"] = "extractive"
    base_url: str | None = None  # any OpenAI-compatible endpoint; for "local", the llama.cpp server
    api_key: SecretStr | None = None
    model: str | None = None
    timeout_s: float = Field(60.0, gt=0)
    max_tokens: int = Field(700, ge=16)
    temperature: float = 0.1
    context_tokens: int = Field(3000, ge=256, description="token budget for retrieved passages in the prompt")
    fallback_to_extractive: bool = True


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TECHBRIDGE_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("data")
    knowledge_dir: Path = Path("knowledge")
    admin_api_key: SecretStr | None = None
    ingest_on_start: bool = False

    embedding: EmbeddingSettings = EmbeddingSettings()
    chroma: ChromaSettings = ChromaSettings()
    chunking: ChunkingSettings = ChunkingSettings()
    search: SearchSettings = SearchSettings()
    llm: LLMSettings = LLMSettings()
    server: ServerSettings = ServerSettings()
    channels: ChannelsSettings = ChannelsSettings()
