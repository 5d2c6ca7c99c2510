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


def test_a_compound_is_the_concept_not_its_pieces(shared_corpus_services: Services) -> None:
    # jieba's search cut gives 碳化 and 化硅 too: a record about carbonisation must not hold half of it
    assert shared_corpus_services.chat.answers.concept_terms("有关于碳化硅的成果吗") == ["碳化硅"]


def test_a_concept_listing_holds_every_record_of_the_concept(shared_corpus_services: Services) -> None:
    """ "有关于碳化硅的成果吗" is a listing without a slot: both silicon-carbide technologies, the English one
    and the Chinese one the wording ranks low, and none that only holds "sic" inside "basic"."""
    reply = shared_corpus_services.chat.answer("有关于碳化硅的成果吗")
    assert reply.answered
    assert "8-inch silicon carbide" in reply.answer and "MOSFET" in reply.answer
    assert "magnesium sulphate cement" not in reply.answer


def test_an_unlisted_university_has_no_listings(shared_corpus_services: Services) -> None:
    # "清华大学" translates to "university", which every university's record holds: no concept match
    reply = shared_corpus_services.chat.answer("清华大学有什么成果在你们这挂着")
    assert not reply.answered


def test_a_university_listed_in_english_named_in_chinese(shared_corpus_services: Services) -> None:
    """ "沈阳化工大学有什么技术": listed as "Shenyang University of Chemical Technology" only, the glossary
    pairs the names; all three of its technologies, not its one in the chemicals field its name holds."""
    chat = shared_corpus_services.chat
    reply = chat.answer("沈阳化工大学有什么技术")
    owners = {chat.catalog.record(c.kind, c.doc_id).owner_name for c in reply.citations}  # type: ignore[union-attr]
    assert reply.answered and owners == {"Shenyang University of Chemical Technology"}
    assert len(reply.citations) == 3


def test_a_count_of_our_listings_is_counted_not_read_in_the_news(shared_corpus_services: Services) -> None:
    # "do you have" asks about the listings: an event's text that reads well is no count of them
    asked = "How many achievements do you have in the magnesium materials field?"
    reply = shared_corpus_services.chat.answer(asked)
    assert reply.answer.startswith("The knowledge base lists 8 achievements in Magnesium")


def test_demands_are_listed_by_a_budget_bound(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("预算超过5000万的需求有哪些")
    assert reply.answered and "6000万元" in reply.answer and "1500万元" not in reply.answer


def test_demands_are_listed_by_a_deadline_and_a_period(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    before = chat.answer("which demands close before march 2027")
    assert before.answered and "2027-02-28" in before.answer and "2027-04-30" not in before.answer
    april = chat.answer("demands with a deadline in april 2027")
    assert april.answered and "2027-04-30" in april.answer and "2027-02-28" not in april.answer


def test_a_concept_the_corpus_lacks_is_not_held_through_its_everyday_word(
    shared_corpus_services: Services,
) -> None:
    """ "有没有光刻机相关技术": 光刻机 is a photolithography machine; the corpus has machine tools and no
    photolithography, so no listing matches (the machine tools were listed as if they did)."""
    reply = shared_corpus_services.chat.answer("有没有光刻机相关技术")
    assert not reply.answered and "光刻机" in reply.answer


def test_a_thing_asked_for_by_name_lists_the_records_that_hold_it(shared_corpus_services: Services) -> None:
    """ "有分拣机器人吗", "any bin picking robots": a thing of a field with no word for a listing is a listing
    of the technologies that hold it (an event whose topics name robots was the answer, or none), across
    languages through the glossary's phrase (bin picking / 无序分拣), not every robot of the field."""
    for question in ("有分拣机器人吗", "any bin picking robots"):
        reply = shared_corpus_services.chat.answer(question)
        assert reply.answered, question
        assert [c.doc_id for c in reply.citations] == ["ach-vision-bin-picking-robot"], question
