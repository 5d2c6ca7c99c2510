"""Calls to a platform's API: JSON over httpx with a timeout, retries with exponential backoff on 429,
5xx and network errors (honouring Retry-After), and cached access tokens.

Failures end as `UpstreamError` with the platform and the call named, never the URL: Telegram puts the
bot token in the path.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from ..errors import PlatformError, UpstreamError
from .config import ChannelSettings

__all__ = ["Outbound", "PlatformError", "TokenCache"]

log = logging.getLogger(__name__)
_MAX_WAIT_S = 30.0  # never sleep longer than this between tries, whatever Retry-After says
# httpx logs every request URL at INFO; Telegram's carry the bot token, WeCom's an access token.
_SECRET_IN_URL = re.compile(r"(/bot)[^/\s]+|((?:access_token|corpsecret)=)[^&\s\"]+")


class _RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _SECRET_IN_URL.sub(r"\1\2<redacted>", str(a)) if isinstance(a, httpx.URL | str) else a
                for a in record.args
            )
        return True


def _redact_httpx_logs() -> None:
    logger = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactSecrets) for f in logger.filters):
        logger.addFilter(_RedactSecrets())


def _payload(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _retry_after(response: httpx.Response, data: Mapping[str, Any]) -> float | None:
    header = response.headers.get("retry-after", "")
    if header.strip().isdigit():
        return float(header)
    params = data.get("parameters")  # Telegram: {"parameters": {"retry_after": 5}}
    if isinstance(params, dict) and isinstance(params.get("retry_after"), int | float):
        return float(params["retry_after"])
    return None


class Outbound:
    def __init__(
        self,
        name: str,
        settings: ChannelSettings,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.name = name
        self.base = settings.api_base.rstrip("/")
        self.retries = settings.retries
        self.backoff_s = settings.backoff_s
        self._sleep = sleep
        self._client = httpx.Client(timeout=settings.timeout_s, transport=transport)
        _redact_httpx_logs()

    def call(
        self,
        method: str,
        path: str,
        label: str,
        *,
        json: Any = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        retry_if: Callable[[dict[str, Any]], bool] | None = None,
    ) -> dict[str, Any]:
        """The JSON object the platform answered. `path` is relative to the API base unless absolute;
        `retry_if` says which 2xx answers are a platform's "busy, try again" (e.g. WeCom errcode -1)."""
        url = path if path.startswith(("http://", "https://")) else self.base + path
        for attempt in range(self.retries + 1):
            wait: float | None = None
            try:
                response = self._client.request(method, url, json=json, params=params, headers=headers)
            except httpx.TransportError as exc:
                # Includes read timeouts, after which the platform may have acted: a retried message can
                # then arrive twice, which beats not arriving.
                problem = type(exc).__name__
            else:
                data = _payload(response)
                busy = response.is_success and retry_if is not None and retry_if(data)
                if response.status_code == 429 or response.status_code >= 500 or busy:
                    problem = f"HTTP {response.status_code} {str(data)[:200]}"
                    wait = _retry_after(response, data)
                elif not response.is_success:
                    raise PlatformError(
                        f"{self.name} {label}: HTTP {response.status_code} {str(data)[:200]}",
                        response.status_code,
                        data,
                    )
                else:
                    return data
            if attempt == self.retries:
                raise UpstreamError(f"{self.name} {label} failed after {attempt + 1} tries: {problem}")
            delay = min(wait if wait is not None else self.backoff_s * 2**attempt, _MAX_WAIT_S)
            log.warning("%s %s: %s; retrying in %.2f s", self.name, label, problem, delay)
            self._sleep(delay)
        raise AssertionError("unreachable")

    def close(self) -> None:
        self._client.close()


class TokenCache:
    """An access token (WeCom, Feishu: valid 2 h) fetched on first use and again shortly before expiry."""

    def __init__(
        self,
        fetch: Callable[[], tuple[str, float]],
        clock: Callable[[], float] = time.monotonic,
        margin_s: float = 300.0,
    ) -> None:
        self._fetch = fetch  # returns (token, seconds it is valid)
        self._clock = clock
        self._margin_s = margin_s
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires = 0.0

    def get(self) -> str:
        with self._lock:
            if self._token is None or self._clock() >= self._expires:
                token, ttl = self._fetch()
                self._token, self._expires = token, self._clock() + max(ttl - self._margin_s, ttl / 2)
            return self._token

    def invalidate(self) -> None:
        with self._lock:
            self._token = None
