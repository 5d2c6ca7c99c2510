"""A conversation about matchmaking events, over the shipped listings: a city's events in date order and
the ordinals over them, an event picked by its field, the way an enterprise pitches its own demand, a
count its listing states, and a name its listing leaves out."""

from __future__ import annotations

from bot.services import Services
from tests.support.dialogues import ask_in_turn

_DALIAN = [
    "event-2027-01-14-dalian-hydrogen-matchmaking",
    "event-2027-06-17-dalian-ic-matchmaking",
    "event-2027-10-21-dalian-marine-engineering",
]


def test_a_city_s_events_in_date_order_then_the_ordinals_over_them(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "events-dalian-in-order"
    # a city and "对接会" name no one event (the city counts beside a title's words, never as one)
    listed = chat.answer("大连明年有什么对接会，按日期排一下", session_id=session)
    assert [c.doc_id for c in listed.citations] == _DALIAN
    last = chat.answer("最后那个在哪开", session_id=session)
    assert "大连海事大学学术交流中心" in last.answer
    second = chat.answer("第二个是谁办的", session_id=session)
    assert "大连理工大学" in second.answer and "2027大连集成电路" in second.answer
    # the one on the marine agenda, of those listed: its listing states no fee (unanswered)
    marine = chat.answer("海洋的那个要收费吗", session_id=session)
    assert not marine.answered and [c.doc_id for c in marine.citations] == [_DALIAN[2]]


def test_a_registration_answer_names_the_event_pointed_at(shared_corpus_services: Services) -> None:
    (_, _), (_, _), (moved, ok) = ask_in_turn(
        shared_corpus_services,
        "upcoming matchmaking events?",
        "deadline of the first one?",
        "and the next one?",
    )
    # "the next one" names no event: the answer says which, with its date
    assert ok and "Dalian Hydrogen" in moved and "2027-01-14" in moved and "2027-01-07" in moved


def test_how_an_enterprise_pitches_its_own_demand_at_the_event(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "events-pitch"
    chat.answer("大连氢能对接会在哪开", session_id=session)
    pitched = chat.answer("我们想在会上路演一下自己的技术需求，怎么弄", session_id=session)
    assert pitched.answered and "h2-match@example.org.cn" in pitched.answer
    said = shared_corpus_services.chat.answer("沈阳智能制造对接会 怎么提交我们的技术需求")
    assert said.answered and "企业可提前提交技术需求" in said.answer
    # a listing that says nothing of it: said so, with how to register (unanswered, kept for staff)
    silent = shared_corpus_services.chat.answer(
        "how can we pitch our own technical demand at the Yingkou roadshow"
    )
    assert not silent.answered and "roadshow@example.org.cn" in silent.answer


def test_a_count_its_listing_states_before_the_number(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("大连集成电路对接会会发布多少项成果")
    assert reply.answered and "约35项" in reply.answer


def test_a_name_the_listing_leaves_out_is_not_stated(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "events-unnamed"
    chat.answer("阜新绿色矿山对接会什么时候", session_id=session)
    reply = chat.answer("去参观的那个矿区叫什么名字", session_id=session)
    assert not reply.answered and "restored mine area" in reply.answer


def test_how_many_one_company_may_bring(shared_corpus_services: Services) -> None:
    """What no listing's fields hold is answered where the event's text states it ("每家企业限报3人"), and
    said not to be stated where it does not ("can i bring a colleague" was refused)."""
    chat = shared_corpus_services.chat
    stated = chat.answer("liaoyang magnesite matchmaking - how many people per company can go")
    assert stated.answered and "3人" in stated.answer
    answers = ask_in_turn(
        shared_corpus_services, "whats the hydrogen conference in dalian about", "can i bring a colleague"
    )
    bring, answered = answers[-1]
    assert not answered and "does not state how many people one company may bring" in bring
