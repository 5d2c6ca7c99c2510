"""An amount of money asked is answered by a sum, not by a sentence that holds only other numbers
(bot/chat/amounts.py)."""

from __future__ import annotations

import pytest

from bot.chat.amounts import amount_missing

REACTOR = "The province delivered the core module of the Linglong No. 1 reactor to Dalian Nuclear Power."
INVESTED = "These projects alone account for a total investment of 1.08 billion yuan."


@pytest.mark.parametrize(
    ("question", "texts", "missing"),
    [
        ("how much did the Linglong reactor cost according to the 2023 report", [REACTOR], True),
        ("镁峰会上签约金额多少", ["More than 400 experts gathered."], True),
        ("预研项目总投资多少", [REACTOR, INVESTED], False),
        ("制氢成本多少", ["制氢成本约1.2元/Nm³。"], False),
        ("what was the total investment?", ["deals worth 10.8 billion were signed"], False),
        # how a price is set, or no money asked: nothing to hold
        ("国家设立的高校转让成果 价格怎么定", [REACTOR], False),
        ("how many experts came?", ["More than 400 experts gathered."], False),
    ],
)
def test_an_amount_asked(question: str, texts: list[str], missing: bool) -> None:
    assert amount_missing(question, texts) is missing
