"""The answer to one attribute of one record, leading with the value: "where is it held?" -> the venue,
"who owns it?" -> the institution, "can I still register?" -> the deadline compared with today. A record
that lacks the attribute says so ("the listing does not state a fee"). The phrases are in
bot/phrasebook.py (`attr.*`); which attribute a message asks is read in attributes.py.

Contacts of achievements (the technology-transfer office's published contact) and events (their
registration) are given when asked; an enterprise demand's contact stays with staff.
"""

from __future__ import annotations

import datetime as dt
import re

from retrieval.catalog import RecordView
from retrieval.fields import MATURITY, city_label, field_label
from retrieval.match_vocab import modes_in
from retrieval.records import TRANSFER_LABELS
from retrieval.text import split_sentences

from ..phrasebook import phrase
from .deadline_dates import deadline_in, deadline_phrase, demand_deadline
from .event_pitch import pitch_sentence

__all__ = [
    "EVENT_UNLISTED",
    "UNLISTED",
    "asks_hall",
    "attribute_answer",
    "attributes_answer",
    "names_venue",
    "states",
    "states_fully",
]

# What else no listing's fields hold (knowledge/FORMAT.md): terms of sale, returns, who leads the team, a
# product's own name. Asked of a named record, it is said not to be stated (the record's sentences that
# share a word answer none of them), unless its prose says it all the same ("投资回收期约3年").
UNLISTED: dict[str, re.Pattern[str]] = {
    "warranty": re.compile(r"质保|保修|保质期|\bwarrant(?:y|ies)\b|\bguarantee period\b", re.I),
    "payback": re.compile(
        r"回收期|回本|投资回报|回报率|\b(?:payback|return on investment|ROI|break[- ]even)\b", re.I
    ),
    "lead": re.compile(
        r"负责人|带头人|首席科学家|课题组长|\bprincipal investigator\b|\b(?:team|project) lead(?:er)?\b|"
        r"\blead (?:inventor|researcher|scientist)\b|\bwho leads\b",
        re.I,
    ),
    # a deadline moved, an event put off: what a listing would state only once it happened
    "extension": re.compile(r"延期|延长|推迟|顺延|\b(?:extend(?:ed)?|extension|postpone[sd]?)\b", re.I),
    "accommodation": re.compile(r"酒店|宾馆|住宿|\b(?:hotels?|accommodation|lodging)\b", re.I),
    "wechat": re.compile(r"微信|\b(?:wechat|whatsapp)\b", re.I),
    # who bought, licensed or won it: a listing offers or asks, it never records the deal
    "customer": re.compile(
        r"中标|(?:卖|授权|许可|转让)给了?(?:谁|哪)|配套了?哪(?:家|些)|哪(?:家|些)(?:企业|公司|车企|厂家?)?"
        r"(?:买|购买|采购|引进)了|(?:客户|买家|买方|被许可方)(?:是谁|有哪些|是哪)|"
        r"\bwho (?:bought|has licensed|licensed|purchased|won)\b|"
        r"\bwhich (?:company|companies|firms?|carmakers?|automakers?|manufacturers?) (?:(?:has|have) )?"
        r"(?:bought|licensed|won|purchased|adopted)\b|\bwon the (?:contract|bid|tender)\b|"
        r"\bwho are (?:its|their|the) (?:customers|buyers|licensees)\b|"
        # a partner in using it: "跟哪家航发企业合作过", "which company partnered with DUT to build them"
        r"(?:跟|和|与)哪(?:家|些|个)\S{0,6}合作过?|给哪(?:家|些)\S{0,6}供(?:了|过|的)?货|"
        r"\bwhich (?:company|companies|firms?|manufacturers?) (?:partnered|worked|cooperated|collaborated)\b",
        re.I,
    ),
    # whether a licence may be exclusive: the listing gives the modes, never the terms
    "exclusivity": re.compile(r"独家|排他|独占|\bexclusiv", re.I),
    "product_name": re.compile(
        r"型号|品牌|商品名|(?:品种|产品)\S{0,4}(?:叫什么|叫啥|名字|名称)|"
        r"\b(?:product|brand|trade|model|variety) (?:name|number)s?\b",
        re.I,
    ),
}
# What an upcoming event's listing leaves to its organisers (FORMAT.md: date, venue, registration, topics,
# programme): parking, joining online, interpreting, a shuttle, which investors come. Asked of a named
# event, it is said not to be stated (its registration text or the events listed answer none of it),
# unless its text says it all the same (the second pattern: a sentence that holds the thing itself, e.g.
# an investor named, not "investor Q&A").
EVENT_UNLISTED: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "parking": (
        re.compile(r"停车|车位|\bpark(?:ing)?\b", re.I),
        re.compile(r"停车|车位|\bparking\b", re.I),
    ),
    "online": (
        re.compile(
            r"线上|网上参[会加]|在线参[会加]|远程参[会加]|直播|视频参会|云参会|"
            r"\b(?:online|remote(?:ly)?|virtual(?:ly)?|live-?stream\w*|zoom|webinar)\b",
            re.I,
        ),
        re.compile(
            r"线上|直播|云端|\b(?:online (?:session|participation|attendance)|live-?stream\w*)\b", re.I
        ),
    ),
    "interpreting": (
        re.compile(r"翻译|同传|口译|\binterpret\w*|\btranslat\w*", re.I),
        re.compile(r"翻译|同传|口译|\binterpret\w*", re.I),
    ),
    "shuttle": (
        re.compile(r"班车|大巴|接送|摆渡车|坐车|\bshuttle|\bbus(?:es)?\b|\bpick ?-?up\b|\bcoach\b", re.I),
        re.compile(r"班车|大巴|接送|\bshuttle|\bbus(?:es)?\b", re.I),
    ),
    # meals and travel costs: arrangements a listing leaves to its organisers ("will there be free
    # lunch?" asks no fee; "参会能报销路费吗" is not how to register)
    "meals": (
        re.compile(
            r"午餐|午饭|晚餐|晚宴|工作餐|用餐|就餐|餐饮|管饭|包饭|盒饭|茶歇|"
            r"\b(?:lunch(?:es)?|dinners?|meals?|food|catering|buffet|refreshments|coffee breaks?)\b",
            re.I,
        ),
        re.compile(r"午餐|晚餐|晚宴|工作餐|用餐|餐饮|茶歇|\b(?:lunch|dinner|meals?|catering)\b", re.I),
    ),
    "travel_costs": (
        re.compile(
            r"报销|路费|差旅|交通费|车费|机票|"
            r"\b(?:reimburs\w*|travel (?:costs?|expenses?|allowances?|subsid\w*)|"
            r"(?:pay|cover)s? (?:for )?(?:our |my )?(?:travel|flights?|tickets? there))\b",
            re.I,
        ),
        re.compile(r"报销|差旅|交通费|\b(?:reimburs\w*|travel (?:costs?|expenses?|allowances?))\b", re.I),
    ),
    # how many may come from one company ("can i bring a colleague", "每家单位限几人")
    "companions": (
        re.compile(
            r"带(?:一个|个|上|几个|两个)?(?:同事|同伴|朋友|家属)|"
            r"每家(?:企业|单位|公司)(?:限|能|可以)?(?:几|多少)人|"
            r"\bbring (?:a |my |our |along )?"
            r"(?:colleagues?|co-?workers?|friends?|guests?|someone|a plus[- ]one)\b|"
            r"\bhow many (?:people|attendees|participants) (?:per|from each|can each) (?:company|firm)\b",
            re.I,
        ),
        re.compile(r"每家(?:企业|单位|公司)|限\s*\d+\s*人|\bper (?:company|organi[sz]ation)\b", re.I),
    ),
    "investors": (
        re.compile(
            r"(?:哪些|哪几家|哪家|什么|名单).{0,4}(?:投资机构|投资人|投资方|基金|资本|创投)|"
            r"(?:投资机构|投资人|投资方).{0,6}(?:有哪些|是谁|哪几家|名单)|"
            r"\b(?:which|what|who are the|name the|list of (?:the )?)\s*(?:investors?|vcs?|funds?|"
            r"investment (?:firms|institutions))\b",
            re.I,
        ),
        re.compile(r"资本|基金|创投|\b(?:Capital|Ventures?|Fund)\b"),
    ),
}
# A person named in a contact: "李工 / lh-h2@example.com", "Mr. Liu / ..."
_PERSON = re.compile(
    r"[\u4e00-\u9fff](?:工|老师|经理|主任|先生|女士)|\b(?:Mr|Ms|Mrs|Dr|Prof)\.?\s*[A-Z]", re.I
)
# A venue recorded from news that gave only the city: "Shenyang (venue not named in the source)"
_UNNAMED_VENUE = re.compile(r"not named|未(?:注明|写明|公布)", re.I)
_HALL = re.compile(
    r"会场|场馆|哪个馆|几号馆|具体|地址|哪栋|哪个楼|\bhall\b|\bvenue\b|\baddress\b|\bbuilding\b|\bexact|"
    r"\bspecific|\broom\b",
    re.I,
)
# What a record states in part: the answer tells what is known (the registration text, the city) and
# still answers nothing (kept for staff)
_PARTLY = ("event_fee", "venue_name", "pitch")
# A fee waived for some attendees only ("Cooperatives and family farms attend free", "高校代表免费参会"):
# asked by one who says they are not of them ("我们是农业公司不是合作社"), it states no fee for them.
_FREE_EN = re.compile(r"\b(?:attend|participate|enter|join|register)s? (?:for )?free\b", re.I)
_FREE_ZH = re.compile(r"[\u4e00-\u9fff]{2}(?:可以?|均)?免费(?:参会|参加|入场)")
_NOT_ONE_OF = re.compile(r"不是|并非|不属于|\bnot\b|n't\b|\bnon-", re.I)
_FEE_WORDS = re.compile(r"免费|费用|收费|元|\bfree\b|\bfees?\b|\bcharge|\bCNY\b|\bRMB\b", re.I)


def names_venue(record: RecordView) -> bool:
    """Whether the record names the place itself, not only its city."""
    venue = str(record.get("venue") or "")
    return bool(venue) and not _UNNAMED_VENUE.search(venue)


def attributes_answer(record: RecordView, attributes: list[str], lang: str, today: dt.date) -> str:
    """The answers to each attribute asked, one after the other."""
    return ("" if lang == "zh" else " ").join(attribute_answer(record, a, lang, today) for a in attributes)


def states(record: RecordView, attribute: str, lang: str, today: dt.date) -> bool:
    """Whether the record states the attribute (its answer is more than "the listing does not state")."""
    return _answer(record, attribute, lang, today)[1]


def states_fully(record: RecordView, attribute: str, lang: str, today: dt.date, message: str = "") -> bool:
    """Whether the record states the attribute, a fee included: "is there a fee?" answered with the
    registration text, which names none, tells what is known yet answers nothing (kept for staff). A venue
    of only its city answers "where was it held?", not "which hall?" (`message` asks which)."""
    lacking: list[str] = []
    _compose(record, attribute, lang, today, lacking)
    if not asks_hall(message):
        lacking = [what for what in lacking if what != "venue_name"]
    registration = str(record.get("registration") or "")
    if attribute == "fee" and _free_for_some(registration) and _NOT_ONE_OF.search(message):
        lacking.append("event_fee")  # free for others than the one asking
    return not lacking


def _free_for_some(registration: str) -> bool:
    """A sentence waives the fee for those it names: "Cooperatives ... attend free", not "Free admission"."""
    for sentence in split_sentences(registration):
        found = _FREE_EN.search(sentence)
        if (found and sentence[: found.start()].strip()) or _FREE_ZH.search(sentence):
            return True
    return False


def asks_hall(message: str) -> bool:
    """The place itself is asked, not only where: "具体在哪个会场", "which hall", "the address"."""
    return bool(_HALL.search(message))


def attribute_answer(record: RecordView, attribute: str, lang: str, today: dt.date) -> str:
    """The sentence that answers, leading with the value; says so when the record lacks it."""
    return _answer(record, attribute, lang, today)[0]


def _answer(record: RecordView, attribute: str, lang: str, today: dt.date) -> tuple[str, bool]:
    """The answer, and whether the record states what was asked (a fee the registration text leaves out
    still answers with that text)."""
    lacking: list[str] = []
    text = _compose(record, attribute, lang, today, lacking)
    return text, not [what for what in lacking if what not in _PARTLY]


def _days(start: str, end: str) -> int:
    """How many days an event runs, its first and last counted; 0 where a date is missing or unreadable."""
    try:
        return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1
    except ValueError:
        return 0


def _compose(record: RecordView, attribute: str, lang: str, today: dt.date, lacking: list[str]) -> str:
    zh = lang == "zh"
    kind = record.chunk.kind
    title = record.chunk.title
    get = record.get
    # An event is named with its date: a list of events often shares words in its titles ("... 对接会"),
    # the date tells them apart and answers "when" along with what was asked.
    when = f"（{get('start_date')}）" if zh else f" ({get('start_date')})"
    dated = kind == "event" and bool(get("start_date")) and attribute != "date"
    name = (f"「{title}」" if zh else f'"{title}"') + (when if dated else "")
    sep = "、" if zh else "; "

    def missing(what: str) -> str:
        lacking.append(what)
        return phrase("attr.missing", lang, name=name, what=phrase(f"attr.what.{what}", lang))

    if attribute == "venue":
        venue = str(get("venue") or "")
        city = city_label(str(get("city") or ""), lang)
        if not venue and not city:
            return missing("venue")
        if not names_venue(record):
            lacking.append("venue_name")
        return phrase("attr.venue", lang, name=name, city=city, venue=venue)
    if attribute == "date":
        start, end = get("start_date"), get("end_date")
        span = f"{start} – {end}" if end and end != start else str(start)
        days = _days(str(start or ""), str(end or ""))
        if days > 1:  # "开几天", "how long is it": how many days the dates span
            span += f"（共 {days} 天）" if zh else f" ({days} days)"
        elif days == 1 and end:  # held on one day: that answers "how long" too
            span += "（为期一天）" if zh else " (one day)"
        if kind != "event":
            span = str(record.chunk.date or "")
        return phrase("attr.date", lang, name=name, span=span)
    if attribute == "organizers":
        organizers = [str(o) for o in get("organizers") or []]
        if not organizers:
            return missing("organizers")
        return phrase("attr.organizers", lang, name=name, names=sep.join(organizers))
    if attribute == "topics":
        topics = [str(t) for t in get("topics") or []]
        if not topics:
            return missing("topics")
        summary = str(get("summary") or "")  # the programme, day by day, where the listing has it
        text = phrase("attr.topics", lang, name=name, topics=sep.join(topics))
        return f"{text}\n{summary}" if summary else text
    if attribute in ("registration", "deadline", "fee") and kind == "event":
        registration = str(get("registration") or "")
        if not registration:
            return missing("registration")
        year = int(str(get("start_date") or today.year)[:4])
        deadline = deadline_in(registration, year)
        lead = deadline_phrase(deadline, today, lang) if deadline else ""
        if attribute == "fee":
            # "要钱吗": the sentence that states the fee leads ("Admission is free."), not the deadline
            fee = [s for s in split_sentences(registration) if _FEE_WORDS.search(s)]
            sep = "" if zh else " "
            lead = f"{sep.join(fee)}{sep}" if fee else missing("event_fee") + " "
        body = phrase("attr.registration", lang, text=registration)
        text = f"{lead}{body}" if zh or not lead else f"{lead.rstrip()} {body}"
        # which event, with its date, after the value: "the one after that" or "第二个" names none, and a
        # registration text often names none either ("Register online ... by 2027-01-07")
        return text if name in text else f"{text}{'——' if zh else ' — '}{name}"
    if attribute == "pitch":  # how an enterprise brings its own demand: the sentence that says, else how to
        said = pitch_sentence(record)  # register (its contact is where to ask)
        if said:
            return phrase("attr.pitch", lang, name=name, text=said)
        registration = str(get("registration") or "")
        if not registration:
            return missing("registration")
        lead = missing("pitch")  # in part: how to register, whose contact is where to ask
        return f"{lead}{'' if zh else ' '}{phrase('attr.registration', lang, text=registration)}"
    if attribute == "deadline" and kind == "demand":
        deadline_text = get("deadline")
        if not deadline_text:
            return missing("deadline")
        return demand_deadline(name, str(deadline_text), today, lang)
    if attribute == "budget":
        budget = str(get("budget") or "")
        if not budget:
            return missing("budget")
        return phrase("attr.budget", lang, name=name, budget=budget)
    if attribute == "owner":
        owner = record.owner
        return phrase("attr.poster" if kind == "demand" else "attr.owner", lang, name=name, owner=owner)
    if attribute == "maturity":
        if kind == "demand":
            required = str(get("required_maturity") or "")
            if not required:
                return missing("required_maturity")
            label = MATURITY.get(required, (required, required))[0 if zh else 1]
            return phrase("attr.required_maturity", lang, name=name, label=label)
        label = MATURITY.get(str(get("maturity")), ("", ""))[0 if zh else 1]
        return phrase("attr.maturity", lang, name=name, label=label, trl=get("trl"))
    if attribute == "ip_status":
        ip = str(get("ip_status") or "")
        if not ip:
            return missing("ip_status")
        return phrase("attr.ip_status", lang, name=name, ip=ip)
    if attribute == "transfer_modes" and kind == "demand":
        # how the enterprise wants to work with a partner: the description's sentences that say so
        # ("希望以联合开发方式合作，后续可接受技术入股"), the matcher's words for transfer modes
        wanted = [s for s in split_sentences(record.chunk.text) if modes_in(s)]
        if not wanted:
            return missing("cooperation")
        return ("" if zh else " ").join(wanted)
    if attribute == "transfer_modes":
        modes = [
            TRANSFER_LABELS[m][0 if zh else 1] for m in get("transfer_modes") or [] if m in TRANSFER_LABELS
        ]
        if not modes:
            return missing("transfer_modes")
        return phrase("attr.transfer_modes", lang, name=name, modes=("、" if zh else ", ").join(modes))
    if attribute == "contact_person" and kind != "demand":  # a name to ask for, or where to write
        contact = str(get("contact") or "")
        if not _PERSON.search(contact):
            return f"{missing('contact_person')}{phrase('attr.price_ask', lang, contact=contact)}"
        return phrase("attr.contact", lang, name=name, contact=contact)
    if attribute in ("contact", "contact_person"):  # an enterprise's contact person stays with staff
        if kind == "demand":
            return phrase("attr.demand_contact", lang, name=name)
        contact = str(get("contact") or get("registration") or "")
        if not contact:
            return missing("contact")
        return phrase("attr.contact", lang, name=name, contact=contact)
    if attribute == "city":
        return phrase("attr.city", lang, name=name, city=city_label(str(get("city") or ""), lang))
    if attribute == "field":
        fields = get("fields") or [get("field")]
        labels = [field_label(str(f), lang) for f in fields if f]
        return phrase("attr.field", lang, name=name, fields=("、" if zh else ", ").join(labels))
    if attribute == "fee":
        return missing("fee")
    if attribute in EVENT_UNLISTED:  # nor an event's: its text or registration may all the same
        held = EVENT_UNLISTED[attribute][1]
        prose = f"{record.chunk.text}\n{get('registration') or ''}"
        stated = [s for s in split_sentences(prose) if held.search(s)]
        return stated[0] if stated else missing(attribute)
    if attribute in UNLISTED:  # no field holds it; the prose may all the same
        stated = [s for s in split_sentences(record.chunk.text) if UNLISTED[attribute].search(s)]
        return stated[0] if stated else missing(attribute)
    if attribute in ("organisation", "patent_number"):
        return missing(attribute)
    if attribute == "price":  # agreed with the owner: who to ask comes with it
        contact = str(get("contact") or "")
        lead = missing("price")
        return f"{lead}{phrase('attr.price_ask', lang, contact=contact)}" if contact else lead
    return missing("this")
