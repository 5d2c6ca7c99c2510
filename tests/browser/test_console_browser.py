"""The staff console in a real browser: Debian's Chromium driven by Playwright against the app served by
uvicorn on loopback, over the shipped knowledge ingested with the hashing embedder (fast; the console's
behaviour does not depend on the model), plus a conversation, a lead and a document carrying markup.

Sign-in and sign-out, a wrong password refused, a viewer's limits, a forged CSRF token refused, an upload
found by /api/search, a lead approved, a curated answer the chat then uses, a listing edit that changes the
answer, and XSS payloads that stay text. With CONSOLE_SCREENSHOTS=<folder> the main pages are saved there
as console-<page>.png (the README's come from `CONSOLE_SCREENSHOTS=docs/screenshots`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.app import create_app
from bot.matching.leads import Lead
from bot.services import Services
from bot.storage.conversations import Message
from bot.storage.staff import StaffStore
from retrieval.embedders import HashingEmbedder
from retrieval.types import Document
from tests.browser.test_widget_browser import CHROMIUM_ARGS, chromium_path, skip_reason
from tests.support.config import KNOWLEDGE, TODAY, make_settings
from tests.support.servers import serve

PASSWORD = "correct horse battery"
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
POISON = Document(
    id="console-poisoned-note",
    kind="news",
    title="Coating notice " + XSS,
    lang="en",
    text="A coating notice " + XSS + " about salt spray.",
    date=dt.date(2025, 3, 1),
    origin="test:poisoned",
)


@dataclass
class Site:
    url: str
    services: Services


def _seed(services: Services) -> None:
    """A few days of traffic, feedback and leads, so the charts and queues have something to show."""
    store = services.conversations
    questions = [
        ("web", "How many achievements has Liaoning collected in recent years?", True, "up"),
        ("web", "Who offers quantum sensor technology " + XSS, False, "down"),
        ("wecom", "沈阳有哪些氢能项目？", True, None),
        ("telegram", "Is there funding for hydrogen storage pilots?", False, None),
        ("web", "What does the transformation law say about income shares?", True, "up"),
    ]
    for n, (channel, question, answered, rating) in enumerate(questions):
        sid = store.ensure_session(None, channel)
        when = dt.datetime.combine(TODAY, dt.time(10), tzinfo=dt.UTC) - dt.timedelta(
            days=n
        )  # the app's today
        store.add_message(
            Message(id=f"q{n}", session_id=sid, role="user", content=question, created_at=when.isoformat())
        )
        reply = "I could not find that in the knowledge base." if not answered else "See the cited sources."
        store.add_message(
            Message(
                id=f"a{n}",
                session_id=sid,
                role="assistant",
                content=reply,
                answered=answered,
                created_at=when.isoformat(),
            )
        )
        if rating:
            store.add_feedback(sid, f"a{n}", rating, None)
    for n, (title, field) in enumerate(
        [("Salt-spray coating " + XSS, "new_materials"), ("Hydrogen valve testing", "hydrogen_energy")]
    ):
        services.leads.add(
            Lead(
                id=f"lead-{n}",
                status="pending",
                description=f"We need {title} for our plant in Dalian.",
                lang="en",
                title=title,
                field=field,
                city="dalian",
                enterprise="Dalian Marine Works",
                contact="13912345678",
                best_match="ach-high-purity-fused-magnesia",
                best_score=0.41,
            )
        )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if reason := skip_reason():
        pytest.skip(reason)
    data = tmp_path_factory.mktemp("console-browser")
    app = create_app(
        make_settings(data, embedding={"provider": "hashing"}),
        embedder=HashingEmbedder(),
        clock=lambda: TODAY,
    )
    services: Services = app.state.services
    assert not services.ingestor.ingest_paths([KNOWLEDGE]).errors
    services.ingestor.ingest_documents([POISON])
    users = StaffStore(services.database)
    for name, role in [("ann", "admin"), ("eve", "editor"), ("bob", "broker"), ("vic", "viewer")]:
        users.add(name, role, PASSWORD)
    _seed(services)
    with serve(app) as port:
        yield Site(f"http://127.0.0.1:{port}", services)


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh context; script errors fail the test, and confirmation dialogs are accepted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()
    assert errors == []


def sign_in(page: Any, site: Site, name: str, password: str = PASSWORD) -> None:
    page.goto(site.url + "/console/login")
    page.fill("#username", name)
    page.fill("#password", password)
    page.press("#password", "Enter")
    page.wait_for_load_state()


def assert_inert(page: Any) -> None:
    assert page.evaluate("window.__xss") is None, "a payload ran"


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("CONSOLE_SCREENSHOTS")
    if folder:
        for img in page.locator("img").all():  # the charts drawn (wait_for_function would need eval: CSP)
            img.evaluate("i => i.complete || new Promise(done => { i.onload = i.onerror = done; })")
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"console-{name}.png"), full_page=False)


def test_sign_in_wrong_password_sections_and_sign_out(site: Site, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(site.url + "/console/knowledge")
    assert page.url.endswith("/console/login")  # the signed-out are sent to sign in
    sign_in(page, site, "ann", "not the password")
    expect(page.locator(".error")).to_have_text("Wrong user name or password.")
    assert page.url.endswith("/console/login")
    sign_in(page, site, "ann")
    assert page.url.endswith("/console/overview")
    nav = page.locator("header nav a")
    expect(nav).to_have_text(
        [
            "Overview",
            "Knowledge",
            "Listings",
            "Leads",
            "Conversations",
            "Curated answers",
            "Gaps",
            "Regulations",
            "Settings",
            "Audit log",
        ]
    )
    for img in page.locator("main img").all():  # every chart loaded (a broken image has no natural width)
        assert img.evaluate("i => i.complete && i.naturalWidth > 0"), img.get_attribute("src")
    shot(page, "overview")
    page.keyboard.press("Tab")  # the skip link comes first, for keyboard users
    assert page.evaluate("document.activeElement.className") == "skip"
    page.click("text=中文")
    expect(page.locator("h1")).to_have_text("概览")
    shot(page, "overview-zh")
    page.click("text=English")
    page.click("button:has-text('Sign out')")
    assert page.url.endswith("/console/login")
    page.goto(site.url + "/console/overview")
    assert page.url.endswith("/console/login")


def test_viewer_cannot_upload_delete_or_approve(site: Site, page: Any) -> None:
    sign_in(page, site, "vic")
    page.goto(site.url + "/console/knowledge")
    assert (
        page.locator("#upload-form").count() == 0 and page.locator("button:has-text('Delete')").count() == 0
    )
    page.goto(site.url + "/console/leads")
    assert page.locator("button:has-text('Approve')").count() == 0
    assert "13912345678" not in page.content()  # contacts are for brokers and admins
    # Forged requests with the viewer's own valid token are refused by role.
    token = page.locator("input[name=csrf]").first.input_value()
    for path, form in [
        ("/console/knowledge/delete", {"doc_id": POISON.id}),
        ("/console/leads/approve", {"lead_id": "lead-1"}),
    ]:
        status = page.evaluate(
            "([path, form]) => fetch(path, {method: 'POST', body: new URLSearchParams(form)})"
            ".then(r => r.status)",
            [path, {**form, "csrf": token}],
        )
        assert status == 403, path
    status = page.evaluate(
        """token => { const f = new FormData(); f.append('csrf', token);
           f.append('files', new Blob(['# x'], {type: 'text/markdown'}), 'x.md');
           return fetch('/console/knowledge/upload', {method: 'POST', body: f}).then(r => r.status); }""",
        token,
    )
    assert status == 403
    assert site.services.leads.get("lead-1").status == "pending"  # type: ignore[union-attr]


def test_forged_csrf_token_is_refused(site: Site, page: Any) -> None:
    sign_in(page, site, "eve")
    page.goto(site.url + "/console/knowledge")
    form = page.locator("form[action='/console/knowledge/delete']").first
    doc_id = form.locator("input[name=doc_id]").input_value()
    form.locator("input[name=csrf]").evaluate("input => input.value = 'forged-token'")
    form.locator("button").click()
    page.wait_for_load_state()
    assert "did not come from this console" in page.content()
    assert doc_id in site.services.store.stored_docs()  # nothing was deleted


def test_upload_through_the_knowledge_page_is_found_by_search(site: Site, page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    note = tmp_path / "tidal-note.md"
    note.write_text(
        "---\nid: console-tidal-note\ntitle: Tidal turbine bearings\nlang: en\n---\n"
        "Seawater-lubricated ceramic bearings for tidal turbines were tested in Dalian in 2025.\n"
    )
    bad = tmp_path / "virus.exe"
    bad.write_bytes(b"MZ")
    sign_in(page, site, "eve")
    page.goto(site.url + "/console/knowledge")
    page.set_input_files("#files", [str(note), str(bad)])
    page.click("#upload-form button[type=submit]")
    result = page.locator("#upload-result")
    expect(result).to_contain_text("console-tidal-note")
    expect(result.locator(".errors")).to_contain_text("virus.exe: unsupported type")
    hits = page.evaluate(
        "() => fetch('/api/search?q=' + encodeURIComponent('ceramic bearings tidal turbines'))"
        ".then(r => r.json())"
    )
    assert hits["hits"][0]["doc_id"] == "console-tidal-note"
    page.goto(site.url + "/console/knowledge?q=" + "ceramic bearings tidal")
    expect(page.locator("table.hits tbody tr").first).to_contain_text("Tidal turbine bearings")
    assert_inert(page)  # the poisoned title is listed on this page
    assert (
        "Coating notice <img" in page.content().replace("&lt;", "<") and page.locator("main img").count() == 0
    )
    shot(page, "knowledge")


def test_broker_approves_a_lead(site: Site, page: Any) -> None:
    from playwright.sync_api import expect

    sign_in(page, site, "bob")
    page.goto(site.url + "/console/leads")
    assert_inert(page)
    lead = page.locator("#lead-lead-1")
    expect(lead.locator(".contact")).to_have_text("13912345678")
    match = lead.locator("a[href='/console/knowledge/doc/ach-high-purity-fused-magnesia']")
    expect(match).to_contain_text("fused magnesia")  # the matched technology by its title
    shot(page, "leads")
    lead.locator("button:has-text('Approve')").click()
    page.wait_for_load_state()
    expect(page.locator(".flash")).to_contain_text("lead-1: approved")
    approved = site.services.leads.get("lead-1")
    assert approved is not None and approved.status == "approved" and approved.demand_id


def test_curated_answer_from_the_log_is_used_by_the_chat(site: Site, page: Any) -> None:
    sign_in(page, site, "eve")
    page.goto(site.url + "/console/conversations?answered=no")
    assert_inert(page)
    shot(page, "conversations")
    page.locator("a", has_text="Is there funding for hydrogen storage pilots?").click()
    page.locator("a:has-text('Curated answers +')").first.click()
    assert page.locator("#question").input_value() == "Is there funding for hydrogen storage pilots?"
    page.fill("#answer", "Yes: the provincial pilot fund covers up to 30% of a hydrogen storage pilot.")
    page.fill("#doc_ids", "reg-liaoning-innovation-en")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    assert page.url.split("?")[0].endswith("/console/curated")
    shot(page, "curated")
    reply = page.evaluate(
        "q => fetch('/api/chat', {method: 'POST', headers: {'Content-Type': 'application/json'},"
        " body: JSON.stringify({message: q})}).then(r => r.json())",
        "Is there funding for hydrogen storage pilots?",
    )
    assert reply["answer"].startswith("Yes: the provincial pilot fund")
    assert [c["doc_id"] for c in reply["citations"]] == ["reg-liaoning-innovation-en"]


def test_editing_a_listing_changes_the_answer(site: Site, page: Any) -> None:
    ask = (
        "q => fetch('/api/chat', {method: 'POST', headers: {'Content-Type': 'application/json'},"
        " body: JSON.stringify({message: q})}).then(r => r.json())"
    )
    question = (
        "Which institution offers energy-saving production of high-purity large-crystal fused magnesia?"
    )
    sign_in(page, site, "eve")
    before = page.evaluate(ask, question)["answer"]
    assert "University of Science and Technology Liaoning" in before
    page.goto(site.url + "/console/listings/achievement?q=fused+magnesia")
    shot(page, "listings")
    page.locator("tr", has_text="ach-high-purity-fused-magnesia").locator("a:has-text('Edit')").click()
    page.fill("#f-institution", "Anshan Magnesia Research Centre")
    page.fill("#f-title", "Energy-saving production of high-purity large-crystal fused magnesia " + XSS)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    assert page.url.split("?")[0].endswith("/console/listings/achievement")
    assert_inert(page)
    after = page.evaluate(ask, question)["answer"]
    assert (
        "Anshan Magnesia Research Centre" in after
        and "University of Science and Technology Liaoning" not in after
    )


def test_other_pages_render_without_running_payloads(site: Site, page: Any) -> None:
    sign_in(page, site, "ann")
    for path, name in [
        ("/console/gaps", "gaps"),
        ("/console/regulations", "regulations"),
        ("/console/regulations/reg-cn-law-transformation-en", None),
        ("/console/settings", "settings"),
        ("/console/audit", "audit"),
    ]:
        response = page.goto(site.url + path)
        assert response.status == 200, path
        assert_inert(page)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp
        if name:
            shot(page, name)
    page.set_viewport_size(
        {"width": 390, "height": 844}
    )  # a phone: the nav wraps, nothing overflows the page
    page.goto(site.url + "/console/overview")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "overview-phone")
