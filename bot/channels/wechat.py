"""WeChat Official Account (微信公众号): messages and events pushed to the server URL (服务器配置).

Verify: the URL check (GET) carries `signature` = sha1 of the sorted token, `timestamp` and `nonce`, and
the bare `echostr` is answered. In safe mode (安全模式, EncodingAESKey set) a POST is judged by
`msg_signature` over the sorted token, timestamp, nonce and `<Encrypt>`, which WeCom's AES scheme decrypts
with the AppID as receive id (crypto.py); a body without `<Encrypt>` is refused. In plaintext mode (明文模式)
the `signature` covers no byte of the body, which is why safe mode is the one to run; a signature is held
to the first body it came with, so a body swapped under an observed one is refused. Either way a timestamp
older than `max_age_s` is a replay, and nothing is parsed before the signature holds (xmlbody.py).
Parse: `text` (Content) and `voice` (Recognition, WeChat's speech-to-text) are questions identified by
`MsgId`; events by FromUserName + CreateTime: `subscribe` gets the greeting, a menu `CLICK` asks the
question its EventKey is mapped to (`menu`). WeChat retries an unanswered push three times, 5 s apart.
Reply: an answer ready within `reply_within_s` goes back as the passive reply (encrypted in safe mode),
its first 2,048-byte part in the response and any further parts by customer-service message; a slower one
gets "success" at once and all its parts by customer-service message (/cgi-bin/message/custom/send, access
token from /cgi-bin/stable_token). 45015 (the user has not written within 48 hours) and 45047 (the
customer-service quota is spent) and 48001 (an unverified account has no customer-service API) are counted
and logged, and the rest of that answer dropped: no retry.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from starlette.background import BackgroundTasks
from starlette.concurrency import run_in_threadpool
from starlette.responses import PlainTextResponse, Response

from retrieval.text import detect_lang

from ..conversation.smalltalk import smalltalk_reply
from ..errors import CryptoError, PlatformError, UpstreamError
from ..phrasebook import phrase
from .base import ChannelAdapter, Inbound, Malformed, Message, Unauthorized, Webhook, compose
from .config import WeChatSettings, reveal
from .crypto import WeComCipher
from .formatting import split_answer, utf8_bytes
from .outbound import Outbound, TokenCache
from .xmlbody import parse, sealed, signed_field, text_reply

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    from ..chat.service import ChatService

__all__ = ["WeChatAdapter"]

log = logging.getLogger(__name__)
_TOKEN_REFUSED = {40001, 40014, 42001}  # invalid credential, invalid access_token, expired access_token
# Refusals a retry cannot cure: recorded, and the rest of the answer dropped.
_NOT_SENT = {
    45015: "the user has not written within 48 hours",
    45047: "the customer-service message quota is spent",
    48001: "the account may not send customer-service messages (it is not verified)",
}
_SEEN_MAX = 100_000  # plaintext-mode signatures remembered (about 10 MB); WeChat pushes far fewer in 5 min
_GREETING = "greeting"  # reply_to["say"]: a fixed reply, no question to answer


def _success() -> Response:
    # "success" (or an empty body): received, no passive reply; WeChat then neither retries nor warns.
    return PlainTextResponse("success")


class WeChatAdapter(ChannelAdapter):
    name = "wechat"
    # A passive reply's Content, and a customer-service text, carry at most 2,048 bytes.
    limit = 2048
    can_push = True  # within 48 hours of the user's last message (push says when not)
    replies_inline = True  # the router hands the message to `respond`
    settings: WeChatSettings

    def __init__(
        self,
        settings: WeChatSettings,
        outbound: Outbound | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(settings, outbound, clock)
        self.token = reveal(settings.token)
        self.app_id = settings.app_id or ""
        self.cipher = (
            WeComCipher(self.token, reveal(settings.encoding_aes_key), self.app_id)
            if settings.safe_mode
            else None
        )
        self.tokens = TokenCache(self._access_token)
        self._force_refresh = False
        self.undelivered: Counter[int] = Counter()  # errcode -> answers WeChat would not deliver
        self._seen: OrderedDict[str, tuple[float, bytes]] = OrderedDict()  # plaintext signature -> body
        self._seen_lock = threading.Lock()

    def measure(self, text: str) -> int:
        return utf8_bytes(text)

    # ---- verify, then parse ----------------------------------------------------------------------
    def receive(self, hook: Webhook) -> Inbound:
        q = hook.query
        if hook.method == "GET":
            self._check_signature(q.get("signature"), q.get("timestamp"), q.get("nonce"))
            echostr = q.get("echostr")
            if not echostr:
                raise Malformed("no echostr to answer")
            return Inbound(PlainTextResponse(echostr))  # the bare echostr: no quotes, no BOM
        if self.cipher is None:
            self._check_signature(q.get("signature"), q.get("timestamp"), q.get("nonce"))
            self._bind_body(q.get("signature") or "", hook.body)
            return self._inbound(parse(hook.body))  # authenticated, as far as plaintext mode goes
        encrypted = signed_field(hook.body, "Encrypt")
        if encrypted is None:
            raise Unauthorized("no <Encrypt> ciphertext: plaintext messages are refused in safe mode")
        plain = self._decrypt(q.get("msg_signature"), q.get("timestamp"), q.get("nonce"), encrypted)
        # Authenticated from here on; only now is anything parsed.
        if parse(hook.body).findtext("Encrypt") != encrypted:
            raise Malformed("the envelope's <Encrypt> is not the ciphertext that was verified")
        return self._inbound(parse(plain))

    def _check_signature(self, signature: str | None, timestamp: str | None, nonce: str | None) -> None:
        if not (signature and timestamp and nonce):
            raise Unauthorized("missing signature, timestamp or nonce")
        expected = hashlib.sha1("".join(sorted([self.token, timestamp, nonce])).encode()).hexdigest()
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            raise Unauthorized("bad signature")
        self.check_age(timestamp, self.settings.max_age_s)

    def _bind_body(self, signature: str, body: bytes) -> None:
        """Plaintext mode: a signature holds for the first body it came with (a retry sends that body
        again); the same signature on another body within `max_age_s` is a swapped body. Per process."""
        now, digest = self.clock(), hashlib.sha256(body).digest()
        with self._seen_lock:
            while self._seen and (len(self._seen) > _SEEN_MAX or next(iter(self._seen.values()))[0] < now):
                self._seen.popitem(last=False)  # expired, or the oldest when over the cap
            first = self._seen.setdefault(signature, (now + self.settings.max_age_s, digest))[1]
        if not hmac.compare_digest(first, digest):
            raise Unauthorized("a signature already used with another body")

    def _decrypt(
        self, signature: str | None, timestamp: str | None, nonce: str | None, encrypted: str
    ) -> bytes:
        assert self.cipher is not None
        if not (signature and timestamp and nonce):
            raise Unauthorized("missing msg_signature, timestamp or nonce")
        if not self.cipher.signature_ok(signature, timestamp, nonce, encrypted):
            raise Unauthorized("bad msg_signature")
        self.check_age(timestamp, self.settings.max_age_s)
        try:
            return self.cipher.decrypt(encrypted)
        except CryptoError as exc:
            raise Unauthorized(f"ciphertext does not decrypt for this AppID: {exc}") from None

    def _inbound(self, msg: ET.Element) -> Inbound:
        user, account = msg.findtext("FromUserName"), msg.findtext("ToUserName")
        kind, created = msg.findtext("MsgType"), msg.findtext("CreateTime") or ""
        if not (user and account):
            return Inbound(_success())
        reply_to = {"user": user, "account": account}
        if kind in ("text", "voice"):
            msg_id = msg.findtext("MsgId")
            text = self.question(msg.findtext("Content" if kind == "text" else "Recognition"))
            if not msg_id or (text is None and kind == "text"):
                return Inbound(_success())
            if text is None:  # a voice message WeChat could not transcribe (or recognition is off)
                notice = phrase("channel.wechat.voice_unrecognised", self.settings.lang)
                return Inbound(self._passive(reply_to, notice))
            return Inbound(_success(), Message(msg_id, user, text, reply_to))
        if kind != "event":
            return Inbound(_success())
        event_id = f"event:{user}:{created}"  # WeChat's documented dedup key of events
        event = (msg.findtext("Event") or "").lower()
        if event == "subscribe":
            return Inbound(_success(), Message(event_id, user, "", {**reply_to, "say": _GREETING}))
        question = self.settings.menu.get(msg.findtext("EventKey") or "") if event == "click" else None
        if question and (text := self.question(question)):
            return Inbound(_success(), Message(event_id, user, text, reply_to))
        return Inbound(_success())

    # ---- answer: passive when quick, else by customer-service message ------------------------------
    async def respond(
        self, chat: ChatService, message: Message, ack: Response, background: BackgroundTasks
    ) -> Response:
        """The HTTP answer to a claimed message: its passive reply if ready in time, else `ack`."""
        if message.reply_to.get("say") == _GREETING:
            text = smalltalk_reply("greeting", self.settings.lang, chat.catalog, chat.clock())
            parts = split_answer(text, [], self.limit, self.measure, self.settings.lang)
            return self._reply_first(message, parts, background)
        task = asyncio.ensure_future(run_in_threadpool(compose, chat, self, message))
        done, _ = await asyncio.wait({task}, timeout=self.settings.reply_within_s)
        if not done:
            log.info("wechat: event %s goes by customer-service message (slow answer)", message.event_id)
            background.add_task(self._answer_late, task, message)
            return ack
        return self._reply_first(message, self._parts(task, message), background)

    def _parts(self, task: asyncio.Future[list[str]], message: Message) -> list[str]:
        try:
            return task.result()
        except Exception:
            log.exception("wechat: answering event %s failed", message.event_id)
            return [
                phrase("channel.apology", detect_lang(message.text) if message.text else self.settings.lang)
            ]

    def _reply_first(self, message: Message, parts: list[str], background: BackgroundTasks) -> Response:
        if len(parts) > 1:
            background.add_task(self._deliver_logged, message, parts[1:])
        return self._passive(message.reply_to, parts[0])

    async def _answer_late(self, task: asyncio.Future[list[str]], message: Message) -> None:
        await asyncio.wait({task})
        await run_in_threadpool(self._deliver_logged, message, self._parts(task, message))

    def _deliver_logged(self, message: Message, parts: list[str]) -> None:
        try:
            self.deliver(message, parts)
        except Exception:
            log.exception("wechat: replying to event %s failed", message.event_id)

    def inline_reply(self, message: Message, parts: list[str]) -> Response:
        return self._passive(message.reply_to, parts[0])

    def _passive(self, reply_to: Mapping[str, Any], content: str) -> Response:
        now = str(int(self.clock()))
        reply = text_reply(reply_to["user"], reply_to["account"], now, content)
        body = reply if self.cipher is None else sealed(self.cipher, reply, now)
        return Response(body, media_type="application/xml")

    # ---- customer-service messages ---------------------------------------------------------------
    def push(self, user_key: str, text: str) -> bool:
        return self._send({"touser": user_key, "msgtype": "text", "text": {"content": text}})

    def deliver(self, message: Message, parts: list[str]) -> None:
        for part in parts:
            payload = {"touser": message.reply_to["user"], "msgtype": "text", "text": {"content": part}}
            if not self._send(payload):
                return

    def _send(self, payload: dict[str, object]) -> bool:
        """True when sent; False when WeChat will not deliver to this user now (recorded, not retried)."""
        for attempt in range(2):  # once more with a fresh token if WeChat refused the cached one
            data = self.outbound.call(
                "POST",
                "/cgi-bin/message/custom/send",
                "message/custom/send",
                json=payload,
                params={"access_token": self.tokens.get()},
                retry_if=lambda d: d.get("errcode") == -1,  # -1: system busy
            )
            code = data.get("errcode", 0)
            if code == 0:
                return True
            if code in _TOKEN_REFUSED and attempt == 0:
                self._force_refresh = True  # the stable token would come back unchanged otherwise
                self.tokens.invalidate()
                continue
            if code in _NOT_SENT:
                self.undelivered[code] += 1
                why = _NOT_SENT[code]
                log.warning("wechat: answer to %s not sent: %s (%s)", payload["touser"], why, code)
                return False
            raise PlatformError(f"wechat message/custom/send: {code} {data.get('errmsg')}", payload=data)
        return False

    def _access_token(self) -> tuple[str, float]:
        force, self._force_refresh = self._force_refresh, False
        data = self.outbound.call(
            "POST",
            "/cgi-bin/stable_token",
            "stable_token",
            json={
                "grant_type": "client_credential",
                "appid": self.app_id,
                "secret": reveal(self.settings.app_secret),
                "force_refresh": force,
            },
        )
        token = data.get("access_token")
        if data.get("errcode", 0) != 0 or not isinstance(token, str):
            raise UpstreamError(f"wechat stable_token: {data.get('errcode')} {data.get('errmsg')}")
        return token, float(data.get("expires_in", 7200))
