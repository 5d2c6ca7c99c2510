"""Shared pieces of the messaging-app bots: answers split with their citations, platform API calls with
retries and backoff (against a loopback server), disabled channels, body limits, settings."""

from __future__ import annotations

import logging
import random
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from bot.app import create_app
from bot.channels.config import ChannelsSettings, SlackSettings
from bot.channels.crypto import CryptoError, WeComCipher
from bot.channels.formatting import chars, citation_line, split_answer, utf8_bytes, utf16_units
from bot.channels.outbound import Outbound, PlatformError, TokenCache
from bot.conversation.types import Citation
from bot.settings import Settings
from retrieval.errors import UpstreamError
from tests.support.channels import Captured, PlatformStub, assert_cited_sources, questions, serve_stub
from tests.support.config import make_settings


def cite(
    n: int, title: str = "", url: str | None = None, locator: str = "", date: str | None = "2024-12-04"
) -> Citation:
    return Citation(
        n=n,
        doc_id=f"d{n}",
        chunk_id=f"c{n}",
        kind="news",
        title=title or f"Source {n}",
        source="test",
        url=f"https://example.org/{n}" if url is None else url,
        date=date,
        locator=locator,
        snippet="",
    )


EN_ANSWER = "Here is what the knowledge base says:\n" + "\n".join(
    f'"{f"Finding {n} says the pilot line cut energy use by {n}0% at the Liaoyang plant. " * 4}" [{n}]'
    for n in range(1, 6)
)
ZH_ANSWER = "根据知识库中的资料：\n" + "\n".join(
    f"“{'菱镁矿尾矿综合利用率达到百分之八十五以上，产品纯度不低于百分之九十七。' * 5}” [{n}]"
    for n in range(1, 4)
)


# ---- splitting -------------------------------------------------------------------------------------
def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("answer", "limit", "measure"),
    [
        (EN_ANSWER, 400, chars),
        (EN_ANSWER, 700, utf8_bytes),
        (ZH_ANSWER, 500, utf8_bytes),
        (ZH_ANSWER, 200, utf16_units),
        (EN_ANSWER, 4096, utf16_units),
    ],
)
def test_parts_fit_the_limit_keep_all_text_and_cite_their_sources(
    answer: str, limit: int, measure: object
) -> None:
    citations = [cite(n) for n in range(1, 7)]  # [6] is never cited in the text
    parts = split_answer(answer, citations, limit, measure, "zh" if answer is ZH_ANSWER else "en")  # type: ignore[arg-type]
    listed = assert_cited_sources(parts, limit, measure)  # type: ignore[arg-type]
    assert listed == {1, 2, 3, 4, 5, 6}  # every citation is shown once somewhere, cited or not
    bodies = [re.split(r"(?:^|\n\n)(?:Sources:|来源：)\n", p, maxsplit=1)[0] for p in parts]
    assert _squash("".join(bodies)) == _squash(answer)
    if limit >= 4096:
        assert len(parts) == 1


def test_split_invariants_hold_on_varied_texts() -> None:
    rng = random.Random(7)
    words = [
        "magnesium",
        "菱镁矿尾矿",
        "综合利用",
        "recycling",
        "Article",
        "45",
        "。",
        ".",
        "“",
        "”",
        "\n",
        "\n\n",
    ]
    for _ in range(300):
        citations = [cite(n) for n in range(1, rng.randint(2, 7))]
        markers = [f" [{rng.randint(1, len(citations))}]" if rng.random() < 0.1 else "" for _ in range(400)]
        text = " ".join(rng.choice(words) + markers[i] for i in range(rng.randint(1, 400)))
        limit, measure = rng.choice([300, 700, 2048]), rng.choice([chars, utf8_bytes, utf16_units])
        parts = split_answer(text, citations, limit, measure)
        assert all(p.strip() for p in parts)
        assert assert_cited_sources(parts, limit, measure) == {c.n for c in citations}
        bodies = [re.split(r"(?:^|\n\n)Sources:\n", p, maxsplit=1)[0] for p in parts]
        assert _squash("".join(bodies)) == _squash(text)


def test_short_answer_is_one_message_with_its_sources_last() -> None:
    citations = [cite(1, "Law on Promoting the Transformation", locator="Article 45"), cite(2, "Listing")]
    [part] = split_answer("Article 45 sets rewards. [1]", citations, 4000)
    assert part == (
        "Article 45 sets rewards. [1]\n\nSources:\n"
        "[1] Law on Promoting the Transformation Article 45 (2024-12-04) https://example.org/1\n"
        "[2] Listing (2024-12-04) https://example.org/2"
    )


def test_a_quote_cut_in_two_keeps_its_source_in_both_parts() -> None:
    answer = "“" + "菱镁矿尾矿综合利用制备氢氧化镁阻燃剂。" * 30 + "” [1]"
    parts = split_answer(answer, [cite(1)], 300, utf8_bytes, "zh")
    assert len(parts) >= 3
    assert all(p.endswith("[1] Source 1 (2024-12-04) https://example.org/1") for p in parts)
    assert all(utf8_bytes(p) <= 300 for p in parts)


def test_markers_are_never_cut_and_stay_with_their_sentence() -> None:
    answer = " ".join(f"Sentence {n} is about magnesium alloys. [{n}]" for n in range(1, 40))
    parts = split_answer(answer, [cite(n) for n in range(1, 40)], 260)
    for part in parts:
        body = part.split("\n\nSources:\n")[0]
        assert not re.search(r"\[\d*$|^\d*\]", body)
        assert re.match(r"Sentence \d+ ", body) and re.search(r"\[\d+\]$", body)


def test_unknown_markers_and_long_titles() -> None:
    [part] = split_answer("A claim. [9]", [cite(1, "T" * 300)], 4000)
    assert part.endswith("\n\nSources:\n[1] " + "T" * 119 + "… (2024-12-04) https://example.org/1")
    bare = cite(3, "第四十五条 奖励", locator="第四十五条", date=None, url="")
    assert citation_line(bare) == "[3] 第四十五条 奖励"  # no repeated locator, no empty date or URL
    with pytest.raises(ValueError, match="too small"):
        split_answer("Some text [1]", [cite(1)], 20)


# ---- outbound calls --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def stub() -> Iterator[PlatformStub]:
    yield from serve_stub()


@pytest.fixture
def api(stub: PlatformStub) -> Iterator[PlatformStub]:
    stub.clear()
    yield stub


def outbound(base: str, sleeps: list[float], retries: int = 3, timeout_s: float = 5.0) -> Outbound:
    settings = SlackSettings(api_base=base, retries=retries, backoff_s=0.25, timeout_s=timeout_s)
    return Outbound("test", settings, sleep=sleeps.append)


def test_5xx_is_retried_with_exponential_backoff(api: PlatformStub) -> None:
    api.route("POST", "/ok", lambda req: (200, {"ok": True, "echo": req.json}, {}))
    api.fail_next("/ok", 500)
    api.fail_next("/ok", 503)
    sleeps: list[float] = []
    data = outbound(api.url, sleeps).call("POST", "/ok", "ok", json={"a": "中"})
    assert data == {"ok": True, "echo": {"a": "中"}}
    assert len(api.calls("/ok")) == 3 and sleeps == [0.25, 0.5]


def test_429_waits_as_long_as_the_platform_asks(api: PlatformStub) -> None:
    api.route("POST", "/limited", lambda req: (200, {"ok": True}, {}))
    api.fail_next("/limited", 429, headers={"Retry-After": "2"})
    api.fail_next("/limited", 429, body={"ok": False, "parameters": {"retry_after": 3}})  # Telegram's way
    sleeps: list[float] = []
    assert outbound(api.url, sleeps).call("POST", "/limited", "limited")["ok"] is True
    assert sleeps == [2.0, 3.0]


def test_4xx_is_not_retried(api: PlatformStub) -> None:
    api.route("POST", "/bad", lambda req: (400, {"code": 230001, "msg": "bad content"}, {}))
    sleeps: list[float] = []
    with pytest.raises(PlatformError) as failure:
        outbound(api.url, sleeps).call("POST", "/bad", "bad")
    assert failure.value.status == 400 and failure.value.payload["code"] == 230001
    assert len(api.calls("/bad")) == 1 and sleeps == []


def test_busy_answers_are_retried_when_the_platform_says_so(api: PlatformStub) -> None:
    api.route("POST", "/busy", lambda req: (200, {"errcode": 0}, {}))
    api.fail_next("/busy", 200, body={"errcode": -1, "errmsg": "system busy"})
    sleeps: list[float] = []
    data = outbound(api.url, sleeps).call("POST", "/busy", "busy", retry_if=lambda d: d.get("errcode") == -1)
    assert data == {"errcode": 0} and sleeps == [0.25]


def test_network_errors_and_timeouts_end_as_upstream_errors(api: PlatformStub) -> None:
    with socket_closed() as dead:
        sleeps: list[float] = []
        with pytest.raises(UpstreamError, match="failed after 3 tries: ConnectError"):
            outbound(dead, sleeps, retries=2).call("GET", "/x", "x")
        assert sleeps == [0.25, 0.5]

    def slow(req: Captured) -> tuple[int, object, dict[str, str]]:
        time.sleep(0.5)
        return 200, {}, {}

    api.route("GET", "/slow", slow)
    with pytest.raises(UpstreamError, match="ReadTimeout"):
        outbound(api.url, [], retries=1, timeout_s=0.1).call("GET", "/slow", "slow")
    assert len(api.calls("/slow")) == 2


def test_secrets_in_urls_are_redacted_from_httpx_logs(
    api: PlatformStub, caplog: pytest.LogCaptureFixture
) -> None:
    api.route("POST", r"/bot[^/]+/sendMessage", lambda req: (200, {"ok": True}, {}))
    caplog.set_level(logging.INFO, logger="httpx")
    outbound(api.url, []).call(
        "POST", "/bot123:SECRET-token/sendMessage", "sendMessage", params={"access_token": "AT-9"}
    )
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "httpx")
    assert "sendMessage" in logged and "SECRET-token" not in logged and "AT-9" not in logged


def test_token_cache_fetches_once_until_expiry_or_refusal() -> None:
    now, fetched = [0.0], []

    def fetch() -> tuple[str, float]:
        fetched.append(now[0])
        return f"token-{len(fetched)}", 7200.0

    tokens = TokenCache(fetch, clock=lambda: now[0])
    assert tokens.get() == tokens.get() == "token-1"
    now[0] = 7200 - 299  # within 5 minutes of expiry
    assert tokens.get() == "token-2"
    tokens.invalidate()
    assert tokens.get() == "token-3" and len(fetched) == 3


# ---- routes and settings ---------------------------------------------------------------------------
ROUTES = [
    ("GET", "/channels/wecom"),
    ("POST", "/channels/wecom"),
    ("GET", "/channels/wechat"),
    ("POST", "/channels/wechat"),
    ("POST", "/channels/dingtalk"),
    ("POST", "/channels/feishu"),
    ("POST", "/channels/slack/events"),
    ("POST", "/channels/telegram"),
]


@pytest.mark.parametrize(
    "channels",
    [
        {},
        # Half-configured: each lacks one secret it needs (Feishu: the Encrypt Key; DingTalk: an empty one).
        {
            "slack": {"signing_secret": "s"},
            "telegram": {"bot_token": "1:x"},
            "wecom": {"token": "t", "corp_id": "c"},
            "dingtalk": {"app_secret": ""},
            "feishu": {"verification_token": "v", "app_id": "a", "app_secret": "s"},
        },
    ],
)
def test_channels_without_their_secrets_are_disabled(tmp_path: Path, channels: dict[str, object]) -> None:
    client = TestClient(create_app(make_settings(tmp_path, channels=channels)))
    for method, path in ROUTES:
        response = client.request(method, path, content=b"{}")
        assert response.status_code == 404
        detail = response.json()["detail"]
        assert re.search(r"channel is disabled: set TECHBRIDGE_CHANNELS__[A-Z]+__[A-Z_]+", detail)
    assert questions(client.app) == 0  # type: ignore[arg-type]


def test_oversized_bodies_get_413_before_anything_else(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path, channels={"max_body_bytes": 2048, "slack": {"signing_secret": "s", "bot_token": "xoxb-1"}}
    )
    client = TestClient(create_app(settings))
    assert client.post("/channels/slack/events", content=b"x" * 4096).status_code == 413
    chunked = client.post("/channels/slack/events", content=iter([b"x" * 1500, b"y" * 1500]))  # no length
    assert chunked.status_code == 413
    assert client.post("/channels/slack/events", content=b"{}").status_code == 401  # small: on to verify


def test_channel_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TECHBRIDGE_CHANNELS__SLACK__SIGNING_SECRET", "sig")
    monkeypatch.setenv("TECHBRIDGE_CHANNELS__SLACK__BOT_TOKEN", "xoxb-env")
    monkeypatch.setenv("TECHBRIDGE_CHANNELS__TELEGRAM__API_BASE", "http://127.0.0.1:9/tg")
    monkeypatch.setenv("TECHBRIDGE_CHANNELS__WECOM__AGENT_ID", "1000002")
    channels = Settings().channels
    assert channels.slack.enabled and "xoxb-env" not in repr(channels.slack)
    assert channels.telegram.api_base == "http://127.0.0.1:9/tg" and not channels.telegram.enabled
    assert channels.wecom.agent_id == 1000002 and not channels.wecom.message_api
    with pytest.raises(ValidationError, match="EncodingAESKey"):
        ChannelsSettings(wecom={"encoding_aes_key": "too-short"})  # type: ignore[arg-type]


def test_wecom_cipher_round_trip_and_tamper_detection() -> None:
    cipher = WeComCipher("token", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7")
    encrypted = cipher.encrypt("<xml>你好</xml>".encode())
    assert cipher.decrypt(encrypted) == "<xml>你好</xml>".encode()
    raw = bytearray(encrypted.encode())  # flip one base64 character of the last block
    raw[-6] = ord("A") if raw[-6] != ord("A") else ord("B")
    with pytest.raises(CryptoError):
        cipher.decrypt(raw.decode())


@contextmanager
def socket_closed() -> Iterator[str]:
    """A loopback URL where nothing listens: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
