"""Support for the channel tests: a loopback stand-in for a platform's API, an app over the shipped
knowledge ingested once with the hashing embedder, and views of what the conversation store holds.

The stand-in is a real HTTP server on 127.0.0.1 in a thread. Each test module registers routes that
answer the way the platform documents (checking tokens, returning its error shapes), can script failures
(429, 5xx) ahead of them, and reads back every request the bot made.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi import FastAPI

from bot.app import create_app
from bot.services import Services
from bot.storage.conversations import Message
from retrieval.embedders import HashingEmbedder
from tests.support.config import KNOWLEDGE, TODAY, make_settings

__all__ = [
    "Captured",
    "PlatformStub",
    "assert_cited_sources",
    "channel_app",
    "claimed",
    "conversation",
    "questions",
    "serve_stub",
]

Reply = tuple[int, Any, dict[str, str]]  # status, JSON body (or raw str), headers
Handler = Callable[["Captured"], Reply]


@dataclass
class Captured:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class PlatformStub:
    requests: list[Captured] = field(default_factory=list)
    _routes: list[tuple[str, re.Pattern[str], Handler]] = field(default_factory=list)
    _failures: dict[str, list[Reply]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        stub = self

        class _Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                parts = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                captured = Captured(
                    self.command,
                    parts.path,
                    dict(parse_qsl(parts.query)),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                status, payload, headers = stub._answer(captured)
                data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def route(self, method: str, path_pattern: str, handler: Handler) -> None:
        self._routes.append((method, re.compile(path_pattern), handler))

    @contextmanager
    def override(self, method: str, path_pattern: str, handler: Handler) -> Iterator[None]:
        """`handler` answers instead of the registered route while the block runs."""
        self._routes.insert(0, (method, re.compile(path_pattern), handler))
        try:
            yield
        finally:
            self._routes.pop(0)

    def fail_next(
        self, path: str, status: int, times: int = 1, body: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        """The next `times` calls to `path` get `status` before the route answers again."""
        self._failures.setdefault(path, []).extend([(status, body or {}, headers or {})] * times)

    def calls(self, pattern: str) -> list[Captured]:
        with self._lock:
            return [r for r in self.requests if re.fullmatch(pattern, r.path)]

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
            self._failures.clear()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, captured: Captured) -> Reply:
        with self._lock:
            self.requests.append(captured)
            queued = self._failures.get(captured.path)
            if queued:
                return queued.pop(0)
        for method, pattern, handler in self._routes:
            if method == captured.method and pattern.fullmatch(captured.path):
                return handler(captured)
        return 404, {"error": "no such API in the stand-in"}, {}


def serve_stub() -> Iterator[PlatformStub]:
    """Body of each test module's `stub` fixture: a stand-in that lives as long as the module's app."""
    platform = PlatformStub()
    yield platform
    platform.close()


_corpus: dict[str, Path] = {}


def _ingested(factory: pytest.TempPathFactory) -> Path:
    """knowledge/ ingested once per test session with the hashing embedder (about 6 s)."""
    if "dir" not in _corpus:
        data = factory.mktemp("channels-corpus")
        settings = make_settings(data, embedding={"provider": "hashing"})
        services = Services(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
        report = services.ingestor.ingest_paths([KNOWLEDGE])
        assert not report.errors, report.errors
        _corpus["dir"] = data
    return _corpus["dir"]


def channel_app(factory: pytest.TempPathFactory, channels: dict[str, Any]) -> FastAPI:
    """The real app (real ChatService, real store) over a private copy of the ingested corpus."""
    data = factory.mktemp("channel-app") / "data"
    shutil.copytree(_ingested(factory), data)
    settings = make_settings(data, embedding={"provider": "hashing"}, channels=channels)
    return create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)


def _db(app: FastAPI) -> sqlite3.Connection:
    return sqlite3.connect(Path(app.state.services.settings.data_dir) / "conversations.sqlite3")


def questions(app: FastAPI) -> int:
    """User messages stored so far, all channels."""
    return int(app.state.services.conversations.stats()["questions"])


def claimed(app: FastAPI, channel: str, event_id: str) -> bool:
    with closing(_db(app)) as conn:
        row = conn.execute("SELECT 1 FROM channel_events WHERE channel=? AND event_id=?", (channel, event_id))
        return row.fetchone() is not None


def conversation(app: FastAPI, channel: str, user: str) -> list[Message]:
    """The messages of the user's conversation on the channel ([] if there is none)."""
    with closing(_db(app)) as conn:
        query = "SELECT id FROM sessions WHERE channel=? AND user_key=?"
        rows = conn.execute(query, (channel, user)).fetchall()
    assert len(rows) <= 1, "one conversation per user and channel"
    return app.state.services.conversations.history(rows[0][0], 100) if rows else []


_SOURCES = re.compile(r"(?:^|\n\n)(?:Sources:|来源：)\n")


def assert_cited_sources(parts: list[str], limit: int, measure: Callable[[str], int]) -> set[int]:
    """Each part fits the limit and lists a source line for every [n] its text cites; returns all n listed."""
    listed_all: set[int] = set()
    for part in parts:
        assert measure(part) <= limit, (measure(part), limit, part)
        pieces = _SOURCES.split(part, maxsplit=1)
        body, sources = (pieces[0], pieces[1]) if len(pieces) == 2 else (part, "")
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
        listed = {int(n) for n in re.findall(r"^\[(\d+)\] ", sources, re.M)}
        assert cited <= listed, (cited, listed, part)
        listed_all |= listed
    return listed_all
