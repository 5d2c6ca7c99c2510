"""After the technologies matched to an enterprise's need, a follow-up that points at one of them asks
about that one: the plan it inherits is the match's, but the message states no need of its own."""

from __future__ import annotations

from bot.services import Services


def test_an_ordinal_after_a_match_asks_about_that_technology(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "match-follow-up-ordinal"
    first = chat.answer("我们公司做氢燃料电池 想找储氢技术", session_id=session)
    second = first.citations[1].doc_id
    reply = chat.answer("第二个成熟度怎么样", session_id=session)
    assert reply.answered and "TRL" in reply.answer
    assert [c.doc_id for c in reply.citations] == [second]  # one record, not the match list again
    contact = chat.answer("怎么联系", session_id=session)
    assert [c.doc_id for c in contact.citations] == [second] and "@" in contact.answer


def test_a_new_need_after_a_match_is_matched_again(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "match-follow-up-new-need"
    chat.answer("我们公司做氢燃料电池 想找储氢技术", session_id=session)
    reply = chat.answer("我们还需要风电储能的技术", session_id=session)
    assert len(reply.citations) > 1  # a list of technologies for the new need
