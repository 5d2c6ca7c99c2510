"""`techbridge report`: the demand-gap report as files for the office: gaps.json, gaps.csv and gaps.png
(a bar chart of the largest gaps, stacked by source).

matplotlib draws with the Agg backend (no display needed). Chinese labels need a CJK font; with none
installed the chart uses the English labels (and keyword topics without an English form become
"keyword N"), never boxes of missing glyphs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .gaps import gaps_csv

__all__ = ["cjk_font", "write_report"]

_CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK",
    "Source Han Sans SC",
    "Source Han Sans",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_COLOURS = {"unanswered": "#d62728", "rated_down": "#ff7f0e", "unmatched_demands": "#1f77b4"}


def cjk_font() -> str | None:
    """The name of an installed font that has Chinese glyphs, if any."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in _CJK_FONTS if n in names), None)


def _labels(topics: list[dict[str, Any]], cjk: bool) -> list[str]:
    out = []
    for i, t in enumerate(topics, start=1):
        if cjk:
            label = t["label_zh"] if t["label_zh"] == t["label_en"] else f"{t['label_zh']} / {t['label_en']}"
        else:
            label = t["label_en"] if not _CJK.search(t["label_en"]) else f"keyword {i} (see gaps.csv)"
        out.append(label if len(label) <= 48 else label[:47] + "…")
    return out


def _chart(report: dict[str, Any], path: Path, top: int) -> str | None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    topics = report["topics"][:top]
    font = cjk_font()
    fig, ax = plt.subplots(figsize=(11, max(3.0, 1.4 + 0.45 * len(topics))), dpi=120)
    try:
        if font:
            plt.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
            plt.rcParams["axes.unicode_minus"] = False
        labels = _labels(topics, cjk=font is not None)
        rows = list(range(len(topics)))[::-1]  # largest at the top
        left = [0] * len(topics)
        for source, colour in _COLOURS.items():
            values = [t[source] for t in topics]
            ax.barh(rows, values, left=left, color=colour, label=source.replace("_", " "))
            left = [a + b for a, b in zip(left, values, strict=True)]
        for row, total in zip(rows, left, strict=True):
            ax.text(total + 0.05, row, str(total), va="center", fontsize=9)
        ax.set_yticks(rows, labels)
        ax.set_xlabel("items")
        ax.set_title("知识缺口 Top gaps by topic" if font else "Top knowledge gaps by topic")
        if not topics:
            ax.text(0.5, 0.5, "no gaps recorded", ha="center", va="center", transform=ax.transAxes)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        ax.set_xlim(0, max([*left, 1]) * 1.1)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        fig.tight_layout()
        fig.savefig(path)
    finally:
        plt.close(fig)
    return font


def write_report(report: dict[str, Any], out: Path, top: int = 10) -> dict[str, Any]:
    """Write gaps.json, gaps.csv and gaps.png into `out`; returns the paths and the font used."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "gaps.json", "csv": out / "gaps.csv", "png": out / "gaps.png"}
    paths["json"].write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    # utf-8-sig: Excel opens a CSV with a BOM as UTF-8 (Chinese text stays readable).
    paths["csv"].write_text(gaps_csv(report), encoding="utf-8-sig")
    font = _chart(report, paths["png"], top)
    return {**{k: str(v) for k, v in paths.items()}, "font": font}
