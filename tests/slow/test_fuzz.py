"""Property-based fuzzing of the running app against its own OpenAPI schema (schemathesis).

The app is served by uvicorn on loopback (real HTTP), over the shipped knowledge base indexed with the
hashing embedder, with the admin key sent on every request (so the admin routes are fuzzed behind their
guard) and every messaging channel configured (so the webhooks verify, and must refuse garbage with a 4xx).
Each operation gets a bounded number of generated requests, valid and invalid; the checks are: no 5xx,
and every documented response matches its schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from bot.app import create_app
from bot.services import Services
from retrieval.embedders import HashingEmbedder
from tests.support.config import KNOWLEDGE, TODAY, make_settings
from tests.support.servers import free_port, serve

ADMIN_KEY = "fuzz-admin-key-0123456789"
MAX_EXAMPLES = 15  # per operation: ~30 operations x 15 requests, about 20 s on 2 cores
CHANNELS = {  # all enabled; outbound calls would go to a closed loopback port
    "wecom": {"token": "fuzz-wecom-token", "encoding_aes_key": "a" * 43, "corp_id": "ww-fuzz"},
    "wechat": {"token": "fuzz-wechat-token", "app_id": "wx-fuzz", "app_secret": "fuzz-wechat-secret"},
    "dingtalk": {"app_secret": "fuzz-dingtalk-secret"},
    "feishu": {
        "verification_token": "fuzz-feishu-token",
        "encrypt_key": "fuzz-feishu-key",
        "app_id": "cli_fuzz",
        "app_secret": "fuzz-feishu-secret",
    },
    "slack": {"signing_secret": "fuzz-slack-signing", "bot_token": "xoxb-fuzz"},
    "telegram": {"secret_token": "fuzz-telegram-secret", "bot_token": "123:fuzz"},
}


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("fuzz") / "data"
    closed = f"http://127.0.0.1:{free_port()}"
    channels = {
        name: {**conf, "api_base": closed, "retries": 0, "timeout_s": 1} for name, conf in CHANNELS.items()
    }
    conf = make_settings(data, embedding={"provider": "hashing"}, admin_api_key=ADMIN_KEY, channels=channels)
    Services(conf, embedder=HashingEmbedder()).ingestor.ingest_paths([KNOWLEDGE])
    with serve(create_app(conf, embedder=HashingEmbedder(), clock=lambda: TODAY)) as port:
        yield f"http://127.0.0.1:{port}"


# The schema is read at collection time (one test per operation) from an app built like the served one;
# test_fuzzed_schema_is_the_served_one checks the server publishes exactly this. (schemathesis' lazy
# `from_fixture` loader does not run on pytest 9.)
OPENAPI = create_app(make_settings(Path("unused"))).openapi()
schema = schemathesis.openapi.from_dict(OPENAPI)


SLOW = "/api/admin/gaps"  # a whole-corpus report (~2 s a call): fewer examples, same checks


def check(case: schemathesis.Case, base_url: str) -> None:
    case.call_and_validate(
        base_url=base_url,
        headers={"Authorization": f"Bearer {ADMIN_KEY}"},
        timeout=30,
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )


@schema.exclude(path=SLOW).parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema_and_never_fails_on_bad_input(
    case: schemathesis.Case, live_app: str
) -> None:
    check(case, live_app)


@schema.include(path=SLOW).parametrize()
@settings(
    max_examples=2, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
def test_slow_admin_report_conforms_too(case: schemathesis.Case, live_app: str) -> None:
    check(case, live_app)


def test_fuzzed_schema_is_the_served_one(live_app: str) -> None:
    import httpx

    assert httpx.get(f"{live_app}/openapi.json", timeout=10).json() == OPENAPI
    assert {
        "/api/chat",
        "/api/feedback",
        "/api/search",
        "/api/admin/ingest",
        "/v1/chat/completions",
        "/channels/slack/events",
        "/channels/telegram",
    } <= set(OPENAPI["paths"])
