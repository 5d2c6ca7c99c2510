"""A question asking a value the knowledge base does not state (a yield, a unit price, a power) is
declined, saying what is missing and quoting the nearest it holds; asked of a value it states, answered
(bot/chat/value_types.py through the chat service)."""

from __future__ import annotations

from bot.services import Services


def test_a_value_the_record_does_not_state_is_declined(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("盘锦那家精细化工企业，硝化现在收率多少？")
    assert not reply.answered and "没有写明比例" in reply.answer
    stated = shared_corpus_services.chat.answer("盘锦辽河精细化工硝化需求的年产能多少")
    assert stated.answered and "5000吨" in stated.answer


def test_a_total_budget_does_not_answer_a_unit_price(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("液流电池储能电站每度电成本多少钱")
    assert not reply.answered and "没有写明单价" in reply.answer


def test_news_that_names_the_reactor_state_no_power(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("玲龙一号反应堆的功率有多大")
    assert not reply.answered and "没有写明功率" in reply.answer


def test_the_sum_a_question_gives_is_not_its_answer(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("朝阳北疆那个6000万的储能项目里，电堆部分花多少钱")
    assert not reply.answered and "没有写明金额" in reply.answer
