"""Private sessions: a conversation is read and driven only by the client that holds it.

Web (`/api/chat`, `/api/chat/stream`, `/api/feedback`). The server issues every session: 128 random bits
(`secrets.token_urlsafe(16)`, 22 URL-safe characters) are its id, the one stored, logged and shown to staff.
The client gets that id followed by its tag, HMAC-SHA256 under `TECHBRIDGE_SERVER__SESSION_SECRET` cut to
128 bits (22 more characters), as its `session_id`, and sends it back as `session_id` to go on. The bare id
(copied from a log line, the staff console or an export), an id a client made up, an altered tag or one made
under another secret opens nothing: the chat routes answer 403, feedback 404.

Why a token in `session_id` and not a cookie: the widget runs on other sites' pages and calls the API
cross-origin without credentials (CORS allows none), where a cookie would be a third-party cookie that
browsers block or partition; a separate header would need a CORS change to be sent and read, and a separate
field would break every client that echoes `session_id` today. The widget keeps the token in localStorage,
where it kept the id; on a 403 (the secret changed) it starts a new session.

`/v1` (OpenAI-compatible, stateless). Its conversations are keyed by `user` and the messages; `api_user`
puts the caller's API key (the Authorization bearer, whatever it is: no key is configured for `/v1`), hashed,
in front of `user`, so the same `user` under two keys are two users. No key: one 'anonymous' namespace.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
import re
import secrets
from typing import Annotated

from fastapi import Depends

from ..deps import SettingsDep
from ..settings import Settings

__all__ = ["WebSessions", "WebSessionsDep", "api_user", "web_sessions"]

log = logging.getLogger(__name__)

_ID_BYTES = 16  # 128 random bits: beyond guessing, online or off
_ID_CHARS = 22  # len(secrets.token_urlsafe(16))
_TAG_CHARS = 22  # 128 bits of the HMAC, base64url without padding
_TOKEN = re.compile(rf"^[A-Za-z0-9_-]{{{_ID_CHARS + _TAG_CHARS}}}$")
_DOMAIN = b"techbridge web session v1\x00"  # a tag made here means nothing anywhere else
_KEY_HASH_CHARS = 32  # 128 bits of sha256: two keys never share a namespace by chance


class WebSessions:
    """Issues web sessions and opens the tokens it issued."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    @classmethod
    def from_settings(cls, settings: Settings) -> WebSessions:
        configured = settings.server.session_secret
        if configured is not None and configured.get_secret_value():
            return cls(configured.get_secret_value().encode("utf-8"))
        return cls(_process_secret())  # development and tests; production refuses to start without one

    def issue(self) -> tuple[str, str]:
        """A new session: (its id, the token its client sends back as `session_id`)."""
        session_id = secrets.token_urlsafe(_ID_BYTES)
        return session_id, session_id + self._tag(session_id)

    def open(self, token: str) -> str | None:
        """The id of the session a token was issued for, or None (a bare id, a made-up or altered one)."""
        if not _TOKEN.match(token):
            return None
        session_id, tag = token[:_ID_CHARS], token[_ID_CHARS:]
        return session_id if hmac.compare_digest(tag, self._tag(session_id)) else None

    def _tag(self, session_id: str) -> str:
        digest = hmac.new(self._secret, _DOMAIN + session_id.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:16]).decode("ascii").rstrip("=")


@functools.cache
def _process_secret() -> bytes:
    """A key for this process only, made the first time it is needed: its sessions end when it stops, and
    each worker of a multi-worker server has its own (so set the setting there too)."""
    log.warning(
        "TECHBRIDGE_SERVER__SESSION_SECRET is unset: web sessions are signed with a key made for this "
        "process and end when it stops (production requires the setting)"
    )
    return secrets.token_bytes(32)


def web_sessions(settings: SettingsDep) -> WebSessions:
    return WebSessions.from_settings(settings)


WebSessionsDep = Annotated[WebSessions, Depends(web_sessions)]


def api_user(authorization: str | None, user: str | None) -> str:
    """The user a `/v1` conversation belongs to: the caller's key namespace, then its `user` if it gave one.

    The key is hashed (only a namespace is needed, never the key); a missing or empty one is 'anonymous'.
    """
    scheme, _, credential = (authorization or "").strip().partition(" ")
    key = credential.strip() if scheme.lower() == "bearer" else (authorization or "").strip()
    if key:
        digest = hashlib.sha256(b"techbridge v1 key\x00" + key.encode("utf-8")).hexdigest()
        namespace = "key-" + digest[:_KEY_HASH_CHARS]
    else:
        namespace = "anonymous"
    return namespace if user is None else f"{namespace}:{user}"
