"""The root of TechBridge's error tree and the knowledge side's errors: bad settings (ConfigError), a file
or row that cannot be loaded (SourceError; ParseLimitError when a file is refused for what parsing it would
cost), an index built by another embedder (EmbedderMismatchError),
an unreachable vector store (StoreUnavailableError), something that does not exist (NotFoundError) and a
failed outbound service (UpstreamError).

The whole tree, the bot's own errors under the same root included, is drawn once in bot/errors.py, which
maps it to HTTP statuses and CLI exit codes (retrieval/ never imports bot/, so they live there).
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "EmbedderMismatchError",
    "NotFoundError",
    "ParseLimitError",
    "SourceError",
    "StoreUnavailableError",
    "TechBridgeError",
    "UpstreamError",
]


class TechBridgeError(Exception):
    """Base of every error TechBridge raises on purpose."""


class ConfigError(TechBridgeError):
    pass


class SourceError(TechBridgeError):
    """A source file, or one row of it, that could not be loaded."""

    def __init__(self, path: str, message: str, row: int | None = None) -> None:
        self.path = path
        self.row = row
        self.message = message
        where = f"{path}, row {row}" if row is not None else path
        super().__init__(f"{where}: {message}")


class ParseLimitError(SourceError):
    """A file refused whole because parsing it would pass a limit: what it unzips or decodes to, its pages,
    or the memory, CPU time or wall-clock time its parser process may use (retrieval/loaders/limits.py)."""


class EmbedderMismatchError(TechBridgeError):
    pass


class StoreUnavailableError(TechBridgeError):
    pass


class NotFoundError(TechBridgeError):
    pass


class UpstreamError(TechBridgeError):
    pass
