"""Settings of the messaging-app channels, one plain model per platform; `bot.settings.Settings` composes
them as `channels`, read from e.g. TECHBRIDGE_CHANNELS__SLACK__SIGNING_SECRET.

A channel is enabled only when every secret it needs to verify requests *and* to reply is set: a bot that
accepts unverified requests, or cannot answer, is worse than a 404.
"""

from __future__ import annotations

import base64
import binascii
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator

__all__ = [
    "ChannelSettings",
    "ChannelsSettings",
    "DingTalkSettings",
    "FeishuSettings",
    "SlackSettings",
    "TelegramSettings",
    "WeChatSettings",
    "WeComSettings",
    "reveal",
]


def reveal(secret: SecretStr | None) -> str:
    """The secret's value, or "" when unset."""
    return secret.get_secret_value() if secret is not None else ""


def _is_set(value: SecretStr | str | int | None) -> bool:
    if isinstance(value, SecretStr):
        return bool(value.get_secret_value())
    return value is not None and value != ""


def _check_aes_key(value: SecretStr | None, console: str) -> SecretStr | None:
    """An EncodingAESKey: 43 characters of base64 for 32 bytes (WeCom and WeChat alike)."""
    if value is None or not value.get_secret_value():
        return value
    try:
        raw = base64.b64decode(value.get_secret_value() + "=", validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(value.get_secret_value()) != 43 or len(raw) != 32:
        raise ValueError(f"EncodingAESKey must be the 43 characters shown in the {console}")
    return value


class ChannelSettings(BaseModel):
    """What every channel has: where its platform API lives and how hard to try calling it."""

    api_base: str
    timeout_s: float = Field(default=10.0, gt=0)
    retries: int = Field(default=3, ge=0, le=10, description="retries after a 429, a 5xx or a network error")
    backoff_s: float = Field(default=0.5, ge=0, description="first retry delay; doubles on each retry")

    def required(self) -> dict[str, SecretStr | str | int | None]:
        """The settings the channel needs, by field name."""
        raise NotImplementedError

    def missing(self) -> list[str]:
        return [name for name, value in self.required().items() if not _is_set(value)]

    @property
    def enabled(self) -> bool:
        return not self.missing()


class WeComSettings(ChannelSettings):
    api_base: str = "https://qyapi.weixin.qq.com"
    token: SecretStr | None = None
    encoding_aes_key: SecretStr | None = None
    corp_id: str | None = None
    # Optional: with both, answers go through the message API (any length, any delay); without, as one
    # passive reply, which WeCom drops if it takes over 5 s.
    secret: SecretStr | None = None
    agent_id: int | None = None
    # WeCom retries an unanswered callback three times within about 15 s; older timestamps are replays.
    max_age_s: int = Field(default=600, ge=30)

    @field_validator("agent_id", mode="before")
    @classmethod
    def _blank_agent_id(cls, value: object) -> object:
        return None if value == "" else value  # `TECHBRIDGE_CHANNELS__WECOM__AGENT_ID=` in a .env means unset

    @field_validator("encoding_aes_key")
    @classmethod
    def _aes_key(cls, value: SecretStr | None) -> SecretStr | None:
        return _check_aes_key(value, "WeCom admin console")

    def required(self) -> dict[str, SecretStr | str | int | None]:
        return {"token": self.token, "encoding_aes_key": self.encoding_aes_key, "corp_id": self.corp_id}

    @property
    def message_api(self) -> bool:
        return _is_set(self.secret) and _is_set(self.agent_id)


class WeChatSettings(ChannelSettings):
    """WeChat Official Account (微信公众号): 基本配置 -> 服务器配置 of the account's admin console."""

    api_base: str = "https://api.weixin.qq.com"
    token: SecretStr | None = None
    app_id: str | None = None
    app_secret: SecretStr | None = None
    # Safe mode (安全模式) when set: messages must come encrypted and signed, plaintext ones are refused.
    # Without it (明文模式) WeChat's `signature` covers only token, timestamp and nonce, not the body.
    encoding_aes_key: SecretStr | None = None
    # WeChat retries an unanswered message three times, 5 s apart; a timestamp 5 minutes old is a replay.
    max_age_s: int = Field(default=300, ge=30)
    # WeChat drops a passive reply after 5 s; an answer not ready within this goes by customer-service
    # message instead (after an immediate "success").
    reply_within_s: float = Field(default=4.0, ge=0, le=4.5)
    # Custom-menu CLICK buttons: EventKey -> the question it asks, e.g. {"ART45": "第四十五条规定了什么？"}.
    menu: dict[str, str] = Field(default_factory=dict)
    lang: Literal["zh", "en"] = Field(default="zh", description="language of greetings and notices")

    @field_validator("encoding_aes_key")
    @classmethod
    def _aes_key(cls, value: SecretStr | None) -> SecretStr | None:
        return _check_aes_key(value, "WeChat admin console (EncodingAESKey)")

    def required(self) -> dict[str, SecretStr | str | int | None]:
        return {"token": self.token, "app_id": self.app_id, "app_secret": self.app_secret}

    @property
    def safe_mode(self) -> bool:
        return _is_set(self.encoding_aes_key)


class DingTalkSettings(ChannelSettings):
    # Replies go to the sessionWebhook of each callback; it must lie under this base (no open relay).
    api_base: str = "https://oapi.dingtalk.com"
    app_secret: SecretStr | None = None
    max_age_s: int = Field(default=3600, ge=60, description="DingTalk: a timestamp 1 h off is illegal")
    # Optional: with both, the robot can message a user unprompted (subscriptions) through the open API's
    # one-to-one robot messages; without, it can only answer through each message's sessionWebhook.
    app_key: str | None = None
    robot_code: str | None = None
    open_api_base: str = "https://api.dingtalk.com"

    def required(self) -> dict[str, SecretStr | str | int | None]:
        return {"app_secret": self.app_secret}

    @property
    def push_api(self) -> bool:
        return _is_set(self.app_key) and _is_set(self.robot_code)


class FeishuSettings(ChannelSettings):
    api_base: str = "https://open.feishu.cn"  # Lark: https://open.larksuite.com
    verification_token: SecretStr | None = None
    # Required: without an Encrypt Key Feishu neither encrypts nor signs events, so a tampered event
    # could not be told from a real one.
    encrypt_key: SecretStr | None = None
    app_id: str | None = None
    app_secret: SecretStr | None = None
    # Feishu retries an event 15 s, 5 min, 1 h and 6 h after a failed push (about 7.1 h in all).
    max_age_s: int = Field(default=8 * 3600, ge=60)

    def required(self) -> dict[str, SecretStr | str | int | None]:
        return {
            "verification_token": self.verification_token,
            "encrypt_key": self.encrypt_key,
            "app_id": self.app_id,
            "app_secret": self.app_secret,
        }


class SlackSettings(ChannelSettings):
    api_base: str = "https://slack.com/api"
    signing_secret: SecretStr | None = None
    bot_token: SecretStr | None = None
    max_age_s: int = Field(default=300, ge=30, description="Slack: reject requests over five minutes old")

    def required(self) -> dict[str, SecretStr | str | int | None]:
        return {"signing_secret": self.signing_secret, "bot_token": self.bot_token}


class TelegramSettings(ChannelSettings):
    api_base: str = "https://api.telegram.org"
    secret_token: SecretStr | None = None  # the secret_token given to setWebhook
    bot_token: SecretStr | None = None

    def required(self) -> dict[str, SecretStr | str | int | None]:
        return {"secret_token": self.secret_token, "bot_token": self.bot_token}


class ChannelsSettings(BaseModel):
    wecom: WeComSettings = WeComSettings()
    wechat: WeChatSettings = WeChatSettings()
    dingtalk: DingTalkSettings = DingTalkSettings()
    feishu: FeishuSettings = FeishuSettings()
    slack: SlackSettings = SlackSettings()
    telegram: TelegramSettings = TelegramSettings()
    max_body_bytes: int = Field(default=1_000_000, ge=1024, description="larger webhook bodies get 413")
