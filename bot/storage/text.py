"""Text as both stores can keep it, whichever entry point it came from.

Two kinds of character arrive in valid JSON and valid Python strings but cannot be stored everywhere:
lone UTF-16 surrogates ("\\ud800" is valid JSON; neither SQLite nor PostgreSQL can encode it) and NUL
(U+0000: SQLite keeps it, PostgreSQL's `text` and `jsonb` refuse it, so psycopg raises and the request
would end in a 500 on the server set-up only). Each becomes U+FFFD, the replacement character, at the
store: the chat service already does so for surrogates in messages; the store does it for everything it
writes or looks up (messages, comments, session and user keys, event ids, dialogue state, citations), so
the SQLite default and PostgreSQL keep the same text and answer the same status. A key looked up with
such a character finds nothing, as it would have.
"""

from __future__ import annotations

import re
from typing import Any, overload

__all__ = ["storable", "storable_json"]

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL, and surrogates (a pair is one character in a str)


@overload
def storable(text: str) -> str: ...
@overload
def storable(text: None) -> None: ...
def storable(text: str | None) -> str | None:
    """The text with NUL and lone surrogates made U+FFFD (None stays None)."""
    if text is None or not _UNSTORABLE.search(text):
        return text
    return _UNSTORABLE.sub("\ufffd", text)


def storable_json(value: Any) -> Any:
    """A JSON-ready value (state, citations) with every string, keys included, made storable."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable(str(k)) if isinstance(k, str) else k: storable_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable_json(v) for v in value]
    return value
