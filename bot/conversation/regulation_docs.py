"""One language version of a regulation, as its stored chunks describe it (front matter, preamble, articles).

read_regulations(store) -> [RegulationDoc], one per language version, by doc id
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from retrieval.stores.base import VectorStore
from retrieval.types import Chunk, SearchFilters

__all__ = ["RegulationDoc", "read_regulations"]


@dataclass(frozen=True)
class RegulationDoc:
    """One language version of a regulation, as its stored chunks describe it."""

    doc_id: str
    lang: str
    group: str  # the translation group: both language versions share it
    name: str  # "辽宁省科技创新条例": front matter `name`, else the title less summary and version notes
    aliases: tuple[str, ...]
    title: str
    level: str
    issuing_body: str
    status: str
    dates: Mapping[str, str]  # adopted_date, amended_date, first_effective_date, effective_date (ISO)
    total_chapters: int | None
    total_articles: int | None
    unofficial: bool | None  # front matter `unofficial`: our own-words summary, not the official text
    preamble: str
    locators: tuple[str, ...]  # the articles the knowledge base holds, in order
    chunk: Chunk  # the first chunk, for citations

    @classmethod
    def of(cls, chunks: Sequence[Chunk]) -> RegulationDoc:
        ordered = sorted(chunks, key=lambda c: c.index)
        first, meta = ordered[0], ordered[0].meta
        dates = {k: str(meta[k]) for k in _DATE_FIELDS if meta.get(k)}
        return cls(
            doc_id=first.doc_id,
            lang=first.lang,
            group=str(meta.get("translation_group") or first.doc_id),
            name=str(meta.get("name") or _name_from_title(first.title)),
            aliases=tuple(str(a) for a in meta.get("aliases") or ()),
            title=first.title,
            level=str(meta.get("level") or ""),
            issuing_body=str(meta.get("issuing_body") or ""),
            status=str(meta.get("status") or ""),
            dates=dates,
            total_chapters=_int(meta.get("total_chapters")),
            total_articles=_int(meta.get("total_articles")),
            unofficial=meta["unofficial"] if isinstance(meta.get("unofficial"), bool) else None,
            preamble=str(meta.get("preamble") or ""),
            locators=tuple(c.locator for c in ordered if c.locator),
            chunk=first,
        )

    @property
    def plural(self) -> bool:  # "the ... Regulations were adopted", "the ... Law was adopted"
        return bool(re.search(r"\b(?:Regulations|Measures|Rules|Provisions)\b", self.name))

    @property
    def is_law(self) -> bool:
        return bool(re.search(r"\bLaw\b|法$", self.name))


_DATE_FIELDS = ("adopted_date", "amended_date", "first_effective_date", "effective_date")


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


def _name_from_title(title: str) -> str:
    """ "辽宁省科技创新条例（成果转化与产业化）条文摘要" -> "辽宁省科技创新条例"."""
    name = re.sub(r"[（(][^）)]*[）)]", "", title).split(":")[0]
    return re.sub(r"(?:条文)?摘要$|\s*(?:article )?summar(?:y|ies)$", "", name.strip(), flags=re.I).strip()


def read_regulations(store: VectorStore) -> list[RegulationDoc]:
    """Every regulation in the store, one entry per language version, by doc id."""
    by_doc: dict[str, list[Chunk]] = {}
    for _, chunk, _ in store.scan(SearchFilters(kind=("regulation",))):
        if chunk is not None:
            by_doc.setdefault(chunk.doc_id, []).append(chunk)
    return [RegulationDoc.of(chunks) for _, chunks in sorted(by_doc.items())]
