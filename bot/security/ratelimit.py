"""Per-client rate limits by route group, as plain ASGI middleware in front of the app.

Groups (settings `limits.*_per_minute`, 0 turns one off):
    chat      POST /api/chat, /api/chat/stream, /v1/chat/completions  (the costly ones: search + answer)
    channel   /channels/<name>...: one bucket per channel and sending address
    api       everything else, except the probes and the widget's static files

The client is the TCP peer; `X-Forwarded-For` is read only when the peer is one of
`server.trusted_proxies`, and then the right-most address not itself a trusted proxy is the client (the
left part of the header is whatever the client wrote). Loopback is not exempt: a local script is a client
like any other. A client is keyed by its IPv4 address or its IPv6 /64 (`client_key`): one subscriber line
gets a whole /64 (RFC 6177), so keying single IPv6 addresses would let a client rotate through 2^64 buckets;
every spelling of an address (`::ffff:1.2.3.4`, `[2001:db8::1]:443`, `1.2.3.4:5678`) is one key.
Counting uses the `limits` package's moving window (counters.py): in memory per process, or on Redis shared
by every worker and replica when `TECHBRIDGE_REDIS_URL` is set (and in memory again while Redis is down).

The middleware also names the client of every API request for the code behind it (`current_client()`, a
context variable): the LLM's per-client daily token budget (bot/chat/llm.py) is keyed on it. Webhook
requests name none: their peer is the platform, not one user.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Iterable
from contextvars import ContextVar

from limits import RateLimitItemPerMinute
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ..settings import LimitsSettings
from .counters import Counters

__all__ = ["RateLimitMiddleware", "client_address", "client_key", "current_client", "route_group"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

CHAT_PATHS = frozenset({"/api/chat", "/api/chat/stream", "/v1/chat/completions"})
# Liveness/readiness probes and the widget's static files: cheap, cached, and fetched by every page view.
FREE_PATHS = frozenset({"/healthz", "/readyz", "/", "/widget.js", "/favicon.ico"})
CHANNELS = frozenset({"wecom", "wechat", "dingtalk", "feishu", "slack", "telegram"})
_MAX_KEY = 64  # characters of a client address kept in a bucket key
_IPV6_PREFIX = 64  # one subscriber's share of IPv6 (RFC 6177): the unit a client is counted in
_CLIENT: ContextVar[str | None] = ContextVar("techbridge_client", default=None)


def current_client() -> str | None:
    """The key of the client whose request is being served (`client_key`), or None outside an API request
    (the CLI, a webhook)."""
    return _CLIENT.get()


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


def _ip(text: str) -> Address | None:
    """The address in a peer or a forwarded hop: bare, `[v6]`, `[v6]:port`, `v4:port`, with a zone or not."""
    text = text.strip()
    if text.startswith("["):  # [2001:db8::1] or [2001:db8::1]:443
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # 198.51.100.7:5678 (IPv4 with a port; a bare IPv6 has several colons)
        text = text.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped  # ::ffff:198.51.100.7 is 198.51.100.7
    return ip


def client_key(address: str) -> str:
    """The bucket a client address counts in: the IPv4 address, the IPv6 /64, or (not an address, e.g. a
    unix socket's peer) the text itself, cut short."""
    ip = _ip(address)
    if ip is None:
        return address.strip()[:_MAX_KEY] or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((ip, _IPV6_PREFIX), strict=False))
    return str(ip)


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
            # What our proxy wrote for the connection it received: an address, else no client we can
            # name (a made-up hop must not mint a bucket of its own).
            ip = _ip(hop)
            return str(ip) if ip is not None else peer[:_MAX_KEY]
    return (hops[0] if hops else peer)[:_MAX_KEY]


class RateLimitMiddleware:
    """429 with `Retry-After` once a client has used up its group's requests per minute."""

    def __init__(
        self, app: ASGIApp, limits: LimitsSettings, trusted_proxies: list[str], redis_url: str | None = None
    ) -> None:
        self.app = app
        rates = {
            "chat": limits.chat_per_minute,
            "api": limits.api_per_minute,
            "channel": limits.channel_per_minute,
        }
        self._items = {group: RateLimitItemPerMinute(n) for group, n in rates.items() if n > 0}
        self._counters = Counters(redis_url)
        self._proxies: list[Network] = [ipaddress.ip_network(p, strict=False) for p in trusted_proxies]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = route_group(scope["method"], scope["path"])
        client = client_key(client_address(scope, self._proxies))
        item = self._items.get(found[0]) if found else None
        allowed, reset_at = (
            (True, 0.0) if found is None or item is None else await self._counters.hit(item, found[1], client)
        )
        if allowed or found is None or item is None:
            token = _CLIENT.set(None if found and found[0] == "channel" else client)
            try:
                await self.app(scope, receive, send)
            finally:
                _CLIENT.reset(token)
            return
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
