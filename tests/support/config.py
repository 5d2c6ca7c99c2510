"""What every tier shares: the repository's paths, the clock the tests run on, test settings, and small
files a test writes into a knowledge folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.settings import Settings

__all__ = ["KNOWLEDGE", "ROOT", "TODAY", "UNLIMITED", "make_settings", "write_news"]

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
TODAY = dt.date(2026, 11, 22)  # the clock the tests run on: "upcoming" is relative to it

UNLIMITED = {"chat_per_minute": 0, "api_per_minute": 0, "channel_per_minute": 0}


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    base: dict[str, object] = {
        "environment": "test",
        "data_dir": data_dir,
        "knowledge_dir": KNOWLEDGE,
        # One TestClient is one client: lift the per-client rate limits (the default
        # ones are proved in tests/integration/test_limits.py).
        "limits": UNLIMITED,
    }
    base.update(overrides)
    return Settings(**base)  # type: ignore[arg-type]  # nested settings given as dicts, validated by pydantic


def write_news(folder: Path, name: str, title: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(
        f"---\nid: {name}\ntitle: {title}\nlang: en\ndate: 2025-01-01\n---\n{body}\n"
    )
