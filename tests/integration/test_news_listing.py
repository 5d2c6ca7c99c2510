"""The news articles themselves, asked for as a set: newest first, by topic, or that none is about it."""

from __future__ import annotations

import pytest

from bot.conversation.news_listing import asks_for_news
from bot.services import Services


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        ("最近有什么科技成果转化的新闻", True),
        ("any news about magnesium?", True),
        ("what's the latest news about tech transfer in liaoning", True),
        ("有哪些关于辽宁实验室的报道", True),
        # a fact in an article, or its publisher: the passages' and news_facts.py's
        ("新闻里说辽宁有几个国家重点实验室", False),
        ("who published the news on the magnesium summit", False),
        ("what does the law say about technology managers", False),
    ],
)
def test_a_request_for_articles(message: str, asks: bool) -> None:
    assert asks_for_news(message) == asks


def test_articles_newest_first_and_by_topic(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    every = chat.answer("最近有什么科技成果转化的新闻")
    assert every.answered and every.answer.startswith("知识库中的新闻（共 5 篇，最新在前）")
    dates = [c.date for c in every.citations]
    assert dates == sorted(dates, reverse=True)
    magnesium = chat.answer("any news about magnesium?")
    assert magnesium.answered and "Magnesium Materials" in magnesium.answer
    assert "2018 Shenyang" not in magnesium.answer


def test_no_article_about_a_topic_says_so(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("any news about quantum computing?")
    assert not reply.answered and "quantum computing" in reply.answer.splitlines()[0]


def test_one_article_found_is_told_not_listed(shared_corpus_services: Services) -> None:
    """ "tell me about the 2023 news on research platforms": the year picks one article, and its lead
    facts (the sentences that state figures) are quoted under its title, cited once."""
    chat = shared_corpus_services.chat
    told = chat.answer("tell me about the 2023 news on Liaoning research platforms", "news-gist")
    assert told.answered and len(told.citations) == 1 and told.citations[0].date == "2023-08-06"
    assert "soared to 11" in told.answer and "from 34 to 40" in told.answer
    assert "Date: August 6" not in told.answer and "In its pursuit" not in told.answer
    # the article is in focus: a follow-up asks of it
    assert "Liaoning Daily" in chat.answer("who published it?", "news-gist").answer
    # the topic asked is among the sentences told
    linglong = chat.answer("any news about Linglong?")
    assert "Linglong No. 1" in linglong.answer and len(linglong.citations) == 1


def test_an_article_of_the_list_is_picked_by_its_position(shared_corpus_services: Services) -> None:
    """ "第一篇讲了啥" tells the first article listed; "who published the second" names the second's source,
    not the first's."""
    chat = shared_corpus_services.chat
    listed = chat.answer("有什么新闻", "news-ordinal-zh")
    first, second = listed.citations[0].doc_id, listed.citations[1].doc_id
    told = chat.answer("第一篇讲了啥", "news-ordinal-zh")
    assert told.answered and [c.doc_id for c in told.citations] == [first]
    assert [c.doc_id for c in chat.answer("第二篇呢", "news-ordinal-zh").citations] == [second]
    chat.answer("any news?", "news-ordinal-en")
    published = chat.answer("who published the second", "news-ordinal-en")
    assert [c.doc_id for c in published.citations] == [second] and "published by" in published.answer
