"""Configured secrets never reach a log line or an error message.

Settings hold secrets as `SecretStr`, which prints as `**********`; but a secret can still travel inside
other text: a URL with a token in its path (Telegram's bot API), an upstream error that echoes a key, a
traceback. `register_secrets(settings)` remembers every secret value of a configuration; `redact(text)`
replaces them; `install_log_redaction()` puts `redact` on every log record the process creates (through
the log record factory, so it covers every logger and handler, including ones configured later, and the
formatted traceback of `log.exception`).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from pydantic import BaseModel, SecretStr

__all__ = ["REDACTED", "install_log_redaction", "redact", "register_secrets", "secret_values"]

REDACTED = "[redacted]"
_MIN_LENGTH = 6  # shorter values (test fixtures, "none") would blank ordinary words out of every line
_secrets: frozenset[str] = frozenset()
_lock = threading.Lock()
_installed = False


def secret_values(model: Any) -> set[str]:
    """Every non-empty SecretStr value inside a settings model, however deeply nested."""
    found: set[str] = set()
    if isinstance(model, SecretStr):
        value = model.get_secret_value()
        if value.strip():
            found.add(value)
    elif isinstance(model, BaseModel):
        for _, value in model:
            found |= secret_values(value)
    elif isinstance(model, list | tuple | set):
        for value in model:
            found |= secret_values(value)
    elif isinstance(model, dict):
        for value in model.values():
            found |= secret_values(value)
    return found


def register_secrets(settings: BaseModel) -> None:
    global _secrets
    values = {v for v in secret_values(settings) if len(v) >= _MIN_LENGTH}
    with _lock:
        _secrets = _secrets | values


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):  # longest first: one may contain another
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _contains_secret(text: str) -> bool:
    return any(secret in text for secret in _secrets)


def install_log_redaction() -> None:
    """Wrap the log record factory once per process; records are cleaned when they are created."""
    global _installed
    with _lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            if not _secrets:
                return record
            try:
                message = record.getMessage()
            except Exception:  # a bad format string: logging reports it later, as it would have
                return record
            if _contains_secret(message):
                record.msg, record.args = redact(message), None
            if record.exc_info and record.exc_info[1] is not None:
                text = logging.Formatter().formatException(record.exc_info)
                if _contains_secret(text):
                    record.exc_text = redact(text)  # formatters use exc_text when it is set
            return record

        logging.setLogRecordFactory(factory)
        _installed = True
