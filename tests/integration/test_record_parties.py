"""Follow-ups about the technology in focus: who it was done with, where it runs, how it rates, which the
listing states or does not; and a record named by its owner's initials or short form, or by another of
the same owner's titles (the shipped corpus)."""

from __future__ import annotations

from bot.services import Services


def test_who_it_was_applied_with_is_stated_its_name_is_not(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "record-parties-bearing"
    chat.answer("wind turbine slewing bearings?", session_id=session)
    size = chat.answer("largest bearing size", session_id=session)
    assert size.answered and "6 m" in size.answer
    applied = chat.answer("who did they apply it with", session_id=session)
    assert applied.answered and "Wafangdian" in applied.answer
    name = chat.answer("whats the name of the Wafangdian bearing maker", session_id=session)
    assert not name.answered


def test_a_partner_the_record_does_not_name_is_declined(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "record-parties-mcu"
    chat.answer("any domestic MCU chip for motor control?", session_id=session)
    temperature = chat.answer("operating temp range", session_id=session)
    assert temperature.answered and "-40" in temperature.answer and "125" in temperature.answer
    assert not chat.answer("which foundry did they use", session_id=session).answered


def test_the_lead_and_the_enterprise_asked_of_an_institute_s_record(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "record-parties-blades"
    chat.answer("金属所单晶叶片持久寿命多少", session_id=session)
    assert not chat.answer("跟哪家航发企业合作过", session_id=session).answered
    assert not chat.answer("负责这个项目的老师叫啥", session_id=session).answered


def test_a_fire_rating_and_where_it_was_demonstrated(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "record-parties-cement"
    chat.answer("the magnesium sulphate cement from Shenyang Jianzhu - strength?", session_id=session)
    fire = chat.answer("fire rating", session_id=session)
    assert fire.answered and "A1" in fire.answer
    chat.answer("any deep-sea fish farming cages?", session_id=session)
    where = chat.answer("where was it demonstrated", session_id=session)
    assert where.answered and "黄海" in where.answer


def test_a_record_named_by_initials_and_another_of_its_owner(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    robot = chat.answer("whats the welding robot from SUT like")
    assert [c.doc_id for c in robot.citations] == ["ach-welding-robot-seam-tracking"]
    listed = chat.answer("SIA有哪些成果")
    assert "ach-vision-bin-picking-robot" in [c.doc_id for c in listed.citations]
    short = chat.answer("沈自所有啥成果")
    assert "ach-vision-bin-picking-robot" in [c.doc_id for c in short.citations]
    session = "record-parties-owner"
    chat.answer("振动筛那个处理能力多少", session_id=session)
    other = chat.answer("他们家那个储热装置效率多少", session_id=session)
    assert other.answered and "90%" in other.answer
