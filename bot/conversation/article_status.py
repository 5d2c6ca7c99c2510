"""What an answer says of an article editors marked amended or repealed (bot/storage/regulation_status.py):
a notice under any answer that quotes or cites it, whichever answerer wrote the answer (an article asked by
number, passages quoted, a model's grounded answer, a curated answer):

    Note: staff marked Article 12 as repealed on 2026-12-01: replaced by the 2026 rules
    注意：工作人员已于 2026-12-01 将第十二条标记为已废止：……

A mark holds for both language versions of a regulation (they share a translation group and their
article numbers), so an English answer quoting Article 12 is flagged when editors marked the Chinese
第十二条. The marks are read once per answer that cites an article (a small table: only marked rows),
never cached, so a mark set through any replica shows in the next answer.
"""

from __future__ import annotations

import dataclasses

from ..errors import RequestError
from ..phrasebook import phrase
from ..storage.regulation_status import ArticleStatus, RegulationStatusStore, article_key
from .draft import Draft
from .regulations import RegulationAnswerer
from .types import Citation

__all__ = ["ArticleNotices", "notice"]


def notice(status: ArticleStatus, citation: Citation, lang: str) -> str:
    """One notice, naming the article as the answer's language does."""
    locator = citation.locator
    if lang == "zh":
        article = locator if locator.startswith("第") else f"第{status.article}条"
    else:
        article = locator if locator.lower().startswith("article") else f"Article {status.article}"
    values = {
        "article": article,
        "status": phrase(f"article_status.{status.status}", lang),
        "date": status.updated_at.date().isoformat(),
    }
    if status.note:
        return phrase("article_notice_note", lang, note=status.note, **values)
    return phrase("article_notice", lang, **values)


class ArticleNotices:
    """Adds the notices of the marked articles a draft cites."""

    def __init__(self, statuses: RegulationStatusStore | None, regulations: RegulationAnswerer) -> None:
        self.statuses = statuses
        self.regulations = regulations  # doc id -> translation group, re-read when the index changes

    def apply(self, draft: Draft, lang: str) -> Draft:
        cited = [c for c in draft.citations if c.kind == "regulation" and c.locator]
        if not cited or self.statuses is None:
            return draft  # most answers cite no article: no query at all
        marked = self.statuses.all()
        if not marked:
            return draft
        group = {d.doc_id: d.group for d in self.regulations.regulations()}
        by_group = {(group.get(doc, doc), article): s for (doc, article), s in marked.items()}
        notices: dict[tuple[str, str], str] = {}
        for citation in cited:
            try:
                key = (group.get(citation.doc_id, citation.doc_id), article_key(citation.locator))
            except RequestError:
                continue  # a locator that names no article number ("Preamble")
            status = by_group.get(key)
            if status is not None and key not in notices:
                notices[key] = notice(status, citation, lang)
        if not notices:
            return draft
        return dataclasses.replace(draft, text="\n".join([draft.text, *notices.values()]))
