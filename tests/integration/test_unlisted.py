"""What no listing carries, asked of one record however the question reaches it: said not to be stated."""

from __future__ import annotations

from bot.services import Services


def test_a_price_asked_of_the_one_technology_listed_is_not_stated(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("辽宁科技大学的镁碳砖技术卖多少钱")
    assert not reply.answered and "没有写明价格" in reply.answer
    assert [c.doc_id for c in reply.citations] == ["ach-recycled-magnesia-carbon-refractory"]
    # a budget named outright is a demand's, answered as such
    budget = shared_corpus_services.chat.answer("盘锦辽河精细化工硝化改造预算多少钱")
    assert budget.answered and "800万元" in budget.answer


def test_who_bought_or_licensed_a_technology_is_not_stated(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("大化所的液流电池技术卖给了谁")
    assert not reply.answered and "没有写明买方" in reply.answer
    licensed = shared_corpus_services.chat.answer("which firms have licensed the DMTO catalyst technology?")
    assert not licensed.answered and "does not state who bought" in licensed.answer
