"""How a message names a listing's owner among the items just shown (conversation/owner_names.py)."""

from __future__ import annotations

import pytest

from bot.conversation.owner_names import owner_named
from retrieval.text import keyword_tokens


def _named(owner: str, message: str) -> bool:
    return owner_named(owner, message, {w.lower() for w in keyword_tokens(message) if len(w) > 1})


@pytest.mark.parametrize(
    ("owner", "message"),
    [
        ("Dashiqiao Jinxing Magnesia Co., Ltd. (sample)", "what about the Jinxing one"),
        ("Dalian Institute of Chemical Physics, CAS", "the DICP one?"),
        ("中国科学院大连化学物理研究所", "化物所那个成熟吗"),
        ("沈阳工业大学", "沈工大那个怎么合作"),
    ],
)
def test_an_owner_is_named_by_a_word_an_acronym_or_a_short_form(owner: str, message: str) -> None:
    assert _named(owner, message)


@pytest.mark.parametrize(
    ("owner", "message"),
    [
        # the words every university or company has name none of them
        ("Northeastern University", "the university one"),
        ("Liaoning Technical University", "the liaoning technology one"),
        ("沈阳工业大学", "大学那个"),
        ("", "anything"),
    ],
)
def test_common_words_name_no_owner(owner: str, message: str) -> None:
    assert not _named(owner, message)


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        ("when does dalian lanhai hydrogen PEM stack demand close", "大连蓝海氢能装备"),  # its short form
        ("what does the haicheng huamei demand want?", "海城华镁耐火材料"),
        ("大石桥金星的电熔镁砂需求预算多少", "Dashiqiao Jinxing Magnesia"),  # its first two words
    ],
)
def test_an_owner_is_named_in_the_other_script(message: str, owner: str) -> None:
    from bot.conversation.owner_names import owner_named_in

    assert owner_named_in(message, owner)
    assert not owner_named_in("the dalian hydrogen demand", "大连蓝海氢能装备")
