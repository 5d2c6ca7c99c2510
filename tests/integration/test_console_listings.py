"""Listings in the console over real HTTP on the shipped achievements (hashing embedder): tables with
filters, add with validation, edit (the answer changes), archive, CSV export that imports again, an import
with a bad row reported by row, and a hostile title that stays text."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.storage.staff import StaffStore
from retrieval.embedders import HashingEmbedder
from tests.support.config import KNOWLEDGE, TODAY, make_settings

PASSWORD = "correct horse battery"
XSS = '<img src=x onerror="window.__xss=1">'
NEW = {
    "id": "ach-console-salt-spray-coating",
    "lang": "en",
    "title": "Salt-spray graphene coating " + XSS,
    "institution": "Dalian Coating Institute",
    "city": "Dalian",
    "field": "new_materials",
    "summary": "A graphene coating that protects offshore towers from salt spray for 25 years.",
    "trl": "6",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("listings")
    app = create_app(
        make_settings(data, embedding={"provider": "hashing"}),
        embedder=HashingEmbedder(),
        clock=lambda: TODAY,
    )
    services = app.state.services
    assert not services.ingestor.ingest_paths([KNOWLEDGE / "achievements"]).errors
    users = StaffStore(services.database)
    users.add("eve", "editor", PASSWORD)
    users.add("vic", "viewer", PASSWORD)
    with TestClient(app) as c:
        yield c


def sign_in(c: TestClient, name: str) -> str:
    c.cookies.clear()
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/console/login").text).group(1)  # type: ignore[union-attr]
    r = c.post("/console/login", data={"username": name, "password": PASSWORD, "csrf": token})
    return re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)  # type: ignore[union-attr]


def test_tables_filter_and_viewers_only_read(client: TestClient) -> None:
    token = sign_in(client, "vic")
    page = client.get("/console/listings/achievement").text
    assert (
        "ach-high-purity-fused-magnesia" in page and 'action="/console/listings/achievement/save"' not in page
    )
    filtered = client.get("/console/listings/achievement", params={"field": "hydrogen_energy"}).text
    assert "ach-high-purity-fused-magnesia" not in filtered
    found = client.get("/console/listings/achievement", params={"q": "fused magnesia"}).text
    assert "ach-high-purity-fused-magnesia" in found
    assert client.post("/console/listings/achievement/save", data={"csrf": token, **NEW}).status_code == 403
    assert client.get("/console/listings/nonsense").status_code == 404


def test_add_validates_then_edit_changes_the_answer_then_archive(client: TestClient) -> None:
    token = sign_in(client, "eve")
    bad = client.post("/console/listings/achievement/save", data={"csrf": token, **NEW, "trl": "12"})
    assert bad.status_code == 422 and "trl" in bad.text and "Dalian Coating Institute" in bad.text  # kept
    r = client.post("/console/listings/achievement/save", data={"csrf": token, **NEW})
    assert r.status_code == 200 and NEW["id"] in r.text
    assert "<img src=x" not in r.text and "&lt;img src=x" in r.text
    items = client.get("/api/technologies", params={"q": "salt spray graphene coating"}).json()["items"]
    assert items[0]["id"] == NEW["id"] and items[0]["trl"] == 6
    r = client.post(
        "/console/listings/achievement/save",
        data={"csrf": token, **NEW, "institution": "Shenyang Anticorrosion Lab", "trl": "8"},
    )
    assert r.status_code == 200
    answer = client.post(
        "/api/chat", json={"message": "Who developed the salt-spray graphene coating?"}
    ).json()
    assert (
        "Shenyang Anticorrosion Lab" in answer["answer"]
        and "Dalian Coating Institute" not in answer["answer"]
    )
    edit = client.get(f"/console/listings/achievement/edit/{NEW['id']}").text
    assert "Shenyang Anticorrosion Lab" in edit
    r = client.post("/console/listings/achievement/archive", data={"csrf": token, "record_id": NEW["id"]})
    assert r.status_code == 200
    items = client.get("/api/technologies", params={"q": "salt spray graphene coating"}).json()["items"]
    assert all(i["id"] != NEW["id"] for i in items)


def test_export_imports_again_and_a_bad_row_is_reported(client: TestClient) -> None:
    token = sign_in(client, "eve")
    exported = client.get("/console/listings/achievement/export.csv")
    assert exported.status_code == 200 and exported.text.startswith("kind,id,lang,title")
    header = exported.text.splitlines()[0]
    good = (
        "achievement,ach-console-import-ok,en,Imported robot gripper,Shenyang Robotics,Shenyang,"
        "industrial_robots,A soft gripper for robots,5,,,,,,,"
    )
    bad = "achievement,ach-console-import-bad,en,Broken row,Somewhere,Shenyang,not_a_field,Nothing,3,,,,,,,"
    body = "\n".join([header, good, bad]) + "\n"
    r = client.post(
        "/console/listings/achievement/import",
        data={"csrf": token},
        files=[("files", ("more.csv", body.encode(), "text/csv"))],
    )
    assert r.status_code == 200
    assert re.search(r"row 3.*not_a_field|not_a_field.*row 3", r.text, re.S), r.text[-1500:]
    ids = [
        i["id"] for i in client.get("/api/technologies", params={"q": "soft gripper robots"}).json()["items"]
    ]
    assert "ach-console-import-ok" in ids and "ach-console-import-bad" not in ids


def test_edits_and_archives_survive_a_reingest_of_the_shipped_files(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """`techbridge ingest` re-reads the shipped CSV over an edit; the next start of the server applies the
    staff's edit (and archive) again."""
    data = tmp_path_factory.mktemp("reapply")
    settings = make_settings(data, embedding={"provider": "hashing"})

    def app() -> TestClient:
        return TestClient(create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY))

    with app() as c:
        services = c.app.state.services  # type: ignore[attr-defined]
        assert not services.ingestor.ingest_paths([KNOWLEDGE / "achievements"]).errors
        StaffStore(services.database).add("eve", "editor", PASSWORD)
        token = sign_in(c, "eve")
        form = c.get("/console/listings/achievement/edit/ach-high-purity-fused-magnesia").text
        values = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', form))
        values.update(institution="Anshan Magnesia Research Centre", csrf=token)
        values["summary"] = "Fused magnesia from an improved arc furnace."
        assert c.post("/console/listings/achievement/save", data=values).status_code == 200
        archived = "ach-magnesite-tailings-utilization"
        assert (
            c.post(
                "/console/listings/achievement/archive", data={"csrf": token, "record_id": archived}
            ).status_code
            == 200
        )
        services.ingestor.ingest_paths([KNOWLEDGE / "achievements"])  # what `techbridge ingest` does
        assert archived in services.store.stored_docs()
    with app() as c:  # the server starts again
        items = c.get("/api/technologies", params={"q": "fused magnesia arc furnace"}).json()["items"]
        edited = next(i for i in items if i["id"] == "ach-high-purity-fused-magnesia")
        assert edited["institution"] == "Anshan Magnesia Research Centre"
        assert archived not in c.app.state.services.store.stored_docs()  # type: ignore[attr-defined]
