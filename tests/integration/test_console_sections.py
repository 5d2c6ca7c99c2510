"""The console's other sections over real HTTP on the shipped regulations (hashing embedder): curated
answers the chat then uses, regulation articles marked by editors, gaps, settings with secrets masked and
the audit log (admins only)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.storage.conversations import Message
from bot.storage.staff import AuditLog, StaffStore
from retrieval.embedders import HashingEmbedder
from tests.support.config import KNOWLEDGE, TODAY, make_settings

PASSWORD = "correct horse battery"
ADMIN_KEY = "a-real-admin-key-0123456789"
LLM_URL = "http://llm-user:llm-pass-0123456789@llm.internal:8080/v1"
XSS = "<script>window.__xss=1</script>"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("console")
    settings = make_settings(
        data, embedding={"provider": "hashing"}, admin_api_key=ADMIN_KEY, llm={"base_url": LLM_URL}
    )
    app = create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
    services = app.state.services
    report = services.ingestor.ingest_paths([KNOWLEDGE / "regulations"])
    assert not report.errors
    users = StaffStore(services.database)
    for name, role in [("ann", "admin"), ("eve", "editor"), ("vic", "viewer")]:
        users.add(name, role, PASSWORD)
    with TestClient(app) as c:
        yield c


def sign_in(c: TestClient, name: str) -> str:
    c.cookies.clear()
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/console/login").text).group(1)  # type: ignore[union-attr]
    r = c.post("/console/login", data={"username": name, "password": PASSWORD, "csrf": token})
    assert r.url.path == "/console/overview"
    return re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)  # type: ignore[union-attr]


def first_regulation(c: TestClient) -> str:
    ids = re.findall(r'href="/console/regulations/(reg-[a-z0-9-]+-en)"', c.get("/console/regulations").text)
    assert ids
    return ids[0]


def test_curated_answer_from_a_missed_question_is_used_by_the_chat(client: TestClient) -> None:
    services = client.app.state.services
    question = "How many working days does the Shenyang office take to register a patent licence?"
    sid = services.conversations.ensure_session(None, "web")
    asked = services.conversations.add_message(
        Message(id="q1", session_id=sid, role="user", content=question)
    )
    services.conversations.add_message(
        Message(id="a1", session_id=sid, role="assistant", content="I could not find that.", answered=False)
    )
    token = sign_in(client, "eve")
    form = client.get("/console/curated/new", params={"message_id": asked.id}).text
    assert question in form and 'name="source" value="a1"' in form  # prefilled from the log
    assert 'list="suggested-ids"' in form and "<code>reg-" in form  # candidate sources from search
    doc = first_regulation(client)
    r = client.post(
        "/console/curated/new".replace("new", "save"),
        data={
            "csrf": token,
            "question": question,
            "answer": "Fifteen working days. " + XSS,
            "doc_ids": doc,
            "source": "a1",
        },
    )
    assert r.status_code == 200 and "&lt;script&gt;" in r.text and "<script>window" not in r.text
    bad = client.post(
        "/console/curated/save",
        data={"csrf": token, "question": "q", "answer": "a", "doc_ids": "no-such-doc"},
    )
    assert bad.status_code == 422
    chat = client.post("/api/chat", json={"message": question}).json()
    assert chat["answer"].startswith("Fifteen working days.")
    assert [c["doc_id"] for c in chat["citations"]] == [doc]
    (saved,) = [a for a in services.curated.list() if a.question == question]
    assert saved.author == "eve" and saved.source_message_id == "a1"
    client.post("/console/curated/archive", data={"csrf": token, "answer_id": saved.id})
    assert not services.curated.get(saved.id).active  # type: ignore[union-attr]
    assert not client.post("/api/chat", json={"message": question}).json()["answer"].startswith("Fifteen")


def test_editor_marks_an_article_repealed_and_answers_say_so(client: TestClient) -> None:
    token = sign_in(client, "eve")
    doc = first_regulation(client)
    page = client.get(f"/console/regulations/{doc}").text
    article = re.findall(r'name="article" value="(\d+)"', page)[0]
    r = client.post(
        "/console/regulations/mark",
        data={
            "csrf": token,
            "doc_id": doc,
            "article": article,
            "status": "repealed",
            "note": "replaced in 2026",
        },
    )
    assert r.status_code == 200 and "replaced in 2026" in r.text
    mark = client.app.state.services.regulation_status.get(doc, article)
    assert mark is not None and mark.status == "repealed" and mark.author == "eve"
    sign_in(client, "vic")
    assert 'action="/console/regulations/mark"' not in client.get(f"/console/regulations/{doc}").text
    token = sign_in(client, "vic")
    refused = client.post(
        "/console/regulations/mark",
        data={"csrf": token, "doc_id": doc, "article": article, "status": "in_force"},
    )
    assert refused.status_code == 403


def test_gaps_page_chart_and_csv(client: TestClient) -> None:
    services = client.app.state.services
    sid = services.conversations.ensure_session(None, "web")
    services.conversations.add_message(
        Message(id="g1", session_id=sid, role="user", content="quantum sensor suppliers?")
    )
    services.conversations.add_message(
        Message(id="g2", session_id=sid, role="assistant", content="Nothing found.", answered=False)
    )
    sign_in(client, "vic")
    page = client.get("/console/gaps")
    assert page.status_code == 200 and "quantum sensor suppliers?" in page.text
    assert client.get("/console/gaps/chart.svg").headers["content-type"].startswith("image/svg+xml")
    csv = client.get("/console/gaps/gaps.csv")
    assert csv.status_code == 200 and "quantum sensor suppliers?" in csv.text


def test_settings_mask_secrets_and_only_admins_see_settings_and_audit(client: TestClient) -> None:
    sign_in(client, "vic")
    assert client.get("/console/settings").status_code == 403
    assert client.get("/console/audit").status_code == 403
    sign_in(client, "ann")
    page = client.get("/console/settings")
    assert page.status_code == 200 and ADMIN_KEY not in page.text and "********" in page.text
    assert "llm-pass-0123456789" not in page.text and "llm-user:********@llm.internal:8080" in page.text
    assert "hashing" in page.text.lower() and "wecom" in page.text
    audit = client.get("/console/audit").text
    assert "sign_in" in audit and "ann" in audit


def test_admins_manage_accounts_in_the_console(client: TestClient) -> None:
    users = StaffStore(client.app.state.services.database)
    token = sign_in(client, "vic")
    form = {"csrf": token, "username": "newbie", "role": "broker", "password": "a long password"}
    assert client.post("/console/users/add", data=form).status_code == 403
    token = sign_in(client, "ann")
    form["csrf"] = token
    assert client.post("/console/users/add", data=form).status_code == 200
    assert users.get("newbie").role == "broker"  # type: ignore[union-attr]
    assert (
        client.post("/console/users/add", data={**form, "username": "other", "password": "short"}).status_code
        == 422
    )
    assert (
        client.post(
            "/console/users/role", data={"csrf": token, "username": "newbie", "role": "editor"}
        ).status_code
        == 200
    )
    assert users.get("newbie").role == "editor"  # type: ignore[union-attr]
    client.post(
        "/console/users/password", data={"csrf": token, "username": "newbie", "password": "another long one"}
    )
    assert users.authenticate("newbie", "another long one") is not None
    assert client.post("/console/users/remove", data={"csrf": token, "username": "ann"}).status_code == 409
    assert (
        client.post(
            "/console/users/role", data={"csrf": token, "username": "ann", "role": "viewer"}
        ).status_code
        == 409
    )
    assert client.post("/console/users/remove", data={"csrf": token, "username": "newbie"}).status_code == 200
    assert users.get("newbie") is None
    actions = [e.action for e in AuditLog(client.app.state.services.database).list(actor="ann")]
    assert {"add_user", "set_role", "set_password", "remove_user"} <= set(actions)
