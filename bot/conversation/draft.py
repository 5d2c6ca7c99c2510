"""What an answerer hands back: the text, the sources it cites, whether it answers, suggestions; and the
compact list every listing answer shares (one line per record, the full record in the citation)."""

from __future__ import annotations

from dataclasses import dataclass, field

from retrieval.catalog import RecordView

from ..phrasebook import phrase
from .render import record_line, render_record
from .types import Citation

__all__ = ["LIST_MAX", "Draft", "list_records", "source_reply"]

LIST_MAX = 8  # items shown in a list answer; the rest are counted ("... and 5 more")
# A list of this many or more shows one item more rather than count it (a listing of six chip
# technologies named five and "... and 1 more"); the three nearest of a no-match stay three.
_ONE_MORE_FROM = 5


@dataclass
class Draft:
    text: str
    citations: list[Citation]
    answered: bool
    suggestions: list[str] = field(default_factory=list)
    # every record a list stands for where it shows only the first ("知识库中共有 8 项……" shows five):
    # what "其中沈阳的有几个" filters next (dialogue.py DialogueState.whole)
    members: list[Citation] = field(default_factory=list)
    # a greeting, thanks or "what can you do" answered: it shows nothing and asks nothing, so the
    # conversation's state stays that of the question before (chat/service.py _remember)
    small_talk: bool = False


def list_records(records: list[RecordView], lang: str, head: str, limit: int = LIST_MAX) -> Draft:
    if limit >= _ONE_MORE_FROM and len(records) == limit + 1:
        limit += 1  # "... and 1 more" takes the line the last one would: it is shown
    shown = records[:limit]
    lines = [head]
    citations = []
    for i, r in enumerate(shown, start=1):
        # The first item whole (what a one-answer question asks is there), the others a line each.
        lines.append(f"{i}. {render_record(r, lang, i, full=True) if i == 1 else record_line(r, lang, i)}")
        citations.append(Citation.of(i, r.chunk))
    if len(records) > limit:
        lines.append(phrase("more", lang, n=len(records) - limit))
        every = [Citation.of(i, r.chunk) for i, r in enumerate(records, start=1)]
        return Draft("\n".join(lines), citations, True, members=every)
    return Draft("\n".join(lines), citations, True)


def source_reply(uncited: bool, record: RecordView | None, lang: str) -> Draft | None:
    """ "source?" after an answer: that it cited nothing (`uncited`), or where the listing it was about
    comes from and when it was listed; None where neither is known."""
    if uncited:
        return Draft(phrase("no_source", lang), [], False)
    if record is None or not record.chunk.source:
        return None
    chunk = record.chunk
    title = f"「{chunk.title}」" if lang == "zh" else f'"{chunk.title}"'
    listed = chunk.date.isoformat() if chunk.date else "-"
    text = phrase("record_source", lang, name=title, source=chunk.source, date=listed)
    return Draft(f"{text} [1]", [Citation.of(1, chunk)], True)
