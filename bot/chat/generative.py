"""The llm/local answer path: a grounded prompt within a token budget, and a filter on the model's text
that keeps only citation numbers that exist (renumbered in order of use), drops images, HTML and links that
do not point at a cited source (sanitize.py's markdown filter), and turns the refusal marker into a plain
refusal (as it does a reply with no words but citations, which a 1.5B local model gives: "[3]").

Every field of a source that enters the prompt (title, locator, kind, text; the date is a date) is cleaned
the same way first (`clean_context`), so that none can close its quotes, its header line or the <sources>
block, and the citations shown are built from those cleaned chunks, not from what the index holds.

`generate_answer` runs the whole path: it reads the model's entire reply through the citation filter and
the leak guard (leakguard.py), removes the sentences whose numbers, dates or names the sources they cite
do not hold (grounding.py), and only then returns the text to show. Nothing is streamed before that: a
model that stalls, refuses after some words, leaks or makes things up would otherwise have shown words
that the stored answer does not hold, so the caller streams the final text, and the token events always
spell what `done` reports.
"""

from __future__ import annotations

import dataclasses
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
from .sanitize import quote_field, quote_source, strip_markup

__all__ = [
    "REFUSAL_MARKER",
    "CitationFilter",
    "GeneratedAnswer",
    "build_messages",
    "clean_chunk",
    "clean_context",
    "generate_answer",
    "prompt_history",
    "select_context",
]

REFUSAL_MARKER = "NO_ANSWER"
_CITE = re.compile(r"\[(\d{1,3})\]")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")  # a blank line: no markup and no URL runs across it


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


def clean_chunk(chunk: Chunk) -> Chunk:
    """`chunk` as the model reads it and its citation shows it: the text and every field of the header
    cleaned alike (sentences that give orders, images, HTML, foreign links; sanitize.py), the header
    fields on one line. Quoted data: a document cannot close its quotes, its header line or the <sources>
    block and speak as the system, whichever field it writes in."""
    return dataclasses.replace(
        chunk,
        title=quote_field(chunk.title),
        locator=quote_field(chunk.locator),
        text=quote_source(chunk.text, chunk.url),
    )


def clean_context(context: list[Hit]) -> list[Hit]:
    return [dataclasses.replace(h, chunk=clean_chunk(h.chunk)) for h in context]


def build_messages(
    question: str, lang: str, context: list[Hit], history: list[tuple[str, str]]
) -> list[dict[str, str]]:
    """The prompt for `question` from the `context` passages (cleaned here) and the `history` turns."""
    return _messages(question, lang, clean_context(context), history)


def _messages(
    question: str, lang: str, cleaned: list[Hit], history: list[tuple[str, str]]
) -> list[dict[str, str]]:
    sources = "\n".join(
        render_prompt(
            "source",
            n=i,
            title=h.chunk.title,
            locator=f" {h.chunk.locator}" if h.chunk.locator else "",
            kind=quote_field(h.chunk.kind),
            date=h.chunk.date.isoformat() if h.chunk.date else "n.d.",
            text=h.chunk.text,
        )
        for i, h in enumerate(cleaned, start=1)
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
    """Whether `text` says anything once images, HTML, URLs and citation numbers are gone."""
    return bool(re.search(r"\w", _CITE.sub("", strip_markup(text))))


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
        text = strip_markup(text, self.allowed_urls)

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
        # Release whole paragraphs only: no link, image, tag or URL spans a blank line, so markup is
        # parsed as the client will parse it, never cut in two (the hold-back rules this replaced let
        # '<a href="' through ahead of its "//host", a split "/" + "/" past the URL filter, and more).
        # What a later paragraph adds (a reference definition) is removed there; a label it would have
        # made a link stays text. A tail that could become the marker is in the last paragraph too.
        ends = list(_PARAGRAPH_END.finditer(self._buffer))
        cut = ends[-1].end() if ends else 0
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
    context = clean_context(context)  # what the model reads, grounding checks and the citations show
    messages = _messages(question, lang, context, list(history))
    urls = {h.chunk.url for h in context if h.chunk.url.lower().startswith(("https://", "http://"))}
    filt = CitationFilter(len(context), urls)
    guard = PromptLeakGuard(m["content"] for m in messages if m["role"] == "system")
    text = "".join(guard.stream(filt.stream(chat_model.stream(messages)))).strip()
    # The whole reply once more: markup that only the whole text makes (a reference definition at the
    # end gives a "[label]" at the start its URL) is parsed here, not in the pieces the filter streamed.
    text = strip_markup(text, urls).strip()
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
