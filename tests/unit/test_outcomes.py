"""A goal is no outcome (bot/chat/outcomes.py): "did liaoning actually hit 57%?" is not answered by the
report's "aims to ... exceeding 57%"."""

from __future__ import annotations

import pytest

from bot.chat.outcomes import ASKS_TARGET, STATES_TARGET, target_for_outcome

GOAL = "In 2024, Liaoning aims to promote 4,000 achievements, with a local conversion rate exceeding 57%."
DONE = "Liaoning has collected 4,016 highly mature achievements in recent years."


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("so did liaoning actually hit the 57% local conversion rate in 2024", GOAL, True),
        ("did the province reach its 57% target?", GOAL, True),
        ("辽宁2024年本地转化率实际达到57%了吗", GOAL, True),
        ("那2025年实际转化了多少项", GOAL, True),
        # the goal itself asked, or a fact reported as done
        ("what local conversion rate did liaoning aim for in 2024", GOAL, False),
        ("how many achievements has liaoning actually collected", DONE, False),
        # "did ... say ... achieve": what a speaker said, no outcome asked
        ("what national goal did pan fusheng say magnesium helps achieve", "It helps reach the goal.", False),
        ("这项技术有哪些实际应用", "计划在2027年推广。", False),
    ],
)
def test_an_outcome_asked_of_a_goal(question: str, sentence: str, expected: bool) -> None:
    assert target_for_outcome(question, sentence) is expected


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("btw what were Liaoning's 2024 commercialization targets", True),
        ("辽宁今年的转化目标是多少", True),
        ("what's the goal for 2024", True),
        ("how many achievements were collected", False),
    ],
)
def test_a_goal_asked(question: str, asks: bool) -> None:
    assert bool(ASKS_TARGET.search(question)) is asks
    assert STATES_TARGET.search(GOAL) and not STATES_TARGET.search(DONE)
