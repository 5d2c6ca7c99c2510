"""A record named with two questions typed in one message, an attribute and a detail ("甲醇选择性多少
谁家的"): both answered, the owner from the listing and the figure from the record's sentence."""

from __future__ import annotations

import pytest

from bot.services import Services


@pytest.mark.parametrize(
    ("question", "doc_id", "owner", "figure"),
    [
        ("二氧化碳加氢制甲醇那个 甲醇选择性多少 谁家的", "ach-co2-to-methanol", "Dalian Institute", "90%"),
        ("船舶智能避碰 建议正确率多少 哪个学校", "ach-ship-collision-avoidance", "Dalian Maritime", "97%"),
    ],
)
def test_both_questions_answered(
    shared_corpus_services: Services, question: str, doc_id: str, owner: str, figure: str
) -> None:
    reply = shared_corpus_services.chat.answer(question)
    assert reply.answered and owner in reply.answer and figure in reply.answer
    assert reply.citations[0].doc_id == doc_id
