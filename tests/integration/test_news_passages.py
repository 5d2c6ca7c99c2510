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


def test_the_figure_asked_of_a_named_article_is_quoted(shared_corpus_services: Services) -> None:
    """ "what did the July 2024 press conference say about achievements collected?": the words naming the
    article are held by each of its sentences, so the one that repeats them ("On July 23, ... held a press
    conference") is not the answer; the sentence with what was collected is."""
    chat = shared_corpus_services.chat
    reply = chat.answer("what did the July 2024 Liaoning press conference say about achievements collected?")
    assert reply.answered and "4,016" in reply.answer


def test_a_chinese_question_finds_the_figure_of_an_english_article(shared_corpus_services: Services) -> None:
    """征集 (collected) and 成熟度高 (highly mature) in the glossary: the English sentence answers."""
    reply = shared_corpus_services.chat.answer("辽宁这几年一共征集了多少项成熟度高、可转化的成果")
    assert reply.answered and "4,016" in reply.answer
