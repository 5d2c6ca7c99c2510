"""Gaps: what people asked for that the knowledge base could not give, grouped by topic (the office's
demand-gap report, bot/matching/gaps.py), as a chart, a table and CSV."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ...matching.gaps import gaps_csv, gaps_report
from ..auth import Console, ConsoleDep, StaffDep
from ..charts import bar_chart
from ..web import lang_of, render

router = APIRouter(prefix="/gaps")
TOP = 12


def report(console: Console) -> dict[str, Any]:
    services = console.services
    return gaps_report(
        services.conversations,
        services.leads,
        services.matcher,
        services.catalog,
        services.searcher.glossary,
        500,
    )


def _label(topic: dict[str, Any], lang: str) -> str:
    return str(topic["label_zh"] if lang == "zh" else topic["label_en"])


@router.get("")
async def gaps(request: Request, console: ConsoleDep, _: StaffDep) -> Response:
    found = await run_in_threadpool(report, console)
    lang = lang_of(request)
    topics = [{**t, "label": _label(t, lang)} for t in found["topics"]]
    return render(request, "gaps.html", section="gaps", totals=found["totals"], topics=topics)


@router.get("/chart.svg")
async def chart(request: Request, console: ConsoleDep, _: StaffDep) -> Response:
    lang = lang_of(request)

    def draw() -> bytes:
        topics = report(console)["topics"][:TOP]
        return bar_chart({_label(t, lang): int(t["count"]) for t in topics}, width=7)

    return Response(await run_in_threadpool(draw), media_type="image/svg+xml")


@router.get("/gaps.csv")
async def export(console: ConsoleDep, _: StaffDep) -> Response:
    body = gaps_csv(await run_in_threadpool(report, console))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="gaps.csv"'},
    )
