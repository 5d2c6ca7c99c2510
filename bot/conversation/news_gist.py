"""The gist of one news article, when a request for the news finds just one ("tell me about the 2023 news on
Liaoning research platforms", "介绍一下那篇关于玲龙一号的新闻"): its title, date and source, and its lead
facts quoted, cited.

The lead facts are the first sentences of its body that state a figure ("the number of national key
laboratories ... has soared to 11"): a news article opens with a sentence of intent ("In its pursuit of
technological self-reliance ...") that tells the reader nothing, and its figures are what the article
reports. Where it states fewer than two, its first sentences stand in; the first sentence that holds the
topic asked ("any news about Linglong?") is one of them. The header lines the seed corpus
keeps in the text ("Date: August 6, 2023", "Source: Liaoning Daily", a copyright line) are its fields,
shown in the title line, not facts of it.
"""

from __future__ import annotations

import re

from retrieval.text import split_sentences
from retrieval.types import Chunk

from ..phrasebook import phrase
from .draft import Draft
from .types import Citation

__all__ = ["gist"]

_SENTENCES = 3
_MAX_CHARS = 700  # about what a chat bubble shows without scrolling; the article itself is cited
# A line of the article's header or footer, not of its body
_HEADER = re.compile(
    r"^\s*(?:-+\s*)?(?:date\b|title:|source:|release date|copyright|related news|©|[-—\s]*$)", re.I
)
_SENTENCE_END = re.compile(r"[.!?。！？”\"'’)]\s*$")
_FIGURE = re.compile(r"\d")
_HEADER_CHARS = 100  # a line shorter than this that ends in no full stop is a heading, not a sentence


def gist(chunks: list[Chunk], lang: str, topic: list[list[str]] | None = None) -> Draft | None:
    """The gist of the article whose passages are `chunks`; None when its text holds no sentence.
    `topic`: the words of each term asked, in either language (any one of a term's words holds it)."""
    if not chunks:
        return None
    chunks = sorted(chunks, key=lambda c: c.index)
    first = chunks[0]
    sentences = _body_sentences(chunks, first.title)
    if not sentences:
        return None
    figures = [s for s in sentences if _FIGURE.search(s)]
    lead = figures[:_SENTENCES] if len(figures) >= 2 else sentences[:_SENTENCES]
    on_topic = _on_topic(sentences, topic or [])
    extra = [on_topic] if on_topic is not None and on_topic not in lead else []
    lead = lead[: _SENTENCES - len(extra)]
    while lead and sum(len(s) for s in lead + extra) > _MAX_CHARS and len(lead + extra) > 1:
        lead.pop()
    chosen = sorted(lead + extra, key=sentences.index)
    date = first.date.isoformat() if first.date else ""
    about = ", ".join(part for part in (date, first.source) if part)
    head = phrase("news.gist", lang)
    if first.lang != lang:
        head += phrase("source_other_lang", lang)
    if lang == "zh":
        line = f"{first.title}（{about}） [1]" if about else f"{first.title} [1]"
        quoted = "".join(f"“{s}”" for s in chosen)
    else:
        line = f"{first.title} ({about}) [1]" if about else f"{first.title} [1]"
        quoted = " ".join(f'"{s}"' for s in chosen)
    body = " ".join(chosen)
    return Draft(f"{head}\n{line}\n{quoted} [1]", [Citation.of(1, first, body)], True)


def _on_topic(sentences: list[str], topic: list[list[str]]) -> str | None:
    """The first sentence holding the most terms of the topic (at least one)."""
    best, most = None, 0
    for sentence in sentences:
        text = sentence.lower()
        held = sum(1 for words in topic if any(w and w.lower() in text for w in words))
        if held > most:
            best, most = sentence, held
    return best


def _body_sentences(chunks: list[Chunk], title: str) -> list[str]:
    """The sentences of the article's body, in order, each once (a seed page may repeat its lead)."""
    out: list[str] = []
    for chunk in chunks:
        for line in chunk.text.splitlines():
            line = line.strip()
            if not line or _HEADER.match(line) or title.lower() in line.lower():
                continue
            if len(line) < _HEADER_CHARS and not _SENTENCE_END.search(line):
                continue
            out.extend(s.strip() for s in split_sentences(line) if s.strip() and s.strip() not in out)
    return out
