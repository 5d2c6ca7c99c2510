"""Access and secrets: weak secrets refused at start in production (named, never printed), the admin key
compared in constant time, and configured secrets kept out of logs and error responses, channel
secrets included."""

from __future__ import annotations

import hmac
import logging
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from bot import deps
from bot.app import create_app
from bot.security.redaction import REDACTED, redact, secret_values
from bot.settings import Settings
from retrieval.embedders import HashingEmbedder
from retrieval.errors import UpstreamError
from tests.support.config import TODAY, make_settings
from tests.support.servers import free_port

STRONG = "kP3v9QzT1xW8mN4rB6yH2jL5"  # 24 random characters: a real secret


@pytest.mark.parametrize(
    "setting,env,value,why",
    [
        ({"admin_api_key": "changeme"}, "TECHBRIDGE_ADMIN_API_KEY", "changeme", "is a placeholder"),
        ({"admin_api_key": "Change_Me!"}, "TECHBRIDGE_ADMIN_API_KEY", "Change_Me!", "is a placeholder"),
        (
            {"admin_api_key": "Zq8!kd-p2"},
            "TECHBRIDGE_ADMIN_API_KEY",
            "Zq8!kd-p2",
            "is shorter than 16 characters",
        ),
        ({"admin_api_key": "   "}, "TECHBRIDGE_ADMIN_API_KEY", None, "is empty"),
        (
            {"channels": {"slack": {"signing_secret": "your-signing-secret"}}},
            "TECHBRIDGE_CHANNELS__SLACK__SIGNING_SECRET",
            "your-signing-secret",
            "is a placeholder",
        ),
        (
            {"channels": {"telegram": {"secret_token": "xxxxxxxxxxxx"}}},
            "TECHBRIDGE_CHANNELS__TELEGRAM__SECRET_TOKEN",
            "xxxxxxxxxxxx",
            "is a placeholder",
        ),
        (
            {"channels": {"feishu": {"encrypt_key": "<encrypt-key>"}}},
            "TECHBRIDGE_CHANNELS__FEISHU__ENCRYPT_KEY",
            "<encrypt-key>",
            "is a placeholder",
        ),
        (
            {"channels": {"dingtalk": {"app_secret": ""}}},
            "TECHBRIDGE_CHANNELS__DINGTALK__APP_SECRET",
            None,
            "is empty",
        ),
    ],
)
def test_weak_secrets_refuse_to_start_in_production(
    setting: dict[str, Any], env: str, value: str | None, why: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(environment="production", **setting)
    message = str(refused.value)
    assert f"{env} {why}" in message and "refusing to start in production" in message
    if value:
        assert value not in message  # named, never printed
    # Development and the test suite may use anything.
    for environment in ("development", "test"):
        Settings(environment=environment, **setting)


SESSION_SECRET = "c2f1e9a0b7d64e3f8a5b1c0d9e8f7a6b5c4d3e2f"  # 40 characters, no placeholder


def test_real_secrets_start_in_production_and_an_empty_env_line_means_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = Settings(
        environment="production",
        admin_api_key=STRONG,
        channels={"slack": {"signing_secret": "8f3a61c0d9e2b7a4c5d6e7f8091a2b3c", "bot_token": "xoxb-1-2"}},
        llm={"api_key": "EMPTY"},
        server={"session_secret": SESSION_SECRET},
    )  # outbound keys are not judged: "EMPTY" is vLLM's convention
    assert settings.admin_api_key is not None
    monkeypatch.setenv("TECHBRIDGE_ENVIRONMENT", "production")
    monkeypatch.setenv("TECHBRIDGE_SERVER__SESSION_SECRET", SESSION_SECRET)
    monkeypatch.setenv("TECHBRIDGE_ADMIN_API_KEY", "")  # .env.example's "TECHBRIDGE_ADMIN_API_KEY="
    monkeypatch.setenv("TECHBRIDGE_CHANNELS__SLACK__SIGNING_SECRET", "")
    from_env = Settings()
    assert from_env.admin_api_key is None and from_env.channels.slack.signing_secret is None


def test_validation_errors_never_print_secret_values() -> None:
    with pytest.raises(ValidationError) as bad:
        Settings(channels={"wecom": {"encoding_aes_key": "not-a-real-aes-key-but-secret"}})
    assert "not-a-real-aes-key-but-secret" not in str(bad.value)
    assert "channels.wecom.encoding_aes_key" in str(bad.value)


# ---- the admin key --------------------------------------------------------------------------------------
def test_admin_key_is_compared_in_constant_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(deps.hmac, "compare_digest", spy)
    app = create_app(
        make_settings(tmp_path, embedding={"provider": "hashing"}, admin_api_key=STRONG),
        embedder=HashingEmbedder(),
        clock=lambda: TODAY,
    )
    with TestClient(app) as client:
        missing = client.get("/api/admin/stats")
        wrong = client.get("/api/admin/stats", headers={"Authorization": f"Bearer {STRONG[:-1]}x"})
        right = client.get("/api/admin/stats", headers={"Authorization": f"Bearer {STRONG}"})
        basic = client.get("/api/admin/stats", headers={"Authorization": f"Basic {STRONG}"})
    assert (missing.status_code, wrong.status_code, right.status_code, basic.status_code) == (
        401,
        403,
        200,
        401,
    )
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    assert len(calls) == 2 and all(isinstance(a, bytes) and isinstance(b, bytes) for a, b in calls)
    assert all(STRONG not in r.text for r in (missing, wrong, basic))


# ---- secrets out of logs and errors ---------------------------------------------------------------------
CHANNEL_SECRETS = {
    "wecom": {
        "token": "wecom-token-s3cr3t",
        "encoding_aes_key": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        "corp_id": "ww-secrets-test",
        "secret": "wecom-corp-s3cr3t",
        "agent_id": 1000002,
    },
    "wechat": {
        "token": "wechat-token-s3cr3t",
        "app_id": "wx-secrets-test",
        "app_secret": "wechat-app-s3cr3t",
        "encoding_aes_key": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq",
    },
    "dingtalk": {"app_secret": "dingtalk-app-s3cr3t"},
    "feishu": {
        "verification_token": "feishu-verify-s3cr3t",
        "encrypt_key": "feishu-encrypt-s3cr3t",
        "app_id": "cli_secrets",
        "app_secret": "feishu-app-s3cr3t",
    },
    "slack": {"signing_secret": "slack-signing-s3cr3t", "bot_token": "xoxb-slack-bot-s3cr3t"},
    "telegram": {"secret_token": "telegram-webhook-s3cr3t", "bot_token": "12345:telegram-bot-s3cr3t"},
}


@pytest.fixture
def secret_app(tmp_path: Path) -> tuple[TestClient, set[str]]:
    closed = f"http://127.0.0.1:{free_port()}"  # platform APIs that refuse connections: errors get logged
    channels = {
        name: {**conf, "api_base": closed, "retries": 0, "timeout_s": 2}
        for name, conf in CHANNEL_SECRETS.items()
    }
    settings = make_settings(
        tmp_path,
        embedding={"provider": "hashing"},
        admin_api_key=STRONG,
        channels=channels,
        llm={"api_key": "sk-llm-s3cr3t-key"},
    )
    app = create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)

    @app.get("/test/upstream-error")
    async def upstream_error() -> None:  # an upstream that echoes the key back, as some do
        raise UpstreamError("LLM endpoint failed: 401 Incorrect API key provided: sk-llm-s3cr3t-key")

    secrets = secret_values(settings)
    assert {"slack-signing-s3cr3t", "sk-llm-s3cr3t-key", STRONG} <= secrets
    return TestClient(app, raise_server_exceptions=False), secrets


def test_secrets_never_reach_an_error_response_or_a_log_line(
    secret_app: tuple[TestClient, set[str]], caplog: pytest.LogCaptureFixture
) -> None:
    client, secrets = secret_app
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []
    with client:
        upstream = client.get("/test/upstream-error")
        assert upstream.status_code == 502 and REDACTED in upstream.json()["detail"]
        seen.append(upstream.text)
        garbage = b'{"type": "url_verification", "token": "x", "challenge": "c"}'
        for path in (
            "/channels/wecom?msg_signature=x&timestamp=1&nonce=n",
            "/channels/dingtalk",
            "/channels/feishu",
            "/channels/slack/events",
            "/channels/telegram",
        ):
            resp = client.post(
                path,
                content=garbage,
                headers={"X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v0=00"},
            )
            assert 400 <= resp.status_code < 500, (path, resp.status_code)
            seen.append(resp.text)
        # A verified Telegram update: the answer goes out through the bot API (bot token in its URL path),
        # which refuses the connection: the failure is logged.
        update = {
            "update_id": 7,
            "message": {
                "message_id": 1,
                "chat": {"id": 42, "type": "private"},
                "from": {"id": 42},
                "text": "What is magnesite?",
            },
        }
        ok = client.post(
            "/channels/telegram",
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": "telegram-webhook-s3cr3t"},
        )
        assert ok.status_code == 200
        seen.append(ok.text)
        logging.getLogger("techbridge.test").warning(
            "config dump: key=%s token=%s", STRONG, "xoxb-slack-bot-s3cr3t"
        )
        try:
            raise RuntimeError("connect failed for https://api.telegram.org/bot12345:telegram-bot-s3cr3t/x")
        except RuntimeError:
            logging.getLogger("techbridge.test").exception("outbound call failed")
    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    assert "config dump: key=[redacted]" in logged and "outbound call failed" in logged
    assert "RuntimeError" in logged  # the traceback is kept, cleaned
    leaked = [s for s in secrets if any(s in text for text in (*seen, logged))]
    assert not leaked, leaked


def test_redact_replaces_longest_first() -> None:
    assert redact(f"a {STRONG} b") == f"a {REDACTED} b"
    assert redact("nothing secret here") == "nothing secret here"
