"""Documents to chunks: token-aware passages for prose, one chunk per regulation article, one per record."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from .text import ENCODING_NAME
from .types import Chunk, Document

__all__ = ["Article", "Chunker", "chinese_numeral", "split_articles"]

# Separators from coarse to fine; Chinese end marks come before the comma so that a passage never ends
# inside a Chinese sentence while a sentence boundary is available.
_SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", ". ", "! ", "? ", "; ", "，", ", ", " ", ""]
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_ARTICLE = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:(第(?P<cn>[零〇一二三四五六七八九十百千\d]+)条)|(Article\s+(?P<en>\d+)))(?P<rest>.*)$",
    re.MULTILINE,
)
_CHAPTER = re.compile(
    r"^\s*(?:#{1,6}\s*)?((?:第[零〇一二三四五六七八九十百\d]+章|Chapter\s+[IVXLC\d]+\b).*)$", re.MULTILINE
)


def chinese_numeral(text: str) -> int:
    """第四十五条 -> 45: reads Chinese numerals up to the thousands, and plain digits."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (digit or 1) * _CN_UNITS[char]
            digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + digit


@dataclass(frozen=True)
class Article:
    number: int
    locator: str  # as the text writes it: "第四十五条" or "Article 45"
    heading: str  # the short title after the number, if any
    chapter: str
    text: str


def split_articles(body: str) -> list[Article]:
    """Articles of a regulation in order; empty when the text has no article headings."""
    matches = list(_ARTICLE.finditer(body))
    chapters = [(m.start(), m.group(1).strip()) for m in _CHAPTER.finditer(body)]
    articles = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        chapter = ""
        for pos, name in chapters:
            if pos < match.start():
                chapter = name
        # Text up to the next chapter heading, if one falls inside this article's span.
        tail = body[match.end() : end]
        cut = _CHAPTER.search(tail)
        text = (tail[: cut.start()] if cut else tail).strip()
        if match.group("cn"):
            number, locator = chinese_numeral(match.group("cn")), f"第{match.group('cn')}条"
        else:
            number, locator = int(match.group("en")), f"Article {match.group('en')}"
        heading = match.group("rest").strip(" \t:：.-—")
        if not text and heading:  # "第一条 为了……" on one line: the rest of the line is the article
            text, heading = heading, ""
        articles.append(Article(number, locator, heading, chapter, text))
    return articles


class Chunker:
    """Splits documents into chunks; `version` is part of every document's content hash."""

    version = "chunker-1"

    def __init__(self, chunk_tokens: int = 256, overlap_tokens: int = 32) -> None:
        self.chunk_tokens = chunk_tokens
        self.overlap_tokens = overlap_tokens
        self._splitter = RecursiveCharacterTextSplitter.from_tiktoken_encoder(
            encoding_name=ENCODING_NAME,
            chunk_size=chunk_tokens,
            chunk_overlap=overlap_tokens,
            separators=_SEPARATORS,
            keep_separator="end",
            disallowed_special=(),
        )

    @property
    def fingerprint(self) -> str:
        return f"{self.version}:{self.chunk_tokens}:{self.overlap_tokens}"

    def chunks(self, doc: Document) -> list[Chunk]:
        return list(self._iter(doc))

    def _iter(self, doc: Document) -> Iterator[Chunk]:
        if doc.is_record:
            yield self._chunk(doc, 0, doc.text)
            return
        if doc.kind == "regulation":
            articles = split_articles(doc.text)
            if articles:
                for i, art in enumerate(articles):
                    meta = {"article_no": art.number, "chapter": art.chapter, "heading": art.heading}
                    body = f"{art.locator} {art.heading}\n{art.text}".strip() if art.heading else art.text
                    yield self._chunk(doc, i, body, locator=art.locator, extra=meta)
                return
        pieces = [p.strip() for p in self._splitter.split_text(doc.text) if p.strip()]
        for i, piece in enumerate(pieces):
            yield self._chunk(doc, i, piece)

    def _chunk(
        self, doc: Document, index: int, text: str, locator: str = "", extra: dict | None = None
    ) -> Chunk:
        return Chunk(
            id=f"{doc.id}#{index}",
            doc_id=doc.id,
            index=index,
            text=text,
            kind=doc.kind,
            title=doc.title,
            lang=doc.lang,
            date=doc.date,
            source=doc.source,
            url=doc.url,
            locator=locator,
            meta={**doc.meta, **(extra or {})},
        )
