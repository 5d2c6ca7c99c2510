"""Who a person the shipped news name is, asked in either language and script."""

from __future__ import annotations

import pytest

from bot.services import Services


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Zang Ximin是哪个大学的副校长", "Shenyang University of Technology"),
        ("陈东升是谁", "Liaoning Provincial Science and Technology Innovation Service Center"),
        ("kainer used to be president of what", "International Magnesium Association"),
        # "his role", "X's position": the post asked in other words
        ("Karl Ulrich Kainer - what was his role?", "German National Magnesium Center"),
        ("what is Yu Yajun's position", "Die Casting Branch of China Foundry Association"),
    ],
)
def test_the_role_the_news_give_a_person(
    shared_corpus_services: Services, message: str, expected: str
) -> None:
    reply = shared_corpus_services.chat.answer(message)
    assert reply.answered and expected in reply.answer.splitlines()[0]
    assert reply.citations[0].kind == "news"


def test_a_person_the_news_do_not_name_is_not_answered_with_another(shared_corpus_services: Services) -> None:
    people = shared_corpus_services.chat.people
    assert people.answer("who is Wang Dalong?", "en") is None  # no such person in the news
    assert people.answer("Zang Ximin presented what?", "en") is None  # a person named, no role asked
    assert people.answer("who is the director of the service center?", "en") is None  # a role, no name


def test_he_is_the_person_the_conversation_is_about(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    first = chat.answer("who is chen dongsheng", session_id="person-1")
    assert "Chen Dongsheng" in first.answer
    again = chat.answer("他是哪个单位的", session_id="person-1")
    assert again.answered and "Science and Technology Innovation Service Center" in again.answer
    # a message that names its own person is read as it stands
    people = chat.people
    assert people.meant("what did Pan Fusheng say", "Chen Dongsheng") is None
    assert people.meant("which university is he at", "Zang Ximin") == "which university is Zang Ximin at"
    assert people.meant("他们是谁", "Zang Ximin") is None  # "they", not one person


def test_an_organisation_no_role_names_is_not_stated(shared_corpus_services: Services) -> None:
    """ "潘复生是哪个大学的教授": the news give his academy and societies, no university; his roles are
    shown, and the answer counts as none."""
    chat = shared_corpus_services.chat
    reply = chat.answer("潘复生是哪个大学的教授")
    assert not reply.answered and "Academician" in reply.answer and "大学" in reply.answer.splitlines()[0]
    shin = chat.answer("which university is kwang seon shin at")
    assert shin.answered and "Seoul National University" in shin.answer
