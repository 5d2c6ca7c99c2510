"""Pre-docking ranks as /api/match does: the shipped listings pre-docked as an event (their own index) against
each record matched on the whole ingested corpus by the match service behind /api/match, real model.

The two differ only in what else is indexed: the corpus's news and regulations change the keyword index's
word statistics, so scores move a little; the first choice and the lists should stay the same."""

from __future__ import annotations

from bot.matchmaking.predock import load_listing, predock
from bot.services import Services
from tests.support.config import KNOWLEDGE


def test_predock_agrees_with_api_match(shared_corpus_services: Services) -> None:
    services = shared_corpus_services
    demands, errors = load_listing(KNOWLEDGE / "demands" / "demands.csv", "demand")
    achievements, more = load_listing(KNOWLEDGE / "achievements" / "achievements.csv", "achievement")
    assert not errors and not more
    result = predock(
        demands, achievements, services.embedder, services.settings.search, services.searcher.glossary, k=5
    )
    ours: dict[str, list[str]] = {}
    for row in result.demand_to_technology:
        ours.setdefault(row.demand_id, []).append(row.achievement_id)
    for row in result.technology_to_demand:
        ours.setdefault(row.achievement_id, []).append(row.demand_id)
    first = overlap = 0
    for record_id, picked in ours.items():
        api = [m["id"] for m in services.match_service.match(record_id=record_id, k=5)["matches"]]
        first += picked[0] == api[0]
        overlap += len(set(picked) & set(api))
    n = len(ours)
    print(f"\npre-docking vs /api/match, {n} records: first {first}/{n}, top-5 overlap {overlap}/{5 * n}")
    assert n == len(demands) + len(achievements)
    assert first >= 0.95 * n  # 87 of 87 when written
    assert overlap >= 0.95 * 5 * n  # 431 of 435 when written
