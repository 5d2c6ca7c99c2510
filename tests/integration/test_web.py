"""The widget's HTTP side without a browser: `/` and `/widget.js` are served with the right types and cache
headers, the script has no HTML-parsing sinks and no outside URLs, the static files are packaged, and CORS
answers only the configured origins. (tests/browser/test_widget_browser.py drives the widget in Chromium.)"""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from retrieval.embedders import HashingEmbedder
from tests.support.config import ROOT, make_settings

STATIC = ROOT / "bot" / "static"


def client(tmp_path: Path, **overrides: object) -> TestClient:
    settings = make_settings(tmp_path, embedding={"provider": "hashing"}, **overrides)
    return TestClient(create_app(settings, embedder=HashingEmbedder()))


def test_demo_page_embeds_the_widget_with_one_script_tag(tmp_path: Path) -> None:
    response = client(tmp_path).get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    scripts = re.findall(r"<script\b[^>]*>", response.text)
    assert scripts == [
        '<script src="/widget.js" data-api="" data-color="#0b5cab" data-position="bottom-right">'
    ]


def test_widget_js_is_javascript_with_cache_validation(tmp_path: Path) -> None:
    http = client(tmp_path)
    response = http.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/javascript; charset=utf-8"
    assert "max-age=300" in response.headers["cache-control"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == (STATIC / "widget.js").read_bytes()
    etag = response.headers["etag"]
    again = http.get("/widget.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    head = http.head("/widget.js")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(response.content))


def test_widget_has_no_html_sinks_and_no_outside_urls() -> None:
    source = (STATIC / "widget.js").read_text(encoding="utf-8")
    # Every way to turn a string into markup or code; the widget builds all DOM with DOM APIs.
    sinks = [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "srcdoc",
        "createContextualFragment",
        "DOMParser",
        "setTimeout('",
        'setTimeout("',
    ]
    assert [sink for sink in sinks if sink in source] == []
    # No network but the configured API: the only absolute URL in code is the SVG namespace name.
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    assert set(re.findall(r"https?://[\w.-]+", code)) == {"http://www.w3.org"}


def test_static_files_are_packaged() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["bot"]
    for name in ("widget.js", "index.html"):
        assert any(fnmatch(f"static/{name}", pattern) for pattern in patterns), name


PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}


def test_cors_allows_only_the_configured_origins(tmp_path: Path) -> None:
    http = client(tmp_path, server={"cors_origins": ["https://host.example"]})
    allowed = http.options("/api/feedback", headers={"Origin": "https://host.example", **PREFLIGHT})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://host.example"
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in allowed.headers

    other = http.options("/api/feedback", headers={"Origin": "https://evil.example", **PREFLIGHT})
    assert other.status_code == 400
    assert "access-control-allow-origin" not in other.headers

    simple = http.get("/healthz", headers={"Origin": "https://host.example"})
    assert simple.headers["access-control-allow-origin"] == "https://host.example"
    assert (
        "access-control-allow-origin"
        not in http.get("/healthz", headers={"Origin": "https://evil.example"}).headers
    )


@pytest.mark.parametrize("origin", ["https://host.example", "http://127.0.0.1:9999"])
def test_no_cors_headers_when_no_origin_is_configured(tmp_path: Path, origin: str) -> None:
    http = client(tmp_path)
    assert "access-control-allow-origin" not in http.get("/healthz", headers={"Origin": origin}).headers
    preflight = http.options("/api/feedback", headers={"Origin": origin, **PREFLIGHT})
    assert "access-control-allow-origin" not in preflight.headers
