"""Technologies and demands asked for as a set: those that hold the question's key concept, within
the budget bound ("demands with a budget above 10 million yuan") or the deadline ("截止日期在明年三月之前的
需求") it names; one record shown alone answers a detail no listing holds with that ("has a warranty?"),
and a set of none says so with the nearest, labelled (structured.answer_listing renders them). An
institution named in full that has no listings ("shenyang normal university") is said to have none.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from retrieval.catalog import Catalog, RecordView
from retrieval.fields import fields_in
from retrieval.text import keyword_tokens

from ..conversation.attributes import asked_attributes, never_listed_answer
from ..conversation.budgets import budget_bound
from ..conversation.draft import Draft, list_records
from ..conversation.institution_names import unlisted_institution
from ..phrasebook import phrase
from .catalogue_overview import catalogue_overview
from .deadlines import due_within, without_when
from .plan import Plan
from .structured import answer_listing

__all__ = ["answer_records", "technologies_holding"]

_MAILS = 3  # an institution's offices (NEU's two, SUT's and its Liaoyang institute's): more is no one address

Holds = Callable[..., Callable[[RecordView], bool]]  # (terms, share=, strict=) -> the records' predicate


def answer_records(
    plan: Plan,
    question: str,
    lang: str,
    today: dt.date,
    catalog: Catalog,
    concept_terms: Callable[[str], list[str]],
    holds: Holds,
    in_focus: bool = False,
) -> Draft:
    if plan.intent == "technologies" and plan.institution is None:
        unlisted = unlisted_institution(question, catalog.institutions())
        if unlisted:  # "any tech from shenyang normal university": it has none, not all of Shenyang's
            return Draft(phrase("no_tech_from", lang, name=unlisted), [], False)
    # "demands with a budget above 10 million yuan": those on the asked side of the amount
    bound = budget_bound(question) if plan.intent == "demands" else None
    due = due_within(plan, question)  # "截止日期在明年三月之前的需求"
    asked = without_when(question) if due is not None else question
    terms = concept_terms(bound.without(asked) if bound else asked)
    # "有什么好技术推荐一下": what there is, by field (not "any tech" with a record in focus: that one's)
    if not terms and bound is None and due is None and not in_focus:
        overview = catalogue_overview(plan, catalog, lang)
        if overview is not None:
            return overview
    keep = holds(terms) if terms else None
    named = [t for t in keyword_tokens(question) if fields_in(t)]  # "hydrogen" of "hydrogen storage"
    wider = holds([*terms, *named], share=1.0) if terms and named else None
    # every record that holds the whole concept ("hydrogen storage": the field's word with it)
    held = holds([*terms, *named], share=1.0, strict=True) if terms else None
    if due is not None:
        keep = _both(due, keep)
        held = wider = None
    if bound is not None:
        keep = _both(bound.keeps, keep)
        held = wider = None  # a topic's whole set is no answer to a budget asked
    concept = " ".join([*terms, *([bound.label(lang)] if bound else [])])
    listing = answer_listing(plan, catalog, lang, plan.query, keep, concept, bool(terms), wider, held)
    contact = "contact" in asked_attributes(question, "achievement")
    if len(listing.citations) > 1 and plan.institution and contact:  # "大工的成果怎么联系"
        return _with_contact(listing, plan.institution, catalog, lang)
    # one record shown, or the best of several on the topic named ("东大钠离子正极的专利号是多少"): what no
    # listing states (a patent number, a price) is said not to be stated of it
    several = len(listing.citations) > 1 and not (terms and listing.answered)
    if not listing.citations or several:
        return listing
    shown = listing.citations[0]
    one = catalog.record(shown.kind, shown.doc_id)
    return (one and never_listed_answer(one, question, lang, today)) or listing


def _with_contact(listing: Draft, institution: str, catalog: Catalog, lang: str) -> Draft:
    """ "大工的成果怎么联系": the e-mail addresses its listings give (its technology-transfer offices': each
    listing has its own phone line) before them; the listing alone where they give more than a few."""
    records = [catalog.record(c.kind, c.doc_id) for c in listing.citations]
    parts = (p.strip() for r in records if r is not None for p in str(r.get("contact") or "").split("/"))
    mails = list(dict.fromkeys(p for p in parts if "@" in p))
    if not mails or len(mails) > _MAILS:
        return listing
    name = f"「{institution}」" if lang == "zh" else institution
    lead = phrase("attr.contact", lang, name=name, contact=("；" if lang == "zh" else "; ").join(mails))
    return dataclasses.replace(listing, text=f"{lead}\n{listing.text}")


def _both(
    first: Callable[[RecordView], bool], second: Callable[[RecordView], bool] | None
) -> Callable[[RecordView], bool]:
    return first if second is None else lambda r: first(r) and second(r)


# A question word asks a fact of something, not for the thing a description names
_ASKS_FACT = re.compile(
    r"\b(?:what|whats|what's|when|who|whom|whose|which|how|why|where|did|does|is|are|was|were|can|could|"
    r"should|would|will)\b|多少|几|什么|啥时|何时|哪|谁|吗|怎么|为什么|是否|是不是",
    re.I,
)
HELD_SHARE = 0.75  # of the question's concept weight a technology must hold to answer a bare description
HELD_MOST = 3  # more than this many holding it: the description is too general to name any


def technologies_holding(
    question: str, lang: str, catalog: Catalog, concept_terms: Callable[[str], list[str]], holds: Holds
) -> Draft | None:
    """ "bin picking w/ 3D vision, anyone doing that?", "vibrating screens for coal prep plants": a
    description with no word for a listing, that no passage answered, is a technology's where one to
    three of them hold nearly all of its concept themselves (in either language); None otherwise."""
    if _ASKS_FACT.search(question):
        return None  # "what VAT rate applies to ...", "辽宁有多少国家重点实验室": a fact, no thing described
    terms = concept_terms(question)
    if not terms:
        return None
    keep = holds(terms, share=HELD_SHARE, strict=True)  # a term untranslated is not held
    records = [r for r in catalog.technologies() if keep(r)]
    if not records or len(records) > HELD_MOST:
        return None
    ranked = catalog.rank("achievement", question, records) or records
    return list_records(ranked, lang, phrase("tech_head", lang, n=len(ranked)), HELD_MOST)
