"""Webhook routes of the messaging-app bots: verify -> parse -> claim the event -> answer -> reply.

A channel without its secrets is disabled (404). A request that fails verification gets 401 and leaves
no trace: the event id is claimed only after it passes, so a forged request cannot use up a real one.
Every 401 of a channel has the same body, whatever check failed; the reason goes to the log.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..deps import ServicesDep
from ..errors import ChannelError, http_status
from .base import Webhook, answer_and_deliver, compose
from .registry import Channels
from .wechat import WeChatAdapter

__all__ = ["Channels", "router"]

log = logging.getLogger(__name__)
_NOT_VERIFIED = "request not verified"


def get_channels(request: Request) -> Channels:
    channels: Channels | None = getattr(request.app.state, "channels", None)
    if channels is None:  # the process's one registry, shared with the push worker
        channels = request.app.state.channels = request.app.state.services.channels
    return channels


ChannelsDep = Annotated[Channels, Depends(get_channels)]
router = APIRouter(prefix="/channels", tags=["channels"])


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"webhook body over {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"webhook body over {limit} bytes")
    return bytes(body)


async def _handle(
    name: str, request: Request, background: BackgroundTasks, channels: Channels, services: ServicesDep
) -> Response:
    adapter = channels.get(name)
    hook = Webhook(
        request.method,
        request.headers,
        request.query_params,
        await _body(request, channels.settings.max_body_bytes),
    )
    try:
        inbound = adapter.receive(hook)
    except ChannelError as exc:
        peer = request.client.host if request.client else "?"
        log.warning("%s: refused a request from %s: %s", name, peer, exc)
        status = http_status(exc)
        # Which check failed (signature, token, timestamp, padding...) is logged, never answered: a
        # forger learns nothing from a 401, and unsigned Feishu requests are no decryption oracle.
        detail = _NOT_VERIFIED if status == 401 else str(exc)
        raise HTTPException(status, f"{name}: {detail}") from None
    message = inbound.message
    if message is None:
        return inbound.ack
    if not await run_in_threadpool(services.conversations.claim_event, name, message.event_id):
        log.info("%s: event %s was already answered", name, message.event_id)
        return inbound.ack
    if isinstance(adapter, WeChatAdapter):  # passive reply if quick, else customer-service messages
        return await adapter.respond(services.chat, message, inbound.ack, background)
    if adapter.replies_inline:
        try:
            parts = await run_in_threadpool(compose, services.chat, adapter, message)
        except Exception:
            log.exception("%s: answering event %s failed", name, message.event_id)
            return inbound.ack
        return adapter.inline_reply(message, parts)
    background.add_task(answer_and_deliver, services.chat, adapter, message)
    return inbound.ack


@router.get("/wecom")
async def wecom_verify(
    request: Request, background: BackgroundTasks, channels: ChannelsDep, services: ServicesDep
) -> Response:
    """WeCom (企业微信) callback URL verification.

    WeCom calls it with `msg_signature`, `timestamp`, `nonce` and an encrypted `echostr` when the callback
    URL is saved; the answer is the decrypted echostr. Needs `TECHBRIDGE_CHANNELS__WECOM__TOKEN`,
    `__ENCODING_AES_KEY` and `__CORP_ID`; 404 without them, 401 for a bad signature.
    """
    return await _handle("wecom", request, background, channels, services)


@router.post("/wecom")
async def wecom_events(
    request: Request, background: BackgroundTasks, channels: ChannelsDep, services: ServicesDep
) -> Response:
    """WeCom (企业微信) messages, encrypted XML in security mode.

    Text messages are answered in the user's conversation: through the message API when
    `__WECOM__SECRET` and `__WECOM__AGENT_ID` are set (empty 200 at once), otherwise as an encrypted
    passive reply. 401 for a bad signature or a stale timestamp; 400 for malformed XML or XML with a DTD,
    which is parsed only once its signature holds.
    """
    return await _handle("wecom", request, background, channels, services)


@router.get("/wechat")
async def wechat_verify(
    request: Request, background: BackgroundTasks, channels: ChannelsDep, services: ServicesDep
) -> Response:
    """WeChat Official Account (微信公众号) server URL check.

    WeChat calls it with `signature` (sha1 of the sorted token, `timestamp` and `nonce`) and `echostr`
    when the server configuration is saved; the answer is the bare echostr. Needs
    `TECHBRIDGE_CHANNELS__WECHAT__TOKEN`, `__APP_ID` and `__APP_SECRET`; 404 without them, 401 for a bad
    signature or a timestamp over five minutes old.
    """
    return await _handle("wechat", request, background, channels, services)


@router.post("/wechat")
async def wechat_messages(
    request: Request, background: BackgroundTasks, channels: ChannelsDep, services: ServicesDep
) -> Response:
    """WeChat Official Account (微信公众号) messages and events, XML.

    With `__WECHAT__ENCODING_AES_KEY` set (safe mode) messages must be encrypted and signed
    (`msg_signature`); plaintext ones are refused. Text and recognised voice messages, and menu clicks
    mapped in `__WECHAT__MENU`, are answered in the user's conversation: as the passive reply (encrypted
    in safe mode) when ready within about 4 s, otherwise `success` at once and the answer by
    customer-service message. A new follower gets the greeting. 401 for a bad signature or a stale
    timestamp; 400 for malformed XML or XML with a DTD, parsed only once the signature holds.
    """
    return await _handle("wechat", request, background, channels, services)


@router.post("/dingtalk")
async def dingtalk_events(
    request: Request, background: BackgroundTasks, channels: ChannelsDep, services: ServicesDep
) -> Response:
    """DingTalk (钉钉) robot callbacks (messages that @ the robot).

    Signed with the `timestamp` and `sign` headers (HMAC-SHA256 with
    `TECHBRIDGE_CHANNELS__DINGTALK__APP_SECRET`); 401 when the sign is wrong or the timestamp over an
    hour off. The answer goes to the message's sessionWebhook, which must lie under `__DINGTALK__API_BASE`.
    """
    return await _handle("dingtalk", request, background, channels, services)


@router.post("/feishu")
async def feishu_events(
    request: Request, background: BackgroundTasks, channels: ChannelsDep, services: ServicesDep
) -> Response:
    """Feishu/Lark (飞书) event subscription (`url_verification` and `im.message.receive_v1`).

    Events must be encrypted with `TECHBRIDGE_CHANNELS__FEISHU__ENCRYPT_KEY` and signed
    (`X-Lark-Signature`), and carry `__FEISHU__VERIFICATION_TOKEN`; 401 otherwise. Answers are sent
    as replies through the messages API with the app's tenant access token.
    """
    return await _handle("feishu", request, background, channels, services)


@router.post("/slack/events")
async def slack_events(
    request: Request, background: BackgroundTasks, channels: ChannelsDep, services: ServicesDep
) -> Response:
    """Slack Events API request URL (`url_verification`, `app_mention`, direct messages).

    Signed with `TECHBRIDGE_CHANNELS__SLACK__SIGNING_SECRET` (`X-Slack-Signature`, v0); 401 for a bad
    signature or a timestamp over five minutes old. Acknowledged at once; the answer is posted with
    `chat.postMessage` (bot token `__SLACK__BOT_TOKEN`), in the thread of a channel mention.
    """
    return await _handle("slack", request, background, channels, services)


@router.post("/telegram")
async def telegram_updates(
    request: Request, background: BackgroundTasks, channels: ChannelsDep, services: ServicesDep
) -> Response:
    """Telegram Bot API webhook (register it with setWebhook and `secret_token`).

    Updates must carry `X-Telegram-Bot-Api-Secret-Token` equal to
    `TECHBRIDGE_CHANNELS__TELEGRAM__SECRET_TOKEN`; 401 otherwise. Text messages are answered with
    `sendMessage` (bot token `__TELEGRAM__BOT_TOKEN`).
    """
    return await _handle("telegram", request, background, channels, services)
