"""What one file may cost to parse, and the checks that hold it to that before a parser opens it.

A few hundred bytes can expand into gigabytes: YAML aliases (a 408-byte, 7-level alias bomb is 4.8 million
strings, 39 MB of JSON, to anything that walks it), a DOCX whose 0.8 MB hold 210 MB of XML (python-docx
ran for more than 5 minutes on it), an XLSX whose 0.2 MB of shared strings expand to 80 MB (openpyxl:
95 s, 640 MB), a PDF of 3,000 pages of 64 KB deflated content streams (pypdf: more than 5 minutes). These
checks refuse such a file with a ParseLimitError that names the limit. The parser's child process
(isolation.py) has memory and CPU limits for whatever these checks do not foresee.
"""

from __future__ import annotations

import datetime as dt
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import yaml

from ..errors import ParseLimitError, SourceError

__all__ = [
    "DEFAULT_LIMITS",
    "ParseLimits",
    "check_pdf",
    "check_zip",
    "keep_scalars",
    "parse_yaml",
]

log = logging.getLogger(__name__)
_MB = 1 << 20


@dataclass(frozen=True)
class ParseLimits:
    """Limits on parsing one file. The first three bound the parser's child process; the rest are
    checked before a parser reads the file, so that a bomb is refused within about a second."""

    # Address space of a parser process (RLIMIT_AS). One that has imported every parser maps ~220 MB;
    # openpyxl took 640 MB for 80 MB of shared strings, so 1 GiB leaves room for a large honest file.
    memory_mb: int = 1024
    cpu_s: int = 60  # CPU seconds per file (RLIMIT_CPU); 300 pages of text: PDF ~3 s, DOCX ~10 s
    wall_s: float = 120.0  # seconds per file, then the parser is killed (a stalled read uses no CPU)
    # DOCX/XLSX: all parts unzipped. 300 pages of text are 1.9 MB; images (compressed already) about
    # their size in the file, which uploads cap at 20 MB.
    zip_mb: int = 100
    zip_entries: int = 10_000
    shared_strings_mb: int = 32  # XLSX: openpyxl holds every shared string in memory (~8x the XML)
    pdf_pages: int = 2_000
    pdf_streams: int = 10_000  # content streams of all pages (pypdf's own cap per page is 10,000)
    pdf_content_mb: int = 64  # decoded page content; 300 pages of text (fpdf2) are 1.25 MB of it
    front_matter_kb: int = 64  # YAML front matter; the shipped documents' is under 2 KB


DEFAULT_LIMITS = ParseLimits()


# --- YAML ---------------------------------------------------------------------------------------------


class _AliasFound(yaml.YAMLError):
    def __init__(self, line: int) -> None:
        self.line = line


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases. `*name` repeats a node without copying it, so
    nested aliases make a structure of billions of nodes out of a few hundred bytes, and whatever walks
    it later (json.dumps of a chunk's metadata, on every question that retrieves it) pays."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _AliasFound(event.start_mark.line)
        return super().compose_node(parent, index)


def parse_yaml(text: str, where: str, first_line: int = 1) -> Any:
    """YAML as the safe loader reads it, with anchors and aliases refused (ParseLimitError, naming the line
    of the file, where the text starts at `first_line`); invalid YAML raises yaml.YAMLError."""
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # the safe loader's constructors, without aliases
    except _AliasFound as exc:
        raise ParseLimitError(
            where,
            f"YAML anchors and aliases (&name, *name) are not accepted (line {exc.line + first_line}): "
            "a few hundred bytes of them expand into gigabytes",
        ) from None


_SCALARS = (str, int, float, dt.date)  # bool is an int, datetime a date; None is kept too


def _scalar(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def keep_scalars(front: dict[Any, Any], where: str) -> dict[str, Any]:
    """Front matter with string keys and scalar values or lists of scalars only (dates in lists as ISO
    strings, as make_document writes top-level dates). Nested mappings and lists would ride along in every
    chunk's metadata; what is dropped is logged."""
    kept: dict[str, Any] = {}
    dropped: list[str] = []
    for key, value in front.items():
        if not isinstance(key, str):
            dropped.append(repr(key))
        elif value is None or isinstance(value, _SCALARS):
            kept[key] = value
        elif isinstance(value, list) and all(v is None or isinstance(v, _SCALARS) for v in value):
            kept[key] = [_scalar(v) for v in value]
        else:
            dropped.append(key)
    if dropped:
        log.warning(
            "%s: front matter keys %s dropped (only scalars and lists of scalars are kept)", where, dropped
        )
    return kept


# --- DOCX/XLSX (zip) ----------------------------------------------------------------------------------

_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_CONTENT_TYPES = "[Content_Types].xml"


def check_zip(path: Path, limits: ParseLimits, where: str, label: str) -> None:
    """Refuse an Office file whose parts unzip to more than `zip_mb` (zipfile never inflates an entry past
    its declared size: it stops there and fails the CRC, so the declared sizes bound what a parser gets),
    and, for XLSX, whose shared-string table is larger than `shared_strings_mb`."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise SourceError(where, f"not a {label} file (not a zip archive)") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.zip_entries:
            raise ParseLimitError(
                where, f"{label} holds {len(infos):,} parts; the limit is {limits.zip_entries:,}"
            )
        total = sum(info.file_size for info in infos)
        if total > limits.zip_mb * _MB:
            raise ParseLimitError(
                where,
                f"{label} unzips to {total / _MB:,.0f} MB; the limit is {limits.zip_mb} MB (a zip bomb?)",
            )
        if label == "XLSX":
            sizes = {info.filename: info.file_size for info in infos}
            for part in _shared_string_parts(archive, sizes):
                if sizes.get(part, 0) > limits.shared_strings_mb * _MB:
                    raise ParseLimitError(
                        where,
                        f"XLSX shared strings unzip to {sizes[part] / _MB:,.0f} MB; "
                        f"the limit is {limits.shared_strings_mb} MB",
                    )


def _shared_string_parts(archive: zipfile.ZipFile, sizes: dict[str, int]) -> list[str]:
    """The parts openpyxl reads as shared strings: those [Content_Types].xml declares so (whatever their
    name), and xl/sharedStrings.xml."""
    parts = ["xl/sharedStrings.xml"]
    if 0 < sizes.get(_CONTENT_TYPES, 0) <= _MB:  # the manifest is a few KB; a huge one is not read here
        try:
            types = ElementTree.fromstring(archive.read(_CONTENT_TYPES))
        except ElementTree.ParseError:
            return parts  # openpyxl will refuse the file itself
        for override in types:
            if override.get("ContentType") == _SHARED_STRINGS:
                parts.append(str(override.get("PartName") or "").lstrip("/"))
    return parts


# --- PDF ----------------------------------------------------------------------------------------------


def check_pdf(reader: Any, limits: ParseLimits, where: str) -> None:
    """Refuse a PDF that needs a password, has more than `pdf_pages` pages, or whose pages' content
    streams number more than `pdf_streams` or decode to more than `pdf_content_mb` (stopping as soon as
    they do). pypdf caps each stream at 75 MB, not their sum; text extraction reads them all."""
    from pypdf import PasswordType
    from pypdf.generic import ArrayObject, StreamObject

    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise SourceError(where, "the PDF is protected by a password; upload a copy without one")
    declared = reader.trailer["/Root"]["/Pages"].get("/Count", 0)  # before pypdf walks the page tree
    pages = len(reader.pages) if int(declared) <= limits.pdf_pages else int(declared)
    if pages > limits.pdf_pages:
        raise ParseLimitError(where, f"the PDF has {pages:,} pages; the limit is {limits.pdf_pages:,}")
    streams, size = 0, 0
    for page in reader.pages:
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        items = list(contents) if isinstance(contents, ArrayObject) else [contents] if contents else []
        for item in items:
            stream = item.get_object()
            if not isinstance(stream, StreamObject):
                continue
            streams += 1
            size += len(stream.get_data())
            if streams > limits.pdf_streams:
                raise ParseLimitError(
                    where, f"the PDF's pages have more than {limits.pdf_streams:,} content streams"
                )
            if size > limits.pdf_content_mb * _MB:
                raise ParseLimitError(
                    where,
                    f"the PDF's page content decodes to more than {limits.pdf_content_mb} MB "
                    f"(after {streams:,} streams); the limit is {limits.pdf_content_mb} MB",
                )
