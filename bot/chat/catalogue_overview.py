"""What the catalogue holds, asked with nothing that narrows it: "有什么好技术推荐一下", "what technologies
are listed?", "你们有哪些需求". Listing all 63 technologies, ten shown, answers nobody; how many there are in
each field, and how to ask for one, lets the user choose (a listing narrowed by a field, a city, an
institution, a maturity or a topic is record_listing.py's).
"""

from __future__ import annotations

from collections import Counter

from retrieval.catalog import Catalog
from retrieval.fields import field_label

from ..conversation.draft import Draft
from ..phrasebook import phrase
from .plan import Plan

__all__ = ["catalogue_overview"]

_NARROWING = ("city", "field", "institution", "maturity", "trl", "transfer")


def catalogue_overview(plan: Plan, catalog: Catalog, lang: str) -> Draft | None:
    """How many technologies (or demands) there are and in which fields, most first, with an example
    question; None where the plan narrows the listing or follows up on one."""
    if plan.intent not in ("technologies", "demands") or plan.follow_up:
        return None
    if any(getattr(plan, slot) is not None for slot in _NARROWING):
        return None
    kind = "achievement" if plan.intent == "technologies" else "demand"
    records = catalog.technologies() if kind == "achievement" else catalog.demands()
    if not records:
        return None
    counts = Counter(str(r.get("field") or "") for r in records)
    sep = "、" if lang == "zh" else ", "
    fields = sep.join(f"{field_label(key, lang)} {n}" for key, n in counts.most_common() if key)
    top = field_label(counts.most_common(1)[0][0], lang)
    text = phrase(f"overview.{kind}", lang, n=len(records), k=len(counts), fields=fields, example=top)
    return Draft(text, [], True)
