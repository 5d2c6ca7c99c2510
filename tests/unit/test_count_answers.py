"""A count asked ("how many ...", "多少名", "几个") is answered by a passage that states a number: digits, a
number word, a Chinese count, an amount in words or an enumeration; "哪几种" asks for kinds, not a count."""

from __future__ import annotations

import pytest

from bot.chat.extractive import asks_count, has_number


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("how many certified technology managers are there in liaoning", True),
        ("辽宁现在一共有多少名技术经理人", True),
        ("辽宁有几个万亿级产业基地", True),
        ("科技成果转化可以有哪几种方式", False),
        ("how much does the DUT machining centre cost", False),
    ],
)
def test_a_count_is_asked(question: str, count: bool) -> None:
    assert asks_count(question) == count


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("the province boasts 638 key laboratories", True),
        ("seven industry experts spoke", True),
        ("集中发布三十余项科技成果", True),
        ("dozens of enterprises attended", True),
        ("（一）自行投资实施转化；（二）向他人转让该科技成果", True),
        ("The province builds a workforce of technology managers and trains them.", False),
    ],
)
def test_a_number_is_stated(text: str, number: bool) -> None:
    assert has_number(text) == number
