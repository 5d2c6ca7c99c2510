"""The catalogue asked for with nothing that narrows it ("有什么好技术推荐一下", "what technologies are
listed?"): how many records there are in each field and how to ask for one, not all 63 listed; a listing
narrowed by a place, or a bare "any tech" with a record in focus, is still a listing."""

from __future__ import annotations

from collections import Counter

from bot.services import Services


def test_an_unnarrowed_ask_gets_the_fields_and_their_counts(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    technologies = chat.catalog.technologies()
    fields = Counter(str(r.get("field")) for r in technologies)
    for question in ("有什么好技术推荐一下", "what technologies are listed?"):
        reply = chat.answer(question)
        assert reply.answered and reply.citations == []
        assert str(len(technologies)) in reply.answer and str(len(fields)) in reply.answer
        assert len(reply.answer) < 600  # one paragraph, not the records
    demands = chat.answer("你们有哪些需求")
    assert f"共有 {len(chat.catalog.demands())} 条企业技术需求" in demands.answer
    assert "储能 2" in demands.answer  # each field with its count


def test_a_narrowed_ask_is_still_a_listing(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    listed = chat.answer("大连有哪些成果")
    assert len(listed.citations) > 3 and "分属" not in listed.answer
