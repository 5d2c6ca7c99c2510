"""A follow-up asking what else the owner of the record in focus has lists that owner's other records,
under either language's name of the owner, the one in focus left out."""

from __future__ import annotations

from bot.services import Services


def test_their_other_technologies_are_the_owner_s(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "owner-others-zh"
    chat.answer("沈阳有哪些机器人方面的成果", session_id=session)
    second = chat.answer("第二个是哪个单位的", session_id=session)
    focus = second.citations[0].doc_id
    owner = shared_corpus_services.catalog.record("achievement", focus)
    assert owner is not None
    reply = chat.answer("他们还有别的成果吗", session_id=session)
    ids = [c.doc_id for c in reply.citations]
    assert reply.answered and ids and focus not in ids
    names = {
        owner.owner_name.lower(),
        (shared_corpus_services.catalog.institution_twin(owner.owner_name) or ""),
    }
    for doc_id in ids:
        record = shared_corpus_services.catalog.record("achievement", doc_id)
        assert record is not None and record.owner_name.lower() in names


def test_anything_else_from_them_in_english(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "owner-others-en"
    chat.answer("who has a PEM electrolyser stack", session_id=session)
    reply = chat.answer("anything else from them?", session_id=session)
    assert reply.answered and len(reply.citations) >= 2
    assert "Dalian Institute of Chemical Physics" in reply.answer.splitlines()[0]


def test_an_owner_with_nothing_else_says_so(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "owner-others-none"
    chat.answer("鞍山有啥技术需求", session_id=session)
    chat.answer("第一个", session_id=session)
    reply = chat.answer("这家还有其他需求吗", session_id=session)
    assert reply.answered and not reply.citations and "没有" in reply.answer
