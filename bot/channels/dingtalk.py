"""DingTalk (钉钉) robot: HTTP callbacks of messages that @ the robot.

Verify (钉钉 "接收消息的消息协议"): headers `timestamp` (ms) and `sign` = Base64(HmacSHA256(app secret,
timestamp + "\\n" + app secret)); a timestamp over one hour off is illegal. The sign covers only the
timestamp, not the body, so the reply address in the body (`sessionWebhook`) must lie under the configured
API base: a replayed sign cannot turn the bot into a relay to other hosts.
Parse: `msgtype` "text" is a question; `msgId` identifies it. Reply: acknowledged with an empty message
at once, answered in the background through the sessionWebhook (valid about 1.5 h).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from starlette.responses import JSONResponse

from .base import ChannelAdapter, Inbound, Malformed, Message, Unauthorized, Webhook, obj
from .config import DingTalkSettings, reveal
from .formatting import utf8_bytes
from .outbound import PlatformError

__all__ = ["DingTalkAdapter"]


class DingTalkAdapter(ChannelAdapter):
    name = "dingtalk"
    # Robot messages over 20,000 bytes are refused (errcode 460101); the rest is room for the JSON.
    limit = 18_000
    settings: DingTalkSettings

    def measure(self, text: str) -> int:
        return utf8_bytes(text)

    def receive(self, hook: Webhook) -> Inbound:
        timestamp = hook.headers.get("timestamp", "")
        secret = reveal(self.settings.app_secret)
        digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(base64.b64encode(digest), hook.headers.get("sign", "").encode()):
            raise Unauthorized("bad or missing sign")
        self.check_age(timestamp, self.settings.max_age_s, unit=1000.0)
        data = self.parse_json(hook.body)
        ack = JSONResponse({"msgtype": "empty"})
        if data.get("msgtype") != "text":
            return Inbound(ack)
        text = self.question(obj(data.get("text")).get("content"))
        user = data.get("senderStaffId") or data.get("senderId")
        webhook, msg_id = data.get("sessionWebhook"), data.get("msgId")
        if not (text and user and msg_id and isinstance(webhook, str)):
            return Inbound(ack)
        if not webhook.startswith(self.outbound.base + "/"):
            raise Malformed("sessionWebhook is not under the configured DingTalk API base")
        expires = data.get("sessionWebhookExpiredTime")
        if isinstance(expires, int) and expires / 1000 < self.clock():
            return Inbound(ack)  # no way left to answer
        return Inbound(ack, Message(str(msg_id), str(user), text, {"webhook": webhook}))

    def deliver(self, message: Message, parts: list[str]) -> None:
        for part in parts:
            data = self.outbound.call(
                "POST",
                message.reply_to["webhook"],
                "sendBySession",
                json={"msgtype": "text", "text": {"content": part}},
            )
            if data.get("errcode", 0) != 0:
                raise PlatformError(
                    f"dingtalk sendBySession: {data.get('errmsg', data.get('errcode'))}", payload=data
                )
