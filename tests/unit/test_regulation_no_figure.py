"""A figure asked of an article is said not to be there only when no version of the article states one
(conversation/regulation_unstated.py no_figure)."""

from __future__ import annotations

import pytest

from bot.conversation.regulation_evidence import ArticleText
from bot.conversation.regulation_unstated import no_figure, unstated
from retrieval.types import Chunk


def _article(body: str) -> ArticleText:
    chunk = Chunk(
        "r#4",
        "r",
        4,
        f"Article 4 Service records\n{body}",
        "regulation",
        "Measures",
        "en",
        locator="Article 4",
    )
    return ArticleText.of([chunk], ["Measures"], frozenset())


@pytest.mark.parametrize(
    "body",
    [
        "Pilot-scale bases shall keep service records of every test for at least five years.",
        "Inventors receive no less than 50% of the net income.",
        "Half of the income goes to the team.",
    ],
)
def test_a_figure_the_article_states_in_digits_or_words_is_quoted_not_denied(body: str) -> None:
    assert no_figure("How long must the records be kept?", _article(body), "en", "Measures") is None


def test_an_article_without_a_figure_says_it_gives_none() -> None:
    article = _article("The province publishes the list of achievements regularly.")
    draft = no_figure("how often do they publish", article, "en", "Measures")
    assert draft is not None and not draft.answered and "gives no figure" in draft.text
    # a question asking no figure is the article's to answer
    assert no_figure("who publishes the list", article, "en", "Measures") is None


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("what are the penalties for breaking these rules?", "sets no penalty"),
        ("how much compensation for a breach?", "sets no compensation"),
        ("what's the income tax rate on that income?", "states no tax rate"),
        ("what conditions must a technology manager meet?", "states no conditions"),
        ("if the university refuses, can I sue it?", "says nothing about going to court"),
    ],
)
def test_a_kind_of_answer_the_article_does_not_state_is_said_not_there(question: str, said: str) -> None:
    article = _article("The province improves professional title evaluation for technology managers.")
    draft = unstated(question, article, "en", "Measures")
    assert draft is not None and not draft.answered and said in draft.text
    assert draft.text.startswith("Article 4 of the Measures")


@pytest.mark.parametrize(
    ("question", "body"),
    [
        ("what are the penalties for leaking secrets?", "A party that leaks secrets pays a fine."),
        ("what conditions apply to a part-time job?", "Researchers may take a part-time job with consent."),
        ("what's the income tax rate on rewards?", "Rewards are taxed at 20%."),
    ],
)
def test_an_article_stating_the_kind_asked_answers_it(question: str, body: str) -> None:
    assert unstated(question, _article(body), "en", "Measures") is None


def test_whether_one_is_liable_is_no_penalty_asked() -> None:
    # "会被处罚吗": whether, which the due-diligence exemption answers; "怎么处罚": what penalty
    article = _article("Heads who acted diligently are not held liable when the value later changes.")
    assert unstated("will the dean be punished for it?", article, "en", "Measures") is None
    assert unstated("违反条例会怎么处罚", article, "zh", "Measures") is not None


def test_a_sum_of_money_asked_of_an_article_setting_shares_is_said_not_there() -> None:
    shares = _article("Inventors receive at least 50% of the net income.")
    asked = "does the law set a minimum reward in yuan, like a fixed amount"
    draft = unstated(asked, shares, "en", "Measures")
    assert draft is not None and not draft.answered and "sets no amount of money" in draft.text
    # the share asked as "how much" is the article's to answer; a sum it states answers the sum asked
    assert unstated("how much do inventors get at least?", shares, "en", "Measures") is None
    priced = _article("Each technology manager receives a subsidy of 5000 yuan.")
    assert unstated("how many yuan is the subsidy?", priced, "en", "Measures") is None
