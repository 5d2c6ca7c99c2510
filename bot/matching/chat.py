"""The chat's answer to an enterprise's need ("we need a technology for X", "我们厂……有什么技术", "our
machining centres drift, any help?"): the best matching achievements with their institutions and the
reasons they fit, the first shown whole; the upcoming matchmaking events whose agenda has the field; and
an offer to register the need (capture.py takes it from there). When no technology shown holds the need's
key concept (concept.py), the answer says that no listing matches and offers the nearest, labelled."""

from __future__ import annotations

import datetime as dt
from typing import Any

from retrieval.catalog import Catalog, RecordView
from retrieval.fields import MATURITY, city_label, field_label
from retrieval.matching import Match, Matcher, MatchQuery
from retrieval.records import TRANSFER_LABELS

from ..conversation.draft import Draft
from ..conversation.render import render_record
from ..conversation.types import Citation
from ..phrasebook import phrase
from .capture import DemandCapture
from .concept import NeedConcept
from .need_fields import redact
from .service import MIN_SHOWN, is_good, runner_up

__all__ = ["answer_match", "render_reasons"]

_SHOWN = 3  # achievements listed
_EVENTS = 2  # upcoming events listed


def render_reasons(reasons: dict[str, Any], lang: str) -> str:
    """The reasons of a match in one line a person can check against the listing."""
    zh = lang == "zh"
    sep = "、" if zh else ", "
    parts: list[str] = []
    if reasons.get("terms"):
        terms = sep.join(reasons["terms"][:5])
        parts.append(f"共同关键词 {terms}" if zh else f"shared terms: {terms}")
    field = reasons.get("field") or {}
    if field.get("fit") == "same" and field.get("candidate"):
        label = field_label(field["candidate"], lang)
        parts.append(f"同属{label}领域" if zh else f"same field ({label})")
    elif field.get("fit") == "related" and field.get("candidate"):
        label = field_label(field["candidate"], lang)
        parts.append(f"相关领域（{label}）" if zh else f"related field ({label})")
    maturity = reasons.get("maturity") or {}
    offered = MATURITY.get(str(maturity.get("offered")), ("", ""))[0 if zh else 1]
    required = MATURITY.get(str(maturity.get("required")), ("", ""))[0 if zh else 1]
    fit = maturity.get("fit")
    if fit == "meets":
        parts.append(f"成熟度符合要求（{offered}）" if zh else f"maturity fits ({offered})")
    elif fit == "exceeds":
        parts.append(
            f"成熟度高于要求（{offered}，需求为{required}）"
            if zh
            else f"more mature than required ({offered}; needed: {required})"
        )
    elif fit == "below":
        parts.append(
            f"成熟度低于要求（{offered}，需求为{required}）"
            if zh
            else f"less mature than required ({offered}; needed: {required})"
        )
    region = reasons.get("region") or {}
    if region.get("fit") in ("same_city", "same_province") and region.get("candidate"):
        city = city_label(region["candidate"], lang)
        parts.append(
            (f"同在{city}" if region["fit"] == "same_city" else f"同省（{city}）")
            if zh
            else (f"same city ({city})" if region["fit"] == "same_city" else f"same province ({city})")
        )
    shared = (reasons.get("transfer_modes") or {}).get("shared") or []
    if shared:
        modes = sep.join(TRANSFER_LABELS[m][0 if zh else 1] for m in shared if m in TRANSFER_LABELS)
        parts.append(
            f"可按所需方式合作（{modes}）" if zh else f"offers the transfer mode asked for ({modes})"
        )
    if not parts:
        parts.append("内容相近" if zh else "similar in content")
    return ("；" if zh else "; ").join(parts)


def _events(catalog: Catalog, fields: list[str], today: dt.date) -> list[RecordView]:
    found: dict[str, RecordView] = {}
    for f in fields:
        for event in catalog.events(today, upcoming=True, field=f):
            found.setdefault(event.id, event)
    return sorted(found.values(), key=lambda e: str(e.get("start_date")))[:_EVENTS]


def answer_match(
    text: str, lang: str, matcher: Matcher, catalog: Catalog, today: dt.date
) -> tuple[Draft, dict[str, Any]]:
    """The answer, and the offer to keep in the session for "register it"."""
    query = MatchQuery.from_text(text, "demand")
    # A short need ("我们需要储能技术") has little evidence for anything, yet the listings of its field that
    # share its words are worth showing, as the closest there are.
    ranked = matcher.match(query, k=_SHOWN)
    matches: list[Match] = [
        m
        for m in ranked
        if m.evidence >= MIN_SHOWN or (m.reasons["field"]["fit"] == "same" and m.reasons["terms"])
    ]
    concept = NeedConcept(text, matcher, catalog)
    # No shown technology holds the need's key concept: say so and offer the nearest, labelled as such,
    # not "the best matches" (answered False: the gap is what staff want to see).
    unheld = bool(matches) and not concept.any_holds(matches)
    good = bool(matches) and is_good(matches[0], runner_up(ranked)) and not unheld
    # The events: those for the field the need names first (fields_in: most specific first) and the best
    # match's field; the further fields a long need touches would list most of the calendar.
    fields = list(
        dict.fromkeys([*query.fields[:1], *([str(matches[0].record.get("field"))] if good else [])])
    )
    if unheld:
        what = phrase("what.achievement", lang)
        lines = [phrase("no_match_nearest", lang, terms=" ".join(concept.terms), what=what)]
    else:
        head = "head_good" if good else "head_close" if matches else "head_none"
        lines = [phrase(f"match.{head}", lang)]
    citations: list[Citation] = []
    for m in matches:
        n = len(citations) + 1
        # The one the answer leads with is shown whole: the figures that make it fit are in its summary.
        lines.append(f"{n}. {render_record(m.record, lang, n, full=good and n == 1)}")
        lines.append(f"   {phrase('match.why', lang)}{render_reasons(m.reasons, lang)}")
        citations.append(Citation.of(n, m.record.chunk))
    events = [] if unheld else _events(catalog, fields, today)
    if events:
        lines.append(phrase("match.events", lang))
        for event in events:
            n = len(citations) + 1
            lines.append(f"{n}. {render_record(event, lang, n)}")
            citations.append(Citation.of(n, event.chunk))
    lines.append(phrase("match.offer", lang))
    best = matches[0] if matches else None
    offer = DemandCapture.offer(
        redact(text, lang),  # session state is no place for a contact either: the capture asks for it
        lang,
        fields[0] if fields else None,
        query.cities[0] if query.cities else None,
        query.maturity,
        best.record.id if best else None,
        best.evidence if best else None,
    )
    suggestions = (
        ["好的，登记", "有哪些即将举办的对接会？"]
        if lang == "zh"
        else ["Yes, register it", "Which matchmaking events are coming up?"]
    )
    return Draft("\n".join(lines), citations, good, suggestions), offer
