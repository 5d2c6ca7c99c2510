"""Quote selection and the evidence that decides whether quotes answer, with a bag-of-words embedder (a
sentence is near a question in proportion to the words they share)."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest

from bot.chat.extractive import Quote, select_quotes
from bot.chat.news_naming import named_period
from bot.chat.thresholds import Thresholds
from retrieval.types import Chunk, Hit

_VOCAB: dict[str, int] = {}


def _vector(text: str) -> list[float]:
    counts = [0.0] * 64
    for word in re.findall(r"\w+", text.lower()):
        counts[_VOCAB.setdefault(word, len(_VOCAB) % 64)] += 1
    norm = math.sqrt(sum(c * c for c in counts)) or 1.0
    return [c / norm for c in counts]


class WordsEmbedder:
    name = "words"

    def embed_query(self, text: str) -> list[float]:
        return _vector(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [_vector(t) for t in texts]


NEWS = (
    "On March 19, 2023, the magnesium summit was held in Zhejiang province. "
    "More than 400 experts and entrepreneurs gathered for the occasion. "
    "Cooperation agreements were signed on the spot."
)


def _hit(text: str) -> Hit:
    chunk = Chunk("news#0", "news", 0, text, "news", "Magnesium summit", "en")  # type: ignore[arg-type]
    return Hit(chunk, 0.5, 0.5, 0.5)


def test_a_quantity_question_gets_the_next_sentence_that_holds_the_number() -> None:
    quotes = select_quotes(
        "how many people came to the magnesium summit in Zhejiang?", [_hit(NEWS)], WordsEmbedder()
    )
    assert "More than 400 experts" in quotes[0].text
    assert quotes[0].text.startswith("On March 19, 2023")  # the sentence it continues comes first


def test_a_date_is_no_number_to_a_how_many_question() -> None:
    """A number in a sentence earns it the answer-type bonus of a "how many" question; a date does not."""
    dated = "On July 23, 2024, the press conference was held."
    counted = "The press conference named 4,016 items."
    question = "how many items did the press conference name?"
    for sentence, bonus in ((dated, 0.0), (counted, 0.08)):
        quote = select_quotes(question, [_hit(sentence)], WordsEmbedder())[0]
        plain = quote.similarity + 0.3 * quote.coverage + 0.1 * 0.5
        assert quote.score == pytest.approx(plain + bonus)


def _news(doc: str, text: str, date: str, source: str) -> Hit:
    chunk = Chunk(f"{doc}#0", doc, 0, text, "news", doc, "en", dt.date.fromisoformat(date), source)
    return Hit(chunk, 0.5, 0.5, 0.5)


def test_the_article_a_question_names_holds_its_year_and_source_in_every_sentence() -> None:
    daily = _news("daily", "Led by two institutes, 11 key labs were approved.", "2023-08-06", "Daily")
    press = _news("press", "Led by the province, 21 key labs are in place.", "2024-07-23", "press conference")
    question = "which institutes led the key labs, according to the aug 2023 liaoning daily report?"
    quotes = select_quotes(question, [press, daily], WordsEmbedder())
    assert quotes[0].chunk.doc_id == "daily"
    named = select_quotes("which institutes led the key labs in the 2023 report?", [daily], WordsEmbedder())
    assert named[0].coverage == 1.0
    # a year alone names the figure's year, not an article: no sentence holds it
    plain = select_quotes("which institutes led the key labs in 2023?", [daily], WordsEmbedder())
    assert plain[0].coverage < 1.0


def test_the_words_of_asking_are_no_terms_a_sentence_must_hold() -> None:
    """ "那个", "都有啥", "叫啥" make a question colloquial, not another question: the sentence that answers
    it covers as much of it as of the plain question."""
    hit = _hit("Liaoning implemented 6 major special projects, including CNC machine tools and robots.")
    translations = ["liaoning", "major", "special", "projects"]
    chatty = select_quotes("辽宁那个6个重大专项都有啥", [hit], WordsEmbedder(), translations)
    plain = select_quotes("辽宁6个重大专项有哪些", [hit], WordsEmbedder(), translations)
    assert chatty[0].coverage == plain[0].coverage == 1.0


def test_a_sentence_that_already_answers_is_not_extended() -> None:
    quotes = select_quotes("when was the magnesium summit held?", [_hit(NEWS)], WordsEmbedder())
    assert "400" not in quotes[0].text


def _quote(score: float, coverage: float) -> Quote:
    return Quote(_hit(NEWS).chunk, "s", score, 0, 0.0, coverage)


def test_a_well_covered_quote_answers_a_little_below_the_evidence_bar() -> None:
    bar = Thresholds()
    assert bar.answered(_quote(bar.evidence, 0.0))
    assert bar.answered(_quote(bar.covered_evidence + 0.01, bar.covered))
    assert not bar.answered(_quote(bar.covered_evidence + 0.01, bar.covered - 0.1))
    assert not bar.answered(_quote(bar.covered_evidence - 0.01, 1.0))


def _dated(doc: str, title: str, day: str) -> Chunk:
    import datetime as dt

    return Chunk(
        f"{doc}#0",
        doc,
        0,
        "Liaoning has 11 national key laboratories.",
        "news",
        title,
        "en",
        date=dt.date.fromisoformat(day),
    )  # type: ignore[arg-type]


def test_a_question_naming_a_year_keeps_the_quotes_of_that_year() -> None:
    from bot.chat.year_passages import of_the_year as _of_the_year

    old = Quote(_dated("a", "Research platforms", "2023-08-06"), "s", 0.6, 0, 0.0, 0.5)
    new = Quote(_dated("b", "Innovation hub", "2024-07-23"), "s", 0.7, 0, 0.0, 0.5)
    assert _of_the_year("how many labs in 2023?", [new, old]) == [old]
    assert _of_the_year("how many labs in 2025?", [new, old]) == []
    assert _of_the_year("how many labs?", [new, old]) == [new, old]


def test_a_dateline_and_a_page_footer_are_never_quoted() -> None:
    # News taken from the web begins "date ... Title: <title>" and ends with the site's footer: they hold
    # the question's topic words (the title) or look like facts (a number), and answer nothing.
    text = (
        "date 2023-08-06 Title: Magnesium summit. Copyright © 2000 - 2024 All Rights Reserved. "
        "More than 400 experts and entrepreneurs gathered for the magnesium summit."
    )
    quotes = select_quotes("how many people came to the magnesium summit?", [_hit(text)], WordsEmbedder())
    assert quotes and all("Title" not in q.text and "Copyright" not in q.text for q in quotes)
    assert "400 experts" in quotes[0].text


def test_a_sentence_that_begins_with_the_title_is_no_dateline() -> None:
    chunk = Chunk(
        "n#0", "n", 0, "Magnesite tailings are recycled in Liaoyang.", "news", "Magnesite tailings", "en"
    )  # type: ignore[arg-type]
    quotes = select_quotes(
        "Are magnesite tailings recycled in Liaoyang?", [Hit(chunk, 0.5, 0.5, 0.5)], WordsEmbedder()
    )
    assert quotes and quotes[0].text == "Magnesite tailings are recycled in Liaoyang."


def test_the_period_of_the_article_a_question_names() -> None:
    assert named_period("23年那篇新闻说国家重点实验室是哪些单位牵头的") == (
        dt.date(2023, 1, 1),
        dt.date(2023, 12, 31),
    )
    assert named_period("the aug 2023 report") == (dt.date(2023, 8, 1), dt.date(2023, 8, 31))
    assert named_period("the december 2024 news") == (dt.date(2024, 12, 1), dt.date(2024, 12, 31))
    assert named_period("how many contracts were registered in 2024?") is None  # a year, no article
    assert named_period("what did the news say about labs?") is None  # an article, no year
