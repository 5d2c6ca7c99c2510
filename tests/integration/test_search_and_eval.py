"""Hybrid search on the shipped corpus with the real embedded model, and the evaluations' floors."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.evaluation.answers import evaluate_answers, load_answer_cases
from bot.evaluation.retrieval import evaluate_retrieval, load_retrieval_cases, retrieval_row
from bot.services import Services
from retrieval.types import SearchFilters
from tests.support.config import ROOT


@pytest.mark.parametrize(
    "query,doc_id",
    [
        ("辽阳菱镁产业科技成果推介会", "news-2024-12-04-liaoyang-magnesite-conference"),
        ("辽宁省国家重点实验室数量增加到多少个", "news-2023-08-06-liaoning-research-platforms"),
        ("2018年沈阳科技成果转化对接会征集了多少技术需求", "news-2018-05-28-shenyang-transformation-meeting"),
        (
            "How many achievements has Liaoning collected for commercialization?",
            "news-2024-07-23-liaoning-innovation-hub",
        ),
        (
            "international summit on magnesium materials in Zhejiang",
            "news-2023-04-13-magnesium-summit-zhejiang",
        ),
    ],
)
def test_seed_articles_found_in_both_languages(
    shared_corpus_services: Services, query: str, doc_id: str
) -> None:
    ranked = shared_corpus_services.searcher.search(
        query, k=20, filters=SearchFilters(kind=("news",))
    ).doc_ids()
    assert ranked[0] == doc_id


def test_filters(shared_corpus_services: Services) -> None:
    search = shared_corpus_services.searcher.search
    hits = search(
        "technology", k=10, filters=SearchFilters(kind=("achievement",), field="hydrogen_energy")
    ).hits
    assert hits and all(
        h.chunk.kind == "achievement" and h.chunk.meta["field"] == "hydrogen_energy" for h in hits
    )
    hits = search("对接会", k=10, filters=SearchFilters(kind=("event",), city="dalian", lang="en")).hits
    assert hits and all(h.chunk.meta["city"] == "dalian" and h.chunk.lang == "en" for h in hits)
    since = dt.date(2026, 1, 1)
    hits = search("matchmaking", k=10, filters=SearchFilters(date_from=since)).hits
    assert hits and all(h.chunk.date and h.chunk.date >= since for h in hits)


def test_article_number_comes_first(shared_corpus_services: Services) -> None:
    top = shared_corpus_services.searcher.search("What does Article 45 say?", k=3).hits[0]
    assert top.chunk.locator == "Article 45"
    top = shared_corpus_services.searcher.search("第四十五条规定了什么", k=3).hits[0]
    assert top.chunk.locator == "第四十五条"


def test_retrieval_evaluation_recall_at_5_per_group(shared_corpus_services: Services) -> None:
    cases = load_retrieval_cases(ROOT / "evals" / "retrieval")
    assert len(cases) >= 80
    scores = evaluate_retrieval(shared_corpus_services.searcher, cases)
    assert {"zh", "en", "cross"} <= set(scores)
    for group in ("zh", "en", "cross"):
        assert scores[group].count("recall@5") >= 20, group
        score = scores[group]
        assert score.mean("recall@5") >= 0.9, (group, retrieval_row(score), score.misses)


def test_answer_evaluation_extractive(corpus_services: Services) -> None:
    cases = load_answer_cases(ROOT / "evals" / "answers")
    assert sum(c.answerable for c in cases) >= 50 and sum(not c.answerable for c in cases) >= 10
    score = evaluate_answers(corpus_services.chat, corpus_services.store, cases, "extractive")
    # The product's bar: 90% on each (measured: accuracy 0.917, refusal 0.938, citations 1.0).
    assert score.mean("accuracy") >= ANSWER_FLOORS["accuracy"], score.misses
    assert score.mean("refusal_accuracy") >= ANSWER_FLOORS["refusal"], score.misses
    assert score.mean("citation_correctness") >= ANSWER_FLOORS["citations"]


ANSWER_FLOORS = {"accuracy": 0.9, "refusal": 0.9, "citations": 0.9}


def test_a_count_the_news_answers_is_quoted_from_one_search(
    shared_corpus_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A count question ("how many requirements were collected?") is answered from the news article that
    reports it, not by counting records, quoted from the one search that showed the news answers it."""
    services = shared_corpus_services
    searches: list[str] = []
    search = services.searcher.search

    def counting(query: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        filters = kwargs.get("filters")
        kinds = getattr(filters, "kind", ()) or ("news",)
        if "news" in kinds:  # the news read (a lookup of the record a message may name reads records)
            searches.append(query)
        return search(query, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services.searcher, "search", counting)
    reply = services.chat.answer(
        "Before the 2018 Shenyang achievement transformation meeting, how many companies identified "
        "technical requirements?"
    )
    assert reply.answered and "802" in reply.answer
    assert "news-2018-05-28-shenyang-transformation-meeting" in {c.doc_id for c in reply.citations}
    assert len(searches) == 1


@pytest.mark.parametrize(
    "query",
    [
        "What does Article 45 say?",
        "rewards for the people who completed and transformed an achievement",
        "第四十五条规定了什么",
        "科技成果完成人和为成果转化作出重要贡献的人员的奖励",
        "How may a research institution transfer its achievements?",
    ],
)
def test_a_regulation_is_shown_in_the_questions_language_whatever_k(
    shared_corpus_services: Services, query: str
) -> None:
    """The two regulations ship in both languages; the version in the question's language stands in for
    the other even where it ranks below the k best (a search reads the k best records first, and the
    rest of its candidates only when one of them has a translation)."""
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in query) else "en"
    for k in (1, 2, 3):
        hits = shared_corpus_services.searcher.search(query, k=k).hits
        assert len(hits) == k
        translated = [h.chunk for h in hits if h.chunk.meta.get("translation_group")]
        assert translated, (query, k)
        assert all(chunk.lang == lang for chunk in translated), (query, k, [c.id for c in translated])


@pytest.mark.parametrize(
    "question,phrase",
    [
        ("今年有多少场对接会？", "共有 1 场"),  # the clock says 2026: one event that year, 16 in all
        ("How many matchmaking events are there next year?", "12 matchmaking events between 2027-01-01"),
        ("去年有多少场对接会？", "共有 0 场"),
        ("有多少场对接会？", "共有 16 场"),
    ],
)
def test_a_count_of_events_keeps_to_the_year_the_question_names(
    shared_corpus_services: Services, question: str, phrase: str
) -> None:
    assert phrase in shared_corpus_services.chat.answer(question).answer
