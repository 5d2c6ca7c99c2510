"""Subscriptions by e-mail, for the web widget (whose users have no app to be messaged in): the digest
sent over SMTP, with a signed link that cancels every e-mail subscription of the address.

Optional: enabled by settings.push (smtp_host, mail_from, public_url) with server.session_secret, which
keys the link's HMAC so that any replica, and the CLI, make and check the same links. A subscription's
"user_key" is the address; "channel" is `mail`.
"""

from __future__ import annotations

import hashlib
import hmac
import smtplib
from collections.abc import Callable
from email.message import EmailMessage
from urllib.parse import urlencode

from ..phrasebook import phrase
from ..settings import Settings

__all__ = ["CHANNEL", "MailSender", "unsubscribe_token"]

CHANNEL = "mail"
_DOMAIN = b"techbridge unsubscribe v1\x00"  # a tag made here means nothing anywhere else


def unsubscribe_token(secret: bytes, address: str) -> str:
    return hmac.new(secret, _DOMAIN + address.casefold().encode("utf-8"), hashlib.sha256).hexdigest()[:32]


class MailSender:
    can_push = True

    def __init__(self, settings: Settings, smtp: Callable[..., smtplib.SMTP] = smtplib.SMTP) -> None:
        self.push_settings = settings.push
        secret = settings.server.session_secret
        assert secret is not None, "e-mail needs TECHBRIDGE_SERVER__SESSION_SECRET (it signs the links)"
        self.secret = secret.get_secret_value().encode("utf-8")
        self._smtp = smtp

    @classmethod
    def from_settings(cls, settings: Settings) -> MailSender | None:
        """The sender, or None where e-mail is not configured."""
        secret = settings.server.session_secret
        has_secret = secret is not None and bool(secret.get_secret_value())
        return cls(settings) if settings.push.mail and has_secret else None

    def unsubscribe_url(self, address: str) -> str:
        query = urlencode({"address": address, "token": unsubscribe_token(self.secret, address)})
        return f"{(self.push_settings.public_url or '').rstrip('/')}/api/subscriptions/unsubscribe?{query}"

    def push(self, user_key: str, text: str) -> bool:
        """Send the digest to the address; raises smtplib's errors (the push worker retries them)."""
        conf = self.push_settings
        lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
        message = EmailMessage()
        message["From"], message["To"] = conf.mail_from or "", user_key
        message["Subject"] = phrase("push.subject", lang)
        unsubscribe = self.unsubscribe_url(user_key)
        message["List-Unsubscribe"] = f"<{unsubscribe}>"  # RFC 2369: mail clients show an unsubscribe button
        message.set_content(f"{text}\n\n{phrase('push.mail_tail', lang, url=unsubscribe)}\n")
        with self._smtp(conf.smtp_host or "", conf.smtp_port, timeout=30) as server:
            if conf.smtp_starttls:
                server.starttls()
            if conf.smtp_username:
                password = conf.smtp_password.get_secret_value() if conf.smtp_password else ""
                server.login(conf.smtp_username, password)
            server.send_message(message)
        return True
