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
