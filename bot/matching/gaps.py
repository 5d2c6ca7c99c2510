"""Demand-gap analytics for the technology-transfer office: what people asked for that the knowledge base
could not give, grouped by topic.

Three sources: questions answered "the knowledge base has nothing" (unanswered), answers rated down,
and demands with no good match (a demand record, or a lead waiting for review, whose best achievement
has less evidence than GOOD_MATCH: service.py). Each item gets a topic: its field of technology (the
record's, or the first `fields_in` names), else a keyword cluster (the word or glossary concept most of
the remaining items share, so "量子" and "quantum" land together), else "other".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from retrieval.catalog import Catalog
from retrieval.fields import FIELDS
from retrieval.glossary import Glossary
from retrieval.match_vocab import GENERIC_WORDS
from retrieval.matching import Matcher, MatchQuery
from retrieval.text import keyword_tokens

from ..security.exports import csv_text
from ..storage.conversations import ConversationStore
from .leads import LeadStore
from .need_fields import redact
from .service import GOOD_MATCH

__all__ = ["GapItem", "collect_gaps", "gaps_csv", "gaps_report", "group_gaps", "unanswered_csv"]

SOURCES = ("unanswered", "rated_down", "unmatched_demand")
_EXAMPLES = 3
# Words of a question, not of its topic.
_QUESTION_WORDS = frozenset(
    (  # noqa: SIM905 (a word list reads better as words)
        "有没有 没有 哪些 时候 today 什么 怎么 如何 是否 可以 能否 请问 知识库 多少 哪里 哪家 any which "
        "what how where who does there know tell "
    ).split()
)


@dataclass(frozen=True)
class GapItem:
    source: str  # unanswered | rated_down | unmatched_demand
    text: str
    lang: str
    ref: str  # message id, demand id or lead id
    created_at: str = ""
    field: str | None = None
    best_score: float | None = None
    comment: str | None = None


def collect_gaps(
    conversations: ConversationStore,
    leads: LeadStore | None,
    matcher: Matcher | None,
    catalog: Catalog | None,
    limit: int = 500,
    threshold: float = GOOD_MATCH,
) -> list[GapItem]:
    items: list[GapItem] = []
    for m in conversations.unanswered(limit):
        items.append(GapItem("unanswered", redact(m.content, m.lang or "zh"), m.lang, m.id, m.created_at))
    for q, fb in conversations.rated_down(limit):
        comment = redact(fb.comment, q.lang or "zh") if fb.comment else None
        items.append(
            GapItem(
                "rated_down", redact(q.content, q.lang or "zh"), q.lang, q.id, fb.created_at, comment=comment
            )
        )
    if matcher is not None and catalog is not None:
        for record in catalog.records("demand"):
            best = matcher.match(MatchQuery.from_record(record), k=1)
            score = best[0].evidence if best else None
            if score is None or score < threshold:
                items.append(
                    GapItem(
                        "unmatched_demand",
                        record.chunk.title,
                        record.chunk.lang,
                        record.id,
                        str(record.get("date") or ""),
                        record.get("field"),
                        score,
                    )
                )
    if leads is not None:
        for lead in leads.list("pending", limit):
            if lead.best_score is None or lead.best_score < threshold:
                items.append(
                    GapItem(
                        "unmatched_demand",
                        lead.title or lead.description,
                        lead.lang,
                        f"lead:{lead.id}",
                        lead.created_at,
                        lead.field,
                        lead.best_score,
                    )
                )
    return items


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _field_of(item: GapItem) -> str | None:
    if item.field in FIELDS:
        return item.field
    found = MatchQuery.from_text(item.text).fields
    return found[0] if found else None


def _features(text: str, glossary: Glossary) -> set[str]:
    concepts = {
        f"#{cid}" for cid, term in glossary.concepts(text).items() if term.lower() not in GENERIC_WORDS
    }
    covered = " ".join(glossary.concepts(text).values()).lower()
    tokens = {
        t
        for t in keyword_tokens(text)
        if len(t) > 1
        and t not in GENERIC_WORDS
        and t not in _QUESTION_WORDS
        and not t.isdigit()
        and t not in covered
    }
    return concepts | tokens


def group_gaps(items: list[GapItem], glossary: Glossary) -> list[dict[str, Any]]:
    """Topics with counts per source and a few examples, largest first."""
    groups: dict[str, list[GapItem]] = {}
    rest: list[GapItem] = []
    for item in items:
        key = _field_of(item)
        if key:
            groups.setdefault(key, []).append(item)
        else:
            rest.append(item)
    # Keyword clusters: repeatedly take the feature most of the remaining items share (at least two).
    features = {id(i): _features(i.text, glossary) for i in rest}
    labels: dict[str, tuple[str, str]] = {}
    while rest:
        counts = Counter(f for i in rest for f in features[id(i)])
        if not counts:
            break
        feature, n = max(counts.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))
        if n < 2:
            break
        members = [i for i in rest if feature in features[id(i)]]
        rest = [i for i in rest if feature not in features[id(i)]]
        key = f"kw:{feature}"
        groups[key] = members
        if feature.startswith("#"):
            zh, en = glossary.terms(int(feature[1:]))
            labels[key] = (zh[-1] if zh else feature, en[-1] if en else feature)  # shortest term of each
        else:
            other = [t for t in glossary.translations(feature) if t]
            labels[key] = (
                (feature, other[0] if other and not _has_cjk(other[0]) else feature)
                if _has_cjk(feature)
                else (other[0] if other else feature, feature)
            )
    if rest:
        groups["other"] = rest
        labels["other"] = ("其他", "Other")
    out: list[dict[str, Any]] = []
    for key, members in groups.items():
        counts = Counter(i.source for i in members)
        label_zh, label_en = FIELDS.get(key) or labels.get(key, (key, key))
        out.append(
            {
                "topic": key,
                "kind": "field" if key in FIELDS else "other" if key == "other" else "keyword",
                "label_zh": label_zh,
                "label_en": label_en,
                "count": len(members),
                "unanswered": counts["unanswered"],
                "rated_down": counts["rated_down"],
                "unmatched_demands": counts["unmatched_demand"],
                "examples": [
                    {k: v for k, v in asdict(i).items() if v not in (None, "")} for i in members[:_EXAMPLES]
                ],
            }
        )
    out.sort(key=lambda g: (g["topic"] == "other", -int(g["count"]), str(g["topic"])))
    return out


def gaps_report(
    conversations: ConversationStore,
    leads: LeadStore | None,
    matcher: Matcher | None,
    catalog: Catalog | None,
    glossary: Glossary,
    limit: int = 500,
    threshold: float = GOOD_MATCH,
) -> dict[str, Any]:
    items = collect_gaps(conversations, leads, matcher, catalog, limit, threshold)
    totals = Counter(i.source for i in items)
    return {
        "good_match_threshold": threshold,
        "totals": {
            "unanswered": totals["unanswered"],
            "rated_down": totals["rated_down"],
            "unmatched_demands": totals["unmatched_demand"],
        },
        "topics": group_gaps(items, glossary),
    }


def gaps_csv(report: dict[str, Any]) -> str:
    """The report's topics as CSV; every text cell is neutralised (bot/security/exports.py): the examples
    and keyword labels are what strangers typed."""
    header = [
        "topic",
        "kind",
        "label_zh",
        "label_en",
        "count",
        "unanswered",
        "rated_down",
        "unmatched_demands",
        "examples",
    ]
    rows = (
        [
            g["topic"],
            g["kind"],
            g["label_zh"],
            g["label_en"],
            g["count"],
            g["unanswered"],
            g["rated_down"],
            g["unmatched_demands"],
            " | ".join(e["text"] for e in g["examples"]),
        ]
        for g in report["topics"]
    )
    return csv_text(header, rows)


def unanswered_csv(rows: list[dict[str, Any]]) -> str:
    """Unanswered questions as CSV, every text cell neutralised (a question may read `=HYPERLINK(...)`)."""
    cols = ["created_at", "lang", "question", "session_id", "message_id"]
    return csv_text(cols, ([r.get(c, "") for c in cols] for r in rows))
