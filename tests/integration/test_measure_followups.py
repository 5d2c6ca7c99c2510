"""A follow-up that asks a measure of the technology in focus by what it measures, not by its words:
answered with the sentence that states the figure, in the record's language; declined where none does."""

from __future__ import annotations

from bot.services import Services


def test_a_measure_asked_of_the_record_in_focus(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "measure-follow-up-sodium"
    chat.answer("looking for a sodium ion cathode material", session_id=session)
    reply = chat.answer("cycle life?", session_id=session)
    assert reply.answered and "3,000 cycles" in reply.answer
    assert [c.doc_id for c in reply.citations] == ["ach-sodium-ion-cathode"]


def test_a_measure_asked_across_languages(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "measure-follow-up-bms"
    chat.answer("battery management system tech for EVs?", session_id=session)
    reply = chat.answer("what temperature range", session_id=session)
    assert reply.answered and "-30 °C" in reply.answer and "55 °C" in reply.answer


def test_a_named_record_s_measure_is_its_figure_not_a_sentence_sharing_a_word(
    shared_corpus_services: Services,
) -> None:
    # "反应" is in the hold-up sentence ("reactor") too; the time asked is in the "60 seconds" one
    asked = ("沈化工大的微反应硝化 反应时间多久", "microreactor nitration - how long does the reaction take")
    for question in asked:
        reply = shared_corpus_services.chat.answer(question)
        assert reply.answered and "60 seconds" in reply.answer
        assert reply.citations[0].doc_id == "ach-microreactor-continuous-nitration"


def test_a_measure_asked_in_chinese_of_the_english_record_in_focus(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "measure-follow-up-greenhouse"
    chat.answer("有没有冬天不烧煤的温室技术", session_id=session)
    reply = chat.answer("这个温室已经建了多少亩", session_id=session)
    assert reply.answered and "5,000 mu" in reply.answer
    assert [c.doc_id for c in reply.citations] == ["ach-cold-region-solar-greenhouse"]


def test_a_demand_s_requirement_is_its_figure_then_its_counterpart(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "measure-follow-up-thermal-error"
    listed = chat.answer("沈阳有企业在找机床热误差补偿的技术吗", session_id=session)
    assert [c.doc_id for c in listed.citations] == ["dem-shenyang-cnc-thermal-error"]
    required = chat.answer("他们要求补偿后多少", session_id=session)
    assert "10 μm" in required.answer
    other = chat.answer("有对应的成果吗", session_id=session)
    assert "ach-cnc-thermal-error-compensation" in [c.doc_id for c in other.citations]


def test_another_month_after_a_deadline_listing_then_one_by_city(shared_corpus_services: Services) -> None:
    # the tests' clock is 2026-11-22: next month is December (the Dandong greenhouses close on the 31st)
    chat, session = shared_corpus_services.chat, "deadline-follow-up-next-month"
    first = chat.answer("which tech demands close next month", session_id=session)
    assert [c.doc_id for c in first.citations] == ["dem-dandong-winter-greenhouse"]
    listed = chat.answer("what about january 2027", session_id=session)
    assert {c.doc_id for c in listed.citations} >= {"dem-shenyang-cnc-thermal-error"}
    assert all("2027-01" in line for line in listed.answer.splitlines() if "deadline" in line)
    budget = chat.answer("the shenyang one, what's their budget", session_id=session)
    assert "80万" in budget.answer
