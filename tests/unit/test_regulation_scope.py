"""'Does that apply to X too?' after an article: the party it asks about, and which of an article's
sentences name that party (conversation/regulation_scope.py)."""

from __future__ import annotations

import pytest

from bot.conversation.regulation_evidence import Unit
from bot.conversation.regulation_scope import naming, not_named, scope_subject
from retrieval.types import Chunk, Hit


@pytest.mark.parametrize(
    ("message", "subject"),
    [
        ("那国企员工也适用吗", "国企员工"),
        ("科研院所也可以吗？", "科研院所"),
        ("这条规定适用于民营企业吗", "民营企业"),
        ("does that apply to state-owned companies too", "state-owned companies"),
        ("would the same hold for research institutes as well?", "research institutes"),
        ("does it cover SOEs as well?", "SOEs"),
    ],
)
def test_the_party_a_does_that_apply_too_follow_up_asks_about(message: str, subject: str) -> None:
    assert scope_subject(message) == subject


@pytest.mark.parametrize(
    "message",
    ["我能拿多少", "能不能在企业兼职", "那作价投资呢", "does that apply to them?", "does the law apply here"],
)
def test_other_messages_ask_of_no_party(message: str) -> None:
    assert scope_subject(message) == ""


def test_the_sentences_naming_the_party_are_quoted_not_the_best_ranked() -> None:
    text = (
        "Where a state-established unit has no rules, inventors receive at least 50%. "
        "For state-owned enterprises, these rewards are counted in the wage bill."
    )
    chunk = Chunk("r#45", "r", 45, text, "regulation", "Law", "en", locator="Article 45")
    soe = Unit(("国企", "国有企业", "state-owned enterprises", "state"))
    found = naming(soe)("state-owned companies", [Hit(chunk, 1.0, 1.0, 0.0)])
    wage_bill = "For state-owned enterprises, these rewards are counted in the wage bill."
    assert [s.text for s in found] == [wage_bill]


def test_a_party_the_article_does_not_name_is_said_so_with_whom_it_speaks_of() -> None:
    chunk = Chunk(
        "law-en#43", "law-en", 43,
        "Article 43 Income stays with the unit\nAll income that state-established universities earn stays "
        "with the unit. The unit then pays rewards.",
        "regulation", "Law", "en", locator="Article 43", meta={"heading": "Income stays with the unit"},
    )  # fmt: skip
    draft = not_named("private companies", chunk, "Law")
    assert draft.answered and "does not mention private companies" in draft.text
    assert 'it says: "All income that state-established universities earn stays with the unit."' in draft.text
    assert "pays rewards" not in draft.text  # its first sentence, which names whom it speaks of
