from __future__ import annotations

import pytest

from bot.chat.prompts import render_prompt, template_names

VALUES = {
    "refusal_marker": "NO_ANSWER",
    "sources": "[1] ...",
    "history": "",
    "question": "Q?",
    "n": 1,
    "title": "T",
    "locator": " Article 45",
    "kind": "regulation",
    "date": "2015-10-01",
    "text": "x",
}


@pytest.mark.parametrize("name", template_names())
def test_every_prompt_renders(name: str) -> None:
    text = render_prompt(name, **VALUES)
    assert "{" not in text.replace("{{", "")  # no placeholder left unfilled


def test_missing_variable_fails() -> None:
    with pytest.raises(KeyError, match="question"):
        render_prompt("answer_user", sources="s", history="")


def test_system_prompts_exist_in_both_languages() -> None:
    assert {"answer_system_zh", "answer_system_en", "answer_user", "source"} <= set(template_names())
