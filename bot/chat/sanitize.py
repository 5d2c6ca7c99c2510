"""Text from the knowledge base is data: shown as quotes, never as markup, never as orders.

Documents come from sources TechBridge does not control (news sites, uploads, CSV rows), so any of them
may carry a prompt injection: "ignore all previous instructions", a fake "SYSTEM:" line, a `</sources>`
that pretends to close the quoted block, or a markdown image whose URL would carry data to an attacker
when a chat client renders it. The tools, used on every path that puts stored text in front of a reader
or a model:

- `strip_markup(text, allowed_urls)`: the output filter. It parses the text as markdown (markup.py:
  markdown-it-py, CommonMark with tables, as the chat clients that render answers read it) and removes
  every image, raw HTML (scripts and styles whole), link reference definition, and link or autolink to
  anything but `allowed_urls` (the cited sources' own URLs; a link's text is kept), then bare URLs,
  protocol-relative ones too, and chat-template tokens. It parses its own result again until nothing is
  left to remove.
- `drop_instructions(text)`: replaces each sentence that reads as an instruction to an assistant with
  "[…]". A pattern list cannot catch every paraphrase: it is one layer, the prompt's rules and the
  output filters (generative.py, leakguard.py) are the others.
- `quote_source(text, url)` and `quote_field(text)`: both, for a passage and for a one-line field of it
  (title, locator) about to be quoted to an LLM, with nothing left that could end the quotes, the header
  line or the `<sources>` block they are put in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from .markup import ROUNDS, apply_edits, inert, markdown, markup_edits

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
    targets = allowed | {markdown().normalizeLink(u) for u in allowed}  # as the parser reports an href
    text = _CHAT_TOKEN.sub("", text)  # first: "<<SYS>>" is no HTML, but "<SYS>" in it would be
    if "\r" in text or "\0" in text:  # as markdown-it reads it, so that its offsets are ours
        text = re.sub(r"\r\n?", "\n", text).replace("\0", "\ufffd")
    for _ in range(ROUNDS):
        edits = markup_edits(text, targets, keep_bare_urls)
        if edits is None:
            break
        cleaned = _plain(apply_edits(text, edits), allowed, keep_bare_urls)
        if cleaned == text:
            return text
        text = cleaned
    return _plain(inert(text), allowed, keep_bare_urls)


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
