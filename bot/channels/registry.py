"""The adapters of the enabled channels, built on first use (they hold API clients and tokens): one
registry per process, shared by the webhook routes (answers) and the push worker (subscriptions), so a
platform's cached access token is fetched once for both."""

from __future__ import annotations

import threading

from fastapi import HTTPException

from .base import ChannelAdapter
from .config import ChannelsSettings
from .dingtalk import DingTalkAdapter
from .feishu import FeishuAdapter
from .slack import SlackAdapter
from .telegram import TelegramAdapter
from .wechat import WeChatAdapter
from .wecom import WeComAdapter

__all__ = ["ADAPTERS", "Channels"]

ADAPTERS: dict[str, type[ChannelAdapter]] = {
    a.name: a
    for a in (WeComAdapter, WeChatAdapter, DingTalkAdapter, FeishuAdapter, SlackAdapter, TelegramAdapter)
}


class Channels:
    def __init__(self, settings: ChannelsSettings) -> None:
        self.settings = settings
        self._adapters: dict[str, ChannelAdapter] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> ChannelAdapter:
        """The channel's adapter; 404 (HTTPException) while the channel is disabled."""
        conf = getattr(self.settings, name)
        if not conf.enabled:
            needed = ", ".join(f"TECHBRIDGE_CHANNELS__{name.upper()}__{f.upper()}" for f in conf.missing())
            raise HTTPException(404, f"the {name} channel is disabled: set {needed} to enable it")
        with self._lock:
            if name not in self._adapters:
                self._adapters[name] = ADAPTERS[name](conf)
            return self._adapters[name]

    def find(self, name: str) -> ChannelAdapter | None:
        """The adapter of an enabled channel, or None (unknown or disabled)."""
        if name not in ADAPTERS:
            return None
        try:
            return self.get(name)
        except HTTPException:
            return None
