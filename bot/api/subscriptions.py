"""The link every subscription e-mail carries (bot/matchmaking/mail.py): one click stops them all."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse

from retrieval.errors import NotFoundError

from ..deps import ServicesDep
from ..matchmaking.mail import CHANNEL, unsubscribe_token

router = APIRouter(tags=["subscriptions"])

_DONE = (
    "<!doctype html><meta charset=utf-8><title>TechBridge</title>"
    "<p>已退订：此邮箱不会再收到 TechBridge 的订阅邮件。</p>"
    "<p>Unsubscribed: this address will get no more TechBridge subscription e-mails.</p>"
)


@router.get("/api/subscriptions/unsubscribe", response_class=HTMLResponse)
async def unsubscribe(
    services: ServicesDep,
    address: Annotated[str, Query(max_length=320)],
    token: Annotated[str, Query(max_length=64)],
) -> HTMLResponse:
    """Cancel every e-mail subscription of `address`: the link in each subscription e-mail, signed for
    that address (404 for a link not made by this server, or with e-mail not configured)."""
    mail = services.mail
    secret = mail.secret if mail is not None else None
    if secret is None or not hmac.compare_digest(token, unsubscribe_token(secret, address)):
        raise NotFoundError("no such unsubscribe link")
    await run_in_threadpool(services.subscriptions.cancel_to, CHANNEL, address)
    return HTMLResponse(_DONE)
