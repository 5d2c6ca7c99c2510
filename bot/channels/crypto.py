"""The two AES-256-CBC schemes of the Chinese platforms, on the `cryptography` package.

WeCom (企业微信 "加解密方案说明"): AESKey = Base64_Decode(EncodingAESKey + "="), 32 bytes; IV = its first
16 bytes; plaintext = random(16 B) + msg_len (4 B, network order) + msg + receiveid, PKCS#7-padded to a
multiple of 32 bytes; msg_signature = sha1(sort(token, timestamp, nonce, msg_encrypt)) in lower-case hex.

Feishu (飞书 "接收事件"): key = SHA256(Encrypt Key); message = base64(IV (16 B) + AES-CBC(PKCS#7 to 16-byte
blocks)); X-Lark-Signature = sha256_hex(timestamp + nonce + encrypt_key + raw body).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ..errors import CryptoError

__all__ = ["CryptoError", "FeishuCipher", "WeComCipher", "feishu_signature"]


def _cbc(key: bytes, iv: bytes, data: bytes, encrypt: bool) -> bytes:
    cipher = Cipher(algorithms.AES(key), modes.CBC(iv))
    op = cipher.encryptor() if encrypt else cipher.decryptor()
    return op.update(data) + op.finalize()


def _pad(data: bytes, block: int) -> bytes:
    n = block - len(data) % block  # a full block of padding when already aligned
    return data + bytes([n]) * n


def _unpad(data: bytes, block: int) -> bytes:
    n = data[-1] if data else 0
    if not 1 <= n <= block or data[-n:] != bytes([n]) * n:
        raise CryptoError("bad padding")
    return data[:-n]


def _b64decode(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CryptoError("not base64") from exc


class WeComCipher:
    _BLOCK = 32  # WeCom pads to 32 bytes, not AES's 16

    def __init__(self, token: str, encoding_aes_key: str, receive_id: str) -> None:
        self.token = token
        self.key = base64.b64decode(encoding_aes_key + "=")
        self.receive_id = receive_id.encode()

    def signature(self, timestamp: str, nonce: str, encrypted: str) -> str:
        return hashlib.sha1("".join(sorted([self.token, timestamp, nonce, encrypted])).encode()).hexdigest()

    def signature_ok(self, msg_signature: str, timestamp: str, nonce: str, encrypted: str) -> bool:
        expected = self.signature(timestamp, nonce, encrypted)
        return hmac.compare_digest(expected.encode(), msg_signature.encode())

    def decrypt(self, encrypted: str) -> bytes:
        raw = _b64decode(encrypted)
        if not raw or len(raw) % 16:
            raise CryptoError("bad ciphertext length")
        plain = _unpad(_cbc(self.key, self.key[:16], raw, encrypt=False), self._BLOCK)
        if len(plain) < 20:
            raise CryptoError("message too short")
        (length,) = struct.unpack("!I", plain[16:20])
        msg, receive_id = plain[20 : 20 + length], plain[20 + length :]
        if len(msg) != length or not hmac.compare_digest(receive_id, self.receive_id):
            raise CryptoError("message is not for this corp id")
        return msg

    def encrypt(self, msg: bytes) -> str:
        plain = os.urandom(16) + struct.pack("!I", len(msg)) + msg + self.receive_id
        encrypted = _cbc(self.key, self.key[:16], _pad(plain, self._BLOCK), encrypt=True)
        return base64.b64encode(encrypted).decode()


class FeishuCipher:
    def __init__(self, encrypt_key: str) -> None:
        self.key = hashlib.sha256(encrypt_key.encode()).digest()

    def decrypt(self, encrypted: str) -> bytes:
        raw = _b64decode(encrypted)
        if len(raw) < 32 or len(raw) % 16:
            raise CryptoError("bad ciphertext length")
        return _unpad(_cbc(self.key, raw[:16], raw[16:], encrypt=False), 16)


def feishu_signature(timestamp: str, nonce: str, encrypt_key: str, body: bytes) -> str:
    return hashlib.sha256((timestamp + nonce + encrypt_key).encode() + body).hexdigest()
