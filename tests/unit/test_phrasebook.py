"""The phrasebook: every phrase in both languages with the same placeholders, and loud failures."""

from __future__ import annotations

import string

import pytest

from bot.phrasebook import PHRASES, phrase


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(PHRASES))
def test_every_phrase_has_both_languages_with_the_same_placeholders(key: str) -> None:
    texts = PHRASES[key]
    assert set(texts) == {"zh", "en"}
    assert all(texts[lang].strip() for lang in ("zh", "en"))
    assert _placeholders(texts["zh"]) == _placeholders(texts["en"])


def test_phrase_picks_the_language_and_fills_the_placeholders() -> None:
    assert phrase("more", "zh", n=3) == "……另有 3 条未列出。"
    assert phrase("more", "en", n=3) == "... and 3 more."
    assert phrase("more", "fr", n=3) == "... and 3 more."  # anything but Chinese is answered in English


def test_capitalising_conversion() -> None:
    assert phrase("events_head", "en", scope="upcoming matchmaking events", n=2) == (
        "Upcoming matchmaking events (2):"
    )
    assert phrase("events_head", "zh", scope="即将举办的对接活动", n=2) == "即将举办的对接活动（共 2 场）："


def test_a_missing_key_fails_loudly() -> None:
    with pytest.raises(KeyError, match="no phrase 'refusall'"):
        phrase("refusall", "en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_missing_value_fails_loudly(lang: str) -> None:
    with pytest.raises(KeyError, match=r"phrase 'more' \(" + lang + r"\) needs a value for \{n\}"):
        phrase("more", lang)
