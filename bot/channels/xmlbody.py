"""XML bodies of the platforms that post XML (WeCom; WeChat official accounts use the same envelope).

Two rules for every XML channel:

1. Nothing is parsed before the request is authenticated. The value the platform signs (WeCom's
   `<Encrypt>` ciphertext) is found by `signed_field`, a scan of the body's text for one element whose
   whole content is base64: no parser, no DTD, no entities, linear in the body's size. The adapter checks
   the signature over that value, and only then parses.
2. Parsing is `defusedxml`'s with DTDs forbidden, so internal and external entities cannot be declared at
   all. The refusal comes from expat's DOCTYPE event, not from a byte pattern, so it holds in every
   encoding expat reads (`<!DOCTYPE` in UTF-16 has a NUL between its letters).

The scan reads the body in the encoding XML 1.0 Appendix F (and expat) infers from its first two bytes:
UTF-16 when one of them is NUL or they are a UTF-16 byte-order mark, otherwise bytes of an ASCII-compatible
encoding (UTF-8, with or without its BOM, Latin-1, US-ASCII), where only ASCII is looked for. So a UTF-16
document is verified, then refused, exactly like an ASCII one.
"""

from __future__ import annotations

import codecs
import functools
import re
import secrets
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..errors import Malformed
from .crypto import WeComCipher

__all__ = ["cdata", "parse", "sealed", "signed_field", "text_reply"]

# The element's whole content, either bare or as one CDATA section, without spaces: what WeCom sends, and
# what a parser then reads back as the same text. Possessive `++`: a failed match never backtracks.
_BASE64 = r"[A-Za-z0-9+/]++={0,2}"


@functools.cache
def _field(tag: str) -> re.Pattern[str]:
    name = re.escape(tag)
    return re.compile(rf"<{name}>(?:<!\[CDATA\[({_BASE64})\]\]>|({_BASE64}))</{name}>")


def _text(body: bytes) -> str:
    head = body[:2]
    if head == codecs.BOM_UTF16_BE or head[:1] == b"\x00":
        return body.decode("utf-16-be", "replace")
    if head == codecs.BOM_UTF16_LE or head[1:2] == b"\x00":
        return body.decode("utf-16-le", "replace")
    return body.decode("latin-1")  # never fails; non-ASCII bytes cannot match the pattern anyway


def signed_field(body: bytes, tag: str) -> str | None:
    """The base64 content of the first `<tag>` element, read without parsing (None if there is none)."""
    found = _field(tag).search(_text(body))
    return (found.group(1) or found.group(2)) if found else None


def parse(data: bytes) -> ET.Element:
    """An authenticated XML document; a DTD (hence any entity) or broken XML is `Malformed`."""
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise Malformed(f"XML with a DTD or entities ({type(exc).__name__})") from None
    except ET.ParseError:
        raise Malformed("body is not XML") from None


# ---- replies ------------------------------------------------------------------------------------------
# WeCom and WeChat answer a callback with the same XML: a text message, and in encrypted mode that message
# sealed in an <Encrypt> envelope signed like the callback (the cipher: crypto.WeComCipher).
def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_reply(to: str, sender: str, now: str, content: str) -> str:
    return (
        f"<xml><ToUserName>{cdata(to)}</ToUserName>"
        f"<FromUserName>{cdata(sender)}</FromUserName><CreateTime>{now}</CreateTime>"
        f"<MsgType>{cdata('text')}</MsgType><Content>{cdata(content)}</Content></xml>"
    )


def sealed(cipher: WeComCipher, reply: str, now: str) -> str:
    encrypted, nonce = cipher.encrypt(reply.encode()), secrets.token_hex(8)
    signature = cipher.signature(now, nonce, encrypted)
    return (
        f"<xml><Encrypt>{cdata(encrypted)}</Encrypt><MsgSignature>{cdata(signature)}</MsgSignature>"
        f"<TimeStamp>{now}</TimeStamp><Nonce>{cdata(nonce)}</Nonce></xml>"
    )
