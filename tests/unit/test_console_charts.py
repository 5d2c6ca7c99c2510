"""The console's charts: SVG whose text is drawn as shapes, so a label that is markup stays inert."""

from __future__ import annotations

from bot.console.charts import bar_chart, daily_chart


def test_bar_chart_is_svg_without_text_or_script() -> None:
    svg = bar_chart({"<script>alert(1)</script>": 3, "hydrogen": 1})
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    # The label is drawn as glyph paths; matplotlib keeps it only in an escaped comment.
    assert b"<script" not in svg and b"<text" not in svg and b"&lt;script&gt;alert(1)" in svg
    assert bar_chart({"a": 1}) == bar_chart({"a": 1})  # the same data gives the same bytes (cacheable)
    assert bar_chart({"a": 1}) != bar_chart({"a": 2})


def test_daily_chart_draws_every_day() -> None:
    days = [f"2026-11-{d:02d}" for d in range(1, 31)]
    svg = daily_chart(days, [1] * 30, [0] * 29 + [2], ("answered", "not answered"))
    assert b"<svg" in svg and b"<text" not in svg
    assert svg != daily_chart(days, [1] * 30, [0] * 30, ("answered", "not answered"))
