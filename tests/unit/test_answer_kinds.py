"""One concept for "the question asks a kind of answer the evidence does not state", used by records,
passages and regulation articles alike."""

import re

from bot.chat.value_types import missing_kind
from bot.conversation.answer_kinds import AnswerKind, first_unstated
from bot.conversation.regulation_unstated import ANSWER_TYPES

_SUM = AnswerKind("sum", re.compile("多少钱"), re.compile(r"\d+万"), "金额", "an amount")
_DAY = AnswerKind("day", re.compile("哪天"), re.compile(r"\d+日"), "日期", "a date")


def test_first_unstated_is_the_first_kind_no_text_states():
    assert first_unstated([_SUM, _DAY], ["预算200万", "其他"]) is _DAY
    assert first_unstated([_DAY, _SUM], ["12月5日举办", "费用面议"]) is _SUM
    assert first_unstated([_SUM, _DAY], ["200万", "5日"]) is None


def test_a_catalogue_may_refine_what_states_a_kind():
    never = first_unstated([_SUM], ["预算200万"], states=lambda kind, text: False)
    assert never is _SUM


def test_both_catalogues_share_the_one_kind():
    money = missing_kind("许可费多少钱", ["The stack delivers 200 Nm³ of hydrogen an hour."])
    assert isinstance(money, AnswerKind) and money.absence("en") == "an amount"
    assert all(isinstance(kind, AnswerKind) for kind in ANSWER_TYPES)
