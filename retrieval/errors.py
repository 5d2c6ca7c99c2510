"""The error tree of TechBridge, drawn once.

    TechBridgeError
    ├── ConfigError              bad or missing settings; the message names the setting and valid values
    ├── SourceError              a file or a row that cannot be loaded; carries path and row
    ├── EmbedderMismatchError    the index was built by another embedder; says how to re-index
    ├── StoreUnavailableError    the vector store (e.g. a Chroma server) cannot be reached
    ├── NotFoundError            a document, article or record that does not exist
    └── UpstreamError            an outbound service (LLM endpoint, platform API) failed or timed out

`bot/` maps these to HTTP statuses in one place (`bot/errors.py`) and to exit codes in the CLI.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "EmbedderMismatchError",
    "NotFoundError",
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


class EmbedderMismatchError(TechBridgeError):
    pass


class StoreUnavailableError(TechBridgeError):
    pass


class NotFoundError(TechBridgeError):
    pass


class UpstreamError(TechBridgeError):
    pass
