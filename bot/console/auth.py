"""Who is signed in to the console, and what they may do.

A sign-in is a cookie signed with `itsdangerous` (HMAC-SHA1 over a key derived from
`server.session_secret`, with its time inside: it expires after `console.session_hours`). It holds the
user name, a stamp of the password hash (a new password, or a removed user, ends every session of theirs)
and the session's CSRF token; it is HttpOnly, SameSite=Lax, and Secure over HTTPS. Each request reloads
the user, so a changed role counts at once.

CSRF: every form carries the session's token in a hidden `csrf` field, and every POST is refused (403)
unless the field equals the token inside the signed cookie; the sign-in form, before any session, uses a
signed pre-session cookie the same way. SameSite=Lax already keeps the cookie off cross-site POSTs; the
token also covers same-site attackers (another app on a sibling subdomain).

Sign-in attempts are counted per client address and per user name (a moving window) in the API's rate-limit
counters (bot/security/counters.py: this process's memory, or Redis when configured).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItemPerMinute
from starlette.responses import Response

from ..security.counters import Counters
from ..services import Services
from ..settings import Settings
from ..storage.activity import Activity
from ..storage.staff import AuditLog, Role, StaffStore, StaffUser, role_at_least

__all__ = [
    "COOKIE",
    "PRE_COOKIE",
    "Console",
    "ConsoleDep",
    "CsrfDep",
    "CsrfError",
    "Forbidden",
    "Session",
    "SignInRequired",
    "StaffDep",
    "check_csrf",
    "require",
]

COOKIE = "tb_console"
PRE_COOKIE = "tb_console_pre"  # the sign-in form's CSRF token, before there is a session
_DOMAIN = b"techbridge console cookie v1"  # the console's key means nothing to the web chat's sessions


class SignInRequired(Exception):
    """No valid sign-in: the page redirects to /console/login."""


class Forbidden(Exception):
    """Signed in, but the role is too low for this action (403)."""

    def __init__(self, needed: Role) -> None:
        super().__init__(needed)
        self.needed = needed


class CsrfError(Exception):
    """A POST without the session's CSRF token (403)."""


@dataclass(frozen=True)
class Session:
    user: StaffUser
    csrf: str


class Console:
    """The console's signing key, stores and sign-in limiter, built once per app."""

    def __init__(self, services: Services) -> None:
        self.services = services
        settings: Settings = services.settings
        secret = settings.server.session_secret
        base = secret.get_secret_value().encode() if secret else secrets.token_bytes(32)
        key = hmac.new(base, _DOMAIN, hashlib.sha256).hexdigest()
        self.serializer = URLSafeTimedSerializer(key, salt="session")
        self.pre_serializer = URLSafeTimedSerializer(key, salt="pre-session")
        self.max_age = int(settings.console.session_hours * 3600)
        self.secure = settings.console.secure_cookie
        self.proxies = [ipaddress.ip_network(p, strict=False) for p in settings.server.trusted_proxies]
        redis = settings.redis_url.get_secret_value() if settings.redis_url else None
        self.limiter = Counters(redis)  # the API's rate-limit counters: on Redis when configured
        self.login_rate = RateLimitItemPerMinute(settings.console.login_per_minute)
        # An office signs in from behind one address: it gets three names' worth of attempts.
        self.client_rate = RateLimitItemPerMinute(3 * settings.console.login_per_minute)
        self.revoked: set[str] = set()  # CSRF tokens of sessions signed out in this process
        self.cache: dict[object, Any] = {}  # pages' views of the index, keyed by its fingerprint

    @functools.cached_property
    def users(self) -> StaffStore:
        return StaffStore(self.services.database)

    @functools.cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.services.database)

    @functools.cached_property
    def activity(self) -> Activity:
        return Activity(self.services.database)

    # ---- sessions
    def open(self, request: Request) -> Session | None:
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        try:
            data = self.serializer.loads(token, max_age=self.max_age)
        except BadSignature:  # also SignatureExpired
            return None
        if not isinstance(data, dict) or data.get("c") in self.revoked:
            return None
        user = self.users.get(str(data.get("u", "")))
        if user is None or not hmac.compare_digest(str(data.get("s", "")), user.password_stamp):
            return None
        return Session(user, str(data["c"]))

    def _secure(self, request: Request) -> bool:
        """Secure when set so, or when the request came over HTTPS: directly, or through a proxy in
        `server.trusted_proxies` that says so in X-Forwarded-Proto (uvicorn is run without its own
        proxy-header rewriting, SECURITY.md, so the scheme it sees behind a TLS proxy is http)."""
        if self.secure is not None:
            return self.secure
        if request.url.scheme == "https":
            return True
        peer = request.client.host if request.client else ""
        try:
            trusted = any(ipaddress.ip_address(peer) in net for net in self.proxies)
        except ValueError:
            return False
        forwarded = request.headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
        return trusted and forwarded == "https"

    def sign_in(self, request: Request, response: Response, user: StaffUser) -> None:
        token = self.serializer.dumps(
            {"u": user.username, "s": user.password_stamp, "c": secrets.token_urlsafe(24)}
        )
        response.set_cookie(
            COOKIE,
            token,
            max_age=self.max_age,
            path="/console",
            httponly=True,
            samesite="lax",
            secure=self._secure(request),
        )
        response.delete_cookie(PRE_COOKIE, path="/console")

    def sign_out(self, response: Response, session: Session) -> None:
        self.revoked.add(session.csrf)
        response.delete_cookie(COOKIE, path="/console")

    def pre_token(self, request: Request, response: Response) -> str:
        """The sign-in form's CSRF token (kept in a signed cookie of its own)."""
        token = request.cookies.get(PRE_COOKIE)
        if token and self._pre_valid(token):
            return token
        token = self.pre_serializer.dumps(secrets.token_urlsafe(16))
        response.set_cookie(
            PRE_COOKIE,
            token,
            max_age=3600,
            path="/console",
            httponly=True,
            samesite="lax",
            secure=self._secure(request),
        )
        return token

    def _pre_valid(self, token: str) -> bool:
        try:
            self.pre_serializer.loads(token, max_age=3600)
        except BadSignature:
            return False
        return True

    def check_pre_token(self, request: Request, sent: str) -> None:
        cookie = request.cookies.get(PRE_COOKIE, "")
        if not sent or not cookie or not hmac.compare_digest(sent, cookie) or not self._pre_valid(cookie):
            raise CsrfError()

    # ---- sign-in attempts
    async def may_try(self, client: str, username: str) -> bool:
        """Counts one attempt for the address and for the name; False once either is over the rate."""
        by_client, _ = await self.limiter.hit(self.client_rate, "console-login-client", client)
        by_name, _ = await self.limiter.hit(self.login_rate, "console-login-user", username.lower()[:64])
        return by_client and by_name


def get_console(request: Request) -> Console:
    console: Console = request.app.state.console
    return console


ConsoleDep = Annotated[Console, Depends(get_console)]


def current_session(request: Request, console: ConsoleDep) -> Session:
    session = console.open(request)
    if session is None:
        raise SignInRequired()
    request.state.session = session
    return session


StaffDep = Annotated[Session, Depends(current_session)]


def require(needed: Role) -> Any:
    """A dependency: the session, when its role is `needed` or above."""

    def check(session: StaffDep) -> Session:
        if not role_at_least(session.user.role, needed):
            raise Forbidden(needed)
        return session

    return Depends(check)


def check_csrf(session: StaffDep, csrf: Annotated[str, Form()] = "") -> Session:
    """For every POST: the form's token must be the session's."""
    if not csrf or not hmac.compare_digest(csrf, session.csrf):
        raise CsrfError()
    return session


CsrfDep = Annotated[Session, Depends(check_csrf)]
