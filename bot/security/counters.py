"""Where the limits count: in this process's memory, or on Redis (or Valkey) shared by every worker and
replica when `TECHBRIDGE_REDIS_URL` is set.

- `Counters`: the rate limits, the `limits` package's moving window: its MemoryStorage, or its
  RedisStorage (Lua scripts, so a hit is one atomic round trip). Its Redis client is synchronous; a hit
  runs on a worker thread so a slow Redis never stalls the event loop.
- `Totals`: running totals by key (INCRBY with an expiry), for the LLM's per-client daily token budget
  (bot/chat/llm.py SpendingGuard), which keeps its own count in memory for when Redis is away.

A Redis outage does not fail every request, and does not lift the limits either: while Redis cannot be
reached, each process counts in its own memory (each replica enforces the limit on its own, so a client
may get up to one limit per replica), and Redis is tried again `RETRY_AFTER_S` later. A 503 for every
request would turn the loss of a counter into the loss of the service (the conversations and the index
do not need Redis); failing open would drop the limits exactly while something is already wrong.
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

__all__ = ["RETRY_AFTER_S", "Counters", "Totals"]

log = logging.getLogger(__name__)

# After a failed Redis call, how long this process counts in memory before trying Redis again: one slow
# attempt (at most the timeouts below) every few seconds, not one per request.
RETRY_AFTER_S = 5.0
# Redis answers on a private network in well under a millisecond; a quarter second means it is not there.
_TIMEOUT_S = 0.25
_KEY_PREFIX = "techbridge:limits"
_TOTALS_PREFIX = "techbridge:totals"


class _Outage:
    """When Redis was last found away: not tried again for `RETRY_AFTER_S`, logged once per outage."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.down_until = 0.0  # monotonic time before which Redis is not tried again
        self.down = False

    def tryable(self) -> bool:
        return time.monotonic() >= self.down_until

    def failed(self, exc: BaseException) -> None:
        if not self.down:  # once per outage, not once per request or retry
            self.down = True
            log.warning(
                "%s: Redis unreachable (%s); counting in this process's memory, retrying every %g s",
                self.what,
                type(exc).__name__,
                RETRY_AFTER_S,
            )
        self.down_until = time.monotonic() + RETRY_AFTER_S

    def answered(self) -> None:
        if self.down:
            self.down = False
            log.warning("%s: Redis is back; counting there again", self.what)


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
        self._outage = _Outage("rate limits")

    @property
    def shared(self) -> bool:
        """Whether the counts are on Redis (configured, and not in an outage)."""
        return self._shared is not None and not self._outage.down

    async def hit(self, item: RateLimitItem, *identifiers: str) -> tuple[bool, float]:
        """Count one request; (whether it is allowed, the epoch time the window next frees one)."""
        shared = self._shared
        if shared is not None and self._outage.tryable():
            try:
                counted = await to_thread.run_sync(_hit, shared, item, identifiers)
            except StorageError as exc:
                self._outage.failed(exc.storage_error)
            else:
                self._outage.answered()
                return counted
        return _hit(self._local, item, identifiers)


class Totals:
    """Running totals by key on Redis, each kept `ttl_s` after its last change. `add` and `get` answer
    None while Redis cannot be reached: the caller counts in its own memory then."""

    def __init__(self, redis_url: str, ttl_s: int, what: str) -> None:
        import redis  # a dependency of the project; imported here, where it is used

        self._errors = (redis.RedisError,)
        self._redis = redis.Redis.from_url(
            redis_url, socket_timeout=_TIMEOUT_S, socket_connect_timeout=_TIMEOUT_S
        )
        self._ttl_s = ttl_s
        self._outage = _Outage(what)

    def add(self, key: str, amount: int) -> int | None:
        """The total after adding `amount` (negative gives back), or None."""
        if not self._outage.tryable():
            return None
        try:
            pipe = self._redis.pipeline()  # MULTI/EXEC: the total and its expiry together
            pipe.incrby(f"{_TOTALS_PREFIX}:{key}", amount)
            pipe.expire(f"{_TOTALS_PREFIX}:{key}", self._ttl_s)
            total = int(pipe.execute()[0])
        except self._errors as exc:
            self._outage.failed(exc)
            return None
        self._outage.answered()
        return total

    def get(self, key: str) -> int | None:
        if not self._outage.tryable():
            return None
        try:
            value = self._redis.get(f"{_TOTALS_PREFIX}:{key}")
        except self._errors as exc:
            self._outage.failed(exc)
            return None
        self._outage.answered()
        return int(value) if value is not None else 0


def _hit(
    limiter: MovingWindowRateLimiter, item: RateLimitItem, identifiers: tuple[Any, ...]
) -> tuple[bool, float]:
    if limiter.hit(item, *identifiers):
        return True, 0.0
    reset_at, _ = limiter.get_window_stats(item, *identifiers)
    return False, reset_at
