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


def test_a_website_asked_is_stated_only_by_an_address():
    """ "what's the website of that system?" of an article that builds it and names no site."""
    system = "The state builds an information system on scientific and technological achievements."
    asked = missing_kind("what's the website of that system?", [system])
    assert asked is not None and asked.name == "website"
    assert missing_kind("平台的网址是什么", ["Register online at https://events.example.org/h2"]) is None
    assert missing_kind("their website?", ["send the form to h2-match@example.org.cn"]) is None
    # a site asked of a regulation article is said not to be there, in the article's words
    assert any(kind.name == "website" and kind.en == "does not state a website" for kind in ANSWER_TYPES)
