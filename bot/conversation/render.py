"""Plain-text renderings of records, in the question's language (fixed phrases: bot/phrasebook.py).

Answers are plain text (the widget and the bots show them as text): numbered citations as [n], list
items as "1." lines. No markup, so nothing from a record can turn into HTML anywhere.
"""

from __future__ import annotations

from retrieval.catalog import RecordView
from retrieval.fields import MATURITY, city_label, field_label
from retrieval.records import TRANSFER_LABELS

__all__ = ["calendar_link", "record_line", "render_record"]


def calendar_link(r: RecordView) -> str:
    """The event's iCalendar file on this server (bot/api/calendar.py), to add it to a calendar app."""
    return f"/api/events/{r.id}.ics"


def _date_span(r: RecordView) -> str:
    start, end = r.get("start_date"), r.get("end_date")
    return f"{start} – {end}" if end and end != start else str(start)


def _lead(text: str, full: bool) -> str:
    """The whole text for the first item of a list, its first sentence for the others."""
    if full or not text:
        return text
    return text.split("。")[0] + "。" if "。" in text else text.split(". ")[0].rstrip(".") + "."


def record_line(r: RecordView, lang: str, n: int) -> str:
    """One line: the title and what tells records apart (date, city, venue; owner, field, maturity;
    enterprise, budget, deadline). A list shows these; the whole record is in its citation. An event's
    line ends with its calendar file."""
    line = render_record(r, lang, n).split("\n", 1)[0]
    if r.chunk.kind == "event":
        line += ("，日历：" if lang == "zh" else ", calendar: ") + calendar_link(r)
    return line


def render_record(r: RecordView, lang: str, n: int, full: bool = False) -> str:
    kind = r.chunk.kind
    zh = lang == "zh"
    sep = "；" if zh else "; "
    if kind == "event":
        parts = [_date_span(r)]
        if r.get("city"):
            parts.append(city_label(r.get("city"), lang))
        if r.get("venue"):
            parts.append(str(r.get("venue")))
        line = f"{r.chunk.title}（{'，'.join(parts)}）" if zh else f"{r.chunk.title} ({', '.join(parts)})"
        extras = []
        if r.get("topics"):
            extras.append(("主题：" if zh else "Topics: ") + ("、" if zh else ", ").join(r.get("topics")))
        if r.get("registration"):
            extras.append(("报名：" if zh else "Registration: ") + str(r.get("registration")))
        if full and r.get("summary"):
            extras.append(str(r.get("summary")))
        extras.append(("日历：" if zh else "Calendar: ") + calendar_link(r))
        return f"{line} [{n}]" + (("\n   " + sep.join(extras)) if extras else "")
    if kind == "achievement":
        maturity = MATURITY.get(str(r.get("maturity")), ("", ""))[0 if zh else 1]
        modes = ("、" if zh else ", ").join(
            TRANSFER_LABELS[m][0 if zh else 1] for m in r.get("transfer_modes") or [] if m in TRANSFER_LABELS
        )
        facts = [
            str(r.get("institution")),
            field_label(str(r.get("field")), lang),
            f"TRL {r.get('trl')} {maturity}".strip(),
        ]
        if modes:
            facts.append(("转化方式：" if zh else "transfer: ") + modes)
        line = f"{r.chunk.title}（{'，'.join(facts)}）" if zh else f"{r.chunk.title} ({'; '.join(facts)})"
        summary = _lead(str(r.get("summary") or ""), full)
        return f"{line} [{n}]\n   {summary}" if summary else f"{line} [{n}]"
    # demand
    facts = [str(r.get("enterprise"))]
    if r.get("city"):
        facts.append(city_label(str(r.get("city")), lang))
    facts.append(field_label(str(r.get("field")), lang))
    if r.get("budget"):
        facts.append(("预算 " if zh else "budget ") + str(r.get("budget")))
    if r.get("deadline"):
        facts.append(("截止 " if zh else "deadline ") + str(r.get("deadline")))
    line = f"{r.chunk.title}（{'，'.join(facts)}）" if zh else f"{r.chunk.title} ({'; '.join(facts)})"
    description = _lead(str(r.get("description") or ""), full)
    return f"{line} [{n}]\n   {description}" if description else f"{line} [{n}]"
