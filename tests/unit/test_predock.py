"""Pre-docking and schedules on honest doubles: the hashing embedder (shared words = closer vectors) over
generated listings, and the schedule's rules checked on a generated event."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.matchmaking.predock import load_listing, predock
from bot.matchmaking.schedule import Candidate, choose_meetings, make_schedule, place_meetings
from bot.matchmaking.service import PredockOptions, candidates, run_predock
from bot.matchmaking.synthetic import write_listings
from bot.services import Services
from retrieval.catalog import Catalog
from retrieval.chunking import Chunker
from retrieval.config import SearchSettings
from retrieval.embedders import HashingEmbedder
from retrieval.ingest import Ingestor
from retrieval.matching import Matcher, MatchQuery
from retrieval.search import HybridSearcher
from retrieval.stores.memory import InMemoryStore
from tests.support.config import TODAY, make_settings


def _event(seed: int, demands: int, achievements: int, k: int = 5) -> list[Candidate]:
    """Pairs as pre-docking makes them: each demand's k choices, some mutual; parties shared by several
    records (companies with several demands, institutions with ten achievements)."""
    rng = random.Random(seed)
    out = []
    for d in range(demands):
        for a in rng.sample(range(achievements), k):
            out.append(
                Candidate(
                    f"d{d}",
                    f"a{a}",
                    f"e{d % (demands * 2 // 3)}",
                    f"i{a // 10}",
                    rng.random() * 1.5,
                    rng.random() < 0.3,
                )
            )
    return out


@pytest.mark.parametrize(("slots", "max_meetings", "tables"), [(6, 4, None), (4, 6, None), (8, 3, 40)])
def test_schedule_keeps_every_rule(slots: int, max_meetings: int, tables: int | None) -> None:
    pairs = _event(7, demands=300, achievements=280)
    schedule = make_schedule(pairs, slots=slots, max_meetings=max_meetings, tables=tables, time_limit_s=5)
    assert schedule.meetings
    assert schedule.check() == []
    cap = min(slots, max_meetings)
    per_party: dict[str, int] = {}
    seen_slot: set[tuple[int, str]] = set()
    for m in schedule.meetings:
        assert 1 <= m.slot <= slots
        assert tables is None or 1 <= m.table <= tables
        for party in (f"e:{m.pair.enterprise}", f"i:{m.pair.institution}"):
            assert (m.slot, party) not in seen_slot, f"{party} twice in slot {m.slot}"
            seen_slot.add((m.slot, party))
            per_party[party] = per_party.get(party, 0) + 1
    assert max(per_party.values()) <= cap
    if tables is None:  # Konig: every chosen meeting fits when no party has more than `slots`
        assert schedule.unscheduled == []
    pairs_met = [(m.pair.demand_id, m.pair.achievement_id) for m in schedule.meetings]
    assert len(pairs_met) == len(set(pairs_met))


def test_mutual_choices_are_chosen_first() -> None:
    one_sided = Candidate("d1", "a1", "E", "I", 1.4, mutual=False)
    mutual = Candidate("d2", "a2", "E", "J", 0.6, mutual=True)
    other = Candidate("d3", "a3", "F", "I", 0.9, mutual=False)
    chosen = choose_meetings([one_sided, mutual, other], max_meetings=1, slots=4)
    # E can meet once: its mutual pair wins over a better-scored one-sided one; I is then free for F.
    assert [(c.demand_id, c.achievement_id) for c in chosen] == [("d2", "a2"), ("d3", "a3")]


def test_too_few_tables_leaves_meetings_unscheduled_not_lost() -> None:
    pairs = [Candidate(f"d{i}", f"a{i}", f"E{i}", f"I{i}", 1.0) for i in range(5)]
    schedule = place_meetings(pairs, slots=2, tables=2, time_limit_s=5)
    assert len(schedule.meetings) == 4 and len(schedule.unscheduled) == 1
    assert schedule.check() == []


def test_load_listing_reads_any_folder_and_names_bad_rows(tmp_path: Path) -> None:
    demands, _ = write_listings(tmp_path, demands=6, achievements=5, companies=4)
    docs, errors = load_listing(demands, "demand")
    assert len(docs) == 6 and not errors
    bad = tmp_path / "bad.csv"
    text = demands.read_text(encoding="utf-8").splitlines()
    bad.write_text(
        "\n".join(
            [
                text[0],
                text[1]
                .replace("pilot", "someday")
                .replace("industrial", "someday")
                .replace(",lab,", ",someday,"),
                text[2],
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    docs, errors = load_listing(bad, "demand")
    assert len(docs) == 1 and len(errors) == 1 and "row 2" in str(errors[0])
    docs, errors = load_listing(tmp_path / "x.pdf", "demand")
    assert not docs and "csv or .xlsx" in str(errors[0])


def test_predock_ranks_both_ways_with_the_matchers_reasons(tmp_path: Path) -> None:
    dpath, apath = write_listings(tmp_path, demands=40, achievements=36, companies=30)
    demands, _ = load_listing(dpath, "demand")
    achievements, _ = load_listing(apath, "achievement")
    result = predock(demands, achievements, HashingEmbedder(), SearchSettings(), k=3)
    assert len(result.demand_to_technology) == 40 * 3
    assert len(result.technology_to_demand) == 36 * 3
    for row in result.demand_to_technology + result.technology_to_demand:
        assert row.demand.chunk.kind == "demand" and row.achievement.chunk.kind == "achievement"
        reasons = row.match.reasons
        assert set(reasons) >= {"terms", "field", "maturity", "region", "contributions"}
        same_field = row.demand.get("field") == row.achievement.get("field")
        assert (reasons["field"]["fit"] == "same") == same_field
        assert row.match.score == pytest.approx(sum(reasons["contributions"].values()), abs=1e-3)
    first = [r for r in result.demand_to_technology if r.rank == 1]
    # The generated records name their field's topic and a process word shared across fields. The hashing
    # embedder knows no translation; where an achievement of the demand's field and language exists, the
    # best match is of that field far more often than chance (1 in 14 fields): 18 of 33 on this seed.
    offered = {(a.meta["field"], a.lang) for a in achievements}
    meetable = [r for r in first if (r.demand.get("field"), r.demand.chunk.lang) in offered]
    same = sum(r.demand.get("field") == r.achievement.get("field") for r in meetable)
    assert len(meetable) >= 10 and same >= 0.4 * len(meetable), (same, len(meetable))
    scores = [r.match.score for r in result.demand_to_technology if r.demand_id == first[0].demand_id]
    assert scores == sorted(scores, reverse=True)
    mutual = {(r.demand_id, r.achievement_id) for r in result.technology_to_demand if r.mutual}
    assert mutual == {(r.demand_id, r.achievement_id) for r in result.demand_to_technology if r.mutual}


def test_run_predock_writes_the_workbook(tmp_path: Path) -> None:
    services = Services(
        make_settings(tmp_path / "data", embedding={"provider": "hashing"}),
        embedder=HashingEmbedder(),
        clock=lambda: TODAY,
    )
    dpath, apath = write_listings(tmp_path, demands=30, achievements=25, companies=20)
    out = tmp_path / "event.xlsx"
    run = run_predock(services, dpath, apath, PredockOptions(k=4, slots=5, max_meetings=3), out)
    assert run.schedule is not None and run.schedule.check() == []
    assert len(candidates(run.result)) == (30 + 25) * 4
    book = load_workbook(out, read_only=True)
    assert book.sheetnames[:3] == ["demand_to_technology", "technology_to_demand", "schedule"]
    rows = list(book["demand_to_technology"].iter_rows(values_only=True))
    header = rows[0]
    for column in ("demand_id", "enterprise", "achievement_id", "institution", "rank", "score", "reasons"):
        assert column in header
    assert len(rows) == 1 + 30 * 4
    assert all(row[header.index("reasons")] for row in rows[1:])
    schedule = list(book["schedule"].iter_rows(values_only=True))
    assert schedule[0][:7] == (
        "slot",
        "table",
        "demand_id",
        "enterprise",
        "achievement_id",
        "institution",
        "score",
    )
    assert len(schedule) - 1 == len(run.schedule.meetings)


def test_matrix_blocks_give_the_matchers_own_ranking(tmp_path: Path) -> None:
    """Pre-docking's matrix blocks (pairs.py) are an optimisation, not another matcher: every list equals
    what the Matcher gives over the whole catalog (as /api/match runs it) on the same index, scores and
    order. 160 achievements: more than the 40 that a too-short window would see."""
    dpath, apath = write_listings(tmp_path, demands=30, achievements=160, companies=25, seed=3)
    demands, _ = load_listing(dpath, "demand")
    achievements, _ = load_listing(apath, "achievement")
    result = predock(demands, achievements, HashingEmbedder(), SearchSettings(), k=5)

    store = InMemoryStore()
    Ingestor(store, HashingEmbedder(), Chunker()).ingest_documents([*demands, *achievements])
    searcher = HybridSearcher(store, HashingEmbedder(), SearchSettings())
    catalog = Catalog(store, searcher)
    matcher = Matcher(searcher, catalog)
    for record in catalog.records("demand"):
        plain = [(m.record.id, m.score) for m in matcher.match(MatchQuery.from_record(record), k=5)]
        ours = [
            (r.achievement_id, r.match.score) for r in result.demand_to_technology if r.demand_id == record.id
        ]
        assert ours == plain, record.id
    for record in catalog.records("achievement")[:40]:
        plain = [(m.record.id, m.score) for m in matcher.match(MatchQuery.from_record(record), k=5)]
        ours = [
            (r.demand_id, r.match.score) for r in result.technology_to_demand if r.achievement_id == record.id
        ]
        assert ours == plain, record.id
