"""Telegram Bot API webhook.

Verify: the `X-Telegram-Bot-Api-Secret-Token` header equals the `secret_token` given to setWebhook
(Telegram signs nothing else; an update carries no timestamp to check, so a replayed update is caught by
its `update_id`). Parse: a `message` with text from a person is a question; "/start" and "/help" get a
greeting in the webhook response itself. Reply: `sendMessage`, the first part as a reply to the question.
"""

from __future__ import annotations

import hmac

from starlette.responses import JSONResponse

from .base import ChannelAdapter, Inbound, Malformed, Message, Unauthorized, Webhook, obj
from .config import TelegramSettings, reveal
from .formatting import utf16_units
from .outbound import PlatformError

__all__ = ["TelegramAdapter"]

_ACCOUNT_COMMANDS = ("subscribe", "unsubscribe", "subscriptions", "link")
GREETING = (
    "您好！我是 TechBridge 科技成果转化助手，可以查询政策法规、科技成果、"
    "企业技术需求和对接活动，请直接提问。\n"
    "Hello! I am TechBridge, an assistant for technology transfer: ask me about regulations, technologies "
    "offered for transfer, enterprise demands and matchmaking events."
)


class TelegramAdapter(ChannelAdapter):
    name = "telegram"
    # sendMessage: "1-4096 characters after entities parsing"; Telegram counts UTF-16 code units.
    limit = 4096
    can_push = True
    settings: TelegramSettings

    def measure(self, text: str) -> int:
        return utf16_units(text)

    def receive(self, hook: Webhook) -> Inbound:
        secret = reveal(self.settings.secret_token)
        given = hook.headers.get("x-telegram-bot-api-secret-token", "")
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            raise Unauthorized("bad or missing X-Telegram-Bot-Api-Secret-Token")
        data = self.parse_json(hook.body)
        update_id = data.get("update_id")
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            raise Malformed("update without an integer update_id")
        ack = JSONResponse({})
        message = obj(data.get("message"))  # edits, channel posts, callbacks: nothing to answer
        sender, chat = obj(message.get("from")), obj(message.get("chat"))
        if sender.get("is_bot") or "id" not in sender or "id" not in chat:
            return Inbound(ack)
        text = message.get("text")
        if isinstance(text, str) and text.startswith("/"):
            command, _, rest = text.partition(" ")
            if command.split("@")[0] in ("/start", "/help") and not rest.strip():
                # Telegram runs a method given in the webhook response: no API call needed for this.
                greeting = {"method": "sendMessage", "chat_id": chat["id"], "text": GREETING}
                return Inbound(JSONResponse(greeting))
            # "/subscribe hydrogen", "/link 12345678": the command word is part of what is asked.
            name = command.split("@")[0][1:]
            text = f"{name} {rest}" if name in _ACCOUNT_COMMANDS else rest
        question = self.question(text)
        if question is None:
            return Inbound(ack)
        return Inbound(
            ack,
            Message(
                str(update_id),
                str(sender["id"]),
                question,
                {"chat_id": chat["id"], "message_id": message.get("message_id")},
            ),
        )

    def push(self, user_key: str, text: str) -> bool:
        # A private chat's id is its user's id: the chat a subscriber wrote from.
        chat_id = int(user_key) if user_key.lstrip("-").isdigit() else user_key
        self.deliver(Message("push", user_key, text, {"chat_id": chat_id}), [text])
        return True

    def deliver(self, message: Message, parts: list[str]) -> None:
        token = reveal(self.settings.bot_token)
        for i, part in enumerate(parts):
            payload: dict[str, object] = {
                "chat_id": message.reply_to["chat_id"],
                "text": part,
                "link_preview_options": {"is_disabled": True},
            }
            if i == 0 and message.reply_to.get("message_id") is not None:
                payload["reply_parameters"] = {
                    "message_id": message.reply_to["message_id"],
                    "allow_sending_without_reply": True,
                }
            data = self.outbound.call("POST", f"/bot{token}/sendMessage", "sendMessage", json=payload)
            if not data.get("ok"):
                raise PlatformError(f"telegram sendMessage: {data.get('description')}", payload=data)
