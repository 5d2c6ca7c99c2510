"""The markdown half of `strip_markup` (sanitize.py): markup is found by parsing, as a chat client renders
it, and removed where the parser found it. The inline rules that make links, images, autolinks and HTML
and the block rules that make HTML blocks and link reference definitions are wrapped to record where each
one starts and ends. Removing one can make another ("![x]" + "<b></b>" + "(//evil)"), so the result is
parsed again, until a parse finds nothing: one round for the poisoned corpus, two where a removal joins
markup; text still marked up after ROUNDS (4), or nested deeper than the parser reads (20 levels), loses
its brackets instead (`inert`).

    markup_edits(text, targets, keep_bare_urls) -> [(start, end, replacement)]: every image, HTML tag or
        block, link reference definition, and link or autolink to anything but `targets`; None when the
        parse cannot be mapped back onto the text
    apply_edits(text, edits)  -> the text with them made
    inert(text)               -> no brackets left that could make markup, citation numbers kept
    markdown()                -> the parser (markdown-it-py, CommonMark with tables), for its normalizeLink
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.common import html_re
from markdown_it.rules_block import StateBlock, html_block, reference
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline, autolink, html_inline, image, link
from markdown_it.token import Token

__all__ = ["ROUNDS", "Edit", "apply_edits", "inert", "markdown", "markup_edits"]

ROUNDS = 4
_KEY = "techbridge_found"
# markdown-it's own grammar of a tag, comment, processing instruction, declaration or CDATA section.
_HTML_TAG = re.compile(
    "|".join(
        getattr(html_re, part)
        for part in ("open_tag", "close_tag", "comment", "processing", "declaration", "cdata")
    )
)
_MAYBE_MARKUP = re.compile(r"<|!\[|\]\s*[(\[:]")  # CommonMark wants no space in "](", some renderers do
_RAW_TEXT = re.compile(r"<(script|style|iframe|object|embed|svg|math|template|textarea|noscript)\b", re.I)


@dataclass
class _Found:
    """What one parse saw. `inline`: (inline token, kind, start, end, label end, href), offsets in the
    token's content; `blocks`: (kind, the (start, end) of each of its lines in the text)."""

    inline: list[tuple[Token, str, int, int, int, str]] = field(default_factory=list)
    blocks: list[tuple[str, list[tuple[int, int]]]] = field(default_factory=list)
    owner: Token | None = None  # the inline token being parsed


class _Markdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        return True  # a javascript: or data: link is still a link to remove, not text to keep


def _recorded(kind: str, rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    def run(state: StateInline, silent: bool) -> bool:
        start, first = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        found: _Found = state.env[_KEY]
        # An image's alt text is parsed apart, in a string of its own: the image goes whole anyway.
        if not silent and found.owner is not None and state.src is found.owner.content:
            opened = [t for t in state.tokens[first:] if t.type == "link_open"]  # after pending text
            href = str(opened[0].attrGet("href") or "") if opened else ""
            label_end = state.md.helpers.parseLinkLabel(state, start, True) if kind == "link" else -1
            found.inline.append((found.owner, kind, start, state.pos, label_end, href))
        return True

    return run


def _recorded_block(
    kind: str, rule: Callable[[StateBlock, int, int, bool], bool]
) -> Callable[[StateBlock, int, int, bool], bool]:
    def run(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if not rule(state, start_line, end_line, silent):
            return False
        if not silent:  # its lines without what holds them (a blockquote's ">", a list item's indent)
            lines = range(start_line, state.line)
            segments = [(state.bMarks[i] + state.tShift[i], state.eMarks[i]) for i in lines]
            state.env[_KEY].blocks.append((kind, segments))
        return True

    return run


def _parse_inline(state: StateCore) -> None:
    """markdown-it's own core rule, telling the inline rules whose content they parse."""
    found: _Found = state.env[_KEY]
    for token in state.tokens:
        if token.type == "inline":
            found.owner = token
            token.children = token.children or []
            state.md.inline.parse(token.content, state.md, state.env, token.children)
    found.owner = None


@functools.cache
def markdown() -> MarkdownIt:
    md = _Markdown("commonmark").enable(["table", "strikethrough"])
    for name, rule in (
        ("link", link),
        ("image", image),
        ("autolink", autolink),
        ("html_inline", html_inline),
    ):
        md.inline.ruler.at(name, _recorded(name, rule))
    html = _recorded_block("html", html_block)
    md.block.ruler.at("html_block", html, {"alt": ["paragraph", "reference", "blockquote"]})  # as before
    md.block.ruler.at("reference", _recorded_block("definition", reference))
    md.core.ruler.at("inline", _parse_inline)
    return md


Edit = tuple[int, int, str]  # replace text[start:end] with this


def markup_edits(text: str, targets: set[str], keep_bare_urls: bool) -> list[Edit] | None:
    """What to cut from `text`; None when the parse cannot be mapped back onto it (too deeply nested)."""
    if not _MAYBE_MARKUP.search(text):
        return []  # no "<", "![", "](", "][" or "]:": nothing is a link, an image, HTML or a definition
    found = _Found()
    tokens = markdown().parse(text, {_KEY: found})
    limit = markdown().options["maxNesting"] - 1  # beyond it markdown-it reads the rest as plain text
    if any(t.level >= limit or any(c.level >= limit for c in t.children or ()) for t in tokens):
        return None
    edits: list[Edit] = []
    for kind, segments in found.blocks:
        edits += (
            [(a, b, "") for a, b in segments] if kind == "definition" else _html_block_edits(text, segments)
        )
    if not found.inline:
        return edits
    lines = _inline_lines(text, tokens)
    for i, (owner, kind, start, end, label_end, href) in enumerate(found.inline):
        where = lines.get(id(owner))
        if where is None:
            return None
        content = owner.content

        def at(offset: int, content: str = content, where: list[int] = where) -> int:
            return where[content.count("\n", 0, offset)] + offset - (content.rfind("\n", 0, offset) + 1)

        if kind == "image":
            edits.append((at(start), at(end), ""))
        elif kind == "link":
            after = content[label_end + 1 : label_end + 2]
            if after == "(" and href in targets:
                continue
            if after in ("(", "["):  # [text](url), [text][ref], [text][]: the text; a shortcut [text] is
                edits += [(at(start), at(start + 1), ""), (at(label_end), at(end), "")]  # once undefined
        elif kind == "autolink":
            if href not in targets:
                edits.append((at(start), at(end), content[start + 1 : end - 1] if keep_bare_urls else ""))
        else:  # HTML; a script, style... with what it holds, up to its end tag
            raw = _RAW_TEXT.match(content, start)
            if raw:
                close = re.compile(rf"</{raw.group(1)}\s*>", re.I)
                ends = [
                    e
                    for o, k, s, e, _, _ in found.inline[i + 1 :]
                    if o is owner and close.fullmatch(content[s:e])
                ]
                end = ends[0] if ends else len(content)
            edits.append((at(start), at(end), ""))
    return edits


def _html_block_edits(text: str, segments: list[tuple[int, int]]) -> list[Edit]:
    """The tags of an HTML block (a script, style... with its content), its text kept; when no tag in it
    is complete ("<!-- " never closed, which would hide the rest), the "<" that opened it."""
    joined = "\n".join(text[a:b] for a, b in segments)
    bases, n = [], 0
    for a, b in segments:
        bases.append((n, a))
        n += b - a + 1

    def at(offset: int) -> int:
        base, a = next((base, a) for base, a in reversed(bases) if base <= offset)
        return a + offset - base

    edits: list[Edit] = []
    pos = 0
    for m in _HTML_TAG.finditer(joined):
        if m.start() < pos:
            continue
        end = m.end()
        raw = _RAW_TEXT.match(m.group(0))
        if raw:
            close = re.compile(rf"</{raw.group(1)}\s*>", re.I).search(joined, end)
            end = close.end() if close else len(joined)
        edits.append((at(m.start()), at(end), ""))
        pos = end
    return edits or [(segments[0][0], segments[0][0] + 1, "")]  # its "<": the rest is text, parsed again


def _inline_lines(text: str, tokens: list[Token]) -> dict[int, list[int] | None]:
    """Where each line of each inline token's content starts in `text` (None: not found). A content line
    is the end of its source line (a paragraph, a heading without closing #s) or, trimmed, the last line of
    a paragraph, or a part of it (a heading with closing #s, a table cell: found left to right)."""
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    taken: dict[int, int] = {}  # per source line, where the last cell found ended
    out: dict[int, list[int] | None] = {}
    previous = None
    for token in tokens:
        if token.type == "inline" and token.map:
            cell = previous is not None and previous.type in ("th_open", "td_open")
            out[id(token)] = _locate(text, starts, token, cell, taken)
        previous = token
    return out


def _locate(
    text: str, starts: list[int], token: Token, cell: bool, taken: dict[int, int]
) -> list[int] | None:
    assert token.map is not None
    where = []
    for k, piece in enumerate(token.content.split("\n")):
        n = token.map[0] + k
        if n >= len(starts):
            return None
        line = text[starts[n] : starts[n + 1] - 1] if n + 1 < len(starts) else text[starts[n] :]
        after, col = taken.get(n, 0), -1
        for body in () if cell else (line, line.rstrip()):
            if body.endswith(piece) and len(body) - len(piece) >= after:
                col = len(body) - len(piece)
                break
        if col < 0:
            col = line.find(piece, after)
        if col < 0:
            return None
        taken[n] = col + len(piece)
        where.append(starts[n] + col)
    return where


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with the edits made; one inside another (a link inside a removed script) is left to it."""
    chosen: list[Edit] = []
    for start, end, new in sorted(edits, key=lambda e: (e[0], -e[1])):
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end, new))
    for start, end, new in reversed(chosen):
        text = text[:start] + new + text[end:]
    return text


_BRACKETS = re.compile(r"\[(\d{1,3})\](?!\s*[(\[:])|[\[\]<>]")


def inert(text: str) -> str:
    """The last resort: no angle brackets, no square brackets but citation numbers ("[2]"). Nothing is
    then a link, an image, HTML or a definition, however a client parses it."""
    return _BRACKETS.sub(lambda m: f"[{m.group(1)}]" if m.group(1) else "", text)
