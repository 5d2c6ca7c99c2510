"""The terms a record must hold to be quoted as evidence: the question's topic, not where it is asked
about. The province is in nearly every record, so a record that shares only "辽宁" with the question
("how much reward money did Liaoning pay out?") does not answer it."""

from __future__ import annotations

import pytest

from bot.services import Services


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("2025年辽宁省发放了多少专利奖励", "奖励"),
        ("how much subsidy did Liaoning province pay for patents last year?", "subsidy"),
    ],
)
def test_the_province_is_where_not_what(shared_corpus_services: Services, question: str, topic: str) -> None:
    terms = shared_corpus_services.chat.answers.concept_terms(question)
    assert topic in terms
    assert not {"辽宁", "辽宁省", "liaoning", "province"} & set(terms)
