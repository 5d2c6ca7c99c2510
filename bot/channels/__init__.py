"""Messaging-app bots: WeCom (企业微信), WeChat Official Accounts (公众号), DingTalk (钉钉), Feishu/Lark
(飞书), Slack and Telegram.

Each platform has one adapter module; `router.py` runs every request the same way:

    verify (signature, token, timestamp) -> parse -> claim the event id -> chat service -> format -> reply

Shared pieces: `base.py` (the adapter contract and the answer pipeline), `formatting.py` (answers split
to a platform's size limit, citations kept with the text that cites them), `outbound.py` (platform API
calls with timeouts, retries and backoff), `crypto.py` (the AES schemes of WeCom and Feishu).

This package's `__init__` imports nothing: `bot.settings` imports `bot.channels.config`.
"""
