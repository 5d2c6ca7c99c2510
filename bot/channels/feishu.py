"""Feishu/Lark (飞书) bot: event subscription over HTTP, with an Encrypt Key.

Verify (飞书 "接收事件"): `X-Lark-Signature` = sha256_hex(X-Lark-Request-Timestamp + X-Lark-Request-Nonce +
encrypt key + raw body), checked before the body is read as JSON or decrypted; the timestamp must lie
within the retry window; the decrypted event's verification token must match. Feishu signs every event
but the URL check ("安全校验 ... 不包括请求网址校验"), so an unsigned request can only be a
`url_verification`, answered when it decrypts with the Encrypt Key and carries the right token. Unsigned
requests are what an attacker can aim at AES-CBC without a key: every way one fails (body not JSON, no
ciphertext, bad base64 or padding, plaintext not JSON, not a URL check, wrong token) is the same
`Unauthorized`, and the router answers every 401 with one body, so no answer is a padding or parsing
oracle. Unsigned bodies over 4 KiB are refused undecrypted (a URL check is about 250 bytes).
Parse: `im.message.receive_v1` with a text message from a user is a question; `header.event_id` identifies
it. Reply: in the background, `POST /open-apis/im/v1/messages/{message_id}/reply` with a tenant access
token (cached for its 2 h life).
"""

from __future__ import annotations

import hmac
import json
import re
import time
from collections.abc import Callable

from starlette.responses import JSONResponse

from ..errors import ChannelError, CryptoError, PlatformError, UpstreamError
from .base import ChannelAdapter, Inbound, Malformed, Message, Unauthorized, Webhook, obj
from .config import FeishuSettings, reveal
from .crypto import FeishuCipher, feishu_signature
from .formatting import utf8_bytes
from .outbound import Outbound, TokenCache

__all__ = ["FeishuAdapter"]

_MENTION_KEY = re.compile(r"@_user_\d+\s*")
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")  # it goes into a URL path
_TOKEN_REFUSED = {99991661, 99991663, 99991668}  # missing, invalid, expired tenant access token
_UNSIGNED_MAX_BYTES = 4096  # {"encrypt": base64(iv + {"challenge", "token", "type"})} is ~250 bytes


class FeishuAdapter(ChannelAdapter):
    name = "feishu"
    # A text message's request may be at most 150 KB; its text is JSON-escaped twice on the way (content
    # is a JSON string inside the JSON body), which can triple newlines and quotes: 40,000 bytes is safe.
    limit = 40_000
    can_push = True
    settings: FeishuSettings

    def __init__(
        self,
        settings: FeishuSettings,
        outbound: Outbound | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(settings, outbound, clock)
        self.encrypt_key = reveal(settings.encrypt_key)
        self.cipher = FeishuCipher(self.encrypt_key)
        self.tokens = TokenCache(self._tenant_token)

    def measure(self, text: str) -> int:
        return utf8_bytes(text)

    def receive(self, hook: Webhook) -> Inbound:
        signature = hook.headers.get("x-lark-signature")
        if signature is None:
            return self._url_verification(hook.body)
        timestamp = hook.headers.get("x-lark-request-timestamp", "")
        nonce = hook.headers.get("x-lark-request-nonce", "")
        expected = feishu_signature(timestamp, nonce, self.encrypt_key, hook.body)
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            raise Unauthorized("bad X-Lark-Signature")
        self.check_age(timestamp, self.settings.max_age_s)
        # Feishu signed these bytes with the Encrypt Key: only now are they read.
        event = self._open(hook.body)
        if event.get("type") == "url_verification":
            return self._challenge(event)
        header = obj(event.get("header"))
        self._check_token(header.get("token"))
        return self._message(header, obj(event.get("event")))

    def _url_verification(self, body: bytes) -> Inbound:
        """An unsigned request: a URL check that decrypts and carries the token, or one uniform refusal."""
        try:
            if len(body) > _UNSIGNED_MAX_BYTES:
                raise Malformed(f"body over {_UNSIGNED_MAX_BYTES} bytes")
            event = self._open(body)
            if event.get("type") != "url_verification":
                raise Unauthorized("missing X-Lark-Signature")
            return self._challenge(event)
        except ChannelError as exc:  # the reason is logged by the router, never answered
            raise Unauthorized(f"unsigned request refused: {exc}") from None

    def _open(self, body: bytes) -> dict[str, object]:
        encrypted = self.parse_json(body).get("encrypt")
        if not isinstance(encrypted, str):
            raise Unauthorized("event is not encrypted, but an Encrypt Key is configured")
        try:
            return self.parse_json(self.cipher.decrypt(encrypted))
        except CryptoError:
            raise Unauthorized("event does not decrypt with the Encrypt Key") from None

    def _challenge(self, event: dict[str, object]) -> Inbound:
        self._check_token(event.get("token"))
        return Inbound(JSONResponse({"challenge": str(event.get("challenge", ""))}))

    def _check_token(self, token: object) -> None:
        expected = reveal(self.settings.verification_token)
        if not isinstance(token, str) or not hmac.compare_digest(token.encode(), expected.encode()):
            raise Unauthorized("wrong verification token")

    def _message(self, header: dict[str, object], event: dict[str, object]) -> Inbound:
        ack = JSONResponse({})
        sender, message = obj(event.get("sender")), obj(event.get("message"))
        if (
            header.get("event_type") != "im.message.receive_v1"
            or sender.get("sender_type") != "user"
            or message.get("message_type") != "text"
        ):
            return Inbound(ack)
        try:
            content = obj(json.loads(str(message.get("content", ""))))
        except json.JSONDecodeError:
            raise Malformed("message content is not JSON") from None
        text = self.question(_MENTION_KEY.sub("", str(content.get("text", ""))))
        user, message_id = obj(sender.get("sender_id")).get("open_id"), message.get("message_id")
        if not (text and user and header.get("event_id") and isinstance(message_id, str)):
            return Inbound(ack)
        if not _MESSAGE_ID.match(message_id):
            raise Malformed("bad message_id")
        return Inbound(ack, Message(str(header["event_id"]), str(user), text, {"message_id": message_id}))

    def push(self, user_key: str, text: str) -> bool:
        # A new message (not a reply) to the user's open_id, the id their messages came with.
        payload = {
            "receive_id": user_key,
            "msg_type": "text",
            "content": json.dumps({"text": text}, ensure_ascii=False),
        }
        self._post("/open-apis/im/v1/messages?receive_id_type=open_id", payload)
        return True

    def deliver(self, message: Message, parts: list[str]) -> None:
        path = f"/open-apis/im/v1/messages/{message.reply_to['message_id']}/reply"
        for part in parts:
            self._post(path, {"msg_type": "text", "content": json.dumps({"text": part}, ensure_ascii=False)})

    def _post(self, path: str, payload: dict[str, str]) -> None:
        for attempt in range(2):  # once more with a fresh token if Feishu refused the cached one
            try:
                data = self.outbound.call(
                    "POST",
                    path,
                    "reply",
                    json=payload,
                    headers={"Authorization": f"Bearer {self.tokens.get()}"},
                )
            except PlatformError as exc:
                data = dict(exc.payload) or {"code": -1, "msg": str(exc)}
            if data.get("code") == 0:
                return
            if data.get("code") in _TOKEN_REFUSED and attempt == 0:
                self.tokens.invalidate()
                continue
            raise PlatformError(f"feishu reply: {data.get('code')} {data.get('msg')}", payload=data)

    def _tenant_token(self) -> tuple[str, float]:
        credentials = {"app_id": self.settings.app_id, "app_secret": reveal(self.settings.app_secret)}
        data = self.outbound.call(
            "POST", "/open-apis/auth/v3/tenant_access_token/internal", "tenant_token", json=credentials
        )
        token = data.get("tenant_access_token")
        if data.get("code") != 0 or not isinstance(token, str):
            raise UpstreamError(f"feishu tenant_access_token: {data.get('code')} {data.get('msg')}")
        return token, float(data.get("expire", 7200))
