"""Source files to documents. One loader per format, each built on a maintained parser.

A file that cannot be read, or a row that does not validate, becomes a `SourceError` naming the file
(and row) in the stream of results; it never stops the rest of an ingest. Files are parsed in child
processes with memory and time limits (isolation.py), after checks on what they expand to (limits.py).

    load_file / load_files    parse in a parser process (what ingest and uploads use)
    parse_file                parse in this process (what a parser process runs)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import SourceError
from ..types import Document
from .base import LoadContext
from .formats import LOADERS, discover, parse_file
from .isolation import FileLoad, ParserPool, default_pool, load_files
from .limits import DEFAULT_LIMITS, ParseLimits

__all__ = [
    "DEFAULT_LIMITS",
    "LOADERS",
    "FileLoad",
    "LoadContext",
    "ParseLimits",
    "ParserPool",
    "default_pool",
    "discover",
    "load_file",
    "load_files",
    "parse_file",
]


def load_file(path: Path, root: Path, origin: str | None = None) -> Iterator[Document | SourceError]:
    """Documents and errors from one file, parsed in a parser process; any failure of the parser, the
    process killed at a limit included, becomes one SourceError naming the file."""
    (loaded,) = load_files([(path, root, origin)])
    yield from loaded.items
