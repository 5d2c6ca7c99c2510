"""Each adapter's `push` (a message nobody just asked for) against a loopback stand-in of its platform,
answering as the platform documents: where it goes, and what a refusal means."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.channels.config import (
    DingTalkSettings,
    FeishuSettings,
    SlackSettings,
    WeChatSettings,
    WeComSettings,
)
from bot.channels.dingtalk import DingTalkAdapter
from bot.channels.feishu import FeishuAdapter
from bot.channels.slack import SlackAdapter
from bot.channels.wechat import WeChatAdapter
from bot.channels.wecom import WeComAdapter
from bot.errors import PlatformError
from tests.support.channels import Captured, PlatformStub, serve_stub

WECOM_AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"


@pytest.fixture
def stub() -> Iterator[PlatformStub]:
    yield from serve_stub()


def test_slack_pushes_to_the_users_direct_messages(stub: PlatformStub) -> None:
    stub.route("POST", r"/api/chat\.postMessage", lambda req: (200, {"ok": True, "ts": "1.2"}, {}))
    adapter = SlackAdapter(
        SlackSettings(signing_secret="s" * 32, bot_token="xoxb-1", api_base=f"{stub.url}/api")
    )
    assert adapter.can_push and adapter.push("T1:U55", "new <records>") is True
    [sent] = stub.calls(r"/api/chat\.postMessage")
    assert sent.json["channel"] == "U55" and sent.json["text"] == "new &lt;records&gt;"


def test_feishu_pushes_a_new_message_to_the_open_id(stub: PlatformStub) -> None:
    token = {"code": 0, "tenant_access_token": "t-1", "expire": 7200}
    stub.route("POST", r"/open-apis/auth/v3/tenant_access_token/internal", lambda req: (200, token, {}))
    stub.route("POST", r"/open-apis/im/v1/messages", lambda req: (200, {"code": 0, "data": {}}, {}))
    settings = FeishuSettings(
        verification_token="v" * 16,
        encrypt_key="e" * 16,
        app_id="cli_1",
        app_secret="s" * 16,
        api_base=stub.url,
    )
    assert FeishuAdapter(settings).push("ou_abc", "新成果") is True
    [sent] = stub.calls(r"/open-apis/im/v1/messages")
    assert sent.query == {"receive_id_type": "open_id"} and sent.headers["authorization"] == "Bearer t-1"
    assert sent.json["receive_id"] == "ou_abc" and json.loads(sent.json["content"]) == {"text": "新成果"}


def test_wechat_outside_the_48_hours_is_not_sent(stub: PlatformStub) -> None:
    token = {"access_token": "AT", "expires_in": 7200}
    stub.route("POST", r"/cgi-bin/stable_token", lambda req: (200, token, {}))
    refused = {"errcode": 45015, "errmsg": "response out of time limit or subscription is canceled"}
    stub.route("POST", r"/cgi-bin/message/custom/send", lambda req: (200, refused, {}))
    adapter = WeChatAdapter(
        WeChatSettings(token="t" * 16, app_id="wx1", app_secret="s" * 16, api_base=stub.url)
    )
    assert adapter.push("o-user", "新成果") is False
    [sent] = stub.calls(r"/cgi-bin/message/custom/send")
    assert sent.json["touser"] == "o-user" and sent.json["text"] == {"content": "新成果"}


def test_wecom_pushes_only_with_its_message_api(stub: PlatformStub) -> None:
    stub.route("GET", r"/cgi-bin/gettoken", lambda req: (200, {"errcode": 0, "access_token": "AT"}, {}))
    stub.route("POST", r"/cgi-bin/message/send", lambda req: (200, {"errcode": 0, "errmsg": "ok"}, {}))
    base = {"token": "t" * 16, "encoding_aes_key": WECOM_AES_KEY, "corp_id": "ww1", "api_base": stub.url}
    passive = WeComAdapter(WeComSettings(**base))  # type: ignore[arg-type]
    assert not passive.can_push
    with pytest.raises(NotImplementedError):
        passive.push("li", "x")
    api = WeComAdapter(WeComSettings(**base, secret="s" * 16, agent_id=1000002))  # type: ignore[arg-type]
    assert api.can_push and api.push("li", "新成果") is True
    [sent] = stub.calls(r"/cgi-bin/message/send")
    assert sent.json["touser"] == "li" and sent.json["agentid"] == 1000002


def test_dingtalk_robots_push_only_with_an_app_key_and_robot_code(stub: PlatformStub) -> None:
    assert not DingTalkAdapter(DingTalkSettings(app_secret="s" * 16)).can_push
    with pytest.raises(NotImplementedError):
        DingTalkAdapter(DingTalkSettings(app_secret="s" * 16)).push("u1", "x")

    def token(req: Captured) -> tuple[int, Any, dict[str, str]]:
        ok = req.json == {"appKey": "dingkey", "appSecret": "s" * 16}
        return (200, {"accessToken": "DT", "expireIn": 7200}, {}) if ok else (400, {"code": "invalidKey"}, {})

    def batch_send(req: Captured) -> tuple[int, Any, dict[str, str]]:
        if req.headers.get("x-acs-dingtalk-access-token") != "DT":
            return 401, {"code": "InvalidAuthentication", "message": "token"}, {}
        outside = [u for u in req.json["userIds"] if not u.startswith("staff")]
        return 200, {"processQueryKey": "q1", "invalidStaffIdList": outside}, {}

    stub.route("POST", r"/v1\.0/oauth2/accessToken", token)
    stub.route("POST", r"/v1\.0/robot/oToMessages/batchSend", batch_send)
    settings = DingTalkSettings(
        app_secret="s" * 16, app_key="dingkey", robot_code="dingrobot", open_api_base=stub.url
    )
    adapter = DingTalkAdapter(settings)
    assert adapter.can_push and adapter.push("staff-7", "新成果") is True
    [sent] = stub.calls(r"/v1\.0/robot/oToMessages/batchSend")
    assert sent.json["robotCode"] == "dingrobot" and sent.json["userIds"] == ["staff-7"]
    assert json.loads(sent.json["msgParam"]) == {"content": "新成果"} and sent.json["msgKey"] == "sampleText"
    with pytest.raises(PlatformError):  # an outside user's id: DingTalk lists it as invalid
        adapter.push("$:LWCP_v1:$abc", "x")
