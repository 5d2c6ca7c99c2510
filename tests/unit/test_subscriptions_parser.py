"""Subscription, list, cancel and link requests read from plain words (bot/conversation/subscribe.py).

The phrasings were written before the parser was tuned; the lookalikes are questions that share its
words (new, notify, 订阅, 通知, register) but ask something else and must not become a subscription.
"""

from __future__ import annotations

import pytest

from bot.conversation.subscribe import AccountRequest, parse_request

INSTITUTIONS = ["大连理工大学", "Dalian University of Technology", "中国科学院大连化学物理研究所"]


def parse(text: str) -> AccountRequest | None:
    return parse_request(text, INSTITUTIONS)


@pytest.mark.parametrize(
    ("text", "kinds", "criteria"),
    [
        ("有新的氢能成果请通知我", ("achievement",), {"field": "hydrogen_energy"}),
        ("notify me about new events in Dalian", ("event",), {"city": "dalian"}),
        (
            "tell me when hydrogen energy technologies are listed",
            ("achievement",),
            {"field": "hydrogen_energy"},
        ),
        ("订阅大连的对接会信息", ("event",), {"city": "dalian"}),
        ("以后有新的氢能需求推送给我", ("demand",), {"field": "hydrogen_energy"}),
        ("keep me posted on new demands in magnesium", ("demand",), {"field": "magnesium_materials"}),
        ("有大连理工大学的新成果时提醒我", ("achievement",), {"institution": "大连理工大学"}),
        (
            "Subscribe me to new technologies from Dalian University of Technology",
            ("achievement",),
            {"institution": "Dalian University of Technology"},
        ),
        ("有关于石墨烯的新成果请通知我", ("achievement",), {"terms": ["石墨烯"]}),
        (
            "notify me about new achievements on graphene coatings",
            ("achievement",),
            {"terms": ["graphene", "coatings"]},
        ),
        ("let me know when new matchmaking events are announced", ("event",), {}),
        (
            "沈阳有新的储能成果和需求时通知我",
            ("achievement", "demand"),
            {"field": "energy_storage", "city": "shenyang"},
        ),
    ],
)
def test_subscriptions_in_plain_words(text: str, kinds: tuple[str, ...], criteria: dict[str, object]) -> None:
    request = parse(text)
    assert request is not None and request.action == "subscribe", text
    assert request.kinds == kinds
    assert request.criteria == criteria


# A second batch, added after the parser met evals/routing's subscribe utterances (25; 5 were missed):
# the ways of asking that batch showed, each in a new phrasing here.
@pytest.mark.parametrize(
    ("text", "criteria"),
    [
        ("有新的储能技术上架时发消息给我", {"field": "energy_storage"}),
        ("sign me up for updates on hydrogen", {"field": "hydrogen_energy"}),
        ("I want alerts for new biomedicine technologies", {"field": "biomedicine"}),
        ("follow new robot listings for me", {"field": "industrial_robots"}),
        ("有新的路演活动麻烦提醒我一下", {}),
    ],
)
def test_more_ways_of_asking(text: str, criteria: dict[str, object]) -> None:
    request = parse(text)
    assert request is not None and request.action == "subscribe", text
    assert request.criteria == criteria


@pytest.mark.parametrize("text", ["turn off the alerts", "mute these notifications"])
def test_more_ways_of_stopping(text: str) -> None:
    request = parse(text)
    assert request is not None and (request.action, request.which) == ("cancel", "all")


@pytest.mark.parametrize("text", ["我的订阅", "my subscriptions", "What am I subscribed to?", "查看我的订阅"])
def test_listing_subscriptions(text: str) -> None:
    request = parse(text)
    assert request is not None and request.action == "list"


@pytest.mark.parametrize(
    ("text", "which", "criteria"),
    [
        ("取消订阅", "all", {}),
        ("unsubscribe all", "all", {}),
        ("stop the notifications, please", "all", {}),
        ("以后别再给我推送消息了", "all", {}),
        ("cancel the hydrogen subscription", "some", {"field": "hydrogen_energy"}),
        ("取消大连活动的订阅", "some", {"city": "dalian"}),
        ("取消第2个订阅", "2", {}),
        ("unsubscribe 1", "1", {}),
    ],
)
def test_cancelling(text: str, which: str, criteria: dict[str, object]) -> None:
    request = parse(text)
    assert request is not None and request.action == "cancel", text
    assert request.which == which
    assert request.criteria == criteria


@pytest.mark.parametrize(
    ("text", "action", "code"),
    [
        ("link my account", "link", None),
        ("绑定账号", "link", None),
        ("link 12345678", "redeem", "12345678"),
        ("绑定 04718265", "redeem", "04718265"),
        ("绑定：04718265", "redeem", "04718265"),
    ],
)
def test_linking(text: str, action: str, code: str | None) -> None:
    request = parse(text)
    assert request is not None and request.action == action
    assert request.code == code


@pytest.mark.parametrize(
    "text",
    [
        "有哪些氢能成果？",
        "what events are in Dalian next month?",
        "tell me about hydrogen technologies",
        "告诉我有哪些新的储能需求",
        "请通知企业参加活动的流程是什么？",
        "how do I register for the Dalian matchmaking fair?",
        "when is the hydrogen energy forum?",
        "订阅制服务在成果转化中有什么作用？",
        "list the new achievements in Shenyang",
        "我们企业需要氢能技术",
        "what is the link between patents and licensing?",
    ],
)
def test_lookalikes_are_not_account_requests(text: str) -> None:
    assert parse(text) is None, text
