"""The article asked for by its subject or a definition, read from the headings (regulation_headings.py)."""

from __future__ import annotations

from bot.conversation.regulation_evidence import ArticleText, Unit
from bot.conversation.regulation_headings import (
    DEFINITION,
    asks_article_for,
    asks_definition,
    asks_ways,
    heading,
    heading_article,
)
from retrieval.types import Chunk


def _article(number: int, title: str, body: str = "Body.") -> ArticleText:
    chunk = Chunk(
        id=f"reg-en#{number}", doc_id="reg-en", index=number, text=f"Article {number} {title}\n{body}",
        kind="regulation", title="Reg", lang="en", locator=f"Article {number}",  # type: ignore[arg-type]
        meta={"translation_group": "reg", "article_no": number},
    )  # fmt: skip
    return ArticleText.of([chunk], [], frozenset())


def test_which_article_and_definition_asks_in_both_languages() -> None:
    for question in (
        "辽宁条例哪条讲技术经理人",
        "转化法里规定成果转化的方式的是第几条",
        "which article covers tech managers",
    ):
        assert asks_article_for(question), question
    assert not asks_article_for("what does the law say about tax?")
    for question in (
        "职务科技成果到底指啥",
        "什么是科技成果转化",
        "whats a job-related achievement under the national law",
        "how does the law define transformation?",
    ):
        assert asks_definition(question), question
    for question in (
        "what is the income tax rate?",
        "what does the law say about achievements?",
        "辽宁有没有赋权的规定",
    ):
        assert not asks_definition(question), question


def test_the_heading_that_alone_holds_most_of_the_question_answers() -> None:
    articles = {
        ("reg", 18): _article(18, "Autonomy to transfer", "Prices are set on a technology market."),
        ("reg", 30): _article(30, "Technology markets and intermediaries"),
        ("reg", 2): _article(2, "Definitions: achievements"),
    }
    assert heading(articles[("reg", 30)]) == "technology markets and intermediaries"
    market = [Unit(("technology market",))]
    found = heading_article(market, [2.0], articles)
    assert found is articles[("reg", 30)]  # the text of Article 18 names it too; its heading does not
    # a word two headings hold tells neither apart; one no heading holds is no evidence either way
    assert heading_article([Unit(("achievements", "technology"))], [1.0], articles) is None
    assert heading_article([Unit(("salary",))], [3.0], articles) is None
    # the heading must hold at least half of what the headings hold of the question
    two = [Unit(("definitions",)), Unit(("markets",)), Unit(("intermediar",))]
    assert heading_article(two, [3.0, 1.0, 1.0], articles) is articles[("reg", 2)]
    assert heading_article(two, [1.0, 3.0, 3.0], articles) is articles[("reg", 30)]
    assert any(f in heading(articles[("reg", 2)]) for f in DEFINITION.forms)


def test_the_kinds_of_something_are_asked_of_the_article_headed_so() -> None:
    for question in (
        "what are the ways to commercialise an achievement under the law",
        "which forms of transfer are there",
        "成果转化有哪几种方式",
        "转化有什么途径",
    ):
        assert asks_ways(question), question
    for question in ("can a state uni sell its patent by itself", "转让要公示吗", "by the way, tax?"):
        assert not asks_ways(question), question
