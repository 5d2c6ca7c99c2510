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

from .attribute_answers import (
    EVENT_UNLISTED,
    UNLISTED,
    attribute_answer,
    attributes_answer,
    states,
    states_fully,
)
from .draft import Draft
from .event_pitch import ASKED as _PITCH
from .measures import names_measure
from .types import Citation

__all__ = [
    "ATTRIBUTES",
    "NEVER_LISTED",
    "asked_attribute",
    "asked_attributes",
    "attribute_answer",
    "attributes_answer",
    "names_budget",
    "never_listed_answer",
    "states",
    "states_fully",
]

# Checked in this order: the first attribute whose words the message holds is the one asked.
ATTRIBUTES: list[tuple[str, re.Pattern[str]]] = [
    ("pitch", _PITCH),  # "我们想上去讲讲自己的技术需求咋弄": how an enterprise brings its own demand
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
            r"\btoo late|\bclos(?:e|ing) date|\bby when\b|\bdue\b|"
            r"\bwhen (?:does|do|will|is)\b[^?？]{0,80}\bclos(?:e|es|ing)\b",  # "when does the X demand close"
            re.I,
        ),
    ),
    (
        "fee",
        re.compile(
            r"费用|收费|免费|要钱|交钱|交费|缴费|付费|多少钱参|(?:参会|会务|报名|入场)费|门票|票价|"
            r"\bfees?\b|\bcost to (?:attend|join)|\bfree\b|\btickets?\b|\badmission\b|"
            r"\bhow much (?:is it |does it cost )?to (?:get in|go|attend|join|enter)\b|"
            r"\bcharge|\bpay to (?:attend|join|register)\b|\b(?:need|have) to pay\b|收钱|付钱",
            re.I,
        ),
    ),
    (
        # what a technology costs: agreed with its owner, never in a listing; asked before the transfer
        # modes, whose words ("转让", "license") a price question holds ("转让费多少")
        "price",
        re.compile(
            r"价格|报价|售价|价钱|卖多少钱|多少钱|转让费|许可费|使用费|\bprice|\bhow much (?:is|does|for)\b|"
            r"\bcost\b|\blicen[cs](?:e|ing) fees?\b",
            re.I,
        ),
    ),
    (
        # what no listing carries of the organisation behind it (FORMAT.md): asked of a named record, the
        # answer says the listing does not state it, not a sentence of the record that shares a word
        "organisation",
        re.compile(
            r"哪年成立|什么时候成立|成立(?:于|时间|多久|几年)|创立|创办|员工|职工|法人代表|法定代表人|董事长|"
            r"总经理|注册资本|营收|营业(?:额|收入)|销售额|多少名?学生|学生(?:人数|数量)|在校生|教职工|"
            # a cooperative's or association's members ("这个合作社有多少社员")
            r"社员|多少(?:个|名|位)?(?:会员|成员)|(?:会员|成员)(?:人数|数量)|"
            # one word boundary for every English form, tried once per place
            r"\b(?:founded|established|employees?|headcount|CEO|chairman|legal representative|"
            r"registered capital|market cap\w*|revenues?|turnover|annual sales|workforce|"
            r"how many (?:students|staff|members)|number of (?:staff|members)|membership|"
            r"staff (?:size|numbers?|count))\b",
            re.I,
        ),
    ),
    (
        "patent_number",
        re.compile(r"专利(?:申请)?号|申请号|\bpatent (?:application )?(?:numbers?|nos?\.?)(?!\w)", re.I),
    ),
    # what else no listing's fields hold (attribute_answers.UNLISTED)
    *UNLISTED.items(),
    *((name, asked) for name, (asked, _) in EVENT_UNLISTED.items()),
    (
        # a person's name to ask for, not the office's address ("the name of the person to contact")
        "contact_person",
        re.compile(
            r"联系人(?:叫什么|叫啥|是谁|姓名|名字)|对接人|\bcontact person\b|"
            r"\bname of the (?:person|contact)\b|"
            r"\bwho (?:should|do|can) (?:i|we) (?:ask for|talk to|speak to)\b",
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
            r"\bsponsor|"
            # of an event, who is behind it ("谁做的", "who's behind it"); of a record, its owner (below)
            r"谁做的|谁搞的|谁弄的|\bwho(?:'s| is)? behind\b|\bwho (?:made|puts? on|set up)\b",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            r"什么时候|啥时候?|何时|几时|哪天|哪一天|几号|几月|日期|时间|"
            r"\bwhen\b|\bwhat date\b|\bwhich day\b|\bdates?\b|"
            # how long it runs: its dates tell ("开几天", "how long is it")
            r"几天|多少天|为期|开多久|\bhow many days\b|"
            r"\bhow long (?:is|does|will) (?:it|the (?:event|conference|forum|meeting|matchmaking|fair|expo|"
            r"summit|roadshow))(?: (?:last|run|go on|take))?\s*[?？]?\s*$",
            re.I,
        ),
    ),
    (
        "topics",
        re.compile(
            # "about", not "what about the third one?", which asks the attribute before again
            r"主题|议程|关于(?:什么|啥)|讲(?:什么|啥|些什么|的是什么)|内容|安排|\btopics?\b|\bagenda\b|\bprogram|"
            r"\bthemes?\b|"
            r"(?<!what )(?<!how )\babout\b",
            re.I,
        ),
    ),
    (
        "budget",
        re.compile(
            r"预算|多少钱|出价|经费|总投资|\bbudget|\bhow much (?:money|will they|do they|are they)|"
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
            r"专利|知识产权|产权|著作权|软著|\bpatent|\bIP\b|\bintellectual property|\bcopyrights?\b",
            re.I,
        ),
    ),
    (
        "transfer_modes",
        re.compile(
            r"转化方式|合作方式|合作模式|怎么合作|如何合作|许可|转让|入股|"
            r"\btransfer mode|\blicen[cs]|\bbuy it\b|"
            # "can we co-develop it with them", "能联合开发吗": whether that way is offered
            r"\bco-?develop|\bjoint(?:ly)? develop|联合开发|合作开发|\bcooperat(?:e|ion)\b|"
            r"\bpurchase\b|\bequity\b|\bhow (?:can|could) we (?:get|work)|"
            r"\boutright\b|买断|能买吗|可以买",  # "can it be bought outright": whether it is sold
            re.I,
        ),
    ),
    (
        "owner",
        re.compile(
            r"谁的|哪家|哪个(?:单位|学校|大学|高校|机构|研究所|研究院|公司|企业)|哪所|谁家|谁研发|谁开发|谁做的|"
            r"研发单位|所属|背后|谁(?:能|会|在)?(?:做|生产|制造)|\bwhich school\b|\bwho(?:'s| is)? (?:owns|"
            r"developed|made|offers|behind|has|built|created|posted|published|makes|produces|manufactures|"
            r"supplies|sells|can (?:make|supply|build))|\bowner|\binstitution|"
            r"\bwhich (?:university|institute|company|enterprise|lab)|\bwhose\b|\bbehind (?:it|this|that)\b",
            re.I,
        ),
    ),
    (
        "city",
        re.compile(
            r"哪个城市|哪个市|\bwhich city\b|\bin which city\b|"
            # where the owner is: "where is that company", "公司在哪" (not "where is it used")
            r"\bwhere(?:'s| is| are)\s+(?:that |the |this |their |they |these )?(?:company|companies|"
            r"enterprise|firm|factory|plant|university|institute|school)\b|"
            r"\bwhere (?:is|are) (?:it|they|that|this|the company) (?:based|located)\b|"
            r"(?:公司|企业|单位|工厂|厂家)(?:在哪|位于)|哪里的(?:公司|企业|单位)",
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
_UNLISTED = set(UNLISTED)  # what no listing's fields hold
_APPLICABLE = {
    "event": {"contact", "deadline", "fee", "registration", "venue", "organizers", "date", "topics", "city"}
    | {"field", "extension", "accommodation", "pitch", *EVENT_UNLISTED},
    "achievement": {"contact", "maturity", "ip_status", "transfer_modes", "owner", "city", "field", "fee"}
    | {"budget", "price", "organisation", "patent_number", "contact_person"}
    | _UNLISTED,
    "demand": {"contact", "deadline", "budget", "owner", "maturity", "city", "field", "organisation"}
    | {"wechat", "contact_person", "extension", "customer", "transfer_modes"},
}
# What no listing carries (FORMAT.md): a price, the organisation's own details, patent numbers, ...
NEVER_LISTED = frozenset(
    {"price", "organisation", "patent_number", "contact_person", *_UNLISTED, *EVENT_UNLISTED}
)
# "预算多少钱", "willing to pay": a demand's budget is asked, whatever record kind the wording names
_BUDGET = re.compile(r"预算|经费|出价|\bbudget|\bpay\b", re.I)
# the price named as such, not by "how much does" or "cost" alone
_PRICE_NAMED = re.compile(
    r"价格|报价|售价|价钱|卖多少钱|转让费|许可费|使用费|\bprice|\blicen[cs](?:e|ing) fees?\b|"
    r"\bhow much (?:is it|does it cost|for (?:it|the licen[cs]e))\b",
    re.I,
)
# what it costs, asked without saying of what ("how much?", "多少钱", "cost?"): an event's fee, a
# technology's price, a demand's budget
_COST = re.compile(
    r"^\s*(?:and |so |but |ok )?(?:how much(?: is it| does it cost| will it cost| do they charge)?|"
    r"what(?:'s| is| does it) (?:the )?(?:cost|price)|costs?|price|"
    r"(?:那|这个?|它)?(?:要|得|需要)?多少钱(?:呢|啊)?|贵(?:吗|不贵)|(?:价格|价钱)(?:呢|多少)?)\s*+(?:[?？]\s*+)?$",
    re.I,
)
_COST_OF = {"event": "fee", "achievement": "price", "demand": "budget"}
_REGISTRATION = ("deadline", "fee", "registration")  # one registration text answers all three
_MAX_ASKED = 3


def names_budget(message: str) -> bool:
    return bool(_BUDGET.search(message))


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
    if not found and kind in _COST_OF and _COST.search(message):
        found = [_COST_OF[kind]]
    if "price" in found and names_measure(message) and not _PRICE_NAMED.search(message):
        # "how much does COD drop", "the cost per Nm3": a figure of the record, not its price
        found = [n for n in found if n != "price"]
    if "price" in found:  # "转让费多少", "license cost": the price, not the modes or a budget
        found = [n for n in found if n not in ("transfer_modes", "budget")]
    if "customer" in found:  # "which company bought the license": not the owner, nor how to license
        found = [n for n in found if n not in ("owner", "transfer_modes", "budget")]
    if "organisation" in found:  # "when was the owner founded?" asks no owner's name
        found = [n for n in found if n != "owner"]
    if "patent_number" in found:  # "专利号是多少" asks a number, not the IP status
        found = [n for n in found if n != "ip_status"]
    if "wechat" in found or "contact_person" in found:  # "联系人的微信号": not the address listed
        found = [n for n in found if n != "contact"]
    if "extension" in found:  # "截止后会延期吗": not the deadline itself
        found = [n for n in found if n != "deadline"]
    if "accommodation" in found:  # "hotels near the venue": not the venue
        found = [n for n in found if n != "venue"]
    if set(found) & set(EVENT_UNLISTED):  # "能线上参加吗", "parking at the venue": not how to register,
        # nor "will there be free lunch?" a fee
        found = [n for n in found if n not in ("registration", "venue", "fee")]
    if "pitch" in found:  # "怎么上去讲我们的需求": its answer gives how to register where it says no more
        found = [n for n in found if n not in ("registration", "contact", "topics")]
    if kind == "event":
        registration = [n for n in found if n in _REGISTRATION]
        found = [n for n in found if n not in _REGISTRATION or n == registration[0]]
    return found[:_MAX_ASKED]


def never_listed_answer(record: RecordView, question: str, lang: str, today: dt.date) -> Draft | None:
    """ "辽宁科技大学的镁碳砖技术卖多少钱", answered with a listing of that one record: what no listing
    carries (a price, the organisation's founding or staff, patent numbers) is said not to be stated, with
    the record, unanswered (staff see it), unless its prose states it ("每家企业限报3人"); None when the
    question asks something a listing may hold."""
    asked = asked_attributes(question, str(record.chunk.kind))
    if not asked or not set(asked) <= NEVER_LISTED or names_budget(question):
        return None
    text = attributes_answer(record, asked, lang, today)
    # its prose may state it all the same ("每家企业限报3人"): then it is answered
    stated = any(states_fully(record, a, lang, today, question) for a in asked)
    return Draft(f"{text} [1]", [Citation.of(1, record.chunk)], stated)
