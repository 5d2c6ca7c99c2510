"""The console's charts: SVG drawn with matplotlib on the server (Agg backend) and shown with <img>.

Why server-side: the product runs offline, so a JavaScript chart library would have to be vendored and
kept up to date; matplotlib is already a dependency (the demand-gap report). An SVG in an <img> runs no
script whatever its text says, and its text is drawn as paths (svg.fonttype 'path'), so a question or a
topic reaches the page only as shapes.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Sequence
from typing import Any

from ..matching.report import cjk_font

__all__ = ["bar_chart", "daily_chart"]

_LOCK = threading.Lock()  # pyplot keeps global state: one chart at a time per process
ANSWERED, UNANSWERED, ACCENT = "#2f7d4f", "#c0504d", "#3465a4"


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # A font collection (.ttc) without a "normal" weight makes every draw log a warning; the 500 it takes
    # instead is fine.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    font = cjk_font()
    plt.rcParams["font.sans-serif"] = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    plt.rcParams["svg.fonttype"] = "path"
    plt.rcParams["svg.hashsalt"] = "techbridge"  # the same chart gives the same bytes
    fig, ax = plt.subplots(figsize=(width, height), dpi=96)
    ax.spines[["top", "right"]].set_visible(False)
    return plt, fig, ax


def _svg(plt: Any, fig: Any) -> bytes:
    out = io.BytesIO()
    fig.tight_layout()
    fig.savefig(out, format="svg", metadata={"Date": None})
    plt.close(fig)
    return out.getvalue()


def daily_chart(
    days: Sequence[str], answered: Sequence[int], unanswered: Sequence[int], labels: tuple[str, str]
) -> bytes:
    """Stacked bars per day: answered below, not answered above."""
    with _LOCK:
        plt, fig, ax = _figure(10, 2.6)
        xs = range(len(days))
        ax.bar(xs, answered, color=ANSWERED, label=labels[0])
        ax.bar(xs, unanswered, bottom=answered, color=UNANSWERED, label=labels[1])
        step = max(1, len(days) // 8)
        ax.set_xticks(list(xs)[::step], [d[5:] for d in days][::step], fontsize=8)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylim(
            bottom=0, top=max([a + u for a, u in zip(answered, unanswered, strict=True)] + [1]) * 1.15
        )
        ax.legend(fontsize=8, frameon=False)
        return _svg(plt, fig)


def bar_chart(values: dict[str, int], colors: dict[str, str] | None = None, width: float = 5) -> bytes:
    """Horizontal bars, one per label, largest on top (an empty chart says 0)."""
    with _LOCK:
        items = sorted(values.items(), key=lambda kv: kv[1]) or [("-", 0)]
        plt, fig, ax = _figure(width, max(1.6, 0.45 * len(items) + 0.8))
        labels = [label[:40] for label, _ in items]
        counts = [n for _, n in items]
        palette = [(colors or {}).get(label, ACCENT) for label, _ in items]
        ax.barh(range(len(items)), counts, color=palette)
        ax.set_yticks(range(len(items)), labels, fontsize=9)
        for row, n in enumerate(counts):
            ax.text(n, row, f" {n}", va="center", fontsize=8)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlim(left=0, right=max([*counts, 1]) * 1.15)
        return _svg(plt, fig)
