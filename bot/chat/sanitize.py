"""Text from the knowledge base is data: shown as quotes, never as markup, never as orders.

Documents come from sources TechBridge does not control (news sites, uploads, CSV rows), so any of them
may carry a prompt injection: "ignore all previous instructions", a fake "SYSTEM:" line, a `</sources>`
that pretends to close the quoted block, or a markdown image whose URL would carry data to an attacker
when a chat client renders it. The tools, used on every path that puts stored text in front of a reader
or a model:

- `strip_markup(text, allowed_urls)`: the output filter. It parses the text as markdown (markdown-it-py,
  CommonMark with tables, as the chat clients that render answers read it) and removes every image, raw
  HTML (scripts and styles whole), link reference definition, and link or autolink to anything but
  `allowed_urls` (the cited sources' own URLs; a link's text is kept), then bare URLs, protocol-relative
  ones too, and chat-template tokens. It parses its own result again until nothing is left to remove.
- `drop_instructions(text)`: replaces each sentence that reads as an instruction to an assistant with
  "[…]". A pattern list cannot catch every paraphrase: it is one layer, the prompt's rules and the
  output filters (generative.py, leakguard.py) are the others.
- `quote_source(text, url)` and `quote_field(text)`: both, for a passage and for a one-line field of it
  (title, locator) about to be quoted to an LLM, with nothing left that could end the quotes, the header
  line or the `<sources>` block they are put in.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.common import html_re
from markdown_it.rules_block import StateBlock, html_block, reference
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline, autolink, html_inline, image, link
from markdown_it.token import Token

__all__ = [
    "drop_instructions",
    "looks_like_instruction",
    "quote_field",
    "quote_source",
    "strip_markup",
]

_CHAT_TOKEN = re.compile(r"<\|[^|<>]{1,40}\|>|\[/?INST\]|<</?SYS>>")
# URLs in plain text, which GFM clients turn into links: with a scheme, "www.", or protocol-relative
# ("//host.example/x", which a client resolves against its own scheme).
_URL = re.compile(
    r"(?:\b(?:https?|ftp|data|javascript|file):|\bwww\.|(?<![\w:/\\])//(?=[\w-]+(?:\.[\w-]+)+))"
    r"[^\s<>\"'()\[\]{}]+",
    re.I,
)

# Instructions to an assistant, in English and Chinese. Narrow on purpose: a law that says "enterprises
# shall not ignore the rules" must still be quotable.
_INSTRUCTION = re.compile(
    "|".join(
        [
            r"\b(?:ignore|disregard|forget|override|bypass)\b(?:\W+\w+){0,4}?\W+(?:all|any|previous|prior|above|"
            r"earlier|preceding|your|these|those|the)\b.{0,30}?\b(?:instructions?|prompts?|rules|directions|"
            r"guidelines|context|messages?)\b",
            r"\bsystem\s*(?:prompt|message|instructions?)\b",
            r"(?:^|(?<=[.!?;]\s)|(?<=[。！？；]))\W{0,4}(?:system|assistant|developer|系统|助手|管理员)\s*[:：]",
            r"\[\s*system\s*\]|\(\s*system\s*\)|#{2,}\s*system\b",
            r"</?\s*(?:sources?|system|instructions?|context|prompt)\s*>",
            r"\byou are now\b|\bfrom now on,? you\b|\bnew instructions?\s*[:：]",
            r"\b(?:print|reveal|output|repeat|show|disclose|leak)\b.{0,30}?\b(?:your|the)\s+(?:prompt|instructions|"
            r"rules|api key|secret)",
            r"忽略.{0,12}(?:指令|指示|提示|规则|要求)|无视.{0,12}(?:指令|指示|提示|规则)",
            r"系统\s*(?:提示|消息|指令)|提示词",
            r"(?:输出|打印|泄露|透露|重复|显示).{0,12}(?:指令|规则|密钥|秘钥)",
            r"你现在是|从现在起.{0,6}你|新的指令\s*[:：]",
        ]
    ),
    re.I | re.M,
)
# Every pattern above needs one of these words: a text without any (nearly every passage) skips the scan,
# which took ~4% of /api/chat's time at 100k chunks. Compared after `_fold`, because IGNORECASE also
# matches "ı", "İ", "ſ" and the Kelvin sign to i, i, s and k ("ſystem:" must not slip through).
_TRIGGERS = (
    "ignore", "disregard", "forget", "override", "bypass", "system", "assistant", "developer", "source",
    "instruction", "context", "prompt", "you are now", "from now on", "rules", "api key", "secret",
    "系统", "助手", "管理员", "忽略", "无视", "提示", "指令", "指示", "规则", "要求", "密钥", "秘钥",
    "你现在是", "从现在起",
)  # fmt: skip
_FOLD = str.maketrans({"ı": "i", "İ": "i", "ſ": "s", "\u212a": "k"})


def _fold(text: str) -> str:
    return text.translate(_FOLD).lower()


def _may_instruct(text: str) -> bool:
    folded = _fold(text)
    return any(word in folded for word in _TRIGGERS)


_BOUNDARY = re.compile(r"[。！？；!?\n]|\.(?=\s|$)")
DROPPED = "[…]"


def looks_like_instruction(text: str) -> bool:
    return _may_instruct(text) and bool(_INSTRUCTION.search(text))


def drop_instructions(text: str) -> str:
    """`text` with every sentence that reads as an instruction replaced by "[…]"."""
    if not _may_instruct(text):
        return text
    out: list[str] = []
    pos = 0
    for match in _INSTRUCTION.finditer(text):
        if match.start() < pos:
            continue
        start = pos
        for boundary in _BOUNDARY.finditer(text, pos, match.start()):
            start = boundary.end()
        while start < match.start() and text[start] in " \t":
            start += 1
        end_match = _BOUNDARY.search(text, match.end())
        end = end_match.end() if end_match else len(text)
        out.append(text[pos:start])
        out.append(DROPPED + ("\n" if text[end - 1 : end] == "\n" else ""))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def strip_markup(text: str, allowed_urls: Collection[str] = (), keep_bare_urls: bool = False) -> str:
    """Plain text: no images, no HTML, no chat-template tokens, no links except to `allowed_urls`.
    `keep_bare_urls` keeps plain-text URLs (and an autolink's URL as plain text): for listing records,
    whose registration links are curated data, not text scraped from a page."""
    allowed = {u for u in allowed_urls if u}
    targets = allowed | {_markdown().normalizeLink(u) for u in allowed}  # as the parser reports an href
    text = _CHAT_TOKEN.sub("", text)  # first: "<<SYS>>" is no HTML, but "<SYS>" in it would be
    if "\r" in text or "\0" in text:  # as markdown-it reads it, so that its offsets are ours
        text = re.sub(r"\r\n?", "\n", text).replace("\0", "\ufffd")
    for _ in range(_ROUNDS):
        edits = _edits(text, targets, keep_bare_urls)
        if edits is None:
            break
        cleaned = _plain(_apply(text, edits), allowed, keep_bare_urls)
        if cleaned == text:
            return text
        text = cleaned
    return _plain(_inert(text), allowed, keep_bare_urls)


def _plain(text: str, allowed: set[str], keep_bare_urls: bool) -> str:
    text = _CHAT_TOKEN.sub("", text)
    if not keep_bare_urls:
        text = _URL.sub(lambda m: m.group(0) if m.group(0).rstrip(".,;:。，") in allowed else "", text)
    return text


def quote_source(text: str, url: str = "") -> str:
    """A passage made safe to quote to an LLM: instructions dropped, markup stripped, and nothing left
    that could close the quotes it is put in (prompts/source.txt uses triple quotes) or the <sources>
    block."""
    return _quotable(strip_markup(drop_instructions(_LINE_BREAK.sub("\n", text)), [url]))


def quote_field(text: str) -> str:
    """A source's title or locator made safe for its header line in the prompt: cleaned as the text is,
    and on one line (every line break, U+2028 and the like included, becomes a space)."""
    return _quotable(" ".join(strip_markup(drop_instructions(_LINE_BREAK.sub("\n", text))).split()))


# What str.splitlines (and a model) takes for a line break: a "SYSTEM:" after U+2028 starts a line too.
_LINE_BREAK = re.compile(r"\r\n?|[\v\f\x1c-\x1e\x85\u2028\u2029]")
# Anything that reads as a <sources> tag, also in full-width letters (NFKC folds "＜／ｓｏｕｒｃｅｓ＞").
_SOURCES_TAG = re.compile(r"<\s*/?\s*sources?\b[^<>\n]*>?", re.I)


def _quotable(text: str) -> str:
    if _SOURCES_TAG.search(unicodedata.normalize("NFKC", text)):
        text = _SOURCES_TAG.sub("", unicodedata.normalize("NFKC", text))
    return text.replace('"""', "'''")


# ---- markdown -------------------------------------------------------------------------------------------
# Markup is found by parsing, as a client renders it, and removed where the parser found it: the inline
# rules that make links, images, autolinks and HTML and the block rules that make HTML blocks and link
# reference definitions are wrapped to record where each one starts and ends. Removing one can make
# another ("![x]" + "<b></b>" + "(//evil)"), so the result is parsed again, until a parse finds nothing:
# one round for the poisoned corpus, two where a removal joins markup; text still marked up after 4, or
# nested deeper than the parser reads (20 levels), loses its brackets instead (`_inert`).
_ROUNDS = 4
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
def _markdown() -> MarkdownIt:
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


def _edits(text: str, targets: set[str], keep_bare_urls: bool) -> list[Edit] | None:
    """What to cut from `text`; None when the parse cannot be mapped back onto it (too deeply nested)."""
    if not _MAYBE_MARKUP.search(text):
        return []  # no "<", "![", "](", "][" or "]:": nothing is a link, an image, HTML or a definition
    found = _Found()
    tokens = _markdown().parse(text, {_KEY: found})
    limit = _markdown().options["maxNesting"] - 1  # beyond it markdown-it reads the rest as plain text
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


def _apply(text: str, edits: list[Edit]) -> str:
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


def _inert(text: str) -> str:
    """The last resort: no angle brackets, no square brackets but citation numbers ("[2]"). Nothing is
    then a link, an image, HTML or a definition, however a client parses it."""
    return _BRACKETS.sub(lambda m: f"[{m.group(1)}]" if m.group(1) else "", text)
