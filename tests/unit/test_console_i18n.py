"""The console's strings: both languages have the same keys, and every key a template uses exists."""

from __future__ import annotations

import re
from pathlib import Path

from bot.console.i18n import STRINGS, text

TEMPLATES = Path(__file__).resolve().parents[2] / "bot" / "console" / "templates"


def test_both_languages_have_the_same_keys() -> None:
    assert set(STRINGS["zh"]) == set(STRINGS["en"])
    assert all(STRINGS["zh"][k] for k in STRINGS["zh"])


def test_every_literal_key_in_the_templates_is_translated() -> None:
    used = set()
    for path in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z_]+)'\)", path.read_text(encoding="utf-8")))
    assert used, "no t('...') calls found"
    assert used - set(STRINGS["en"]) == set()


def test_text_falls_back_to_english_then_the_key() -> None:
    assert text("zh", "sign_in") == "登录" and text("en", "sign_in") == "Sign in"
    assert text("fr", "sign_in") == "Sign in"
    assert text("zh", "no_such_key") == "no_such_key"
