"""All settings in one pydantic-settings root: `TECHBRIDGE_` prefix, `__` for nesting.

Example: TECHBRIDGE_LLM__BASE_URL, TECHBRIDGE_CHROMA__URL, TECHBRIDGE_CHANNELS__SLACK__SIGNING_SECRET.
`.env.example` lists every setting.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from retrieval.config import ChromaSettings, ChunkingSettings, EmbeddingSettings, SearchSettings

from .channels.config import ChannelsSettings

__all__ = [
    "ConsoleSettings",
    "LLMSettings",
    "LimitsSettings",
    "RetentionSettings",
    "ServerSettings",
    "Settings",
]


class ServerSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: list[str] = []
    # The interactive API description (/docs, /redoc and /openapi.json). Unset: on, except in production.
    docs: bool | None = None
    # Addresses (or CIDR networks) of reverse proxies whose X-Forwarded-For is believed. Empty: the client
    # is the peer of the TCP connection, whatever the headers say (they are trivially forged).
    trusted_proxies: list[str] = []
    # Signs the web session ids the server issues (bot/security/sessions.py): a token without its tag opens
    # no conversation. Unset: a random key per process (development, tests), whose sessions end when it
    # stops. Required in production, the same on every worker and replica.
    session_secret: SecretStr | None = None

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            ipaddress.ip_network(item, strict=False)  # ValueError names the bad entry
        return value


class LimitsSettings(BaseModel):
    """Limits on what one client may ask of the server (bot/security). A rate of 0 turns that limit off,
    e.g. behind a gateway that enforces its own."""

    # 30/min is one question every 2 s, sustained: more than a person types, far less than a script.
    chat_per_minute: int = Field(
        default=30, ge=0, description="chat questions per client (/api/chat, /api/chat/stream, /v1/chat/...)"
    )
    api_per_minute: int = Field(
        default=120, ge=0, description="other API requests per client (search, listings, feedback, admin)"
    )
    channel_per_minute: int = Field(
        default=300, ge=0, description="webhook requests per channel and sending address"
    )
    max_body_bytes: int = Field(default=1 << 20, ge=1024, description="larger request bodies get 413")
    max_upload_bytes: int = Field(default=64 << 20, ge=1024, description="body limit of /api/admin/ingest")


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
    # What llm mode can spend (bot/chat/llm.py SpendingGuard); a call refused by either is answered
    # extractively (or 502 without the fallback).
    max_concurrency: int = Field(4, ge=1, description="LLM calls at once per process")
    concurrency_wait_s: float = Field(10.0, ge=0, description="how long a call waits for a free slot")
    # ~4k tokens an answer (3,000 of context, the prompt, 700 out): ~50 LLM answers per client and day.
    daily_tokens_per_client: int = Field(
        200_000,
        ge=0,
        description="prompt + completion tokens per client (IPv4, IPv6 /64) and UTC day; 0 = off",
    )


class RetentionSettings(BaseModel):
    """How long conversations and leads are kept; `techbridge purge` deletes what is older (0 keeps
    forever). Messages take their feedback with them; leads hold contact details."""

    messages_days: int = Field(365, ge=0, description="chat messages, their feedback, idle sessions")
    leads_days: int = Field(365, ge=0, description="captured demands (leads) not updated for this long")


class ConsoleSettings(BaseModel):
    """The staff console at /console (bot/console). Its cookies are signed with a key derived from
    `server.session_secret` (required in production), so it needs no secret of its own."""

    session_hours: float = Field(8.0, gt=0, le=24 * 30, description="a sign-in lasts this long")
    # Unset: Secure when the request came over HTTPS (uvicorn's --proxy-headers behind a TLS proxy).
    secure_cookie: bool | None = None
    # 10 tries a minute per user name (30 per address: an office shares one): enough for typos, far too
    # few to guess a password.
    login_per_minute: int = Field(10, ge=1, description="sign-in attempts per user name (x3 per client)")


class PushSettings(BaseModel):
    """Messages to subscribers when new records are indexed (bot/matchmaking/push.py)."""

    # One digest per ingest, and a cap so that a bulk upload of 500 listings is not 500 messages.
    per_hour: int = Field(4, ge=1, le=60, description="push messages per subscriber per hour at most")
    tries: int = Field(3, ge=1, le=10, description="tries of one push before it is recorded as failed")
    backoff_s: float = Field(2.0, ge=0, description="wait before the second try; doubled for each next one")
    # E-mail, optional: with a server, a sender, the public URL and server.session_secret (which signs the
    # unsubscribe link every e-mail carries), widget users subscribe by e-mail; unset, the widget points to
    # the messaging apps.
    smtp_host: str | None = None
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_starttls: bool = True
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    mail_from: str | None = None
    public_url: str | None = Field(None, description="the server's address as users reach it (e-mail links)")

    @property
    def mail(self) -> bool:
        return bool(self.smtp_host and self.mail_from and self.public_url)


class Settings(BaseSettings):
    # env_ignore_empty: `TECHBRIDGE_X=` (as in .env.example) means unset, not an empty secret.
    # hide_input_in_errors: a validation error names the setting, never prints the value (a secret).
    model_config = SettingsConfigDict(
        env_prefix="TECHBRIDGE_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
        env_ignore_empty=True,
        hide_input_in_errors=True,
    )

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("data")
    knowledge_dir: Path = Path("knowledge")
    # The questions `techbridge eval` asks (evals/retrieval, answers, match). Unset: evals/ beside the
    # knowledge dir, as in the repository and the Docker image (/app/knowledge, /app/evals).
    evals_dir: Path = Field(
        default_factory=lambda data: Path(data.get("knowledge_dir") or "knowledge").parent / "evals"
    )
    admin_api_key: SecretStr | None = None
    ingest_on_start: bool = False
    # Unset: conversations in SQLite under the data dir (embedded default). Set, e.g.
    # postgresql://techbridge:secret@db:5432/techbridge: on PostgreSQL, shared by every worker
    # (extra `postgres`).
    # A secret: the URL usually holds the password.
    database_url: SecretStr | None = None
    # Unset: the rate limits count in each process's memory (one process, or one bucket per worker). Set,
    # e.g. redis://redis:6379/0 (Redis or Valkey): every worker and replica counts in the same buckets
    # (bot/security/counters.py). A secret: the URL may hold a password.
    redis_url: SecretStr | None = None

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: SecretStr | None) -> SecretStr | None:
        # Checked here so a wrong URL stops the start with this message, not a library's on the first request.
        if value is not None:
            scheme = urlsplit(value.get_secret_value()).scheme
            if scheme not in ("redis", "rediss", "unix"):
                raise ValueError(f"TECHBRIDGE_REDIS_URL: scheme {scheme!r}; valid: redis, rediss (TLS), unix")
        return value

    embedding: EmbeddingSettings = EmbeddingSettings()
    chroma: ChromaSettings = ChromaSettings()
    chunking: ChunkingSettings = ChunkingSettings()
    search: SearchSettings = SearchSettings()
    llm: LLMSettings = LLMSettings()
    server: ServerSettings = ServerSettings()
    limits: LimitsSettings = LimitsSettings()
    retention: RetentionSettings = RetentionSettings()
    channels: ChannelsSettings = ChannelsSettings()
    push: PushSettings = PushSettings()
    console: ConsoleSettings = ConsoleSettings()

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> Settings:
        """In production, refuse to start with an empty or placeholder secret that guards the way in (the
        admin key, the channels' verification secrets). Development and the test suite may use anything."""
        if self.environment != "production":
            return self
        problems = [f"{name} {why}" for name, why in _weak_secrets(self)]
        if problems:
            # ValueError is wrapped in a ValidationError that names this model; inputs are hidden above.
            raise ValueError(
                "refusing to start in production: " + "; ".join(problems) + ". Set real secrets (e.g. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`) or unset them to turn off "
                "what they guard."
            )
        return self


# Values people leave in config files, compared lower-cased with all but letters and digits removed.
_PLACEHOLDERS = frozenset(
    {
        "changeme",
        "changethis",
        "change",
        "secret",
        "password",
        "passwd",
        "placeholder",
        "xxx",
        "test",
        "testing",
        "todo",
        "tbd",
        "fixme",
        "replaceme",
        "default",
        "example",
        "sample",
        "dummy",
        "fake",
        "none",
        "null",
        "empty",
        "token",
        "key",
        "apikey",
        "adminkey",
        "secretkey",
        "admin",
        "demo",
        "letmein",
        "123456",
        "12345678",
        "1234567890",
        "qwerty",
    }
)
_ADMIN_KEY_MIN = 16  # 16 random URL-safe characters are ~96 bits: beyond online guessing
# The secrets a webhook request is checked with, which the operator chooses (WeCom's token, Feishu's encrypt
# key, Telegram's secret token) or the platform issues longer (Slack 32, DingTalk 64): 16 at least, as the
# admin key. Outbound tokens (bot tokens, app secrets used to call the platform) are the platform's.
_CHANNEL_SECRET_MIN = 16
_INBOUND_SECRETS = {
    "wecom": ("token", "encoding_aes_key"),
    "wechat": ("token", "encoding_aes_key"),  # WeChat takes tokens of 3-32 characters: 16+ fits
    "dingtalk": ("app_secret",),
    "feishu": ("verification_token", "encrypt_key"),
    "slack": ("signing_secret",),
    "telegram": ("secret_token",),
}
_DB_PASSWORD_MIN = 16
# An HMAC key read offline from any token it signed could be guessed at leisure: 32 random URL-safe
# characters are ~192 bits (`secrets.token_urlsafe(32)` gives 43).
_SESSION_SECRET_MIN = 32


def _weakness(value: str, min_length: int = 1) -> str | None:
    """Why a secret is unfit for production, or None. Never includes the value."""
    plain = value.strip()
    if not plain:
        return "is empty"
    squashed = re.sub(r"[^a-z0-9]", "", plain.lower())
    if (
        squashed in _PLACEHOLDERS
        or squashed.startswith(("your", "insert"))
        or len(set(plain)) == 1
        or (plain.startswith("<") and plain.endswith(">"))
    ):
        return "is a placeholder"
    if len(plain) < min_length:
        return f"is shorter than {min_length} characters"
    return None


def _weak_secrets(settings: Settings) -> list[tuple[str, str]]:
    """(environment variable, why) for each weak inbound secret that is set, and for the session secret if
    it is not (nothing can turn the web chat's sessions off). The LLM and embedding API
    keys are left alone: they are sent out, not checked here, and "EMPTY" is a vLLM convention."""
    found: list[tuple[str, str]] = []
    if settings.admin_api_key is not None:
        why = _weakness(settings.admin_api_key.get_secret_value(), _ADMIN_KEY_MIN)
        if why:
            found.append(("TECHBRIDGE_ADMIN_API_KEY", why))
    session_secret = settings.server.session_secret
    if session_secret is None:  # unlike the others it turns nothing off: the web chat needs it
        found.append(("TECHBRIDGE_SERVER__SESSION_SECRET", "is required (it signs the web sessions)"))
    elif why := _weakness(session_secret.get_secret_value(), _SESSION_SECRET_MIN):
        found.append(("TECHBRIDGE_SERVER__SESSION_SECRET", why))
    for channel, conf in settings.channels:
        if not isinstance(conf, BaseModel):
            continue
        for field, value in conf:
            least = _CHANNEL_SECRET_MIN if field in _INBOUND_SECRETS.get(channel, ()) else 1
            if isinstance(value, SecretStr) and (why := _weakness(value.get_secret_value(), least)):
                found.append((f"TECHBRIDGE_CHANNELS__{channel.upper()}__{field.upper()}", why))
    for name, secret in (
        ("TECHBRIDGE_DATABASE_URL", settings.database_url),
        ("TECHBRIDGE_REDIS_URL", settings.redis_url),
    ):
        if secret is None:
            continue
        # A password in the URL (none: peer or certificate authentication, or a private network, nothing to
        # judge).
        url = urlsplit(secret.get_secret_value())
        if url.password is not None:
            why = _weakness(url.password, _DB_PASSWORD_MIN)
            if why is None and url.password == url.username:
                why = "has the user name as its password"
            if why:
                found.append((name, f"password {why}"))
    return found
