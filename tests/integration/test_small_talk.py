"""Small talk with the shipped model: forms the rules do not list reach the router, which places a short
message with a clear margin; a terse question stays a question."""

from __future__ import annotations

import pytest

from bot.services import Services


@pytest.mark.parametrize(
    "message",
    [
        "嗨，在吗",
        "who r u",
        "你能帮我做什么",
        "thank u",
        "介绍一下你自己",
        "what kind of things can you help me with?",
        "hey there, what do u do",  # texting forms (bot/conversation/texting.py)
        "hiya, can u help me",
        "我需要一些帮助",
    ],
)
def test_small_talk_the_rules_do_not_list(shared_corpus_services: Services, message: str) -> None:
    reply = shared_corpus_services.chat.answer(message)
    assert reply.answered and reply.citations == []
    assert len(reply.answer) < 600 and "知识库中没有" not in reply.answer
    assert "has nothing" not in reply.answer


@pytest.mark.parametrize(
    "message",
    [
        "Dalian?",
        "辽阳有什么对接会",
        "有哪些氢能方面的成果",
        "translate good morning into french",
        "by whom?",
        "什么时候",
    ],
)
def test_a_terse_question_is_not_small_talk(shared_corpus_services: Services, message: str) -> None:
    assert shared_corpus_services.chat.semantic.small_talk(message) is None


def test_a_question_word_alone_asks_of_the_answer_before(shared_corpus_services: Services) -> None:
    """ "by whom?" after the date a regulation was adopted: who adopted it, not who we are."""
    chat = shared_corpus_services.chat
    chat.answer("when were the liaoning sci-tech innovation regulations adopted?", "bare-by-whom")
    reply = chat.answer("by whom?", "bare-by-whom")
    assert reply.answered and "People's Congress" in reply.answer and "TechBridge" not in reply.answer


def test_texting_forms_are_read_as_words_and_stored_as_typed(shared_corpus_services: Services) -> None:
    """ "r there any roadshows coming up" lists the roadshows; the stored message keeps what was typed."""
    chat = shared_corpus_services.chat
    reply = chat.answer("r there any roadshows coming up", "texting-roadshows")
    assert reply.answered and "Roadshow" in reply.answer and "has nothing" not in reply.answer
    stored = [m.content for m in chat.conversations.history("texting-roadshows") if m.role == "user"]
    assert stored == ["r there any roadshows coming up"]


def test_small_talk_in_latin_letters_keeps_the_conversation_language(
    shared_corpus_services: Services,
) -> None:
    """ "ok", "thx" after Chinese questions are answered in Chinese; in an English conversation, English."""
    chat = shared_corpus_services.chat
    chat.answer("辽阳有什么对接会", "lang-carry-zh")
    assert chat.answer("ok", "lang-carry-zh").lang == "zh"
    thanks = chat.answer("thx", "lang-carry-zh")
    assert thanks.lang == "zh" and "不客气" in thanks.answer
    chat.answer("any events in Liaoyang?", "lang-carry-en")
    assert chat.answer("ok", "lang-carry-en").lang == "en"
    assert chat.answer("辽阳有什么对接会", "lang-carry-switch").lang == "zh"
    assert chat.answer("which events are in Dalian?", "lang-carry-switch").lang == "en"  # a question: its own


def test_small_talk_keeps_what_the_conversation_was_about(shared_corpus_services: Services) -> None:
    """ "谢谢" after a list, then "第二个在哪开": the second of that list; a greeting first plans nothing, so
    "any bin picking robots" after "hiya, what can u do" is a question of its own, not a follow-up of it."""
    chat = shared_corpus_services.chat
    listed = chat.answer("大连有哪些对接会", "smalltalk-keeps")
    second = listed.citations[1].doc_id
    assert "不客气" in chat.answer("谢谢", "smalltalk-keeps").answer
    venue = chat.answer("第二个在哪开", "smalltalk-keeps")
    assert venue.answered and [c.doc_id for c in venue.citations] == [second]
    chat.answer("hiya, what can u do", "smalltalk-first")
    robots = chat.answer("any bin picking robots", "smalltalk-first")
    assert robots.answered and [c.doc_id for c in robots.citations] == ["ach-vision-bin-picking-robot"]
