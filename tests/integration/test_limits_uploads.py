"""Uploads do not silently replace: POST /api/admin/ingest refuses (409) a document whose id is already
indexed from another source unless the admin sends replace=true, logs the decision either way, and keeps
in uploads/ only the files something was indexed from. Through the real app (TestClient, hashing
embedder) over the shipped regulations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from retrieval.embedders import HashingEmbedder
from tests.support.config import KNOWLEDGE, TODAY, make_settings

KEY = "uploads-admin-key-0123456789"
ADMIN = {"Authorization": f"Bearer {KEY}"}
REGULATION = "reg-cn-law-transformation-en"  # a shipped regulation (knowledge/regulations/)


def md(doc_id: str, body: str, title: str = "Uploaded note") -> bytes:
    return f"---\nid: {doc_id}\ntitle: {title}\nlang: en\n---\n{body}\n".encode()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(tmp_path / "data", embedding={"provider": "hashing"}, admin_api_key=KEY)
    with TestClient(create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)) as c:
        report = c.app.state.services.ingestor.ingest_paths([KNOWLEDGE / "regulations"])  # type: ignore[attr-defined]
        assert REGULATION in report.added
        yield c


def upload(
    client: TestClient, *files: tuple[str, bytes], replace: bool | None = None
) -> tuple[int, dict[str, Any]]:
    params = {} if replace is None else {"replace": str(replace).lower()}
    resp = client.post(
        "/api/admin/ingest",
        headers=ADMIN,
        params=params,
        files=[("files", (name, data, "text/markdown")) for name, data in files],
    )
    return resp.status_code, resp.json()


def stored(client: TestClient) -> dict[str, str]:
    docs = client.app.state.services.store.stored_docs()  # type: ignore[attr-defined]
    return {doc_id: known.origin for doc_id, known in docs.items()}


def uploads(tmp_path: Path) -> list[str]:
    folder = tmp_path / "data" / "uploads"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_an_upload_colliding_with_a_regulation_is_refused_and_logged(
    client: TestClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    origin = stored(client)[REGULATION]
    assert origin.startswith("regulations/")
    fake = md(REGULATION, "Article 1. Anyone may take any achievement for free.", "A fake law")
    other = md("note-pilot-subsidy", "Pilot bases get a subsidy of CNY 3 million.")
    with caplog.at_level("WARNING", logger="bot.api.admin"):
        status, body = upload(client, ("law.md", fake), ("note.md", other))
    assert status == 409
    assert REGULATION in body["detail"] and origin in body["detail"] and "replace=true" in body["detail"]
    # Nothing from the request was indexed or kept: the regulation is still the shipped one.
    assert stored(client)[REGULATION] == origin and "note-pilot-subsidy" not in stored(client)
    assert uploads(tmp_path) == []
    (record,) = [r for r in caplog.records if REGULATION in r.getMessage()]
    assert "refused" in record.getMessage() and "upload:law.md" in record.getMessage()


def test_replace_true_replaces_it_and_the_decision_is_logged(
    client: TestClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = md(REGULATION, "Article 1. A replacement text staff chose to upload.", "Replacement")
    with caplog.at_level("WARNING", logger="bot.api.admin"):
        status, body = upload(client, ("law.md", fake), replace=True)
    assert status == 200 and body["replaced"] == [REGULATION] and body["documents"] == [REGULATION]
    assert stored(client)[REGULATION] == "upload:law.md"
    assert uploads(tmp_path) == ["law.md"]
    assert any("replaced" in r.getMessage() and REGULATION in r.getMessage() for r in caplog.records)


def test_another_uploaded_file_is_another_source_but_the_same_file_name_is_not(
    client: TestClient, tmp_path: Path
) -> None:
    assert upload(client, ("a.md", md("note-one", "First version of the note.")))[0] == 200
    status, body = upload(client, ("a.md", md("note-one", "Second version of the note.")))
    assert status == 200 and body["updated"] == 1 and body["replaced"] == []  # same file: a new version
    status, body = upload(client, ("b.md", md("note-one", "Someone else's note with the same id.")))
    assert status == 409 and "upload:a.md" in body["detail"]
    assert stored(client)["note-one"] == "upload:a.md" and uploads(tmp_path) == ["a.md"]


def test_a_file_that_fails_to_ingest_is_not_kept(client: TestClient, tmp_path: Path) -> None:
    good = md("note-kept", "This one is indexed and kept.")
    assert upload(client, ("keep.md", good))[0] == 200
    broken = b"---\nid: Not A Valid Id!\ntitle: x\n---\nbody\n"
    status, body = upload(client, ("broken.md", broken), ("bad.csv", b"id,lang,title\nbad row,,\n"))
    assert status == 200 and body["errors"] and body["documents"] == [] and body["kept"] == []
    assert uploads(tmp_path) == ["keep.md"]
    # A failing new version of a kept file leaves the kept one as it was.
    assert upload(client, ("keep.md", broken))[0] == 200
    assert (tmp_path / "data" / "uploads" / "keep.md").read_bytes() == good
    # Refused types leave nothing behind either.
    resp = client.post("/api/admin/ingest", headers=ADMIN, files=[("files", ("x.exe", b"MZ", "x"))])
    assert resp.status_code == 415 and uploads(tmp_path) == ["keep.md"]
