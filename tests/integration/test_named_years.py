"""A year the message names is the record's: "2025年沈阳办的成果对接会" is not the 2018 meeting."""

from __future__ import annotations

from bot.services import Services


def test_a_named_year_picks_the_record_or_none(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    other_year = chat.answer("2025年沈阳办的成果对接会在哪开的")
    assert not other_year.answered and "2018" not in other_year.answer
    same_year = chat.answer("2018年沈阳那个会在哪开的")
    assert same_year.answered and "2018-05-28" in same_year.answer
