"""The match service behind POST /api/match and the chat's match answers: resolve what to match (free
text or a record id, in either direction), run the matcher, and shape each match for people and APIs."""

from __future__ import annotations

from typing import Any, Literal

from retrieval.catalog import Catalog, RecordView
from retrieval.errors import NotFoundError
from retrieval.matching import Match, Matcher, MatchQuery

from ..conversation.types import Citation

__all__ = ["GOOD_MATCH", "MIN_SHOWN", "Direction", "MatchService", "is_good", "match_item", "runner_up"]

Direction = Literal["demand_to_technology", "technology_to_demand"]

# On a match's evidence (search score plus key terms, `Match.evidence`), calibrated on evals/match and on
# 13 needs the corpus cannot meet (textile recycling, blockchain, drones, pet food...): the right first
# match had evidence >= 0.51 in all 90 eval cases; 10 of the 13 unmeetable needs scored below 0.50.
# Below GOOD_MATCH a need counts as unmet (demand-gap analytics; the chat says so).
GOOD_MATCH = 0.50
MIN_SHOWN = 0.40  # matches with less evidence are not even shown as "closest"
# ... or nearly as much, far ahead of every other: "AI inspection on our cold rolling line" has 0.48 for
# the strip-defect detector and at most 0.27 for anything else. Of the 52 needs of evals/match none is
# decided by it (all have 0.51 or more); of 15 unmeetable needs none is near (the closest: 0.49, 0.13 ahead).
LEAD_MATCH = 0.42
LEAD = 0.18


def is_good(match: Match, runner_up: Match | None = None) -> bool:
    """Enough evidence, or nearly enough and `runner_up` (the next match, if known) far behind."""
    if match.evidence >= GOOD_MATCH:
        return True
    behind = match.evidence - (runner_up.evidence if runner_up is not None else 0.0)
    return runner_up is not None and match.evidence >= LEAD_MATCH and behind >= LEAD


def runner_up(matches: list[Match]) -> Match | None:
    """The match after the first with the most evidence: what the first must be far ahead of (`is_good`)."""
    return max(matches[1:], key=lambda m: m.evidence, default=None)


def match_item(match: Match, n: int, runner_up: Match | None = None) -> dict[str, Any]:
    """A match as the API returns it (`runner_up`: the next best by evidence, for the first: `is_good`).
    Demand contacts are never included."""
    r = match.record
    item: dict[str, Any] = {
        "id": r.id,
        "kind": r.chunk.kind,
        "title": r.chunk.title,
        "lang": r.chunk.lang,
        "field": r.get("field"),
        "city": r.get("city") or None,
    }
    if r.chunk.kind == "achievement":
        item.update(
            institution=r.get("institution"),
            trl=r.get("trl"),
            maturity=r.get("maturity"),
            transfer_modes=list(r.get("transfer_modes") or []),
        )
    else:
        item.update(
            enterprise=r.get("enterprise"),
            required_maturity=r.get("required_maturity"),
            deadline=r.get("deadline"),
        )
    item.update(
        score=match.score,
        evidence=match.evidence,
        good=is_good(match, runner_up),
        reasons=match.reasons,
        citation=Citation.of(n, r.chunk).model_dump(),
    )
    return item


class MatchService:
    def __init__(self, matcher: Matcher, catalog: Catalog) -> None:
        self.matcher = matcher
        self.catalog = catalog

    def record(self, record_id: str, kind: str | None = None) -> RecordView:
        kinds = (kind,) if kind else ("demand", "achievement")
        for k in kinds:
            for r in self.catalog.records(k):
                if r.id == record_id:
                    return r
        raise NotFoundError(f"no {kind or 'demand or achievement'} {record_id!r}")

    def query(
        self,
        text: str | None = None,
        record_id: str | None = None,
        direction: Direction | None = None,
        record_kind: str | None = None,
    ) -> tuple[MatchQuery, Direction]:
        """What to match and which way. A record's kind sets the direction; a direction that contradicts
        it is an error (ValueError), not a silent swap."""
        if record_id:
            record = self.record(record_id, record_kind)
            implied: Direction = (
                "demand_to_technology" if record.chunk.kind == "demand" else "technology_to_demand"
            )
            if direction and direction != implied:
                raise ValueError(f"{record_id} is a {record.chunk.kind}: its direction is {implied}")
            return MatchQuery.from_record(record), implied
        if not text or not text.strip():
            raise ValueError("give a text or a record id to match")
        direction = direction or "demand_to_technology"
        kind = "demand" if direction == "demand_to_technology" else "achievement"
        return MatchQuery.from_text(text.strip(), kind), direction

    def match(
        self,
        text: str | None = None,
        record_id: str | None = None,
        direction: Direction | None = None,
        k: int = 5,
        record_kind: str | None = None,
    ) -> dict[str, Any]:
        query, direction = self.query(text, record_id, direction, record_kind)
        matches = self.matcher.match(query, k=k)
        # the first is good as the chat's first is (matching/chat.py): enough evidence, or far ahead
        second = runner_up(matches)
        return {
            "direction": direction,
            "query": {
                "kind": query.kind,
                "id": query.record_id,
                "lang": query.lang,
                "fields": list(query.fields),
                "cities": list(query.cities),
                "maturity": query.maturity,
                "transfer_modes": list(query.modes),
            },
            "good_match_threshold": GOOD_MATCH,
            "matches": [match_item(m, i, second if i == 1 else None) for i, m in enumerate(matches, start=1)],
        }
