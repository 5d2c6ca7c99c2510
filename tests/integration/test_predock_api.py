"""POST /api/admin/predock through the real app: the admin key, the upload checks, and the workbook."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from bot.app import create_app
from bot.matchmaking.synthetic import write_listings
from retrieval.embedders import HashingEmbedder
from tests.support.config import KNOWLEDGE, TODAY, make_settings

ADMIN = {"Authorization": "Bearer test-admin-key-123"}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(
        tmp_path / "data", admin_api_key="test-admin-key-123", embedding={"provider": "hashing"}
    )
    app = create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
    with TestClient(app) as c:
        yield c


@pytest.fixture
def listings(tmp_path: Path) -> dict[str, tuple[str, bytes, str]]:
    demands, achievements = write_listings(tmp_path / "event", demands=24, achievements=20, companies=16)
    return {
        "demands": ("demands.csv", demands.read_bytes(), "text/csv"),
        "achievements": ("achievements.csv", achievements.read_bytes(), "text/csv"),
    }


def test_predock_needs_the_admin_key(client: TestClient, listings: dict) -> None:
    assert client.post("/api/admin/predock", files=listings).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert client.post("/api/admin/predock", files=listings, headers=wrong).status_code == 403


def test_predock_returns_the_workbook_with_a_schedule(client: TestClient, listings: dict) -> None:
    response = client.post(
        "/api/admin/predock",
        files=listings,
        data={"k": "3", "slots": "4", "max_meetings": "2"},
        headers=ADMIN,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert response.headers["x-predock-demands"] == "24"
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert {"demand_to_technology", "technology_to_demand", "schedule"} <= set(book.sheetnames)
    forward = list(book["demand_to_technology"].iter_rows(values_only=True))
    assert len(forward) == 1 + 24 * 3
    backward = list(book["technology_to_demand"].iter_rows(values_only=True))
    assert len(backward) == 1 + 20 * 3
    schedule = list(book["schedule"].iter_rows(values_only=True))
    header, rows = schedule[0], schedule[1:]
    assert rows and int(response.headers["x-predock-meetings"]) == len(rows)
    slot, ent, inst = header.index("slot"), header.index("enterprise"), header.index("institution")
    assert len({(r[slot], r[ent]) for r in rows}) == len(rows)
    assert len({(r[slot], r[inst]) for r in rows}) == len(rows)
    assert all(1 <= r[slot] <= 4 for r in rows)


def test_predock_refuses_bad_files(client: TestClient, listings: dict) -> None:
    pdf = dict(listings, demands=("demands.pdf", b"%PDF-1.4", "application/pdf"))
    assert client.post("/api/admin/predock", files=pdf, headers=ADMIN).status_code == 415
    empty = dict(listings, achievements=("achievements.csv", b"id,lang,title\n", "text/csv"))
    response = client.post("/api/admin/predock", files=empty, headers=ADMIN)
    assert response.status_code == 422, response.text
    assert "no achievements" in response.text
    bad_k = client.post("/api/admin/predock", files=listings, data={"k": "0"}, headers=ADMIN)
    assert bad_k.status_code == 422


def test_predock_an_indexed_event(client: TestClient) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    services.ingestor.ingest_paths([KNOWLEDGE / "events", KNOWLEDGE / "demands", KNOWLEDGE / "achievements"])
    event = "event-2018-05-28-shenyang-achievement-transformation"  # no fields: every field, Liaoning
    response = client.post("/api/admin/predock", data={"event": event, "k": "2"}, headers=ADMIN)
    assert response.status_code == 200, response.text
    assert int(response.headers["x-predock-demands"]) > 0
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert len(list(book["technology_to_demand"].iter_rows(values_only=True))) > 1
    missing = client.post("/api/admin/predock", data={"event": "event-nope"}, headers=ADMIN)
    assert missing.status_code == 404
    assert client.post("/api/admin/predock", data={}, headers=ADMIN).status_code == 422
