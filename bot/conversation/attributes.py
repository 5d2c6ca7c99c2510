"""One attribute of one record, answered directly: "where is it held?" -> the venue, "who owns it?" ->
the institution, "can I still register?" -> the deadline compared with today.

A record that lacks the asked attribute says so ("the listing does not state a fee"); contacts of
achievements (the technology-transfer office's published contact) and events (their registration) are
given when asked; an enterprise demand's contact stays with staff.
"""

from __future__ import annotations

import datetime as dt
import re

from retrieval.catalog import RecordView
from retrieval.fields import MATURITY, city_label, field_label
from retrieval.records import TRANSFER_LABELS

__all__ = [
    "ATTRIBUTES",
    "asked_attribute",
    "asked_attributes",
    "attribute_answer",
    "attributes_answer",
    "deadline_in",
]

# Checked in this order: the first attribute whose words the message holds is the one asked.
ATTRIBUTES: list[tuple[str, re.Pattern[str]]] = [
    (
        "contact",
        re.compile(
            r"联系|电话|邮箱|手机|咨询|找谁|\bcontact|\bphone|\be-?mail|\bget in touch\b|\bcall\b|"
            r"\breach (?:them|out|their|the (?:office|team|owners?|organi[sz]ers?))\b|"
            r"\bhow (?:do|can|could) (?:i|we) reach\b|\btransfer office\b|\bTTO\b",
            re.I,
        ),
    ),
    (
        "deadline",
        re.compile(
            r"截止|最晚|还能报|还来得及|过期|\bdeadline|\bstill (?:sign|register|apply|join)|"
            r"\btoo late|\bclos(?:e|ing) date|\bby when\b|\bdue\b",
            re.I,
        ),
    ),
    (
        "fee",
        re.compile(
            r"费用|收费|免费|要钱|交钱|交费|缴费|付费|多少钱参|\bfees?\b|\bcost to (?:attend|join)|\bfree\b|"
            r"\bcharge|\bpay to (?:attend|join|register)\b",
            re.I,
        ),
    ),
    (
        "registration",
        re.compile(
            r"报名|注册|参加|参会|怎么去|\bregist|\bsign(?:ing)? ?up|\benrol|\bjoin\b|\battend|"
            r"\bapply\b",
            re.I,
        ),
    ),
    (
        "venue",
        re.compile(
            r"哪里|哪儿|在哪|地点|场地|地址|会场|\bwhere\b|\bvenue|\blocation|\baddress|"
            r"\bheld at\b",
            re.I,
        ),
    ),
    (
        "organizers",
        re.compile(
            r"主办|承办|协办|组织|举办方|谁办|\borgani[sz]|\bhost(?:ed|s|ing)?\b|\bwho runs\b|"
            r"\bsponsor",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            r"什么时候|哪天|几号|几月|日期|时间|\bwhen\b|\bwhat date\b|\bwhich day\b|\bdates?\b",
            re.I,
        ),
    ),
    (
        "topics",
        re.compile(
            r"主题|议程|关于什么|讲什么|内容|安排|\btopics?\b|\bagenda\b|\babout\b|\bprogram",
            re.I,
        ),
    ),
    (
        "budget",
        re.compile(
            r"预算|多少钱|出价|经费|\bbudget|\bhow much (?:money|will they|do they|are they)|"
            r"\bpay\b|\bfunding\b",
            re.I,
        ),
    ),
    (
        "maturity",
        re.compile(
            r"成熟|阶段|TRL|产业化|中试|量产|\bmaturity|\bmature|\bstage\b|\bready\b|\bready for\b",
            re.I,
        ),
    ),
    (
        "ip_status",
        re.compile(
            r"专利|知识产权|产权|\bpatent|\bIP\b|\bintellectual property",
            re.I,
        ),
    ),
    (
        "transfer_modes",
        re.compile(
            r"转化方式|合作方式|怎么合作|许可|转让|入股|\btransfer mode|\blicen[cs]|\bbuy it\b|"
            r"\bpurchase\b|\bequity\b|\bhow (?:can|could) we (?:get|work)",
            re.I,
        ),
    ),
    (
        "owner",
        re.compile(
            r"谁的|哪家|哪个(?:单位|学校|大学|高校|机构|研究所|研究院|公司|企业)|哪所|谁家|谁研发|谁开发|谁做的|"
            r"研发单位|所属|背后|\bwhich school\b|\bwho(?:'s| is)? (?:owns|"
            r"developed|made|offers|behind|has|built|created|posted|published)|\bowner|\binstitution|"
            r"\bwhich (?:university|institute|company|enterprise|lab)|\bwhose\b|\bbehind (?:it|this|that)\b",
            re.I,
        ),
    ),
    (
        "city",
        re.compile(
            r"哪个城市|哪个市|\bwhich city\b|\bin which city\b",
            re.I,
        ),
    ),
    (
        "field",
        re.compile(
            r"什么领域|哪个领域|\bwhich field\b|\bwhat field\b|\bsector\b",
            re.I,
        ),
    ),
]
_APPLICABLE = {
    "event": {"contact", "deadline", "fee", "registration", "venue", "organizers", "date", "topics", "city"}
    | {"field"},
    "achievement": {"contact", "maturity", "ip_status", "transfer_modes", "owner", "city", "field", "fee"}
    | {"budget"},
    "demand": {"contact", "deadline", "budget", "owner", "maturity", "city", "field"},
}
_REGISTRATION = ("deadline", "fee", "registration")  # one registration text answers all three
_MAX_ASKED = 3
_DATE_ZH = re.compile(r"(?:(20\d\d)\s*年\s*)?(1[0-2]|0?[1-9])\s*月\s*([12]\d|3[01]|0?[1-9])\s*日")
_DATE_ISO = re.compile(r"(20\d\d)-(\d\d)-(\d\d)")
_DATE_EN = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+"
    r"(\d{1,2})(?:st|nd|rd|th)?,?\s*(20\d\d)?",
    re.I,
)
_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_FEE_WORDS = re.compile(r"免费|费用|收费|元|\bfree\b|\bfees?\b|\bcharge|\bCNY\b|\bRMB\b", re.I)


def asked_attribute(message: str, kind: str) -> str | None:
    """The attribute of a `kind` record the message asks for, if any."""
    for name, pattern in ATTRIBUTES:
        if name in _APPLICABLE.get(kind, set()) and pattern.search(message):
            return name
    return None


def asked_attributes(message: str, kind: str) -> list[str]:
    """Every attribute the message asks for ("budget and deadline?"), in ATTRIBUTES order, at most
    _MAX_ASKED. An event's registration text answers its deadline and fee as well: one of them is kept."""
    found = [n for n, p in ATTRIBUTES if n in _APPLICABLE.get(kind, set()) and p.search(message)]
    if kind == "event":
        registration = [n for n in found if n in _REGISTRATION]
        found = [n for n in found if n not in _REGISTRATION or n == registration[0]]
    return found[:_MAX_ASKED]


def attributes_answer(record: RecordView, attributes: list[str], lang: str, today: dt.date) -> str:
    """The answers to each attribute asked, one after the other."""
    return ("" if lang == "zh" else " ").join(attribute_answer(record, a, lang, today) for a in attributes)


def deadline_in(text: str, year: int) -> dt.date | None:
    """The first date in a registration text (the deadline it states), with the event's year when the
    text leaves it out."""
    found: list[tuple[int, dt.date | None]] = []
    for m in _DATE_ZH.finditer(text):
        found.append((m.start(), _date(int(m.group(1) or year), int(m.group(2)), int(m.group(3)))))
    for m in _DATE_ISO.finditer(text):
        found.append((m.start(), _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    for m in _DATE_EN.finditer(text):
        month = _MONTHS.index(m.group(1).lower()) + 1
        found.append((m.start(), _date(int(m.group(3) or year), month, int(m.group(2)))))
    valid = sorted((pos, d) for pos, d in found if d is not None)
    return valid[0][1] if valid else None  # the first date written is the deadline


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _deadline_phrase(deadline: dt.date, today: dt.date, zh: bool) -> str:
    days = (deadline - today).days
    if days < 0:
        return (
            f"报名已于 {deadline.isoformat()} 截止（{-days} 天前），现在无法报名。"
            if zh
            else f"Registration closed on {deadline.isoformat()} ({-days} days ago)."
        )
    if days == 0:
        return (
            f"报名今天（{deadline.isoformat()}）截止。" if zh else f"Registration closes today ({deadline}). "
        )
    return (
        f"报名截止日期是 {deadline.isoformat()}，还有 {days} 天。"
        if zh
        else f"The registration deadline is {deadline.isoformat()}, {days} days from now."
    )


def attribute_answer(record: RecordView, attribute: str, lang: str, today: dt.date) -> str:
    """The sentence that answers, leading with the value; says so when the record lacks it."""
    zh = lang == "zh"
    kind = record.chunk.kind
    title = record.chunk.title
    get = record.get
    # An event is named with its date: a list of events often shares words in its titles ("... 对接会"),
    # the date tells them apart and answers "when" along with what was asked.
    when = f"（{get('start_date')}）" if zh else f" ({get('start_date')})"
    dated = kind == "event" and bool(get("start_date")) and attribute != "date"
    name = (f"「{title}」" if zh else f'"{title}"') + (when if dated else "")

    def missing(what_zh: str, what_en: str) -> str:
        return (
            f"{name}的登记信息中没有写明{what_zh}。"
            if zh
            else f"The listing for {name} does not state {what_en}."
        )

    if attribute == "venue":
        venue = str(get("venue") or "")
        city = city_label(str(get("city") or ""), lang)
        if not venue and not city:
            return missing("举办地点", "a venue")
        return f"{name}在{city}举办，地点：{venue}。" if zh else f"{name} is held in {city}, at {venue}."
    if attribute == "date":
        start, end = get("start_date"), get("end_date")
        span = f"{start} – {end}" if end and end != start else str(start)
        if kind != "event":
            span = str(record.chunk.date or "")
        return f"{name}的时间：{span}。" if zh else f"{name}: {span}."
    if attribute == "organizers":
        organizers = [str(o) for o in get("organizers") or []]
        if not organizers:
            return missing("主办单位", "its organisers")
        joined = "、".join(organizers) if zh else "; ".join(organizers)
        return f"{name}的主办/承办单位：{joined}。" if zh else f"{name} is organised by {joined}."
    if attribute == "topics":
        topics = [str(t) for t in get("topics") or []]
        if not topics:
            return missing("议题", "its topics")
        joined = "、".join(topics) if zh else "; ".join(topics)
        summary = str(get("summary") or "")  # the programme, day by day, where the listing has it
        text = f"{name}的主题：{joined}。" if zh else f"Topics of {name}: {joined}."
        return f"{text}\n{summary}" if summary else text
    if attribute in ("registration", "deadline", "fee") and kind == "event":
        registration = str(get("registration") or "")
        if not registration:
            return missing("报名方式", "how to register")
        year = int(str(get("start_date") or today.year)[:4])
        deadline = deadline_in(registration, year)
        lead = _deadline_phrase(deadline, today, zh) if deadline else ""
        if attribute == "fee" and not _FEE_WORDS.search(registration):
            lead = missing("参会费用", "a fee") + " "
        body = f"报名方式：{registration}" if zh else f"How to register: {registration}"
        return f"{lead}{body}" if zh or not lead else f"{lead.rstrip()} {body}"
    if attribute == "deadline" and kind == "demand":
        deadline = get("deadline")
        if not deadline:
            return missing("截止日期", "a deadline")
        return f"{name}的截止日期：{deadline}。" if zh else f"The deadline of {name} is {deadline}."
    if attribute == "budget":
        budget = str(get("budget") or "")
        if not budget:
            return missing("预算", "a budget")
        return f"{name}的预算：{budget}。" if zh else f"The budget of {name} is {budget}."
    if attribute == "owner":
        owner = str(get("institution") or get("enterprise") or "")
        if kind == "demand":
            return f"{name}由{owner}发布。" if zh else f"{name} is posted by {owner}."
        return f"{name}来自{owner}。" if zh else f"{name} is offered by {owner}."
    if attribute == "maturity":
        if kind == "demand":
            required = str(get("required_maturity") or "")
            if not required:
                return missing("成熟度要求", "a required maturity")
            label = MATURITY.get(required, (required, required))[0 if zh else 1]
            return f"{name}要求的成熟度：{label}。" if zh else f"{name} asks for {label} maturity."
        label = MATURITY.get(str(get("maturity")), ("", ""))[0 if zh else 1]
        trl = get("trl")
        return f"{name}处于{label}（TRL {trl}）。" if zh else f"{name} is at TRL {trl} ({label})."
    if attribute == "ip_status":
        ip = str(get("ip_status") or "")
        if not ip:
            return missing("知识产权情况", "its IP status")
        return f"{name}的知识产权：{ip}。" if zh else f"IP status of {name}: {ip}."
    if attribute == "transfer_modes":
        modes = [
            TRANSFER_LABELS[m][0 if zh else 1] for m in get("transfer_modes") or [] if m in TRANSFER_LABELS
        ]
        if not modes:
            return missing("转化方式", "how it is transferred")
        return (
            f"{name}的转化方式：{'、'.join(modes)}。" if zh else f"{name} is offered by {', '.join(modes)}."
        )
    if attribute == "contact":
        if kind == "demand":
            return (
                f"{name}的企业联系方式由技术转移服务机构保管，不公开；请通过对接会或服务机构联系。"
                if zh
                else f"The enterprise's contact for {name} is kept by the technology-transfer office; "
                "reach them through the office or a matchmaking event."
            )
        contact = str(get("contact") or get("registration") or "")
        if not contact:
            return missing("联系方式", "a contact")
        return f"{name}的联系方式：{contact}。" if zh else f"Contact for {name}: {contact}."
    if attribute == "city":
        city = city_label(str(get("city") or ""), lang)
        return f"{name}位于{city}。" if zh else f"{name} is in {city}."
    if attribute == "field":
        fields = get("fields") or [get("field")]
        labels = [field_label(str(f), lang) for f in fields if f]
        return f"{name}属于{'、'.join(labels)}领域。" if zh else f"{name} is in {', '.join(labels)}."
    if attribute == "fee":
        return missing("费用", "a fee")
    return missing("这一信息", "this")
