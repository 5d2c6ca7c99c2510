"""Numbers and amounts as people write them (bot/numbers.py), read by the grounding check and the
superlatives alike."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.numbers import EN_NUMBER, EN_NUMBERS, NUMBER, cn_number, scaled


def _values(text: str) -> list[Decimal]:
    return [number * scale for number, scale in map(scaled, NUMBER.finditer(text))]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,644", Decimal(1644)),
        ("1644", Decimal(1644)),
        ("10.8亿", Decimal(1_080_000_000)),
        ("10.8 billion", Decimal(10_800_000_000)),
        ("1.08 billion", Decimal(1_080_000_000)),
        ("1,080,000,000", Decimal(1_080_000_000)),
        ("300万", Decimal(3_000_000)),
        ("3 million", Decimal(3_000_000)),
        ("2千万", Decimal(20_000_000)),
        ("5百万", Decimal(5_000_000)),
        ("1.2万亿", Decimal(1_200_000_000_000)),
        ("3 trillion", Decimal(3_000_000_000_000)),
        ("2 bn", Decimal(2_000_000_000)),
        ("10.8 hundred million", Decimal(1_080_000_000)),  # 亿 word for word
        ("300 ten thousand", Decimal(3_000_000)),  # 万 word for word
        ("12 Thousand", Decimal(12_000)),
        ("0.55", Decimal("0.55")),
    ],
)
def test_a_number_is_read_with_its_scale_word(text: str, value: Decimal) -> None:
    assert _values(text) == [value]


def test_the_same_amount_written_three_ways_is_one_value() -> None:
    assert _values("10.8亿") == _values("1.08 billion") == _values("1,080,000,000")


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("500千瓦", [Decimal(500)]),  # 千 alone is no scale: kilowatts
        ("5k", [Decimal(5)]),  # nor "k": as often a size as an amount
        ("16,44", [Decimal(16)]),  # not grouped by threes; no number begins after a comma or point
        ("v1.2.3", [Decimal("1.2")]),
        ("3 bnx", [Decimal(3)]),  # a scale word is a whole word
        ("no number", []),
    ],
)
def test_what_is_no_scale_or_no_one_number(text: str, values: list[Decimal]) -> None:
    assert _values(text) == values


def test_the_match_keeps_the_number_and_its_scale_apart() -> None:
    match = NUMBER.search("约1,080.5 万元")
    assert match is not None and match.group().strip() == "1,080.5 万"
    assert scaled(match) == (Decimal("1080.5"), 10_000)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("四十五", 45),
        ("十", 10),
        ("十二", 12),
        ("二〇二四", 2024),
        ("两千", 2000),
        ("一百零五", 105),
        ("三万", 30_000),
        ("一亿二千万", 120_000_000),
        ("十四五", None),  # a plan's name, no one number
        ("", None),
    ],
)
def test_chinese_numerals(text: str, value: int | None) -> None:
    assert cn_number(text) == value


def test_english_number_words() -> None:
    found = [EN_NUMBERS[m.group().lower()] for m in EN_NUMBER.finditer("Twelve firms, the third of them")]
    assert found == [12, 3]
    assert EN_NUMBER.search("someone") is None  # inside a word
