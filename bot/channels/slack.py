"""Slack Events API bot.

Verify: `X-Slack-Signature` = "v0=" + hex HMAC-SHA256(signing secret, "v0:{X-Slack-Request-Timestamp}:{raw
body}"); requests over five minutes old are refused (Slack's "Verifying requests from Slack").
Parse: `url_verification` is answered with its challenge; `event_callback` with an `app_mention`, or a
direct `message` (channel_type "im") from a person, is a question. Bot messages and edits are ignored, so
the bot never answers itself. Reply: acknowledged at once (Slack retries after 3 s), answered in the
background through `chat.postMessage`, in the thread of a channel mention.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from starlette.responses import JSONResponse, Response

from .base import ChannelAdapter, Inbound, Message, Unauthorized, Webhook, obj
from .config import SlackSettings, reveal
from .outbound import PlatformError

__all__ = ["SlackAdapter"]

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>\s*")


def escape(text: str) -> str:
    """Slack's three control characters as entities (`<`, `>` and `&` start links and mentions)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class SlackAdapter(ChannelAdapter):
    name = "slack"
    # chat.postMessage truncates text over 40,000 characters and asks for at most 4,000.
    limit = 4000
    can_push = True
    settings: SlackSettings

    def measure(self, text: str) -> int:
        return len(escape(text))

    def receive(self, hook: Webhook) -> Inbound:
        timestamp = hook.headers.get("x-slack-request-timestamp", "")
        secret = reveal(self.settings.signing_secret)
        expected = (
            "v0="
            + hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + hook.body, hashlib.sha256).hexdigest()
        )
        if not hmac.compare_digest(expected.encode(), hook.headers.get("x-slack-signature", "").encode()):
            raise Unauthorized("bad or missing X-Slack-Signature")
        self.check_age(timestamp, self.settings.max_age_s)
        data = self.parse_json(hook.body)
        if data.get("type") == "url_verification":
            return Inbound(JSONResponse({"challenge": str(data.get("challenge", ""))}))
        ack = Response(status_code=200)
        event = obj(data.get("event"))
        if data.get("type") != "event_callback" or event.get("bot_id") or event.get("subtype"):
            return Inbound(ack)
        direct = event.get("type") == "message" and event.get("channel_type") == "im"
        text = self.question(unescape(_MENTION.sub("", str(event.get("text", "")))))
        if not (direct or event.get("type") == "app_mention") or not text:
            return Inbound(ack)
        if not (data.get("event_id") and event.get("user") and event.get("channel")):
            return Inbound(ack)
        thread = None if direct else (event.get("thread_ts") or event.get("ts"))
        user = f"{data.get('team_id', '')}:{event['user']}"
        return Inbound(
            ack,
            Message(
                str(data["event_id"]), user, text, {"channel": str(event["channel"]), "thread_ts": thread}
            ),
        )

    def push(self, user_key: str, text: str) -> bool:
        # The key is "team:user"; chat.postMessage to a user id posts in the app's direct messages with them.
        user = user_key.rpartition(":")[2]
        self.deliver(Message("push", user_key, text, {"channel": user}), [text])
        return True

    def deliver(self, message: Message, parts: list[str]) -> None:
        token = reveal(self.settings.bot_token)
        for part in parts:
            payload = {
                "channel": message.reply_to["channel"],
                "text": escape(part),
                "unfurl_links": False,
                "unfurl_media": False,
            }
            if message.reply_to.get("thread_ts"):
                payload["thread_ts"] = message.reply_to["thread_ts"]
            data = self.outbound.call(
                "POST",
                "/chat.postMessage",
                "chat.postMessage",
                json=payload,
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "application/json; charset=utf-8",
                },
            )
            if not data.get("ok"):
                raise PlatformError(f"slack chat.postMessage: {data.get('error', 'not ok')}", payload=data)
