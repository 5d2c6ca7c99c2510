"""The HTTP contract through the real app (TestClient), on the ingested corpus with the real model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from retrieval.embedders import UseEmbedder
from tests.support.config import TODAY, make_settings

ADMIN = {"Authorization": "Bearer test-admin-key-123"}


@pytest.fixture
def data_dir(corpus_dir: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "data"
    shutil.copytree(corpus_dir, target)
    return target


@pytest.fixture
def client(data_dir: Path, use_embedder: UseEmbedder) -> Iterator[TestClient]:
    app = create_app(
        make_settings(data_dir, admin_api_key="test-admin-key-123"),
        embedder=use_embedder,
        clock=lambda: TODAY,
    )
    with TestClient(app) as c:
        yield c


def sse_events(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "", []
        for line in block.splitlines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
        if name:
            events.append((name, json.loads("\n".join(data))))
    return events


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["chunks"] > 100


@pytest.mark.parametrize(
    "q,doc_id",
    [
        ("辽阳菱镁产业推介会", "news-2024-12-04-liaoyang-magnesite-conference"),
        (
            "Shenyang achievement transformation meeting 2018",
            "news-2018-05-28-shenyang-transformation-meeting",
        ),
    ],
)
def test_search_returns_the_seed_article(client: TestClient, q: str, doc_id: str) -> None:
    body = client.get("/api/search", params={"q": q, "kind": "news", "k": 3}).json()
    assert body["hits"][0]["doc_id"] == doc_id and body["hits"][0]["kind"] == "news"


def test_search_rejects_bad_input(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": ""}).status_code == 422
    assert client.get("/api/search", params={"q": "x", "kind": "poem"}).status_code == 422
    assert client.get("/api/search", params={"q": "x", "k": 1000}).status_code == 422


def test_chat_answers_with_citations_and_follow_up(client: TestClient) -> None:
    first = client.post(
        "/api/chat", json={"message": "What matchmaking events are coming up in Liaoyang?"}
    ).json()
    assert first["answered"] and first["mode"] == "extractive" and first["lang"] == "en"
    assert all(c["kind"] == "event" for c in first["citations"])
    assert all(f"[{c['n']}]" in first["answer"] for c in first["citations"])
    follow = client.post(
        "/api/chat", json={"message": "and in Dalian?", "session_id": first["session_id"]}
    ).json()
    assert follow["citations"] and "Dalian" in follow["answer"] and "Liaoyang" not in follow["answer"]


def test_chat_refuses_what_the_knowledge_base_lacks(client: TestClient) -> None:
    body = client.post("/api/chat", json={"message": "Who won the 2026 FIFA World Cup?"}).json()
    assert body["answered"] is False and body["citations"] == []


def test_chat_rejects_oversized_and_malformed(client: TestClient) -> None:
    too_long = client.post("/api/chat", json={"message": "x" * 5000})
    assert too_long.status_code == 413 and "at most 4000 characters" in too_long.json()["detail"]
    assert (
        client.post(
            "/api/chat", content=b"{not json", headers={"content-type": "application/json"}
        ).status_code
        == 422
    )
    assert client.post("/api/chat", json={"message": "hi", "session_id": "../../etc"}).status_code == 422


def test_stream_emits_tokens_then_citations_then_done(client: TestClient) -> None:
    with client.stream(
        "POST",
        "/api/chat/stream",
        json={"message": "How many highly mature, convertible achievements has Liaoning collected?"},
    ) as resp:
        assert resp.headers["content-type"].startswith("text/event-stream")
        events = sse_events(resp.read().decode())
    names = [n for n, _ in events]
    assert names.count("token") > 3 and names[-2:] == ["citations", "done"]
    done = events[-1][1]
    assert "".join(d["text"] for n, d in events if n == "token") == done["answer"]
    assert "4,016" in done["answer"] and done["citations"]


def test_feedback_is_stored_and_survives_a_restart(
    client: TestClient, data_dir: Path, use_embedder: UseEmbedder
) -> None:
    answer = client.post("/api/chat", json={"message": "有多少项氢能成果？"}).json()
    ok = client.post(
        "/api/feedback",
        json={
            "session_id": answer["session_id"],
            "message_id": answer["message_id"],
            "rating": "down",
            "comment": "too long",
        },
    )
    assert ok.status_code == 201
    wrong = client.post(
        "/api/feedback", json={"session_id": "nope", "message_id": answer["message_id"], "rating": "up"}
    )
    assert wrong.status_code == 404
    restarted = create_app(make_settings(data_dir), embedder=use_embedder, clock=lambda: TODAY)
    with TestClient(restarted) as again:
        stored = again.app.state.services.conversations.feedback()  # type: ignore[attr-defined]
        assert [(f.message_id, f.rating, f.comment) for f in stored] == [
            (answer["message_id"], "down", "too long")
        ]


def test_records_endpoints(client: TestClient) -> None:
    events = client.get("/api/events", params={"upcoming": "true", "city": "大连"}).json()["events"]
    assert events and all(e["city"] == "dalian" and e["start_date"] >= TODAY.isoformat() for e in events)
    assert events == sorted(events, key=lambda e: e["start_date"])
    past = client.get("/api/events", params={"upcoming": "false"}).json()["events"]
    assert {
        "event-2024-12-03-liaoyang-magnesite-promotion",
        "event-2018-05-28-shenyang-achievement-transformation",
    } <= {e["id"] for e in past}
    tech = client.get("/api/technologies", params={"field": "氢能", "maturity": "industrial"}).json()["items"]
    assert tech and all(t["field"] == "hydrogen_energy" and t["trl"] >= 7 for t in tech)
    demands = client.get("/api/demands", params={"field": "cnc_machine_tools"}).json()["items"]
    assert demands and all("contact" not in d for d in demands)  # enterprises' contacts stay private


def test_regulations(client: TestClient) -> None:
    regs = client.get("/api/regulations").json()["regulations"]
    law = next(r for r in regs if r["doc_id"] == "reg-cn-law-transformation-zh")
    assert law["level"] == "national" and law["status"] == "in_force" and law["articles"] >= 15
    art = client.get("/api/regulations/reg-cn-law-transformation-zh/articles/45").json()
    assert art["locator"] == "第四十五条" and "50%" in art["text"]
    assert client.get("/api/regulations/reg-cn-law-transformation-zh/articles/999").status_code == 404
    assert client.get("/api/regulations/no-such-law").status_code == 404


def test_admin_routes_need_the_key(client: TestClient) -> None:
    assert client.get("/api/admin/stats").status_code == 401
    assert client.get("/api/admin/stats", headers={"Authorization": "Bearer wrong"}).status_code == 403
    stats = client.get("/api/admin/stats", headers=ADMIN).json()
    assert stats["index"]["records"]["achievement"] >= 40


def test_admin_disabled_without_key(data_dir: Path, use_embedder: UseEmbedder) -> None:
    with TestClient(create_app(make_settings(data_dir), embedder=use_embedder)) as c:
        assert c.get("/api/admin/stats", headers=ADMIN).status_code == 404


def test_unanswered_listed_for_staff(client: TestClient) -> None:
    client.post("/api/chat", json={"message": "What is the best recipe for Peking duck?"})
    questions = client.get("/api/admin/unanswered", headers=ADMIN).json()["questions"]
    assert questions[0]["question"] == "What is the best recipe for Peking duck?"


def test_admin_upload_then_delete(client: TestClient) -> None:
    doc = (
        b"---\nid: policy-pilot-base\ntitle: Pilot base subsidy\nlang: en\n---\n"
        b"Pilot bases get a subsidy of CNY 3 million.\n"
    )
    bad = b"id,lang,title\nbad row,,\n"
    resp = client.post(
        "/api/admin/ingest",
        headers=ADMIN,
        files=[
            ("files", ("pilot.md", doc, "text/markdown")),
            ("files", ("achievements.csv", bad, "text/csv")),
        ],
    )
    body = resp.json()
    assert resp.status_code == 200 and body["documents"] == ["policy-pilot-base"] and body["errors"]
    hits = client.get("/api/search", params={"q": "pilot base subsidy", "k": 1}).json()["hits"]
    assert hits[0]["doc_id"] == "policy-pilot-base"
    assert (
        client.post("/api/admin/ingest", headers=ADMIN, files=[("files", ("x.exe", b"MZ", "x"))]).status_code
        == 415
    )
    assert client.delete("/api/admin/documents/policy-pilot-base", headers=ADMIN).status_code == 200
    hits = client.get("/api/search", params={"q": "pilot base subsidy", "k": 3}).json()["hits"]
    assert all(h["doc_id"] != "policy-pilot-base" for h in hits)
    assert client.delete("/api/admin/documents/policy-pilot-base", headers=ADMIN).status_code == 404


def test_openapi_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/chat" in spec["paths"] and "/v1/chat/completions" in spec["paths"]
    assert client.get("/docs").status_code == 200
