"""An event's dates answer when it is ("啥时候") and how long it runs ("开几天", "how long is it"); a count
of people ("几个人") counts people, not "个人"."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.conversation.attributes import asked_attributes, attributes_answer
from bot.conversation.event_answer_types import counted_words
from retrieval.catalog import RecordView
from retrieval.types import Chunk

TODAY = dt.date(2026, 12, 6)


def _forum(start: str, end: str) -> RecordView:
    meta = {"start_date": start, "end_date": end, "city": "liaoyang"}
    return RecordView(Chunk("ev-1#0", "ev-1", 0, "x", "event", "Magnesium Forum", "en", meta=meta))


@pytest.mark.parametrize(
    "question", ["大连集成电路对接会啥时候", "辽阳那个论坛开几天", "how long is it", "何时举办"]
)
def test_when_and_how_long_are_the_dates(question: str) -> None:
    assert asked_attributes(question, "event") == ["date"]


def test_the_dates_say_how_many_days_they_span() -> None:
    two = _forum("2027-08-26", "2027-08-27")
    assert "2027-08-26 – 2027-08-27 (2 days)" in attributes_answer(two, ["date"], "en", TODAY)
    assert "共 2 天" in attributes_answer(two, ["date"], "zh", TODAY)
    one = _forum("2027-04-22", "2027-04-22")  # "how long is it": held on one day
    assert attributes_answer(one, ["date"], "en", TODAY).endswith("2027-04-22 (one day).")
    assert "为期一天" in attributes_answer(one, ["date"], "zh", TODAY)


def test_a_count_of_people_counts_people() -> None:
    assert counted_words("一家企业能去几个人") == ["人"]
    assert counted_words("来了多少家企业") == ["企业"]


def test_buying_outright_asks_how_it_is_transferred() -> None:
    assert asked_attributes("can it be bought outright", "achievement") == ["transfer_modes"]
    assert asked_attributes("这个能买断吗", "achievement") == ["transfer_modes"]
