"""Documents to chunks: token-aware passages for prose, one chunk per regulation article, one per record.

A regulation article's chunk is its locator and heading, its text, and a last line of index terms: the
glossary's terms, in both languages, for the concepts its heading and text name (less those the
document's title names, which every article shares). People ask about situations in their own words
("if the technology we licensed loses value later, is the university head liable?"), and an article's
own wording in one language reaches neither the keyword index nor, as well, the embedding of a question
in the other. The first article's chunk also keeps the document's preamble (adoption, effective date,
size) in its metadata. `article_text` is an article's text without the index-terms line, for showing it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from .glossary import Glossary
from .text import ENCODING_NAME
from .types import Chunk, Document

__all__ = ["INDEX_TERMS_LABEL", "Article", "Chunker", "article_text", "chinese_numeral", "split_articles"]

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


# The label of an article chunk's last line, the index terms (one label for both languages, so that
# `article_text` finds it whatever the document's language).
INDEX_TERMS_LABEL = "关键词 Keywords:"
_INDEX_LINE = re.compile(rf"\n+{re.escape(INDEX_TERMS_LABEL)}[^\n]*\Z")
# Index terms per article, at most. Measured (shipped model, knowledge/): 8 lost recall@1 on Chinese
# questions of evals/retrieval, 12 or 24 lost an answer of evals/answers or a cross-lingual rank; 16 lost
# none of the figures and put the right article first for 11 of 14 situation questions of the dev split
# of evals/conversations (9 without index terms).
_MAX_INDEX_TERMS = 16


def article_text(text: str) -> str:
    """A regulation article's chunk text without its index-terms line (what a reader should see)."""
    return _INDEX_LINE.sub("", text)


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

    # 2: a regulation article carries index terms (with a glossary), the first the document's preamble
    version = "chunker-2"

    def __init__(
        self, chunk_tokens: int = 256, overlap_tokens: int = 32, glossary: Glossary | None = None
    ) -> None:
        self.chunk_tokens = chunk_tokens
        self.overlap_tokens = overlap_tokens
        self.glossary = glossary if glossary is not None and len(glossary) else None
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
        base = f"{self.version}:{self.chunk_tokens}:{self.overlap_tokens}"
        # A changed glossary changes the index terms: part of every document's content hash.
        return f"{base}:{_glossary_digest(self.glossary)}" if self.glossary is not None else base

    def chunks(self, doc: Document) -> list[Chunk]:
        return list(self._iter(doc))

    def _iter(self, doc: Document) -> Iterator[Chunk]:
        if doc.is_record:
            yield self._chunk(doc, 0, doc.text)
            return
        if doc.kind == "regulation":
            articles = split_articles(doc.text)
            if articles:
                preamble = _preamble(doc.text)
                index_terms = self._index_terms(doc, articles)
                for i, (art, terms) in enumerate(zip(articles, index_terms, strict=True)):
                    meta = {"article_no": art.number, "chapter": art.chapter, "heading": art.heading}
                    if i == 0 and preamble:  # what the document says of itself: dates, body, size
                        meta["preamble"] = preamble
                    body = f"{art.locator} {art.heading}\n{art.text}".strip() if art.heading else art.text
                    if terms:
                        body = f"{body}\n{INDEX_TERMS_LABEL} {'; '.join(terms)}"
                    yield self._chunk(doc, i, body, locator=art.locator, extra=meta)
                return
        pieces = [p.strip() for p in self._splitter.split_text(doc.text) if p.strip()]
        for i, piece in enumerate(pieces):
            yield self._chunk(doc, i, piece)

    def _index_terms(self, doc: Document, articles: list[Article]) -> list[list[str]]:
        """Per article, the glossary's terms (both languages) for the concepts it names: its heading's
        first, then its text's, each group the rarest among the document's articles first, less the
        concepts of the document's title (every article shares them) and the terms already in it."""
        if self.glossary is None:
            return [[] for _ in articles]
        common = set(self.glossary.concepts(doc.title))
        heads: list[set[int]] = []
        named: list[list[int]] = []
        for art in articles:
            in_heading = self.glossary.concepts(art.heading)
            heads.append(set(in_heading))
            concepts = {**in_heading, **self.glossary.concepts(art.text)}
            named.append([c for c in concepts if c not in common])
        spread = Counter(c for found in named for c in found)  # articles naming each concept
        out = []
        for art, found, heading in zip(articles, named, heads, strict=True):
            held = f"{art.heading}\n{art.text}".lower()
            terms: dict[str, None] = {}
            for entry in sorted(found, key=lambda c: (c not in heading, spread[c])):
                zh, en = self.glossary.terms(entry)
                for term in (*zh, *en):
                    if len(terms) < _MAX_INDEX_TERMS and term.lower() not in held:
                        terms.setdefault(term, None)
            out.append(list(terms))
        return out

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


def _preamble(body: str) -> str:
    """The text before a regulation's first chapter or article heading."""
    starts = [m.start() for m in (_ARTICLE.search(body), _CHAPTER.search(body)) if m is not None]
    return body[: min(starts)].strip() if starts else ""


def _glossary_digest(glossary: Glossary) -> str:
    """A short hash of every glossary entry, in order."""
    digest = hashlib.sha256()
    entry = 0
    while True:
        try:
            terms = glossary.terms(entry)
        except IndexError:
            break
        digest.update(json.dumps(terms, ensure_ascii=False).encode())
        entry += 1
    return digest.hexdigest()[:12]
