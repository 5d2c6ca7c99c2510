"""The llm/local answer path: a grounded prompt within a token budget, and a filter on the model's text
that keeps only citation numbers that exist (renumbered in order of use), drops images and links that do
not point at a cited source, and turns the refusal marker into a plain refusal (as it does a reply with no
words but citations, which a 1.5B local model gives: "[3]").

`generate_answer` runs the whole path: it reads the model's entire reply through the citation filter and
the leak guard (leakguard.py), removes the sentences whose numbers, dates or names the sources they cite
do not hold (grounding.py), and only then returns the text to show. Nothing is streamed before that: a
model that stalls, refuses after some words, leaks or makes things up would otherwise have shown words
that the stored answer does not hold, so the caller streams the final text, and the token events always
spell what `done` reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from retrieval.text import count_tokens
from retrieval.types import Chunk, Hit

from ..conversation.draft import Draft
from ..conversation.types import Citation
from ..phrasebook import phrase
from .grounding import ground
from .leakguard import PromptLeakGuard
from .llm import ChatModel
from .prompts import render_prompt
from .sanitize import quote_source

__all__ = [
    "REFUSAL_MARKER",
    "CitationFilter",
    "GeneratedAnswer",
    "build_messages",
    "generate_answer",
    "prompt_history",
    "select_context",
]

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


# ---- the whole path ---------------------------------------------------------------------------------------
Outcome = Literal["answered", "refused", "leaked", "ungrounded"]


@dataclass(frozen=True)
class GeneratedAnswer:
    """What the model's reply became. `draft` is what to show and store; `outcome` says why: answered (what
    is left after grounding), refused (the model said it cannot, or said nothing), leaked (it repeated its
    system prompt: the standard refusal instead), ungrounded (no sentence it cited was left: the fallback's
    draft, `fell_back`, or the standard refusal when there is none)."""

    draft: Draft
    outcome: Outcome
    removed: tuple[str, ...] = ()  # sentences taken out: their sources do not hold what they state
    fell_back: bool = False


def prompt_history(
    stored: Sequence[tuple[str, str]], prior: Sequence[str] | None = None
) -> list[tuple[str, str]]:
    """The turns the prompt shows. A stateless client (the OpenAI-compatible /v1 route) sends its whole
    conversation each time and passes the earlier user messages as `prior` (a list, empty on its first
    turn): they are the conversation, whatever a replayed request left in the store. Other clients have
    `prior` None: the stored conversation."""
    if prior is not None:
        return [("user", text) for text in prior]
    return list(stored)


def source_text(chunk: Chunk) -> str:
    """A source as the model saw it, for grounding: its header (title, locator, date) and its text."""
    date = chunk.date.isoformat() if chunk.date else ""
    return "\n".join(part for part in (chunk.title, chunk.locator, date, chunk.text) if part)


def generate_answer(
    chat_model: ChatModel,
    question: str,
    lang: str,
    context: list[Hit],
    history: Sequence[tuple[str, str]] = (),
    fallback: Callable[[], Draft] | None = None,
) -> GeneratedAnswer:
    """Ask the model about `question` from the `context` passages (with the `history` turns in the prompt),
    read its whole reply, filter, guard and ground it. Raises UpstreamError when the endpoint fails, before
    anything was shown. `fallback` (the extractive answer) is called when grounding leaves nothing cited."""
    messages = build_messages(question, lang, context, list(history))
    urls = {h.chunk.url for h in context if h.chunk.url.lower().startswith(("https://", "http://"))}
    filt = CitationFilter(len(context), urls)
    guard = PromptLeakGuard(m["content"] for m in messages if m["role"] == "system")
    text = "".join(guard.stream(filt.stream(chat_model.stream(messages)))).strip()
    refusal = Draft(phrase("refusal", lang), [], False)
    if guard.leaked:
        return GeneratedAnswer(refusal, "leaked")
    if filt.refused or not text:
        return GeneratedAnswer(refusal, "refused")
    # Back to the prompt's numbers, so that the n-th source of the context is [n] again.
    model_n = {shown: n for n, shown in filt.mapping.items()}
    text = _CITE.sub(lambda m: f"[{model_n.get(int(m.group(1)), int(m.group(1)))}]", text)
    grounded = ground(text, [source_text(h.chunk) for h in context])
    removed = tuple(grounded.removed)
    if removed and not grounded.cited:
        if fallback is not None:
            return GeneratedAnswer(fallback(), "ungrounded", removed, fell_back=True)
        return GeneratedAnswer(refusal, "ungrounded", removed)
    text, citations = _renumber(grounded.text, context)
    if not citations:  # an answer with no citation at all is attributed to the passage it came from
        text, citations = f"{text} [1]", [Citation.of(1, context[0].chunk)]
    return GeneratedAnswer(Draft(text, citations, True), "answered", removed)


def _renumber(text: str, context: list[Hit]) -> tuple[str, list[Citation]]:
    """The citations of `text` numbered 1..k in order of first use, and the sources they name."""
    shown: dict[int, int] = {}

    def number(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if not 1 <= n <= len(context):
            return ""
        shown.setdefault(n, len(shown) + 1)
        return f"[{shown[n]}]"

    text = _CITE.sub(number, text)
    return text, [Citation.of(k, context[n - 1].chunk) for n, k in shown.items()]
