"""Listings asked in everyday words: what ties a topic to the ask ("跟……有关"), a turn of the conversation
("换个话题"), where the user is ("around here"), what the user would like the thing to be ("cheap") and a
TRL said with a verb ("TRL是9级") are no topics a listing must hold; "IC" names the chip field; the best of
a set ("the most mature one") is compared over the set, not read off the one record whose title shares
the topic. The phrasings were written for these tests."""

from __future__ import annotations

import pytest

from bot.services import Services


@pytest.mark.parametrize(
    ("question", "noise"),
    [
        ("有没有和电熔镁砂节能有关的技术", {"有关"}),
        ("换个话题，有没有海水淡化的技术", {"话题", "换个话题"}),
        ("any cheap tech for hydrogen storage around here?", {"cheap", "around", "here"}),
        ("by the way, anything regarding flow batteries?", {"regarding", "way"}),
    ],
)
def test_words_around_the_topic_are_no_concept(
    shared_corpus_services: Services, question: str, noise: set[str]
) -> None:
    terms = shared_corpus_services.chat.answers.concept_terms(question)
    assert terms, question
    assert not noise & set(terms), terms


def test_a_qualifier_does_not_block_the_technology(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer(
        "looking for a cheap way to make fuel-cell grade hydrogen from coke oven gas, any tech?"
    )
    assert reply.answered
    assert "焦炉煤气" in reply.answer


def test_a_trl_said_with_a_verb_lists_that_level(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("成熟度为9级的成果有哪些")
    assert reply.answered
    assert "TRL 9" in reply.answer and "TRL 8" not in reply.answer


def test_ic_names_the_chip_field(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("which IC demands do enterprises have?")
    assert reply.answered
    assert "Integrated circuits" in reply.answer
    assert "Chemicals" not in reply.answer and "Hydrogen energy" not in reply.answer


def test_the_most_mature_of_a_topic_is_compared_over_its_technologies(
    shared_corpus_services: Services,
) -> None:
    reply = shared_corpus_services.chat.answer(
        "we grow vegetables in winter, which greenhouse tech is the most mature one?"
    )
    assert reply.answered
    assert "most mature" in reply.answer and "TRL 9" in reply.answer
    assert "asks for" not in reply.answer  # no demand's wish read as the answer


def test_a_glossary_phrase_is_held_through_its_translation(shared_corpus_services: Services) -> None:
    """ "saline-alkali soil" is one concept: the Chinese rice record holds 盐碱地, no word "saline"."""
    answers = shared_corpus_services.chat.answers
    assert answers.concept_terms("got anything for farming saline-alkali soil?") == ["saline-alkali soil"]
    reply = shared_corpus_services.chat.answer("got anything for farming saline-alkali soil?")
    assert reply.answered and "粳稻" in reply.answer
