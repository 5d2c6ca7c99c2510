"""Questions outside TechBridge's scope are refused whatever topic words they share with the corpus
(bot/chat/scope.py): writing to order is one, asking about the same topic is not."""

from __future__ import annotations

import pytest

from bot.chat.scope import out_of_scope


@pytest.mark.parametrize(
    ("question", "outside"),
    [
        ("write me a short poem about magnesium", True),
        ("compose a haiku on hydrogen storage", True),
        ("给我写一首关于储能的诗", True),
        ("magnesite futures prices today", True),
        ("any technologies for magnesium alloy die casting?", False),
        ("有没有镁合金压铸的技术", False),
        ("who wrote the report on the magnesium summit?", False),
    ],
)
def test_out_of_scope(question: str, outside: bool) -> None:
    assert out_of_scope(question) is outside
