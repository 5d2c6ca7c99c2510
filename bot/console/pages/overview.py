"""Overview: questions per day (answered vs not), feedback, traffic by channel, leads by status and the top
unanswered topics, as charts (SVG images served here) with the numbers beside them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..auth import Console, ConsoleDep, StaffDep
from ..charts import ANSWERED, UNANSWERED, bar_chart, daily_chart
from ..i18n import text
from ..web import lang_of, render

router = APIRouter()
CHARTS = ("daily", "feedback", "channels", "leads", "topics")
DAYS = 30


def top_topics(console: Console, lang: str, top: int = 8) -> list[dict[str, Any]]:
    """The demand-gap topics of unanswered and down-rated questions (bot/matching/gaps.py), largest first."""
    from ...matching.gaps import gaps_report

    services = console.services
    report = gaps_report(services.conversations, services.leads, None, None, services.searcher.glossary, 300)
    return [
        {"label": t["label_zh"] if lang == "zh" else t["label_en"], "count": int(t["count"])}
        for t in report["topics"][:top]
    ]


@router.get("/overview")
async def overview(request: Request, console: ConsoleDep, _: StaffDep) -> Response:
    lang = lang_of(request)

    def gather() -> dict[str, Any]:
        return {
            "stats": console.services.conversations.stats(),
            "days": console.activity.questions_per_day(DAYS, console.services.clock()),
            "feedback": console.activity.feedback_counts(),
            "channels": console.activity.channel_traffic(),
            "leads": console.activity.leads_by_status(),
            "topics": top_topics(console, lang),
        }

    data = await run_in_threadpool(gather)
    return render(request, "overview.html", section="overview", charts=CHARTS, **data)


@router.get("/charts/{name}.svg")
async def chart(name: str, request: Request, console: ConsoleDep, _: StaffDep) -> Response:
    if name not in CHARTS:
        raise HTTPException(404)
    lang = lang_of(request)

    def draw() -> bytes:
        activity = console.activity
        if name == "daily":
            days = activity.questions_per_day(DAYS, console.services.clock())
            return daily_chart(
                [d.day for d in days],
                [d.answered for d in days],
                [d.unanswered for d in days],
                (text(lang, "answered"), text(lang, "unanswered")),
            )
        if name == "feedback":
            votes = activity.feedback_counts()
            return bar_chart(
                {text(lang, "up"): votes["up"], text(lang, "down"): votes["down"]},
                {text(lang, "up"): ANSWERED, text(lang, "down"): UNANSWERED},
            )
        if name == "channels":
            return bar_chart(activity.channel_traffic())
        if name == "leads":
            return bar_chart(activity.leads_by_status())
        return bar_chart({t["label"]: t["count"] for t in top_topics(console, lang)}, width=6)

    svg = await run_in_threadpool(draw)
    return Response(svg, media_type="image/svg+xml")
