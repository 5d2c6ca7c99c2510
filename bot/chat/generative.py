"""The llm/local answer path: a grounded prompt within a token budget, and a filter on the model's text
that keeps only citation numbers that exist (renumbered in order of use), drops images and links that do
not point at a cited source, and turns the refusal marker into a plain refusal (as it does a reply with no
words but citations, which a 1.5B local model gives: "[3]")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from retrieval.text import count_tokens
from retrieval.types import Hit

from .prompts import render_prompt
from .sanitize import quote_source

__all__ = ["REFUSAL_MARKER", "CitationFilter", "build_messages", "select_context"]

REFUSAL_MARKER = "NO_ANSWER"
_CITE = re.compile(r"\[(\d{1,3})\]")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)")
_BARE_URL = re.compile(r"https?://[^\s<>\"')\]]+")
# Unfinished at the end of a piece: "[label", "![alt]", "[label](http://x" (bounded: a stray "[" must not
# hold back the rest of the answer), and the first letters of "http".
_OPEN_LINK = re.compile(r"!?\[[^\]\n]{0,200}(?:\](?:\([^)\n]{0,500})?)?$")
_HTTP_START = re.compile(r"(?<![A-Za-z])(?:h|ht|htt)$")


def select_context(hits: list[Hit], budget_tokens: int, max_sources: int = 8) -> list[Hit]:
    """The best hits that fit the token budget (at least one, trimmed if it alone is too long)."""
    chosen: list[Hit] = []
    used = 0
    for hit in hits[:max_sources]:
        cost = count_tokens(hit.chunk.text) + 30  # + the source header
        if chosen and used + cost > budget_tokens:
            break
        chosen.append(hit)
        used += cost
    return chosen


def build_messages(
    question: str, lang: str, context: list[Hit], history: list[tuple[str, str]]
) -> list[dict[str, str]]:
    sources = "\n".join(
        render_prompt(
            "source",
            n=i,
            title=h.chunk.title,
            locator=f" {h.chunk.locator}" if h.chunk.locator else "",
            kind=h.chunk.kind,
            date=h.chunk.date.isoformat() if h.chunk.date else "n.d.",
            # Quoted data: a source cannot close its own quotes or the <sources> block and speak as the
            # system; sentences that give orders, images, HTML and foreign links are taken out (sanitize.py).
            text=quote_source(h.chunk.text, h.chunk.url),
        )
        for i, h in enumerate(context, start=1)
    )
    past = "".join(f"{'User' if role == 'user' else 'Assistant'}: {text}\n" for role, text in history[-4:])
    return [
        {"role": "system", "content": render_prompt(f"answer_system_{lang}", refusal_marker=REFUSAL_MARKER)},
        {
            "role": "user",
            "content": render_prompt(
                "answer_user",
                sources=sources,
                history=f"Conversation so far:\n{past}\n" if past else "",
                question=question,
            ),
        },
    ]


def _has_text(text: str) -> bool:
    """Whether `text` says anything once images, URLs and citation numbers are gone."""
    return bool(re.search(r"\w", _CITE.sub("", _BARE_URL.sub("", _IMAGE.sub("", text)))))


@dataclass
class CitationFilter:
    """Feed the model's text in pieces; get back text safe to show. Works the same on a whole answer."""

    n_sources: int
    allowed_urls: set[str] = field(default_factory=set)
    mapping: dict[int, int] = field(default_factory=dict)  # model's number -> shown number
    _buffer: str = ""
    _head: str = ""
    _decided: bool = False
    _has_words: bool = False  # released anything besides citation numbers
    refused: bool = False

    def _clean(self, text: str) -> str:
        text = _IMAGE.sub("", text)
        text = _LINK.sub(lambda m: m.group(0) if m.group(2) in self.allowed_urls else m.group(1), text)
        text = _BARE_URL.sub(lambda m: m.group(0) if m.group(0) in self.allowed_urls else "", text)

        def renumber(m: re.Match[str]) -> str:
            n = int(m.group(1))
            if not 1 <= n <= self.n_sources:
                return ""
            self.mapping.setdefault(n, len(self.mapping) + 1)
            return f"[{self.mapping[n]}]"

        text = _CITE.sub(renumber, text)
        self._has_words = self._has_words or bool(re.search(r"\w", _CITE.sub("", text)))
        return text

    def feed(self, piece: str) -> str:
        if self.refused:
            return ""
        if not self._decided:  # hold back the opening until we know it is not the refusal marker
            self._head += piece
            opening = self._head.lstrip()
            if len(opening) < len(REFUSAL_MARKER) and REFUSAL_MARKER.startswith(opening):
                return ""
            self._decided = True
            if opening.startswith(REFUSAL_MARKER):
                self.refused = True
                return ""
            piece, self._head = self._head, ""
        self._buffer += piece
        if self._marker_refuses():
            return ""
        # Keep back whatever could still become a citation, an image or a link: from the last "[", "!"
        # or "http" not yet closed by white space or a bracket; a label or image that a "(" may still
        # follow, or whose "(url" is open; the start of "http" ("h", "ht", "htt"); and a tail that could
        # become the marker. Fed a character at a time, anything less let "![x](http://..." through.
        cut = len(self._buffer)
        for opener in ("[", "!", "http"):
            pos = self._buffer.rfind(opener)
            if pos != -1 and not re.search(r"[\s\])]", self._buffer[pos + 1 :]):
                cut = min(cut, pos)
        for pending in (_OPEN_LINK, _HTTP_START):
            found = pending.search(self._buffer)
            if found:
                cut = min(cut, found.start())
        for k in range(min(len(REFUSAL_MARKER) - 1, len(self._buffer)), 0, -1):
            if self._buffer.endswith(REFUSAL_MARKER[:k]):
                cut = min(cut, len(self._buffer) - k)
                break
        ready = self._buffer[:cut]
        if not self._has_words and not _has_text(ready):
            return ""  # citation numbers alone are no answer yet: hold them until words follow (or the end)
        self._buffer = self._buffer[cut:]
        return self._clean(ready)

    def finish(self) -> str:
        if not self._decided:
            self._decided = True
            opening = self._head.lstrip()
            if not opening or REFUSAL_MARKER.startswith(opening):  # empty, or a cut-off marker
                self.refused = True
                return ""
            self._buffer, self._head = self._head + self._buffer, ""
        if self.refused or self._marker_refuses():
            return ""
        out, self._buffer = self._clean(self._buffer), ""
        if not self._has_words:  # nothing but citation numbers (or nothing at all): no answer
            self.refused = True
            return ""
        return out

    def _marker_refuses(self) -> bool:
        """The marker after the opening (small models write "The sources do not say. NO_ANSWER"): with no
        valid citation before it the reply is a refusal; after a cited statement it is dropped, the
        statement kept. Either way the marker itself never reaches the user."""
        if REFUSAL_MARKER not in self._buffer:
            return False
        before = self._buffer.split(REFUSAL_MARKER, 1)[0]
        if self.mapping or any(1 <= int(n) <= self.n_sources for n in _CITE.findall(before)):
            self._buffer = self._buffer.replace(REFUSAL_MARKER, "")
            return False
        self.refused, self._buffer = True, ""
        return True

    def apply(self, text: str) -> str:
        out = self.feed(text) + self.finish()
        return "" if self.refused else out.strip()

    def stream(self, pieces: Iterator[str]) -> Iterator[str]:
        for piece in pieces:
            out = self.feed(piece)
            if out:
                yield out
        tail = self.finish()
        if tail:
            yield tail
