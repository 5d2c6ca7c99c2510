"""The staff console over real HTTP (the app's TestClient) on a fresh index with the hashing embedder:
sign-in, roles, CSRF, the pages, upload to search, leads, conversations, the audit log, and XSS payloads
in a document title, a question and a lead that stay text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.matching.leads import Lead
from bot.storage.conversations import Message
from bot.storage.staff import AuditLog, StaffStore
from retrieval.embedders import HashingEmbedder
from tests.support.config import TODAY, make_settings

PASSWORD = "correct horse battery"
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
NOTE = (
    b"---\nid: console-note\ntitle: Widget note " + XSS.encode() + b"\nlang: en\n---\n"
    b"Quantum widgets are assembled in Shenyang by the Liaoning widget works.\n"
)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(tmp_path, embedding={"provider": "hashing"})
    app = create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
    users = StaffStore(app.state.services.database)
    for name, role in [("ann", "admin"), ("eve", "editor"), ("bob", "broker"), ("vic", "viewer")]:
        users.add(name, role, PASSWORD)
    with TestClient(app) as c:
        yield c


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no csrf field"
    return found.group(1)


def sign_in(c: TestClient, name: str, password: str = PASSWORD) -> str:
    """Signs in; returns the session's CSRF token."""
    token = csrf_of(c.get("/console/login").text)
    r = c.post("/console/login", data={"username": name, "password": password, "csrf": token})
    assert r.status_code == 200 and r.url.path == "/console/overview", r.text[:300]
    return csrf_of(r.text)


def test_signed_out_is_sent_to_sign_in_everywhere(client: TestClient) -> None:
    for path in [
        "/console/",
        "/console/overview",
        "/console/knowledge",
        "/console/leads",
        "/console/conversations",
        "/console/charts/daily.svg",
        "/console/conversations/export.csv",
    ]:
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/console/login", path
    r = client.post("/console/knowledge/delete", data={"doc_id": "x", "csrf": "x"}, follow_redirects=False)
    assert r.status_code == 303


def test_sign_in_cookie_and_headers_then_sign_out(client: TestClient) -> None:
    token = csrf_of(client.get("/console/login").text)
    r = client.post(
        "/console/login",
        data={"username": "ann", "password": PASSWORD, "csrf": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert (
        "tb_console=" in cookie
        and "httponly" in cookie
        and "samesite=lax" in cookie
        and "max-age=28800" in cookie
    )
    assert "secure" not in cookie  # plain HTTP here; over HTTPS it is Secure (test below)
    page = client.get("/console/overview")
    assert page.status_code == 200 and "ann" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    client.post("/console/logout", data={"csrf": csrf_of(page.text)})
    assert client.get("/console/overview", follow_redirects=False).status_code == 303


def test_cookie_is_secure_over_https(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, embedding={"provider": "hashing"}), embedder=HashingEmbedder())
    StaffStore(app.state.services.database).add("ann", "admin", PASSWORD)
    with TestClient(app, base_url="https://testserver") as c:
        token = csrf_of(c.get("/console/login").text)
        r = c.post(
            "/console/login",
            data={"username": "ann", "password": PASSWORD, "csrf": token},
            follow_redirects=False,
        )
        assert "secure" in r.headers["set-cookie"].lower()


def test_wrong_password_and_unknown_user_are_refused_and_rate_limited(client: TestClient) -> None:
    token = csrf_of(client.get("/console/login").text)
    r = client.post("/console/login", data={"username": "ann", "password": "wrong password", "csrf": token})
    assert r.status_code == 401 and "tb_console=" not in r.headers.get("set-cookie", "")
    r = client.post("/console/login", data={"username": "zed", "password": PASSWORD, "csrf": token})
    assert r.status_code == 401
    statuses = [
        client.post(
            "/console/login", data={"username": "ann", "password": "guess", "csrf": token}
        ).status_code
        for _ in range(10)
    ]
    assert statuses[-1] == 429
    # Even the right password is refused while over the limit.
    r = client.post("/console/login", data={"username": "ann", "password": PASSWORD, "csrf": token})
    assert r.status_code == 429


def test_sign_in_without_its_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/console/login")
    r = client.post("/console/login", data={"username": "ann", "password": PASSWORD, "csrf": "forged"})
    assert r.status_code == 403 and "tb_console=" not in r.headers.get("set-cookie", "")


def test_posts_without_the_sessions_token_are_refused(client: TestClient) -> None:
    sign_in(client, "ann")
    for path, data in [
        ("/console/knowledge/delete", {"doc_id": "console-note"}),
        ("/console/leads/reject", {"lead_id": "L1"}),
        ("/console/logout", {}),
    ]:
        assert client.post(path, data=data).status_code == 403, path
        assert client.post(path, data={**data, "csrf": "not-the-token"}).status_code == 403, path
    assert client.get("/console/overview").status_code == 200  # still signed in: logout was refused


def test_upload_then_search_finds_it_and_the_title_stays_text(client: TestClient) -> None:
    token = sign_in(client, "eve")
    r = client.post(
        "/console/knowledge/upload",
        data={"csrf": token},
        files=[
            ("files", ("note.md", NOTE, "text/markdown")),
            ("files", ("tool.exe", b"MZ", "application/x-msdos")),
        ],
    )
    assert r.status_code == 200
    assert "tool.exe: unsupported type" in r.text  # that file's own error; the other was indexed
    hits = client.get("/api/search", params={"q": "quantum widgets Shenyang"}).json()["hits"]
    assert hits and hits[0]["doc_id"] == "console-note"
    page = client.get("/console/knowledge").text
    assert "Recent ingest errors" in page and "tool.exe: unsupported type" in page  # kept for later visits
    assert "&lt;script&gt;window.__xss=2&lt;/script&gt;" in page and "<script>window.__xss" not in page
    chunks = client.get("/console/knowledge/doc/console-note").text
    assert "Liaoning widget works" in chunks and "<img src=x" not in chunks
    playground = client.get("/console/knowledge", params={"q": "quantum widgets"}).text
    assert "console-note" in playground and re.search(r'<td class="num">0\.\d{3}</td>', playground)
    actions = [(e.actor, e.action) for e in AuditLog(client.app.state.services.database).list()]
    assert ("eve", "upload") in actions


def test_delete_and_reingest(client: TestClient) -> None:
    token = sign_in(client, "eve")
    client.post(
        "/console/knowledge/upload",
        data={"csrf": token},
        files=[("files", ("note.md", NOTE, "text/markdown"))],
    )
    r = client.post("/console/knowledge/reingest", data={"csrf": token, "doc_id": "console-note"})
    assert r.status_code == 200 and "1 unchanged" in r.text
    r = client.post("/console/knowledge/delete", data={"csrf": token, "doc_id": "console-note"})
    assert r.status_code == 200
    hits = client.get("/api/search", params={"q": "quantum widgets Shenyang"}).json()["hits"]
    assert all(h["doc_id"] != "console-note" for h in hits)
    assert (
        client.post("/console/knowledge/delete", data={"csrf": token, "doc_id": "console-note"}).status_code
        == 404
    )


def _pending_lead(client: TestClient) -> Lead:
    services = client.app.state.services
    return services.leads.add(
        Lead(
            id="lead-1",
            status="pending",
            description="We need a graphene anti-corrosion coating " + XSS,
            lang="en",
            title="Coating " + XSS,
            field="new-materials",
            city="dalian",
            enterprise="Dalian Marine Works",
            contact="13912345678",
        )
    )


def test_viewer_reads_but_cannot_upload_delete_or_approve(client: TestClient) -> None:
    _pending_lead(client)
    token = sign_in(client, "vic")
    page = client.get("/console/leads").text
    assert "Dalian Marine Works" in page and "13912345678" not in page  # the contact is hidden
    assert (
        'action="/console/leads/approve"' not in page
        and 'id="upload-form"' not in client.get("/console/knowledge").text
    )
    files = [("files", ("note.md", NOTE, "text/markdown"))]
    assert client.post("/console/knowledge/upload", data={"csrf": token}, files=files).status_code == 403
    assert client.post("/console/knowledge/delete", data={"csrf": token, "doc_id": "x"}).status_code == 403
    assert client.post("/console/leads/approve", data={"csrf": token, "lead_id": "lead-1"}).status_code == 403
    assert client.app.state.services.leads.get("lead-1").status == "pending"


def test_broker_approves_assigns_and_notes_a_lead(client: TestClient) -> None:
    _pending_lead(client)
    token = sign_in(client, "bob")
    page = client.get("/console/leads").text
    assert "13912345678" in page  # brokers see the contact
    assert "<script>window.__xss" not in page and "&lt;script&gt;" in page
    r = client.post("/console/leads/assign", data={"csrf": token, "lead_id": "lead-1", "assignee": "bob"})
    assert r.status_code == 200
    assert (
        client.post(
            "/console/leads/assign", data={"csrf": token, "lead_id": "lead-1", "assignee": "vic"}
        ).status_code
        == 422
    )
    client.post("/console/leads/note", data={"csrf": token, "lead_id": "lead-1", "note": "called them"})
    r = client.post("/console/leads/approve", data={"csrf": token, "lead_id": "lead-1"})
    assert r.status_code == 200
    services = client.app.state.services
    lead = services.leads.get("lead-1")
    assert lead is not None and lead.status == "approved" and lead.demand_id
    assert services.store.stored_docs().get(lead.demand_id) is not None  # published as a demand
    from bot.storage.activity import Activity

    assert Activity(services.database).assignees(["lead-1"]) == {"lead-1": "bob"}
    actions = [e.action for e in AuditLog(services.database).list(actor="bob")]
    assert {"assign_lead", "note_lead", "approve_lead"} <= set(actions)


def test_conversations_log_transcript_export_and_overview(client: TestClient) -> None:
    services = client.app.state.services
    store = services.conversations
    sid = store.ensure_session(None, "web")
    asked = store.add_message(
        Message(id="m1", session_id=sid, role="user", content="What about " + XSS, lang="en")
    )
    answer = store.add_message(
        Message(
            id="m2", session_id=sid, role="assistant", content="I do not know.", answered=False, lang="en"
        )
    )
    store.add_feedback(sid, answer.id, "down", None)
    sign_in(client, "vic")
    log = client.get("/console/conversations", params={"answered": "no", "rating": "down"}).text
    assert f"/console/conversations/{sid}" in log and "<script>window.__xss" not in log
    assert (
        f"/console/conversations/{sid}"
        not in client.get("/console/conversations", params={"answered": "yes"}).text
    )
    transcript = client.get(f"/console/conversations/{sid}").text
    assert "&lt;img src=x" in transcript and "I do not know." in transcript and asked.id
    csv = client.get("/console/conversations/export.csv", params={"channel": "web"})
    assert csv.status_code == 200 and sid in csv.text and "attachment" in csv.headers["content-disposition"]
    overview = client.get("/console/overview")
    assert overview.status_code == 200 and "/console/charts/daily.svg" in overview.text
    svg = client.get("/console/charts/daily.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and svg.content.lstrip().startswith(
        b"<?xml"
    )
    assert b"<script" not in client.get("/console/charts/topics.svg").content


def test_language_switch(client: TestClient) -> None:
    sign_in(client, "vic")
    assert "概览" in client.get("/console/overview", params={"lang": "zh"}).text
    assert "概览" in client.get("/console/leads").text  # the choice is kept in a cookie
    assert "Overview" in client.get("/console/leads", params={"lang": "en"}).text


def test_users_cli_adds_lists_changes_and_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from bot.cli import main

    monkeypatch.setenv("TECHBRIDGE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert main(["users", "add", "ann", "--role", "editor", "--password-stdin"]) == 0
    assert main(["users", "list"]) == 0 and "ann\teditor" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("another password\n"))
    assert main(["users", "passwd", "ann", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "add", "bob", "--role", "viewer", "--password-stdin"]) == 2
    assert main(["users", "remove", "ann"]) == 0 and main(["users", "remove", "ann"]) == 2


def test_large_uploads_only_with_a_sign_in(client: TestClient) -> None:
    """Over the JSON body limit (1 MB) but under the upload limit: refused (413) without a sign-in before
    anything is read, accepted for a signed-in editor."""
    big = NOTE + b"\n" + b"More widget text. " * 80_000  # ~1.4 MB
    files = [("files", ("big.md", big, "text/markdown"))]
    refused = client.post("/console/knowledge/upload", data={"csrf": "x"}, files=files)
    assert refused.status_code == 413
    token = sign_in(client, "eve")
    assert (
        client.post("/console/knowledge/delete", data={"csrf": token, "doc_id": "x" * 10}).status_code == 404
    )
    assert client.post("/console/knowledge/upload", data={"csrf": token}, files=files).status_code == 200
    assert client.post("/console/overview", content=b"x" * (2 << 20)).status_code == 413  # not an upload path


def test_a_tampered_cookie_a_new_password_or_a_removed_user_ends_the_session(client: TestClient) -> None:
    sign_in(client, "eve")
    cookie = client.cookies.get("tb_console")
    assert cookie and client.get("/console/overview", follow_redirects=False).status_code == 200
    payload, _, signature = cookie.rpartition(".")
    client.cookies.clear()
    client.cookies.set(
        "tb_console", payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:], path="/console"
    )
    assert client.get("/console/overview", follow_redirects=False).status_code == 303
    client.cookies.clear()
    client.cookies.set("tb_console", cookie, path="/console")
    assert client.get("/console/overview", follow_redirects=False).status_code == 200
    users = StaffStore(client.app.state.services.database)
    users.set_password("eve", "a brand new password")
    assert client.get("/console/overview", follow_redirects=False).status_code == 303
    sign_in(client, "vic")
    users.remove("vic")
    assert client.get("/console/overview", follow_redirects=False).status_code == 303


def test_a_session_expires(tmp_path: Path) -> None:
    import time

    settings = make_settings(tmp_path, embedding={"provider": "hashing"}, console={"session_hours": 1 / 3600})
    app = create_app(settings, embedder=HashingEmbedder())
    StaffStore(app.state.services.database).add("ann", "admin", PASSWORD)
    with TestClient(app) as c:
        sign_in(c, "ann")
        time.sleep(2.1)  # itsdangerous counts whole seconds
        assert c.get("/console/overview", follow_redirects=False).status_code == 303
