"""What a user asks of their account, read from plain words: subscribe to new records, list or cancel
subscriptions, link two channels. None for everything else (questions are answered as questions).

    有新的氢能成果请通知我                         subscribe  achievement  field=hydrogen_energy
    notify me about new events in Dalian          subscribe  event        city=dalian
    cancel the hydrogen subscription / 取消订阅    cancel     the matching ones / all
    link my account / 绑定 04718265                link / redeem a code

A subscription needs a request to be told (notify me, 订阅, 推送给我...) and, for the softer verbs
(tell me, 告诉我), something new (when, new, 以后...): "tell me about hydrogen" is a question. Its kind is
what it names (event before demand before achievement: "技术需求" is a demand); its criteria the field and
city keys of retrieval/fields.py, an institution the catalog knows (or one a name pattern finds), and,
when none of those is named, the words left once the request's own words are removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from retrieval.fields import cities_in, fields_in

__all__ = ["AccountRequest", "parse_request"]

Action = Literal["subscribe", "list", "cancel", "link", "redeem"]


@dataclass(frozen=True)
class AccountRequest:
    action: Action
    kinds: tuple[str, ...] = ()
    criteria: dict[str, Any] = field(default_factory=dict)
    which: str = ""  # cancel: "all", "some" (those the criteria name) or a list number
    code: str | None = None  # redeem
    email: str | None = None  # subscribe: where the widget's user wants it e-mailed


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_WORDS = re.compile(
    r"\b(?:by|via)\s+e-?mail\b|\be-?mail me\b|\b(?:at|to)\s*$|(?:发)?邮件(?:通知|提醒)?(?:到|至|给)?|邮箱",
    re.I,
)
_REDEEM = re.compile(r"^\s*(?:link|绑定|关联)\s*[:：#]?\s*(\d{6,8})\s*[.。!！]?\s*$", re.I)
_LINK = re.compile(
    r"^\s*(?:请|帮我)?(?:绑定|关联)(?:我的)?(?:账号|帳號|帐号|账户)\s*[。!！]?\s*$|"
    r"^\s*(?:please\s+)?(?:link|connect)\s+my\s+accounts?\b|^\s*link\s*$",
    re.I,
)
_LIST = re.compile(
    r"我的订阅|查看订阅|订阅列表|my subscriptions|subscribed to\b|list (?:my )?subscriptions|"
    r"^\s*subscriptions\s*$",
    re.I,
)
_CANCEL = re.compile(
    r"取消.{0,12}订阅|退订|别再.{0,6}推送|不要再.{0,6}(?:推送|通知)|停止.{0,4}(?:推送|通知)|"
    r"\bunsubscribe\b|\bcancel\b.{0,40}\bsubscription|"
    r"\b(?:stop|turn off|mute)\b.{0,20}\b(?:notifications|alerts|updates)\b",
    re.I,
)
_ASK_ZH = re.compile(r"订阅|通知我|提醒我|推送给我|推送|告诉我|告知我|关注|发消息给我|给我发|发邮件|邮件通知")
_ASK_EN = re.compile(
    r"\bsubscribe\b|\bnotify me\b|\balert me\b|\bsend me (?:alerts|updates|notifications)\b|"
    r"\bkeep me (?:posted|updated|informed)\b|\blet me know\b|\btell me when\b|\bremind me\b|\bping me\b|"
    r"\breceive (?:notifications|updates|alerts)\b|\bsign me up\b|\balerts? (?:for|about|on)\b|"
    r"\be-?mail me\b|"
    r"\bfollow\b.{0,60}\bfor me\b",
    re.I,
)
_STRONG = re.compile(
    r"订阅|通知我|推送|发消息给我|邮件通知|\bsubscribe\b|\bnotify me\b|\balert|\bkeep me\b|\bsend me\b|"
    r"\breceive notifications\b|\bsign me up\b|\bfor me\b",
    re.I,
)
_NEW = re.compile(r"新|以后|今后|一旦|上线|发布|\bnew\b|\bwhen\b|\bwhenever\b|\blisted\b|\bannounced\b", re.I)
_QUESTION = re.compile(r"什么|哪些|怎么|如何|吗|？|\?$|^(?:what|how|which|why|is|are|do|does)\b", re.I)
_KINDS = (
    (
        "event",
        re.compile(
            r"活动|对接会|会议|论坛|展会|路演|大赛|\bevents?\b|\bfairs?\b|\bforums?\b|"
            r"\bconferences?\b|\bmeetings?\b|\broadshows?\b",
            re.I,
        ),
    ),
    ("demand", re.compile(r"需求|\bdemands?\b|\bneeds\b|\brequirements?\b|\brequests\b", re.I)),
    (
        "achievement",
        re.compile(r"成果|技术|专利|\bachievements?\b|\btechnolog|\bpatents?\b|\binnovations?\b", re.I),
    ),
)
_ORDER = ("achievement", "demand", "event")
_INSTITUTION_ZH = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:大学|学院|研究院|研究所|科学院)")
_INSTITUTION_EN = re.compile(
    r"\b(?:University|Institute|Academy) of(?: [A-Z][\w.&-]*)+|(?:[A-Z][\w.&-]* )+(?:University|Institute)\b"
)
# The request's own words: what is left once they (and kinds, fields, cities) are gone is the topic.
_FILLER_ZH = re.compile(
    r"有新的|有新|新的|以后|今后|一旦|请|帮我|订阅|通知我|提醒我|推送给我|推送|告诉我|告知我|关注|时|的|"
    r"一下|我想|就|麻烦|每周|每天|发消息给我|给我发|上架|发布|"
    r"有关于|关于|有关|方面|领域|信息|消息|成果|技术|需求|活动|对接会|[，。！？、\s]"
)
_STOP_EN = set(
    re.split(
        r"\s+",
        "a an and any are about as be come comes for from i in is it me my new newly notify of on out please "
        "subscribe tell let know keep posted updated informed alert alerts send when whenever there to the "
        "listed announced published added released available posted achievements achievement technologies "
        "technology demands demand events event updates notifications us any get remind ping regarding with "
        "matching related matchmaking can could would will you like want sign up follow listings listing "
        "email e-mail weekly daily receive upcoming",
    )
)


def _kinds(text: str) -> tuple[str, ...]:
    named = [kind for kind, pattern in _KINDS if pattern.search(text)]
    if "event" in named:  # "hydrogen technology fairs": events about a field
        return ("event",)
    if "demand" in named and not re.search(
        r"成果|achievement|technolog(?:y|ies)\b(?! (?:demand|need))", text, re.I
    ):
        return ("demand",)  # "技术需求", "technology demands": a demand, though it names technology
    return tuple(sorted(named, key=_ORDER.index)) or ("achievement",)


def _institution(text: str, institutions: Sequence[str]) -> str | None:
    low = text.casefold()
    known = [name for name in institutions if name and name.casefold() in low]
    if known:
        return max(known, key=len)
    found = _INSTITUTION_ZH.search(text) or _INSTITUTION_EN.search(text)
    return found.group(0).strip() if found else None


def _terms(text: str) -> list[str]:
    if re.search(r"[\u4e00-\u9fff]", text):
        return [t for t in _FILLER_ZH.split(text) if len(t) >= 2]
    words = re.findall(r"[a-z][a-z0-9-]+", text.casefold())
    return [w for w in words if w not in _STOP_EN and len(w) >= 3]


def criteria_of(text: str, institutions: Sequence[str] = ()) -> dict[str, Any]:
    """The field, city, institution and (when none of those) terms a request names."""
    criteria: dict[str, Any] = {}
    institution = _institution(text, institutions)
    rest = text.replace(institution, " ") if institution else text
    if institution:
        criteria["institution"] = institution
    fields, cities = fields_in(rest), cities_in(rest)
    if fields:
        criteria["field"] = fields[0]
    if cities:
        criteria["city"] = cities[0]
    if not criteria:
        for pattern in (p for _, p in _KINDS):
            rest = pattern.sub(" ", rest)
        terms = _terms(_ASK_EN.sub(" ", _ASK_ZH.sub(" ", rest)))
        if terms:
            criteria["terms"] = terms
    return criteria


def parse_request(text: str, institutions: Sequence[str] = ()) -> AccountRequest | None:
    """The account request a message makes, or None when it makes none."""
    text = text.strip()
    if (code := _REDEEM.match(text)) is not None:
        return AccountRequest("redeem", code=code.group(1))
    if _LINK.search(text):
        return AccountRequest("link")
    if _CANCEL.search(text):
        number = re.search(r"(\d{1,3})", text)
        criteria = criteria_of(text, institutions)
        criteria.pop("terms", None)  # "please", "the": no topic to cancel by
        which = number.group(1) if number else "some" if criteria else "all"
        return AccountRequest("cancel", criteria=criteria if which == "some" else {}, which=which)
    if _LIST.search(text):
        return AccountRequest("list")
    email = _EMAIL.search(text)
    if email is not None:  # the address is no topic: "... at li@example.com", "发邮件到 li@example.com"
        text = (text[: email.start()] + " " + text[email.end() :]).strip()
    asks = _ASK_ZH.search(text) or _ASK_EN.search(text)
    if asks is None or not (_STRONG.search(text) or _NEW.search(text)):
        return None
    if _QUESTION.search(text) and not re.search(r"通知我|提醒我|推送给我|\bnotify me\b", text, re.I):
        return None
    if not _STRONG.search(text) and not _NEW.search(text[asks.end() :] + text[: asks.start()]):
        return None
    address = email.group(0) if email else None
    topic = _EMAIL_WORDS.sub(" ", text) if email else text
    return AccountRequest("subscribe", _kinds(topic), criteria_of(topic, institutions), email=address)
