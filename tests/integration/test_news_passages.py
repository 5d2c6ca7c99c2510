"""Facts of the English news asked in Chinese, on the shipped corpus with the real embedded model: a
paragraph of several topics lies far from a question about one of them, and is read when the keyword
search finds it first (news-2023-08-06: "... delivered the core module of the world's first "Linglong
No. 1" reactor to China's Dalian Nuclear Power and Petrochemical Co., Ltd.")."""

from __future__ import annotations

from bot.services import Services


def test_a_news_paragraph_the_keywords_find_first_is_read(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    delivered = chat.answer("玲珑一号核心模块交付给谁了")
    assert delivered.answered and "Dalian Nuclear Power" in delivered.answer
    # read, it still answers only what it says
    assert not chat.answer("玲珑一号什么时候并网发电").answered


def test_a_paragraph_far_from_the_question_is_not_read_for_its_keywords_unless_news(
    shared_corpus_services: Services,
) -> None:
    answers = shared_corpus_services.chat.answers
    hits = answers._hits("玲珑一号核心模块交付给谁了")
    floor = answers.thresholds.passage_floor
    far = [h for h in hits if h.dense < floor]
    assert far and all(h.chunk.kind == "news" for h in far)
