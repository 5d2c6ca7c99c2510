"""Answers as platform messages: split to a size limit, with the sources each part cites.

Every part ends with a sources block listing the citations its text cites ("[n] title locator (date)
url"), so a reader of any one message sees where its quotes come from; citations the text never cites
(e.g. a list whose items are numbered "1.") go to the last part. Cuts fall between lines, else between
sentences, else between words or CJK characters, else anywhere; a "[n]" marker is never cut, and stays
with the sentence before it.

Limits are in the platform's own unit (characters, UTF-8 bytes, UTF-16 code units): pass its `measure`,
which must be additive over concatenation as those counts are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from ..conversation.types import Citation
from ..phrasebook import phrase

__all__ = ["Measure", "chars", "citation_line", "sources_block", "split_answer", "utf8_bytes", "utf16_units"]

Measure = Callable[[str], int]
_Piece = tuple[str, frozenset[int]]  # a piece of text, and the citations that go with it

_MARKER = re.compile(r"\[(\d+)\]")
_MARKER_RUN = re.compile(r"(?:\[\d+\]\s*)+")  # "[1] [2]" after a quote cites both
_TITLE_MAX = 120  # characters of a title in a sources line; long official titles run past 60
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# Finer and finer ways to cut a text; each keeps every character, and a trailing "[n]" with its sentence.
_SPLITTERS: tuple[re.Pattern[str], ...] = (
    re.compile(r"[^\n]*\n|[^\n]+"),  # lines
    re.compile(r".*?(?:[。！？；][”’」』）]*|[.!?;][\"')]*(?=\s|$)|$)(?:\s*\[\d+\])*\s*", re.S),  # sentences
    # words and CJK characters, each with the markers right after it
    re.compile(rf"(?:[{_CJK}]|[^\s\[{_CJK}]+|\[\d+\])(?:\s*\[\d+\])*\s*|\[|\s+"),
    re.compile(r"\[\d+\]|.", re.S),  # characters (a marker is one)
)


def chars(text: str) -> int:
    return len(text)


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def citation_line(citation: Citation) -> str:
    title = citation.title if len(citation.title) <= _TITLE_MAX else citation.title[: _TITLE_MAX - 1] + "…"
    bits = [f"[{citation.n}] {title}"]
    if citation.locator and citation.locator not in title:
        bits.append(citation.locator)
    if citation.date:
        bits.append(f"({citation.date})")
    if citation.url:
        bits.append(citation.url)
    return " ".join(bits)


def sources_block(citations: Iterable[Citation], lang: str) -> str:
    lines = [citation_line(c) for c in sorted(citations, key=lambda c: c.n)]
    return f"\n\n{phrase('sources_head', lang)}\n" + "\n".join(lines) if lines else ""


def split_answer(
    text: str, citations: list[Citation], limit: int, measure: Measure = chars, lang: str = "en"
) -> list[str]:
    """`text` with its `citations` as messages of at most `limit` (by `measure`) each."""
    return _Splitter(citations, limit, measure, lang).split(text)


class _Splitter:
    def __init__(self, citations: list[Citation], limit: int, measure: Measure, lang: str) -> None:
        self.by_n = {c.n: c for c in citations}
        self.limit, self.measure, self.lang = limit, measure, lang
        self._sources_cost: dict[frozenset[int], int] = {}

    def cited(self, text: str) -> frozenset[int]:
        return frozenset(n for n in map(int, _MARKER.findall(text)) if n in self.by_n)

    def sources(self, ns: frozenset[int]) -> str:
        return sources_block((self.by_n[n] for n in ns), self.lang)

    def fits(self, cost: int, ns: frozenset[int]) -> bool:
        if ns not in self._sources_cost:
            self._sources_cost[ns] = self.measure(self.sources(ns))
        return cost + self._sources_cost[ns] <= self.limit

    def citations_of(self, line: str, start: int, end: int) -> frozenset[int]:
        """The citations of line[start:end]: its own markers, or else the markers that next follow it in
        the line (a quote or sentence cut in two keeps its source in both messages)."""
        own = self.cited(line[start:end])
        if own:
            return own
        following = _MARKER.search(line, end)
        run = _MARKER_RUN.match(line, following.start()) if following else None
        return self.cited(run.group(0)) if run else frozenset()

    def pieces(self, text: str) -> Iterator[_Piece]:
        """`text` cut at the coarsest level at which each piece fits in a message of its own."""
        for line in _SPLITTERS[0].finditer(text):
            yield from self._cut(line.group(0), 0, len(line.group(0)), 1)

    def _cut(self, line: str, start: int, end: int, level: int) -> Iterator[_Piece]:
        ns = self.citations_of(line, start, end)
        if self.fits(self.measure(line[start:end].strip()), ns):
            yield line[start:end], ns
            return
        if level == len(_SPLITTERS):
            raise ValueError(f"limit {self.limit} is too small for {line[start:end]!r} and its sources")
        for match in _SPLITTERS[level].finditer(line, start, end):
            if match.group(0):
                yield from self._cut(line, match.start(), match.end(), level + 1)

    def split(self, text: str) -> list[str]:
        parts: list[tuple[str, frozenset[int]]] = []
        body, cost, ns = "", 0, frozenset[int]()
        for piece, piece_ns in self.pieces(text):
            piece_cost = self.measure(piece)
            if body and not self.fits(cost + piece_cost, ns | piece_ns):
                if body.strip():  # a blank line alone is no message
                    parts.append((body, ns))
                body, cost, ns = "", 0, frozenset()
            body, cost, ns = body + piece, cost + piece_cost, ns | piece_ns
        if body.strip():
            parts.append((body, ns))
        uncited = frozenset(self.by_n) - frozenset().union(*(p[1] for p in parts))
        if uncited:
            last_body, last_ns = parts[-1] if parts else ("", frozenset[int]())
            if parts and self.fits(self.measure(last_body.strip()), last_ns | uncited):
                parts[-1] = (last_body, last_ns | uncited)
            else:
                parts.extend(("", frozenset(group)) for group in self._source_groups(sorted(uncited)))
        rendered = [(b.strip() + self.sources(n)).strip() for b, n in parts]
        return rendered or [text.strip()]

    def _source_groups(self, ns: list[int]) -> Iterator[list[int]]:
        """Citations no text cites, as few sources-only messages as fit."""
        group: list[int] = []
        for n in ns:
            if group and not self.fits(0, frozenset([*group, n])):
                yield group
                group = []
            group.append(n)
        if group:
            yield group
