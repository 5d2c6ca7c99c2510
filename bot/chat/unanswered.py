"""What answers a message the passages found do not, before it is refused: the document the answer before
quoted, read again for a short follow-up about it ("target local conversion rate?" after a sentence of a
news report), or the technology a bare description names ("bin picking w/ 3D vision, anyone doing that?",
record_listing.py)."""

from __future__ import annotations

import re

from retrieval.catalog import Catalog
from retrieval.types import SearchFilters

from ..conversation.draft import Draft
from ..conversation.followup_forms import short
from .answering import Answers, Passages
from .record_listing import technologies_holding
from .turns import Turn

__all__ = ["held_technologies", "within_focus"]

_SWITCH = re.compile(r"^\W*(?:(?:and )?(?:what|how) about\b|那么?|还有)", re.I)


def within_focus(answers: Answers, turn: Turn) -> Passages | None:
    """A short follow-up right after a news article was quoted, searched in that article alone: its
    words ("which yr", "target local conversion rate?") are too few to find it among all passages."""
    focus = turn.dialogue.focus
    if focus is None or focus.kind != "news" or not short(turn.message):
        return None
    found = answers.passages(turn.plan.query, SearchFilters(kind=("news",), doc_id=focus.doc_id))
    return found if answers.answers(found, turn.question) else None


def held_technologies(answers: Answers, catalog: Catalog, turn: Turn) -> Draft | None:
    """The technologies a description with no listing word names, asked first in a conversation (a
    follow-up's words are the conversation's); not a question of the regulations or the news."""
    switched = _SWITCH.match(turn.message) is not None  # "what about titanium 3D printing": a new topic
    if turn.plan.intent != "search" or ((turn.plan.follow_up or turn.dialogue.items) and not switched):
        return None
    described = _SWITCH.sub(" ", turn.question).strip()  # the thing, not "what about" before it
    return technologies_holding(described, turn.lang, catalog, answers.concept_terms, answers.holds)
