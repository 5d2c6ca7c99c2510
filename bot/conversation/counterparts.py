"""The other side of the record in focus, asked for in a follow-up: the enterprise demands a technology
may meet ("有企业需要这个吗", "is there a company that needs it?") and the technologies that may meet a
demand ("有对应的成果吗", "any technology that fits?"), found by the matcher; in a city, when the
follow-up names one ("阜新有企业需要这个吗").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.catalog import Catalog, RecordView
from retrieval.fields import cities_in
from retrieval.matching import Matcher, MatchQuery

from ..phrasebook import phrase
from .dialogue import ELLIPSIS, DialogueState, mentions_previous
from .draft import Draft, list_records

__all__ = ["Counterparts"]

_IN_CITY_POOL = 20  # counterparts read when the follow-up names a city, before keeping that city's
_CITY_MIN_EVIDENCE = 0.4  # as the matchmaking answer's MIN_SHOWN (bot/matching/service.py), or the same field
# "有企业需要这个吗", "is there a company that needs it?" / "有对应的成果吗", "any technology that fits?"
_WANTS_DEMAND = re.compile(
    r"企业.{0,6}(?:找|需要|要|求)|哪些企业|需求|有人(?:需要|要|在找)|"
    r"\b(?:compan(?:y|ies)|enterprises?|firms?|anyone|anybody|somebody|someone|who)\b.{0,20}"
    r"\b(?:needs?|wants?|looking|asking)|\bdemands?\b|\bany takers\b",
    re.I,
)
# "and how many enterprise demands" after a count: the demands counted, not those of the first record listed
# ("要求是多少" asks a figure of the demand, not how many there are)
_COUNT = re.compile(r"\bhow many\b|(?:多少|几)[个项条家]?(?:企业|公司|需求|成果|技术)", re.I)
_WANTS_TECH = re.compile(
    r"成果|技术.{0,4}(?:匹配|对应|合适)|(?:匹配|对应|合适|对上|对得上|用得上|解决|满足)的?(?:技术|成果)|"
    r"(?:能用|可用|管用|适用|合用)的?(?:技术|成果)|推荐.{0,4}(?:技术|成果)|"  # "推荐个能用的技术"
    r"\b(?:technolog(?:y|ies)|techs?|solutions?|achievements?)\b.{0,20}\b(?:fits?|match(?:es)?|solves?|helps?)\b|"
    r"\b(?:any|matching) (?:technolog(?:y|ies)|techs?|solutions?)\b|"
    # "anything on offer that meets it?", "有能满足的吗"
    r"\b(?:anything|something|what|which)\b.{0,25}\b(?:meets?|fits?|match(?:es)?|solves?|satisf(?:y|ies))\b|"
    r"\bon offer\b|有(?:什么|啥|没有)?(?:能|可以)?(?:满足|解决|对上|对得上)|"
    # "谁有这技术", "哪家能做": who offers what the demand asks
    r"(?:谁|哪家|哪个单位|哪所|哪些单位)(?:有|能做|能提供|会做)|"
    r"(?:能|会|可以)做的?(?:团队|单位|高校|院所|机构|课题组)|"  # "有没有能做的团队"
    r"\bwho (?:has|offers|can (?:do|supply|provide|make|build))\b|"
    r"\b(?:any ?one|anybody|any (?:team|lab|group|university|uni))\b.{0,12}\bcan (?:do|make|build|supply)\b",
    re.I,
)


# a demand named as such ("the Dalian Haixing shipping demand", "海星航运的需求")
_DEMAND_NAMED = re.compile(r"\bdemands?\b|\brequirements?\b|需求", re.I)


class Counterparts:
    def __init__(self, catalog: Catalog, matcher: Matcher | None) -> None:
        self.catalog = catalog
        self.matcher = matcher

    def wanted(self, message: str, dialogue: DialogueState, short: bool) -> RecordView | None:
        """The record in focus when the message (`short`, or pointing back) asks for its counterpart:
        demands for a technology ("有企业需要这个吗"), technologies for a demand ("any technology that
        fits?")."""
        focus = dialogue.focus
        if self.matcher is None or focus is None or focus.kind not in ("achievement", "demand"):
            return None
        city_alone = bool(cities_in(message)) and bool(ELLIPSIS.match(message))
        if not mentions_previous(message) and (not short or city_alone or _COUNT.search(message)):
            return None  # "盘锦的企业需求呢" asks for a city's demands; "阜新有企业需要这个吗" points back
        wanted = _WANTS_DEMAND if focus.kind == "achievement" else _WANTS_TECH
        return self.catalog.record(focus.kind, focus.doc_id) if wanted.search(message) else None

    def of_named(self, message: str, named: Callable[[str], RecordView | None]) -> RecordView | None:
        """The demand the message names when it asks for the technologies that fit it ("which tech fits
        the Dalian Haixing shipping demand"); `named`: the demand a message names, if any."""
        if self.matcher is None or not _WANTS_TECH.search(message) or not _DEMAND_NAMED.search(message):
            return None
        return named(message)

    def answer(self, record: RecordView, lang: str, message: str = "") -> Draft:
        """The counterparts of `record`; in the city the message names, if it names one ("阜新有企业需要
        这个吗"): the best of a longer list, kept to that city."""
        assert self.matcher is not None
        cities = set(cities_in(message))
        found = self.matcher.match(MatchQuery.from_record(record), k=_IN_CITY_POOL if cities else 3)
        if cities:  # a city's only counterparts are shown even when weak: those that fit at least somewhat
            found = [
                m
                for m in found
                if m.record.get("city") in cities
                and (m.evidence >= _CITY_MIN_EVIDENCE or m.record.get("field") == record.get("field"))
            ]
        matches = [m for m in found if m.evidence > 0][:3]
        title = f"「{record.chunk.title}」" if lang == "zh" else f'"{record.chunk.title}"'
        target = "demand" if record.chunk.kind == "achievement" else "achievement"
        if not matches:
            what = phrase(f"what.{target}", lang)
            return Draft(phrase("followup.none_for", lang, title=title, what=what), [], False)
        head = phrase(f"followup.{target}s_for", lang, title=title)
        return list_records([m.record for m in matches], lang, head, limit=3)
