"""What the listings never hold, asked of a record, its owner or an event they name, on the shipped
corpus: the answer says it is not stated (answered false) instead of quoting a sentence that shares a word,
and what the listings do hold is still answered."""

from __future__ import annotations

import pytest

from bot.services import Services


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # an organisation named in pinyin, whose listing is Chinese
        ("What's the annual revenue of Dalian Lanhai Hydrogen Equipment?", "does not state details of the"),
        # an upcoming event: a count its listing does not give
        ("大连集成电路对接会预计有多少家企业参加", "尚未举办"),
        # an event named in a city where there is none of its kind
        ("When is the 2027 Shenyang hydrogen energy matchmaking conference?", "no such event in Shenyang"),
        # a record found by the passages, asked what no listing holds
        ("what's the warranty period on the DUT five-axis machining centre", "does not state a warranty"),
        ("What's the name of the person to contact at Shenyang University of Technology about the MgH2 tank?",
         "does not state a contact person's name"),
    ],
)  # fmt: skip
def test_what_no_listing_holds_is_said_not_to_be_stated(
    shared_corpus_services: Services, question: str, said: str
) -> None:
    reply = shared_corpus_services.chat.answer(question)
    assert not reply.answered, reply.answer
    assert said in reply.answer


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("What does Dalian Lanhai Hydrogen Equipment need? budget?", "1500万元"),
        ("When is the 2027 Dalian hydrogen energy matchmaking conference?", "2027-01-14"),
        ("who do I contact about the SUT MgH2 tank?", "tto-sut@example.edu.cn"),
    ],
)
def test_what_the_listings_hold_is_still_answered(
    shared_corpus_services: Services, question: str, fact: str
) -> None:
    reply = shared_corpus_services.chat.answer(question)
    assert reply.answered and fact in reply.answer, reply.answer
