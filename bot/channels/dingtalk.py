"""DingTalk (钉钉) robot: HTTP callbacks of messages that @ the robot.

Verify (钉钉 "接收消息的消息协议"): headers `timestamp` (ms) and `sign` = Base64(HmacSHA256(app secret,
timestamp + "\\n" + app secret)); a timestamp over one hour off is illegal. The sign covers only the
timestamp, not the body, so the reply address in the body (`sessionWebhook`) must lie under the configured
API base: a replayed sign cannot turn the bot into a relay to other hosts.
Parse: `msgtype` "text" is a question; `msgId` identifies it. Reply: acknowledged with an empty message
at once, answered in the background through the sessionWebhook (valid about 1.5 h). Push (subscriptions,
with `__APP_KEY` and `__ROBOT_CODE`): the robot's one-to-one message (oToMessages/batchSend) to the user's
staff id, with an access token from /v1.0/oauth2/accessToken.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable

from starlette.responses import JSONResponse

from .base import ChannelAdapter, Inbound, Malformed, Message, Unauthorized, Webhook, obj
from .config import DingTalkSettings, reveal
from .formatting import utf8_bytes
from .outbound import Outbound, PlatformError, TokenCache

__all__ = ["DingTalkAdapter"]


class DingTalkAdapter(ChannelAdapter):
    name = "dingtalk"
    # Robot messages over 20,000 bytes are refused (errcode 460101); the rest is room for the JSON.
    limit = 18_000
    settings: DingTalkSettings

    def __init__(
        self,
        settings: DingTalkSettings,
        outbound: Outbound | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(settings, outbound, clock)
        self.can_push = settings.push_api
        self.tokens = TokenCache(self._access_token)

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

    def push(self, user_key: str, text: str) -> bool:
        if not self.can_push:  # no app key and robot code: session webhooks only
            return super().push(user_key, text)
        base = self.settings.open_api_base.rstrip("/")
        payload = {
            "robotCode": self.settings.robot_code,
            "userIds": [user_key],
            "msgKey": "sampleText",
            "msgParam": json.dumps({"content": text}, ensure_ascii=False),
        }
        headers = {"x-acs-dingtalk-access-token": self.tokens.get()}
        data = self.outbound.call(
            "POST", f"{base}/v1.0/robot/oToMessages/batchSend", "batchSend", json=payload, headers=headers
        )
        refused = data.get("invalidStaffIdList") or data.get("flowControlledStaffIdList")
        if refused:  # not a staff id of the organisation (an outside user), or over the robot's quota
            raise PlatformError(f"dingtalk batchSend: not delivered to {refused}", payload=data)
        return True

    def _access_token(self) -> tuple[str, float]:
        credentials = {"appKey": self.settings.app_key, "appSecret": reveal(self.settings.app_secret)}
        base = self.settings.open_api_base.rstrip("/")
        data = self.outbound.call("POST", f"{base}/v1.0/oauth2/accessToken", "accessToken", json=credentials)
        token = data.get("accessToken")
        if not isinstance(token, str):
            raise PlatformError("dingtalk accessToken: no token in the answer", payload=data)
        return token, float(data.get("expireIn", 7200))
