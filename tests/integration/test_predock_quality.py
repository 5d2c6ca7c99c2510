"""Pre-docking ranks as /api/match does: the shipped listings pre-docked as an event (their own index) against
each record matched on the whole ingested corpus by the match service behind /api/match, real model.

The two differ only in what else is indexed: the corpus's news and regulations change the keyword index's
word statistics, so scores move a little; the first choice and the lists should stay the same."""

from __future__ import annotations

from bot.evaluation.matching import load_match_cases
from bot.matchmaking.predock import load_listing, predock
from bot.services import Services
from tests.support.config import KNOWLEDGE, ROOT


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


def test_predock_ranks_the_experts_picks_as_api_match(shared_corpus_services: Services) -> None:
    """The batch evaluation: for every record case of evals/match (both directions), where pre-docking
    places each expert-picked record in its top 5 against where /api/match places it."""
    services = shared_corpus_services
    demands, _ = load_listing(KNOWLEDGE / "demands" / "demands.csv", "demand")
    achievements, _ = load_listing(KNOWLEDGE / "achievements" / "achievements.csv", "achievement")
    result = predock(
        demands, achievements, services.embedder, services.settings.search, services.searcher.glossary, k=5
    )
    ours: dict[str, list[str]] = {}
    for row in result.demand_to_technology:
        ours.setdefault(row.demand_id, []).append(row.achievement_id)
    for row in result.technology_to_demand:
        ours.setdefault(row.achievement_id, []).append(row.demand_id)
    cases = [c for c in load_match_cases(ROOT / "evals" / "match") if c.record_id]
    same = hits_ours = hits_api = total = 0
    for case in cases:
        assert case.record_id is not None
        api = [m["id"] for m in services.match_service.match(record_id=case.record_id, k=5)["matches"]]
        for expected in case.expected:
            total += 1
            rank_ours = ours[case.record_id].index(expected) if expected in ours[case.record_id] else None
            rank_api = api.index(expected) if expected in api else None
            same += rank_ours == rank_api
            hits_ours += rank_ours is not None
            hits_api += rank_api is not None
    print(f"\nexpert picks, {len(cases)} cases: same rank {same}/{total}, top-5 {hits_ours} vs {hits_api}")
    assert len(cases) >= 20
    assert same >= 0.95 * total
    assert hits_ours >= hits_api - 1
