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
