"""One loader per file extension, and `parse_file`, which runs the one a file needs in this process.

Ingest does not call `parse_file` itself: it runs in a parser process (isolation.py), where a file that
needs too much memory or time is stopped without taking the server with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import ParseLimitError, SourceError
from ..types import Document
from .base import LoadContext
from .limits import DEFAULT_LIMITS, ParseLimits
from .prose import load_docx, load_html, load_markdown, load_pdf
from .tabular import load_csv, load_json, load_xlsx, load_yaml

__all__ = ["LOADERS", "discover", "parse_file"]

Loader = Callable[[Path, LoadContext], Iterator[Document | SourceError]]
LOADERS: dict[str, Loader] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_markdown,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".csv": load_csv,
    ".xlsx": load_xlsx,
    ".json": load_json,
    ".yaml": load_yaml,
    ".yml": load_yaml,
}
_SKIP_NAMES = {"README.md", "FORMAT.md", "glossary.yaml"}


def discover(paths: Iterable[Path]) -> list[tuple[Path, Path]]:
    """(file, root) for every loadable file under the given files or folders, in a stable order."""
    found: list[tuple[Path, Path]] = []
    for path in paths:
        path = path.resolve()
        if path.is_file():
            found.append((path, path.parent))
        elif path.is_dir():
            for file in sorted(path.rglob("*")):
                if (
                    file.is_file()
                    and file.suffix.lower() in LOADERS
                    and file.name not in _SKIP_NAMES
                    and not any(part.startswith(".") for part in file.relative_to(path).parts)
                ):
                    found.append((file, path))
    return found


def parse_file(
    path: Path, root: Path, origin: str | None = None, limits: ParseLimits = DEFAULT_LIMITS
) -> Iterator[Document | SourceError]:
    """Documents and errors from one file, parsed in this process; any failure of the parser becomes one
    SourceError (a ParseLimitError when the file would cost more than `limits` allow)."""
    ctx = LoadContext.for_file(path, root, origin, limits)
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        yield SourceError(ctx.origin, f"unsupported file type {path.suffix!r}; supported: {sorted(LOADERS)}")
        return
    try:
        yield from loader(path, ctx)
    except SourceError as exc:
        yield exc
    except MemoryError:
        yield ParseLimitError(ctx.origin, f"parsing it needs more than {limits.memory_mb} MB of memory")
    except Exception as exc:
        yield SourceError(ctx.origin, f"cannot read {path.suffix} file: {type(exc).__name__}: {exc}")
