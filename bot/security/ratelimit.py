"""Per-client rate limits by route group, as plain ASGI middleware in front of the app.

Groups (settings `limits.*_per_minute`, 0 turns one off):
    chat      POST /api/chat, /api/chat/stream, /v1/chat/completions  (the costly ones: search + answer)
    channel   /channels/<name>...: one bucket per channel and sending address
    api       everything else, except the probes and the widget's static files

The client is the TCP peer; `X-Forwarded-For` is read only when the peer is one of
`server.trusted_proxies`, and then the right-most address not itself a trusted proxy is the client (the
left part of the header is whatever the client wrote). Loopback is not exempt: a local script is a client
like any other. Counting uses the `limits` package's moving window in memory (per process; run one bucket
store per worker or put a gateway in front for a cluster-wide limit).
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Iterable

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ..settings import LimitsSettings

__all__ = ["RateLimitMiddleware", "client_address", "route_group"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

CHAT_PATHS = frozenset({"/api/chat", "/api/chat/stream", "/v1/chat/completions"})
# Liveness/readiness probes and the widget's static files: cheap, cached, and fetched by every page view.
FREE_PATHS = frozenset({"/healthz", "/readyz", "/", "/widget.js", "/favicon.ico"})
CHANNELS = frozenset({"wecom", "dingtalk", "feishu", "slack", "telegram"})
_MAX_KEY = 64  # characters of a client address kept in a bucket key


def route_group(method: str, path: str) -> tuple[str, str] | None:
    """(limit group, bucket name) of a request, or None when it is not limited."""
    if path in FREE_PATHS or method == "OPTIONS":
        return None
    if path.startswith("/channels/"):
        name = path.split("/", 3)[2]
        # Unknown names share one bucket, so made-up paths cannot mint new buckets.
        return "channel", f"channel:{name if name in CHANNELS else '?'}"
    if path.rstrip("/") in CHAT_PATHS:
        return "chat", "chat"
    return "api", "api"


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip().strip("[]")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: str, proxies: Iterable[Network]) -> bool:
    ip = _ip(address)
    return ip is not None and any(ip in net for net in proxies)


def client_address(scope: Scope, proxies: list[Network]) -> str:
    """Who is asking: the TCP peer, or the address a trusted proxy in front of us reports."""
    client = scope.get("client")
    peer = str(client[0]) if client else "unknown"
    if not proxies or not _trusted(peer, proxies):
        return peer[:_MAX_KEY]
    forwarded = ",".join(v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"x-forwarded-for")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop[:_MAX_KEY]
    return (hops[0] if hops else peer)[:_MAX_KEY]


class RateLimitMiddleware:
    """429 with `Retry-After` once a client has used up its group's requests per minute."""

    def __init__(self, app: ASGIApp, limits: LimitsSettings, trusted_proxies: list[str]) -> None:
        self.app = app
        rates = {
            "chat": limits.chat_per_minute,
            "api": limits.api_per_minute,
            "channel": limits.channel_per_minute,
        }
        self._items = {group: RateLimitItemPerMinute(n) for group, n in rates.items() if n > 0}
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._proxies: list[Network] = [ipaddress.ip_network(p, strict=False) for p in trusted_proxies]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = route_group(scope["method"], scope["path"])
        item = self._items.get(found[0]) if found else None
        if found is None or item is None:
            await self.app(scope, receive, send)
            return
        client = client_address(scope, self._proxies)
        if self._limiter.hit(item, found[1], client):
            await self.app(scope, receive, send)
            return
        reset_at, _ = self._limiter.get_window_stats(item, found[1], client)
        retry = max(1, math.ceil(reset_at - time.time()))
        response = JSONResponse(
            {
                "detail": f"too many requests: at most {item.amount} {found[0]} requests per minute from one "
                f"client; retry in {retry} s",
                "error": "RateLimited",
            },
            status_code=429,
            headers={"Retry-After": str(retry), "RateLimit-Limit": str(item.amount)},
        )
        await response(scope, receive, send)
