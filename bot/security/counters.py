"""Where the rate limits count: in this process's memory, or on Redis (or Valkey) shared by every worker and
replica when `TECHBRIDGE_REDIS_URL` is set.

Both are the `limits` package's moving window: its MemoryStorage, or its RedisStorage (Lua scripts, so a
hit is one atomic round trip). The Redis client is synchronous; a hit runs on a worker thread so a slow
Redis never stalls the event loop.

A Redis outage does not fail every request, and does not lift the limits either: while Redis cannot be
reached, requests are counted in this process's memory (each replica enforces the limit on its own, so a
client may get up to one limit per replica), and Redis is tried again `RETRY_AFTER_S` later. A 503 for
every request would turn the loss of a counter into the loss of the service (the conversations and the
index do not need Redis); failing open would drop the limits exactly while something is already wrong.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from anyio import to_thread
from limits import RateLimitItem
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import MovingWindowRateLimiter

__all__ = ["RETRY_AFTER_S", "Counters"]

log = logging.getLogger(__name__)

# After a failed Redis call, how long this process counts in memory before trying Redis again: one slow
# attempt (at most the timeouts below) every few seconds, not one per request.
RETRY_AFTER_S = 5.0
# Redis answers on a private network in well under a millisecond; a quarter second means it is not there.
_TIMEOUT_S = 0.25
_KEY_PREFIX = "techbridge:limits"


class Counters:
    """`hit` a rate-limit item for some identifiers: (allowed, when the window frees a request)."""

    def __init__(self, redis_url: str | None = None) -> None:
        self._local = MovingWindowRateLimiter(MemoryStorage())
        self._shared: MovingWindowRateLimiter | None = None
        if redis_url:
            storage = RedisStorage(
                redis_url,
                key_prefix=_KEY_PREFIX,
                wrap_exceptions=True,  # every client error is a StorageError (limits.errors)
                socket_timeout=_TIMEOUT_S,
                socket_connect_timeout=_TIMEOUT_S,
            )
            self._shared = MovingWindowRateLimiter(storage)
        self._down_until = 0.0  # monotonic time before which Redis is not tried again
        self._in_outage = False

    @property
    def shared(self) -> bool:
        """Whether the counts are on Redis (configured, and not in an outage)."""
        return self._shared is not None and not self._in_outage

    async def hit(self, item: RateLimitItem, *identifiers: str) -> tuple[bool, float]:
        """Count one request; (whether it is allowed, the epoch time the window next frees one)."""
        shared = self._shared
        if shared is not None and time.monotonic() >= self._down_until:
            try:
                counted = await to_thread.run_sync(_hit, shared, item, identifiers)
            except StorageError as exc:
                self._outage(exc)
            else:
                if self._in_outage:
                    self._in_outage = False
                    log.warning("rate limits: Redis is back; counting there again")
                return counted
        return _hit(self._local, item, identifiers)

    def _outage(self, exc: StorageError) -> None:
        if not self._in_outage:  # logged once per outage, not once per request or retry
            self._in_outage = True
            log.warning(
                "rate limits: Redis unreachable (%s); counting in this process's memory, retrying every %g s",
                type(exc.storage_error).__name__,
                RETRY_AFTER_S,
            )
        self._down_until = time.monotonic() + RETRY_AFTER_S


def _hit(
    limiter: MovingWindowRateLimiter, item: RateLimitItem, identifiers: tuple[Any, ...]
) -> tuple[bool, float]:
    if limiter.hit(item, *identifiers):
        return True, 0.0
    reset_at, _ = limiter.get_window_stats(item, *identifiers)
    return False, reset_at
