"""Two questions typed in one message without punctuation ("甲醇选择性多少 谁家的"): each clause that asks,
split where a space stands between Chinese words, as at a comma or a question mark."""

from __future__ import annotations

import pytest

from bot.conversation.detail_text import asking_clauses, asks_several


@pytest.mark.parametrize(
    ("message", "clauses"),
    [
        ("二氧化碳加氢制甲醇那个 甲醇选择性多少 谁家的", ["甲醇选择性多少", "谁家的"]),
        ("船舶智能避碰 建议正确率多少 哪个学校", ["建议正确率多少", "哪个学校"]),
        ("哪天开始，在什么地方举行？", ["哪天开始", "在什么地方举行"]),
        ("how fast is it and who developed it?", ["how fast is it", "who developed it"]),
    ],
)
def test_each_clause_that_asks(message: str, clauses: list[str]) -> None:
    assert asking_clauses(message) == clauses
    assert asks_several(message)


@pytest.mark.parametrize(
    "message",
    [
        "沈工大那个氢化镁固态储氢材料 储氢量能到多少",  # the record named, then one question
        "PEM electrolyser stack durability how many hours",  # spaces between English words break nothing
        "钠电正极材料比容量多少",
    ],
)
def test_one_question_is_one(message: str) -> None:
    assert not asks_several(message)
