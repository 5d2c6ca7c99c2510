"""`techbridge predock --event ID`: an indexed event's registered demands (its fields, its province) and the
achievements in its fields, matched from the index (Chroma on a temp dir, hashing embedder) as /api/match
ranks them, into the same workbook."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.matchmaking.service import PredockOptions, run_predock_event
from bot.matchmaking.synthetic import write_listings
from bot.services import Services
from retrieval.embedders import HashingEmbedder
from retrieval.errors import NotFoundError
from retrieval.match_vocab import province_of
from retrieval.matching import MatchQuery
from tests.support.config import TODAY, make_settings

EVENTS = """\
- id: event-test-shenyang-energy
  lang: en
  title: Shenyang hydrogen and storage matchmaking
  start_date: '2027-03-10'
  city: Shenyang
  venue: Shenyang International Exhibition Center
  fields: [hydrogen_energy, energy_storage]
  registration: Register by 2027-03-01.
  source: test
- id: event-test-dalian-open
  lang: en
  title: Dalian open matchmaking
  start_date: '2027-04-10'
  city: Dalian
  venue: Dalian hall
  fields: []
  registration: Open.
  source: test
"""


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    root = tmp_path_factory.mktemp("event")
    demands, achievements = write_listings(root / "gen", demands=60, achievements=50, companies=40)
    knowledge = root / "knowledge"
    for kind, path in (("demands", demands), ("achievements", achievements)):
        (knowledge / kind).mkdir(parents=True)
        shutil.copy(path, knowledge / kind / path.name)
    (knowledge / "events").mkdir()
    (knowledge / "events" / "events.yaml").write_text(EVENTS, encoding="utf-8")
    settings = make_settings(root / "data", embedding={"provider": "hashing"})
    svc = Services(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
    report = svc.ingestor.ingest_paths([knowledge])
    assert not report.errors
    return svc


def test_an_events_fields_and_province_make_its_listings(services: Services, tmp_path: Path) -> None:
    out = tmp_path / "event.xlsx"
    run = run_predock_event(services, "event-test-shenyang-energy", PredockOptions(k=3, slots=4), out)
    result = run.result
    assert result.demands and result.achievements
    assert {d.get("field") for d in result.demands} <= {"hydrogen_energy", "energy_storage"}
    assert {province_of(d.get("city")) for d in result.demands} == {province_of("shenyang")}
    assert {a.get("field") for a in result.achievements} <= {"hydrogen_energy", "energy_storage"}
    every = services.catalog.records("achievement")
    assert len(result.achievements) == sum(
        a.get("field") in {"hydrogen_energy", "energy_storage"} for a in every
    )
    assert len(result.demand_to_technology) == 3 * len(result.demands)
    book = load_workbook(out, read_only=True)
    assert {"demand_to_technology", "technology_to_demand", "schedule"} <= set(book.sheetnames)
    assert run.schedule is not None and run.schedule.check() == []


def test_an_event_without_fields_ranks_as_api_match(services: Services, tmp_path: Path) -> None:
    """No fields: every achievement is a candidate, so each demand's list is /api/match's own."""
    run = run_predock_event(services, "event-test-dalian-open", PredockOptions(k=4), tmp_path / "open.xlsx")
    assert len(run.result.achievements) == len(services.catalog.records("achievement"))
    for demand in run.result.demands:
        ours = [
            (r.achievement_id, r.match.score) for r in run.result.demand_to_technology if r.demand == demand
        ]
        api = [(m.record.id, m.score) for m in services.matcher.match(MatchQuery.from_record(demand), k=4)]
        assert ours == api, demand.id


def test_an_unknown_event_is_not_found(services: Services, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        run_predock_event(services, "event-nope", PredockOptions(), tmp_path / "x.xlsx")
