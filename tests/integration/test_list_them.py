"""'列出来', 'list them' after a count or a listing: every record it stood for, not a search for the words
(which found nothing) or a greeting (which '都有哪些' got)."""

from __future__ import annotations

import pytest

from bot.services import Services


@pytest.mark.parametrize(
    ("first", "then"),
    [("大连理工有几项成果", "列出来"), ("how many new materials technologies are there", "list them")],
)
def test_list_them_after_a_count_lists_all_counted(
    shared_corpus_services: Services, first: str, then: str
) -> None:
    chat, session = shared_corpus_services.chat, f"list-them-{then}"
    counted = chat.answer(first, session_id=session)
    reply = chat.answer(then, session_id=session)
    assert reply.answered and len(reply.citations) >= len(counted.citations) > 1
    assert {c.doc_id for c in counted.citations} <= {c.doc_id for c in reply.citations}


def test_duyou_naxie_after_a_listing_is_the_listing(shared_corpus_services: Services) -> None:
    chat, session = shared_corpus_services.chat, "list-them-duyou"
    shown = chat.answer("有哪些储能成果", session_id=session)
    reply = chat.answer("都有哪些", session_id=session)
    assert [c.doc_id for c in reply.citations] == [c.doc_id for c in shown.citations]
    assert "TechBridge" not in reply.answer  # not the greeting


def test_how_many_after_a_list_counts_what_it_stood_for(shared_corpus_services: Services) -> None:
    """ "一共几个" after a list leads with how many it stood for (it was refused), of the kind listed."""
    chat = shared_corpus_services.chat
    listed = chat.answer("大连理工有啥成果", "count-after-list")
    counted = chat.answer("一共几个", "count-after-list")
    n = len(listed.citations)
    assert counted.answered and counted.answer.startswith(f"全部 {n} 项")
