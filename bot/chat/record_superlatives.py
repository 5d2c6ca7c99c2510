"""The most or least over the whole catalog, when no list was shown to compare: "哪个企业需求预算最高",
"which tech demand has the smallest budget", "哪个成果成熟度最低", "which listed technology has the most
patents", "氢能方面哪个成果最成熟". The records of the kind asked, within the slots and topic the message
names, are compared on the value it names (superlatives.py); every record that shares the best value is
the answer, each with its owner and city (a tie is common: nine technologies are at TRL 8).

A message about the list just shown ("哪个预算最高" after a listing) is the follow-ups' (pick_shown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from retrieval.catalog import Catalog, RecordView

from ..conversation.draft import Draft, list_records
from ..conversation.named import wanted_kind
from ..conversation.render import record_line
from ..conversation.superlatives import (
    Superlative,
    as_compared,
    best_of,
    headline,
    no_price,
    superlative_of,
    tied_headline,
    without_superlative,
)
from ..conversation.types import Citation
from .intents import plan_question
from .plan import Plan
from .structured import in_slots

__all__ = ["answer_superlative"]

Holds = Callable[[list[str]], Callable[[RecordView], bool]]
# Tied records shown at most: a tie over a large set is a listing, which names its size.
_TIED_MAX = 5
_RUNNERS_UP = 2  # shown after a single winner: the next two by the same value


def answer_superlative(
    plan: Plan,
    question: str,
    lang: str,
    today: dt.date,
    catalog: Catalog,
    concept_terms: Callable[[str], list[str]],
    holds: Holds,
) -> Draft | None:
    """The record(s) of the catalog with the most (least) of the value the question names; None when
    the question asks no superlative of technologies or demands, or no record of its topic states it."""
    asked = superlative_of(question)
    kind = {"technologies": "achievement", "demands": "demand"}.get(plan.intent)
    if plan.intent == "search":  # "which listed technology has the most patents"
        kind = wanted_kind(question) if wanted_kind(question) in ("achievement", "demand") else None
    if asked is None or kind is None:
        return None
    rest = without_superlative(question)
    # the slots of what is left: "成熟" of "最成熟" is the value compared, not the maturity asked
    records = in_slots(plan_question(rest, today, None, catalog.institutions()), kind, catalog)
    terms = concept_terms(rest)
    if terms:
        keep = holds(terms)
        records = [r for r in records if keep(r)]
    compared = as_compared(asked, records) if records else asked
    if compared is None:
        return no_price(lang)
    if compared.value == "deadline":  # a demand already closed is no longer a candidate
        records = [r for r in records if str(r.get("deadline") or "9999") >= today.isoformat()]
    value, tied = best_of(compared, records)
    if not tied:
        return None
    if len(tied) == 1:  # the runners-up after it, as a follow-up may name one ("葫芦岛那个呢")
        text = headline(compared, tied[0], value, lang)
        runners = _runners_up(compared, records, tied[0])
        lines = [text, record_line(tied[0], lang, 1)]
        if runners:
            lines.append("其次：" if lang == "zh" else "Next:")
            lines += [f"{i}. {record_line(r, lang, i)}" for i, r in enumerate(runners, start=2)]
        citations = [Citation.of(i, r.chunk) for i, r in enumerate([tied[0], *runners], start=1)]
        return Draft("\n".join(lines), citations, True)
    return list_records(tied, lang, tied_headline(compared, tied, value, lang), limit=_TIED_MAX)


def _runners_up(asked: Superlative, records: list[RecordView], winner: RecordView) -> list[RecordView]:
    rest = [r for r in records if r.id != winner.id]
    runners: list[RecordView] = []
    while rest and len(runners) < _RUNNERS_UP:
        _, tied = best_of(asked, rest)
        if not tied:
            break
        runners += tied[: _RUNNERS_UP - len(runners)]
        rest = [r for r in rest if r not in tied]
    return runners
