"""WeCom (企业微信) self-built app: callbacks in security mode (加解密方案, see crypto.py).

Verify: `msg_signature` over the sorted token, `timestamp`, `nonce` and the ciphertext (`echostr` for the
GET that verifies the URL, `<Encrypt>` of the POSTed XML); the plaintext must name our corp id; a
timestamp older than `max_age_s` is a replay. GET answers the decrypted echostr as is. The POSTed
ciphertext is found by a scan, not a parser (xmlbody.py): no XML is parsed before the signature holds.
Parse: with defusedxml, DTDs refused in any encoding; the envelope's `<Encrypt>` must be the ciphertext
that was verified. A `text` message is a question; `MsgId` identifies it (WeCom retries three times
within ~15 s).
Reply: with `secret` and `agent_id` set, an empty 200 at once and the answer through `message/send`, in
as many 2048-byte messages as needed; without them, one encrypted passive reply in the response, which
WeCom drops if it takes over 5 s, holding the first part of a long answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from starlette.responses import PlainTextResponse, Response

from ..conversation.types import ChatResponse
from ..errors import CryptoError, PlatformError, UpstreamError
from ..phrasebook import phrase
from .base import ChannelAdapter, Inbound, Malformed, Message, Unauthorized, Webhook
from .config import WeComSettings, reveal
from .crypto import WeComCipher
from .formatting import split_answer, utf8_bytes
from .outbound import Outbound, TokenCache
from .xmlbody import parse, sealed, signed_field, text_reply

__all__ = ["WeComAdapter"]

_TOKEN_REFUSED = {40014, 42001}  # invalid, expired access_token


class WeComAdapter(ChannelAdapter):
    name = "wecom"
    # Text messages, passive or through message/send, carry at most 2048 bytes of content.
    limit = 2048
    settings: WeComSettings

    def __init__(
        self,
        settings: WeComSettings,
        outbound: Outbound | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(settings, outbound, clock)
        corp_id = settings.corp_id or ""
        self.cipher = WeComCipher(reveal(settings.token), reveal(settings.encoding_aes_key), corp_id)
        self.tokens = TokenCache(self._access_token)
        self.replies_inline = not settings.message_api
        self.can_push = settings.message_api

    def measure(self, text: str) -> int:
        return utf8_bytes(text)

    def receive(self, hook: Webhook) -> Inbound:
        q = hook.query
        if hook.method == "GET":
            echo = self._decrypt(q.get("msg_signature"), q.get("timestamp"), q.get("nonce"), q.get("echostr"))
            return Inbound(PlainTextResponse(echo.decode("utf-8", "replace")))  # verbatim: no quotes, no BOM
        encrypted = signed_field(hook.body, "Encrypt")
        if encrypted is None:
            raise Malformed("no <Encrypt> ciphertext in the body")
        plain = self._decrypt(q.get("msg_signature"), q.get("timestamp"), q.get("nonce"), encrypted)
        # Authenticated from here on; only now is anything parsed.
        if parse(hook.body).findtext("Encrypt") != encrypted:
            raise Malformed("the envelope's <Encrypt> is not the ciphertext that was verified")
        msg = parse(plain)
        ack = Response(b"", media_type="text/plain")  # an empty 200: received, nothing to say now
        text = self.question(msg.findtext("Content"))
        user, msg_id = msg.findtext("FromUserName"), msg.findtext("MsgId")
        if msg.findtext("MsgType") != "text" or not (text and user and msg_id):
            return Inbound(ack)
        return Inbound(ack, Message(msg_id, user, text, {"user": user}))

    def _decrypt(
        self, signature: str | None, timestamp: str | None, nonce: str | None, encrypted: str | None
    ) -> bytes:
        if not (signature and timestamp and nonce and encrypted):
            raise Unauthorized("missing msg_signature, timestamp, nonce or ciphertext")
        if not self.cipher.signature_ok(signature, timestamp, nonce, encrypted):
            raise Unauthorized("bad msg_signature")
        self.check_age(timestamp, self.settings.max_age_s)
        try:
            return self.cipher.decrypt(encrypted)
        except CryptoError as exc:
            raise Unauthorized(f"ciphertext does not decrypt for this corp: {exc}") from None

    # ---- passive reply ---------------------------------------------------------------------------
    def format(self, response: ChatResponse) -> list[str]:
        if not self.replies_inline:
            return super().format(response)
        more = phrase("channel.shortened", response.lang)
        parts = split_answer(
            response.answer,
            list(response.citations),
            self.limit - utf8_bytes(more),
            self.measure,
            response.lang,
        )
        return [parts[0] + (more if len(parts) > 1 else "")]

    def inline_reply(self, message: Message, parts: list[str]) -> Response:
        now = str(int(self.clock()))
        corp_id = self.settings.corp_id or ""
        body = sealed(self.cipher, text_reply(message.user, corp_id, now, parts[0]), now)
        return Response(body, media_type="application/xml")

    # ---- message API -----------------------------------------------------------------------------
    def push(self, user_key: str, text: str) -> bool:
        if not self.can_push:  # no message API configured: passive replies only
            return super().push(user_key, text)
        self.deliver(Message("push", user_key, text, {"user": user_key}), [text])
        return True

    def deliver(self, message: Message, parts: list[str]) -> None:
        for part in parts:
            self._send(
                {
                    "touser": message.reply_to["user"],
                    "msgtype": "text",
                    "agentid": self.settings.agent_id,
                    "text": {"content": part},
                }
            )

    def _send(self, payload: dict[str, object]) -> None:
        for attempt in range(2):  # once more with a fresh token if WeCom refused the cached one
            data = self.outbound.call(
                "POST",
                "/cgi-bin/message/send",
                "message/send",
                json=payload,
                params={"access_token": self.tokens.get()},
                retry_if=lambda d: d.get("errcode") == -1,
            )  # -1: system busy
            if data.get("errcode", 0) == 0:
                return
            if data.get("errcode") in _TOKEN_REFUSED and attempt == 0:
                self.tokens.invalidate()
                continue
            problem = f"{data.get('errcode')} {data.get('errmsg')}"
            raise PlatformError(f"wecom message/send: {problem}", payload=data)

    def _access_token(self) -> tuple[str, float]:
        data = self.outbound.call(
            "GET",
            "/cgi-bin/gettoken",
            "gettoken",
            params={"corpid": self.settings.corp_id or "", "corpsecret": reveal(self.settings.secret)},
        )
        token = data.get("access_token")
        if data.get("errcode", 0) != 0 or not isinstance(token, str):
            raise UpstreamError(f"wecom gettoken: {data.get('errcode')} {data.get('errmsg')}")
        return token, float(data.get("expires_in", 7200))
