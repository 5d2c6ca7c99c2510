"""A figure asked of an article is said not to be there only when no version of the article states one
(conversation/regulation_quote.py no_figure)."""

from __future__ import annotations

import pytest

from bot.conversation.regulation_evidence import ArticleText
from bot.conversation.regulation_quote import no_figure
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
