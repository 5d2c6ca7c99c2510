"""A year the message names is the record's ("2025年沈阳办的成果对接会" is not the 2018 meeting);
"another one", "a related technology" carry the topic shown."""

from __future__ import annotations

from bot.services import Services


def test_a_named_year_picks_the_record_or_none(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    other_year = chat.answer("2025年沈阳办的成果对接会在哪开的")
    assert not other_year.answered and "2018" not in other_year.answer
    same_year = chat.answer("2018年沈阳那个会在哪开的")
    assert same_year.answered and "2018-05-28" in same_year.answer


def test_another_one_and_a_related_technology_carry_the_topic(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    first = chat.answer("tell me about the magnesite achievement promotion conference in liaoyang")
    more = chat.answer("is there another one coming up", session_id=first.session_id)
    assert more.answered and "2026-12-10" in more.answer  # the upcoming magnesite event
    events = chat.answer("any agriculture events")
    related = chat.answer("is there a related technology for saline soil", session_id=events.session_id)
    lines = related.answer.splitlines()
    assert related.answered and "耐盐碱" in lines[1]  # the nearest to the message first
