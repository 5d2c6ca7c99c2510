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
