"""The passages read for an answer and how they are quoted: what was found (`Passages`), an article
quoted in the question's language, the extract that quotes the sentences that answer, and the
sanitising every stored text passes before it reaches the reader.

Answers (answering.py) searches and decides by the evidence whether the passages answer; this module
only reads and renders what it found.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from retrieval.catalog import RecordView
from retrieval.stores.base import VectorStore
from retrieval.text import detect_lang, split_sentences
from retrieval.types import RECORD_KINDS, Chunk, Hit

from ..conversation.draft import Draft
from ..conversation.render import render_record
from ..conversation.types import Citation
from ..phrasebook import phrase
from .extractive import Quote
from .sanitize import drop_instructions, quote_field, strip_markup

__all__ = ["Passages", "in_language", "quoted_extract", "safe_draft"]

_FULL_ARTICLE_CHARS = 900  # articles up to this length are quoted whole


@dataclass(frozen=True)
class Passages:
    """Passages searched and quoted for an answer (a count question the news answers keeps the hits and
    quotes that showed it: searching again cost ~40 ms at 100k chunks)."""

    hits: list[Hit]
    quotes: list[Quote]
    # The best quote before those of other years than the question's were set aside: the evidence that
    # the passages are on the question's topic (the quotes of its year then say what is shown).
    best: Quote | None = None


def in_language(store: VectorStore, question: str, quotes: list[Quote]) -> list[Quote]:
    """An article quoted from the other language's version of a regulation, replaced by the same
    article of the question's language where the corpus has it: the Chinese text of an article can
    score as well as the English one for an English question (translations cover its terms), but
    the reader asked in English."""
    lang = detect_lang(question)
    out: list[Quote] = []
    for quote in quotes:
        twin = _twin_article(store, quote.chunk, lang)
        if twin is None:
            out.append(quote)
        elif all(q.chunk.id != twin.id for q in out):
            first = next(iter(split_sentences(twin.text)), twin.text)
            out.append(dataclasses.replace(quote, chunk=twin, text=first, position=0))
    return out


def _twin_article(store: VectorStore, chunk: Chunk, lang: str) -> Chunk | None:
    group, number = chunk.meta.get("translation_group"), chunk.meta.get("article_no")
    if chunk.kind != "regulation" or chunk.lang == lang or not group or not number:
        return None
    found = store.articles([int(number)])
    return next((c for _, c in found if c.meta.get("translation_group") == group and c.lang == lang), None)


def quoted_extract(lang: str, found: Passages) -> Draft:
    """The answer quoted from the passages: the sentences that answer, grouped by passage, best first;
    a record whole; a short article whole."""
    quotes = found.quotes
    numbers: dict[str, int] = {}
    by_chunk: dict[str, list[Quote]] = {}
    for quote in quotes:
        numbers.setdefault(quote.chunk.id, len(numbers) + 1)
        by_chunk.setdefault(quote.chunk.id, []).append(quote)
    lines = [phrase("intro", lang)]
    if any(q.chunk.lang != lang for q in quotes):
        lines[0] += phrase("source_other_lang", lang)
    citations: list[Citation] = []
    for chunk_id, group in by_chunk.items():
        n, chunk = numbers[chunk_id], group[0].chunk
        if chunk.locator and len(chunk.text) <= _FULL_ARTICLE_CHARS:
            body = chunk.text  # staff want the article itself, not a paraphrase or a piece of it
        else:
            body = " ".join(q.text for q in sorted(group, key=lambda q: q.position))
        citations.append(Citation.of(n, chunk, body))
        if chunk.kind in RECORD_KINDS:
            # A record is short: show all of it (institution, dates, venue, summary, registration).
            lines.append(render_record(RecordView(chunk), lang, n, full=True))
            continue
        where = f"{chunk.title} {chunk.locator}".strip()
        if lang == "zh":
            lines.append(f"《{where}》：“{body}” [{n}]" if chunk.locator else f"“{body}” [{n}]")
        else:
            lines.append(f'{where}: "{body}" [{n}]' if chunk.locator else f'"{body}" [{n}]')
    return Draft("\n".join(lines), citations, True)


def safe_draft(draft: Draft) -> Draft:
    """Stored text is data: no instruction it carries, no markup and no link to anything but the cited
    sources reaches the reader (a chat client that renders markdown would fetch an image URL)."""
    urls = {c.url for c in draft.citations if c.url}
    # Listings are curated records (an event's registration link is the point of it); prose is scraped.
    records = bool(draft.citations) and all(c.kind in RECORD_KINDS for c in draft.citations)

    def clean(text: str) -> str:
        return strip_markup(drop_instructions(text), urls, keep_bare_urls=records)

    citations = [
        c.model_copy(
            update={
                "title": quote_field(strip_markup(c.title, urls)),
                "locator": quote_field(c.locator),
                "snippet": clean(c.snippet),
            }
        )
        for c in draft.citations
    ]
    return dataclasses.replace(draft, text=clean(draft.text), citations=citations)
