"""Asking to register, and the record a follow-up points at after a need is matched, with the shipped
corpus on the evaluation's clock (2026-12-06: the Liaoyang magnesite event's registration closed on
2026-12-05)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat.intents import plan_question
from bot.chat.service import ChatService
from bot.conversation.event_answer_types import answer_type
from bot.evaluation.conversations import CLOCK
from bot.services import Services


@pytest.fixture(scope="module")
def chat(shared_corpus_services: Services) -> ChatService:
    shared = shared_corpus_services
    run = Services(shared.settings, embedder=shared.embedder, clock=lambda: CLOCK)
    run.__dict__["store"] = shared_corpus_services.store
    run.__dict__["searcher"] = shared_corpus_services.searcher
    return run.chat


def test_registering_names_the_event_to_come_and_its_closed_deadline(chat: ChatService) -> None:
    # the 2024 conference of that name is past: the one to register for is December 2026's
    reply = chat.answer("我想报名参加辽阳那个菱镁对接会")
    assert "2026辽宁菱镁产业科技成果转化对接会" in reply.answer
    assert "报名已于 2026-12-05 截止（1 天前）" in reply.answer


def test_sign_up_is_registering_not_a_signing(chat: ChatService) -> None:
    assert answer_type("how do I sign up for the yingkou roadshow").kind is None
    assert answer_type("what was signed at the summit").kind == "signed"
    reply = chat.answer("how do I sign up for the yingkou roadshow")
    assert reply.answered and "2027-04-15" in reply.answer


def test_after_a_match_it_is_the_best_match(chat: ChatService) -> None:
    """A need's words ("a chemical company in Panjin") name the Panjin chemicals event listed below the
    matches; "who developed it?" still asks of the first technology."""
    first = chat.answer("I'm from a chemical company in Panjin, we want to make our nitration process safer")
    assert first.answer.splitlines()[1].startswith("1. Continuous-flow microreactor nitration")
    who = chat.answer("who developed it", session_id=first.session_id)
    assert "Shenyang University of Chemical Technology" in who.answer


def test_a_fields_demands_are_demands() -> None:
    plan = plan_question("有没有新能源汽车方面的需求", dt.date(2026, 12, 6))
    assert plan.intent == "demands"
