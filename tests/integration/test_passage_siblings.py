"""A news article's facts sit in passages about several topics at once: a question of the other language
ranks one passage of the article and misses the one that holds the figure. The passages read for an
answer therefore include the other passages of the news articles that lead the hits."""

from __future__ import annotations

from bot.services import Services


def test_the_other_passages_of_the_leading_news_article_are_read(shared_corpus_services: Services) -> None:
    answers = shared_corpus_services.chat.answers
    question = "镁产业大会在哪里开的"
    hits = answers._hits(question)
    lead = next(h.chunk.doc_id for h in hits if h.chunk.kind == "news")
    read = answers._with_siblings(hits)
    article = shared_corpus_services.searcher.search(question, k=50).hits
    passages = {h.chunk.id for h in article if h.chunk.doc_id == lead}
    assert len(passages) > len({h.chunk.id for h in hits if h.chunk.doc_id == lead})  # some were missing
    assert passages <= {h.chunk.id for h in read}
    assert len({h.chunk.id for h in read}) == len(read)  # none read twice
