"""Listings, counts and events as people ask for them: a university by its short name, a count narrowed
by a follow-up over all it counted, an institution's contact, a topic with a bare "anything?", the event to
come named alike to a past one, the event after the one in focus, and registering for an event shown."""

from __future__ import annotations

from bot.services import Services


def test_a_university_by_its_short_name_is_counted_and_listed(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    assert "8 项" in chat.answer("大工一共有多少项成果").answer
    for question in ("list NEU's technologies pls", "东大有哪些成果"):
        listed = chat.answer(question)
        owners = {chat.catalog.record(c.kind, c.doc_id).owner for c in listed.citations}  # type: ignore[union-attr]
        assert len(listed.citations) == 7 and owners == {"Northeastern University", "东北大学"}


def test_a_follow_up_narrows_all_that_was_counted(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "listings-narrow-count"
    counted = chat.answer("镁材料方面一共几项成果", session_id=session)
    assert "8 项" in counted.answer and len(counted.citations) < 8  # five shown of eight
    narrowed = chat.answer("其中沈阳的有几个", session_id=session)
    assert "8 项中，沈阳的有 4 项" in narrowed.answer and len(narrowed.citations) == 4


def test_a_follow_up_narrows_by_transfer_mode(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "listings-narrow-equity"
    listed = chat.answer("大工的成果怎么联系", session_id=session)
    assert "tto-dut@example.edu.cn" in listed.answer.split("\n")[0]  # the contact its listings share
    equity = chat.answer("其中有几个能作价入股", session_id=session)
    assert "可作价入股的有 3 项" in equity.answer


def test_a_topic_with_a_bare_ask_shows_the_record_that_fits(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("EV drive motor tech?")
    assert reply.answered and "does not state" not in reply.answer
    assert "沈阳工业大学" in reply.answer


def test_the_event_to_come_is_meant_where_a_past_one_is_named_alike(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    when = chat.answer("菱镁对接会哪天开")
    assert "2026-12-10" in when.answer and "2024" not in when.answer
    assert "3人" in chat.answer("菱镁对接会一家企业能去几个人").answer
    assert "2024-12-03" in chat.answer("2024年菱镁推介会在哪开的").answer  # a year named: that one


def test_the_event_after_the_one_in_focus(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "events-one-after"
    listed = chat.answer("what's the next matchmaking event", session_id=session)
    second = listed.citations[1].doc_id
    after = chat.answer("and the one after that?", session_id=session)
    assert [c.doc_id for c in after.citations] == [second]
    assert "days)" in chat.answer("how long is it", session_id=session).answer


def test_registering_for_the_event_shown_is_no_need_to_capture(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "events-register-mail"
    chat.answer("list upcoming magnesium events", session_id=session)
    chat.answer("the earliest one - where is it", session_id=session)
    reply = chat.answer("email to register", session_id=session)
    assert "Describe your need first" not in reply.answer and "@example.org.cn" in reply.answer


def test_an_institute_named_by_the_glossary_s_english_name(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "listings-computing-institute"
    assert "institute of computing technology" in chat.catalog.institutions()
    asked = "whats the cnc system from shenyang institute of computing technology"
    found = chat.answer(asked, session_id=session)
    assert found.answered and "中国科学院沈阳计算技术研究所" in found.answer
    assert "sale" in chat.answer("can it be bought outright", session_id=session).answer


def test_what_the_event_in_focus_will_present(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "events-at-the-event"
    chat.answer("大连氢能对接会是谁主办的", session_id=session)
    assert "25 enterprise demands" in chat.answer("会上会发布多少项企业需求", session_id=session).answer


def test_who_has_the_technology_a_demand_asks_for(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "demands-who-has-it"
    wanted = chat.answer("盘锦那家化工企业要什么技术", session_id=session)
    assert [c.kind for c in wanted.citations] == ["demand"]
    offered = chat.answer("谁有这技术", session_id=session)
    assert offered.citations and all(c.kind == "achievement" for c in offered.citations)


def test_what_no_listing_states_of_the_best_of_several(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("东大钠离子正极的专利号是多少")
    assert not reply.answered and "没有写明专利号" in reply.answer
    assert [c.doc_id for c in reply.citations] == ["ach-sodium-ion-cathode"]


def test_a_record_s_specs_are_the_record_in_full(shared_corpus_services: Services) -> None:
    asked = "steel structure company in anshan needs welding robots - what are their specs"
    reply = shared_corpus_services.chat.answer(asked)
    assert reply.answered and "does not state" not in reply.answer and "±0.5 mm" in reply.answer
