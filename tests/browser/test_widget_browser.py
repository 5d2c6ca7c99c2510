"""The chat widget in a real browser: Debian's Chromium driven by Playwright against the app served by
uvicorn on loopback, over the shipped corpus ingested with the real embedded model plus one poisoned
document whose title, text, source and URL carry markup and script.

Skips (with the reason in the summary) when the `playwright` package or the `chromium` executable is
missing; `make test` installs both where it can (pip extras and scripts/test-deps.sh).
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import json
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from bot.app import create_app
from bot.security.sessions import WebSessions
from bot.services import Services
from retrieval.embedders import UseEmbedder
from retrieval.types import Document
from tests.support.config import TODAY, make_settings
from tests.support.servers import serve

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
QUESTION = "How many achievements has Liaoning collected in recent years?"
POISON_QUESTION = "What graphene coating protects offshore wind turbine towers from salt spray corrosion?"
POISON = Document(
    id="poisoned-coating-news",
    kind="news",
    title='Offshore coating <img src=x onerror="window.__xss=3"><script>window.__xss=4</script>',
    lang="en",
    text='A graphene coating <img src=x onerror="window.__xss=1"> developed in Dalian protects offshore wind '
    "turbine towers <script>window.__xss=2</script> from salt spray corrosion for 25 years.\n\n"
    "The graphene anti-corrosion coating was tested on offshore wind turbines in the Bohai Sea.",
    date=dt.date(2025, 3, 1),
    source='Test <b onmouseover="window.__xss=5">source</b>',
    url="javascript:window.__xss=6",
    origin="test:poisoned",
)
SHADOW = "document.querySelector('techbridge-chat').shadowRoot"


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def skip_reason() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "browser tier skipped: the playwright package is missing (pip install -e '.[dev]')"
    if chromium_path() is None:
        return (
            "browser tier skipped: no chromium executable (apt-get install chromium; "
            "scripts/test-deps.sh does it when run as root)"
        )
    return None


@dataclass
class Site:
    api: str  # the TechBridge app, which also serves the demo page
    services: Services
    host_port: int  # a separate "customer" site that embeds the widget cross-origin


def host_page(request: Request) -> HTMLResponse:
    """A customer's page on another origin, embedding the widget from the API's server."""
    api = html.escape(request.query_params["api"])
    return HTMLResponse(
        f'<!doctype html><html><head><meta charset="utf-8"><title>Host</title></head><body>'
        f'<h1>Customer site</h1><script src="{api}/widget.js" data-api="{api}" data-lang="zh">'
        f"</script></body></html>"
    )


@pytest.fixture(scope="module")
def site(
    corpus_dir: Path, use_embedder: UseEmbedder, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    if reason := skip_reason():
        print(reason, file=sys.stderr)
        pytest.skip(reason)
    data = tmp_path_factory.mktemp("widget") / "data"
    shutil.copytree(corpus_dir, data)
    with serve(Starlette(routes=[Route("/", host_page)])) as host_port:
        # Only the customer site under "localhost" may call the API; the same page under 127.0.0.1 may not.
        settings = make_settings(data, server={"cors_origins": [f"http://localhost:{host_port}"]})
        app = create_app(settings, embedder=use_embedder, clock=lambda: TODAY)
        services: Services = app.state.services
        report = services.ingestor.ingest_documents([POISON])
        assert report.added == [POISON.id], report.summary()
        with serve(app) as port:
            yield Site(f"http://127.0.0.1:{port}", services, host_port)


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """Pages in a fresh browser context (empty storage); page errors and dialogs fail the test."""
    contexts: list[Any] = []
    errors: list[str] = []

    def make(**context_args: Any) -> Any:
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 860}, **context_args})
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == []


def open_widget(page: Any) -> None:
    page.locator("techbridge-chat .launcher").click()
    page.locator("techbridge-chat .panel").wait_for(state="visible")


def watch_streaming(page: Any) -> None:
    """Record the length of the streaming answer at every render (each token replaces its text node)."""
    page.evaluate(f"""() => {{
        window.__renders = [];
        new MutationObserver(records => records.forEach(record => {{
            const text = record.target.closest && record.target.closest('.streaming .text');
            if (text && record.addedNodes.length) window.__renders.push(record.addedNodes[0].data.length);
        }})).observe({SHADOW}.querySelector('.log'), {{childList: true, subtree: true}});
    }}""")


def ask(page: Any, question: str) -> Any:
    """Type a question, press Enter, wait for the finished answer; returns its message element."""
    answers = page.locator("techbridge-chat .msg.bot:not(.streaming)")
    before = answers.count()
    page.locator("techbridge-chat .input").fill(question)
    page.locator("techbridge-chat .input").press("Enter")
    answers.nth(before).wait_for(timeout=60_000)
    return answers.nth(before)


def stored_state(page: Any, site: Site) -> dict[str, Any]:
    return page.evaluate("key => JSON.parse(localStorage.getItem(key))", f"techbridge-widget:v1:{site.api}")


def session_of(site: Site, token: str) -> str:
    """The server's id of the session a widget's token opens (its messages and feedback are stored by it)."""
    opened = WebSessions.from_settings(site.services.settings).open(token)
    assert opened is not None, token
    return opened


def test_ask_stream_cite_feedback_and_reload(site: Site, new_page: Any) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(site.api + "/")
    open_widget(page)
    assert page.evaluate(f"{SHADOW}.activeElement.className") == "input"  # opening focuses the input
    watch_streaming(page)

    answer = ask(page, QUESTION)
    renders = page.evaluate("window.__renders")
    assert len(renders) >= 5 and renders == sorted(set(renders)), renders  # streamed: the text grew per token
    text = answer.locator(".text")
    expect(text).to_contain_text("4,016")

    # Citation [1]: a button in the text, and a numbered source with title, date and a collapsed excerpt.
    expect(text.locator("button.cite")).to_have_text(["1"])
    source = answer.locator('.source[data-n="1"]')
    expect(source.locator(".src-title")).to_have_text(
        "Liaoning Establishes Regional Sci-Tech Innovation Hub With Nationwide Influence"
    )
    expect(source.locator(".src-meta")).to_have_text("News · 2024-07-23")
    snippet = source.locator(".snippet")
    expect(snippet).to_be_hidden()
    text.locator("button.cite").click()  # [1] opens its source's excerpt
    expect(snippet).to_be_visible()
    expect(snippet).to_contain_text("collected 4,016 highly mature")
    source.locator("summary").click()
    expect(snippet).to_be_hidden()

    # Thumbs down with a comment lands in the conversation store.
    answer.locator("button.fb[aria-label='Not helpful']").click()
    answer.locator(".fb-form textarea").fill("Please also give the 2024 target.")
    answer.locator(".fb-form button[type=submit]").click()
    expect(answer.locator(".feedback")).to_have_text("Thanks for your feedback.")
    state = stored_state(page, site)
    reply = state["messages"][-1]
    rows = [f for f in site.services.conversations.feedback() if f.message_id == reply["messageId"]]
    assert [(f.session_id, f.rating, f.comment) for f in rows] == [
        (session_of(site, state["sessionId"]), "down", "Please also give the 2024 target.")
    ]

    # A reload keeps the conversation on screen (and the panel open), and the session on the server.
    page.reload()
    panel = page.locator("techbridge-chat .panel")
    expect(panel).to_be_visible()
    expect(panel.locator(".msg.user")).to_have_text([QUESTION])
    restored = panel.locator(".msg.bot").nth(1)
    expect(restored.locator(".text")).to_contain_text("4,016")
    expect(restored.locator(".src-title")).to_have_count(1)
    expect(restored.locator(".feedback")).to_have_text("Thanks for your feedback.")
    ask(page, "When was the innovation hub press conference held?")
    assert stored_state(page, site)["sessionId"] == state["sessionId"]
    assert len(site.services.conversations.history(session_of(site, state["sessionId"]), limit=20)) == 4


def test_a_session_the_server_refuses_is_replaced_and_the_history_stays(site: Site, new_page: Any) -> None:
    """A stored session the server no longer opens (its secret changed; or a made-up id) gets 403: the
    widget starts a new session and asks again, keeping the conversation on screen."""
    from playwright.sync_api import expect

    page = new_page()
    page.goto(site.api + "/")
    stale = "a-session-id-of-its-own"
    saved = {
        "sessionId": stale,
        "messages": [
            {"role": "user", "text": "An earlier question"},
            {"role": "assistant", "text": "An earlier answer", "messageId": "m0", "sessionId": stale},
        ],
    }
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, JSON.stringify(value))",
        [f"techbridge-widget:v1:{site.api}", saved],
    )
    page.reload()
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if r.url.endswith("/api/chat/stream") else None)
    open_widget(page)
    answer = ask(page, QUESTION)
    expect(answer.locator(".text")).to_contain_text("4,016")
    assert statuses == [403, 200]
    expect(page.locator("techbridge-chat .msg.user")).to_have_text(["An earlier question", QUESTION])
    token = stored_state(page, site)["sessionId"]
    assert token != stale and len(token) == 44
    assert len(site.services.conversations.history(session_of(site, token), limit=20)) == 2
    assert site.services.conversations.history(stale, limit=20) == []


def inert(page: Any) -> dict[str, Any]:
    """What in the page could have run: the XSS flag, active elements, handlers and links."""
    page.wait_for_timeout(300)  # give any injected handler (img onerror) the time to fire
    return page.evaluate(f"""() => {{
        const root = {SHADOW};
        const all = [...root.querySelectorAll('*')];
        return {{
            xss: typeof window.__xss,
            active: root.querySelectorAll('img, script, iframe, object, embed, svg image').length,
            handlers: all.filter(el => [...el.attributes].some(a => a.name.startsWith('on'))).length,
            hrefs: [...root.querySelectorAll('[href]')].map(a => a.getAttribute('href')),
            pageScripts: document.scripts.length,
            pageImgs: document.images.length,
        }};
    }}""")


NOTHING_RAN = {"xss": "undefined", "active": 0, "handlers": 0, "hrefs": [], "pageScripts": 1, "pageImgs": 0}


def test_poisoned_document_is_cited_and_nothing_runs(site: Site, new_page: Any) -> None:
    """End to end: whatever of the poisoned document the server passes on is shown as text, and inert."""
    from playwright.sync_api import expect

    page = new_page()
    page.goto(site.api + "/")
    open_widget(page)
    answer = ask(page, POISON_QUESTION)
    answer.locator("details.excerpt summary").first.click()
    assert inert(page) == NOTHING_RAN  # the javascript: URL of the document is not a link either
    sent = stored_state(page, site)["messages"][-1]  # the `done` event, as the widget received it
    cited = [c for c in sent["citations"] if c["doc_id"] == POISON.id]
    assert len(cited) == 1
    source = answer.locator(f'.source[data-n="{cited[0]["n"]}"]')
    expect(source.locator(".src-title")).to_have_text(cited[0]["title"])
    expect(source.locator(".snippet")).to_contain_text(cited[0]["snippet"])
    expect(source.locator(".src-from")).to_have_text(f"Source: {cited[0]['source']}")
    assert "graphene coating" in sent["text"]


def sse(name: str, data: object) -> str:
    return f"event: {name}\r\ndata: {json.dumps(data)}\r\n\r\n"


def test_hostile_api_response_renders_as_text(site: Site, new_page: Any) -> None:
    """The widget does not trust the API either: markup in every field of a stream stays text, before and
    after a reload (history re-rendered from localStorage); only the http(s) URL becomes a link."""
    from playwright.sync_api import expect

    img, script = '<img src=x onerror="window.__xss=1">', "<script>window.__xss=2</script>"
    answer_text = f"Markup {img} and {script} [1] see https://example.org/a?b=1. <b onclick=x>bold</b>"
    citation = {
        "n": 1,
        "doc_id": "d",
        "chunk_id": "d#0",
        "kind": "news",
        "title": f"Title {img}",
        "source": f"Source {script}",
        "url": "javascript:window.__xss=3",
        "date": "2025-01-01",
        "locator": '<svg onload="window.__xss=4">',
        "snippet": f"Snippet {img}{script}",
    }
    done = {
        "session_id": "s1",
        "message_id": "m1",
        "answer": answer_text,
        "answered": True,
        "mode": "llm",
        "lang": "en",
        "citations": [citation],
        "suggestions": [f"Next {img}?"],
    }
    body = "".join(sse("token", {"text": answer_text[i : i + 7]}) for i in range(0, len(answer_text), 7))
    body += sse("citations", {"citations": [citation]}) + sse("done", done)
    page = new_page()
    page.route(
        f"{site.api}/api/chat/stream",
        lambda route: route.fulfill(status=200, content_type="text/event-stream", body=body),
    )
    page.goto(site.api + "/")
    open_widget(page)
    for attempt in ("asked", "reloaded"):
        if attempt == "asked":
            answer = ask(page, "anything")
        else:
            page.reload()
            answer = page.locator("techbridge-chat .msg.bot").nth(1)
        answer.locator("details.excerpt summary").click()
        assert inert(page) == {**NOTHING_RAN, "hrefs": ["https://example.org/a?b=1"]}, attempt
        shown = answer_text.replace("[1]", "1").replace("b=1.", "b=1 (opens in a new tab).")  # + a11y hint
        expect(answer.locator(".text")).to_have_text(shown)
        expect(answer.locator(".text a")).to_have_attribute("rel", "noopener noreferrer")
        expect(answer.locator(".src-title")).to_have_text(citation["title"])
        expect(answer.locator(".src-meta")).to_have_text(f"News · 2025-01-01 · {citation['locator']}")
        expect(answer.locator(".snippet")).to_have_text(f"{citation['snippet']}Source: {citation['source']}")
        expect(page.locator("techbridge-chat .suggestions button")).to_have_text([f"Next {img}?"])


def test_host_page_css_does_not_reach_the_widget(site: Site, new_page: Any) -> None:
    page = new_page()
    page.goto(site.api + "/")
    open_widget(page)
    styles = page.evaluate(f"""() => {{
        const root = {SHADOW}, css = el => getComputedStyle(el);
        const hostButton = css(document.querySelector('main button'));
        const send = css(root.querySelector('.send')), title = css(root.querySelector('.title'));
        return {{
            hostButton: [hostButton.textTransform, hostButton.backgroundColor],
            send: [send.textTransform, send.backgroundColor, send.borderRadius],
            title: [title.textTransform, title.fontSize, title.fontFamily.startsWith('system-ui')],
            icon: css(root.querySelector('.launcher svg')).width,
        }};
    }}""")
    assert styles["hostButton"] == ["uppercase", "rgb(163, 22, 31)"]  # the page's rules are in force ...
    assert styles["send"] == ["none", "rgb(11, 92, 171)", "12px"]  # ... but not inside the widget
    assert styles["title"] == ["none", "15px", True]
    assert styles["icon"] == "26px"


def test_mobile_viewport_full_screen_panel(site: Site, new_page: Any) -> None:
    page = new_page(viewport={"width": 375, "height": 700}, is_mobile=True, has_touch=True)
    page.goto(site.api + "/")
    launcher = page.locator("techbridge-chat .launcher").bounding_box()
    assert launcher and launcher["x"] + launcher["width"] <= 375 and launcher["y"] + launcher["height"] <= 700
    open_widget(page)
    panel = page.locator("techbridge-chat .panel").bounding_box()
    assert panel == {"x": 0, "y": 0, "width": 375, "height": 700}
    for part in (".head", ".input", ".send", ".log"):
        box = page.locator(f"techbridge-chat {part}").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["y"] + box["height"] <= 700, (
            part
        )
    assert page.locator("techbridge-chat .launcher").is_hidden()  # the header's close button takes over
    answer = ask(page, QUESTION)
    assert answer.bounding_box()["width"] <= 375  # type: ignore[index]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("techbridge-chat .head button[aria-label='Close chat']").click()
    assert page.locator("techbridge-chat .panel").is_hidden()


def test_keyboard_only(site: Site, new_page: Any) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(site.api + "/")
    focused = f"() => document.activeElement.tagName + '/' + ({SHADOW}.activeElement || {{}}).className"
    for _ in range(40):  # Tab through the host page until the launcher (last in the page) has focus
        page.keyboard.press("Tab")
        if page.evaluate(focused) == "TECHBRIDGE-CHAT/launcher":
            break
    else:
        pytest.fail("Tab never reached the widget's launcher")
    page.keyboard.press("Enter")
    expect(page.locator("techbridge-chat .panel")).to_be_visible()
    assert page.evaluate(focused) == "TECHBRIDGE-CHAT/input"
    page.keyboard.type("first line")
    page.keyboard.press("Shift+Enter")  # a new line, not "send"
    page.keyboard.type("second")
    assert page.locator("techbridge-chat .input").input_value() == "first line\nsecond"
    page.locator("techbridge-chat .input").fill("")
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    expect(page.locator("techbridge-chat .msg.bot .feedback")).to_have_count(1, timeout=60_000)
    assert page.evaluate(focused) == "TECHBRIDGE-CHAT/input"  # focus stays for the next question
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "TECHBRIDGE-CHAT/send"
    page.keyboard.press("Escape")
    expect(page.locator("techbridge-chat .panel")).to_be_hidden()
    assert page.evaluate(focused) == "TECHBRIDGE-CHAT/launcher"  # focus returns to the launcher


def test_cross_origin_embed_follows_cors_origins(site: Site, new_page: Any) -> None:
    from playwright.sync_api import expect

    allowed = new_page()
    allowed.goto(f"http://localhost:{site.host_port}/?api={site.api}")
    open_widget(allowed)
    expect(allowed.locator("techbridge-chat .input")).to_have_attribute(
        "placeholder", "请输入问题…"
    )  # data-lang
    answer = ask(allowed, QUESTION)
    expect(answer.locator(".text")).to_contain_text("4,016")

    refused = new_page()
    refused.goto(f"http://127.0.0.1:{site.host_port}/?api={site.api}")  # same page, origin not configured
    open_widget(refused)
    failed = ask(refused, QUESTION)
    expect(failed).to_have_class("msg bot error")
    expect(failed).to_contain_text("无法连接到助手")


def test_sse_parser_handles_any_chunking(site: Site, new_page: Any) -> None:
    page = new_page()
    page.goto(site.api + "/")
    stream = (
        'event: token\r\ndata: {"text": "a"}\r\n\r\n: ping\r\n\r\nevent: done\ndata: line 1\ndata:line 2\n\n'
        "data\n\nevent: last\rdata: x\r\r"
    )
    expected = [["token", '{"text": "a"}'], ["done", "line 1\nline 2"], ["message", ""], ["last", "x"]]
    result = page.evaluate(
        """stream => {
        const run = size => {
            const events = [];
            const parser = window.TechBridgeWidget.createSseParser((name, data) => events.push([name, data]));
            for (let i = 0; i < stream.length; i += size) parser.push(stream.slice(i, i + size));
            parser.end();
            return events;
        };
        return [1, 2, 3, 5, 7, stream.length].map(run);
    }""",
        stream,
    )
    assert result == [expected] * 6
