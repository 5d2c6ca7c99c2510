"""What a question asks for: a structured lookup (events, technologies, demands, a count, an article by
number) or a search of the prose; and how a follow-up ("and in Dalian?", "那下个月呢？") inherits the
previous question's intent and slots. The period a question names is read by periods.py."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from retrieval.fields import cities_in, fields_in
from retrieval.search import article_refs

from ..conversation.dialogue import follow_up_query
from ..conversation.institution_names import institution_named
from ..conversation.subsets import TRANSFER_WORDS
from .maturity import MATURITY, TRL
from .periods import period_named
from .plan import Plan, Slots

__all__ = ["MATCH", "NEED_STATED", "plan_question"]

# Every pattern here runs on user text, so each runs in time linear in it
# (tests/unit/test_bounded_patterns.py): "A, then B later on the line" is written A(?:(?!A)[^\n])*?B, never
# A.*B. With .* each of n A's scans the rest of the line: a question of 'need ' x 20,000 took over a
# minute; the lazy scan stops at the next A, so every character is read a bounded number of times (the
# pattern finds a match where it found one before, from a later A).

# A press conference is news reported, no event of the listings ("what did the july 2024 press conference
# say about key labs" listed July's events)
_EVENT = re.compile(
    r"\b(events?|matchmaking|(?<!press )(?<!news )conferences?|fairs?|expos?|roadshows?|summits?|forums?|"
    r"meetings?|sessions?)\b"
    # "anything going on in Anshan soon?", "what's happening next month": events asked without their noun
    r"|\b(?:anything|something|what'?s|what is) (?:going on|happening)"
    r"(?= (?:in|around|near|soon|next|this)\b)"
    r"|对接会|推介会|对接活动|活动|会议|峰会|路演|展会|大会|论坛|洽谈会",
    re.I,
)
_TECH = re.compile(
    r"\b(technolog(?:y|ies)|techs?|achievements?|solutions?|patents?|innovations?|process(?:es)?)\b|"
    r"技术|成果|专利|工艺",
    re.I,
)
# A question that asks for a set of records ("有没有……的技术", "any tech for ...?").
_ASKS_SET = re.compile(
    r"有没有|有哪些|有什么|有啥|有关于|是否有|\bis there\b|\bare there\b|\bany\b|"
    r"(?:技术|成果)有吗|有(?:相关的?)?(?:技术|成果)吗|"  # "KRAS靶点的小分子药有成果吗", "…的技术有吗"
    r"\bwhat (?:techs?|technologies)\b|\bwhich (?:techs?|technologies|achievements)\b",
    re.I,
)
# A topic and a bare ask after it: "low carbon magnesium cement boards, anything?", "EV drive motor tech?"
# ask what technologies there are on it.
# A question put in words ("who keeps the income when a university licenses a technology?") is none.
_TOPIC_ASK = re.compile(
    r"^(?!\s*(?:who|whom|whose|what|which|when|where|why|how|does|do|did|is|are|can|could|should|will|"
    r"would)\b)(?:[^,，\-–\n]*[,，\-–]\s*anything\s*[?？]?|[^\n]*?\b(?:techs?|technolog(?:y|ies)|solutions?|listings?|stuff)"
    r"\s*[?？])\s*$|"
    r"\b(?:you|u) (?:have|got) anything (?:on|about|for)\b",  # "do you have anything on sepsis diagnostics"
    re.I,
)
# "magnesium stuff in shenyang", "any hydrogen things": what there is of a field, a place, an institution
_STUFF = re.compile(r"\b(?:stuff|things)\b", re.I)
# What an institution named has to offer ("what does DICP have on offer", "what has LNTU got for
# licensing"): its technologies, though no word of the question says "technology".
_OFFERS = re.compile(
    r"\bon offer\b|\boffer(?:s|ing)?\b|\bavailable\b|\bfor (?:licen[cs]ing|licen[cs]e|transfer|sale)\b|"
    r"\bwhat (?:do|does|has|have)\b(?:(?!\bwhat\b)[^\n]){0,40}?\b(?:have|got|offer)\b|有什么|有哪些|有啥",
    re.I,
)
# Who makes a thing asks for its technologies ("who makes RV reducers around here?", "谁家能做RV减速器"):
# their owners are the makers the listings know.
_MAKER = re.compile(
    r"^\s*who\s+(?:makes|produces|manufactures|supplies|builds|develops|can (?:make|supply|build))\b|"
    r"^\s*(?:谁家?|哪家|哪些单位)(?:能|会|可以)?(?:做|生产|制造|供应|研发)|"
    # "我想找做SiC衬底的", "找一家能生产RV减速器的": the makers of a thing asked for, no word for technology
    r"^\s*(?:我|我们|咱们?)?(?:想|要|在)?(?:找|寻找)(?:一?家|个)?(?:能|会)?(?:做|生产|制造|供应)"
    r"[^，,。？?\s]{1,20}的(?:企业|单位|厂家?|公司)?\s*[?？]?\s*$",
    re.I,
)
# The law's words: "有没有关于技术经理人的规定" asks a regulation, not for technologies.
_REGULATION_WORD = re.compile(
    r"规定|条例|法律|法规|政策|条款|第.{1,4}条|奖励|报酬|\blaws?\b|\bregulations?\b|\brules?\b|"
    r"\bpolic(?:y|ies)\b|\barticles?\b|\bclauses?\b|\brewards?\b|"
    # the income of a transfer and its tax are the law's ("专利许可收入要交税吗"), no listing's
    r"交税|纳税|税收|所得税|\btax(?:es|ed)?\b",
    re.I,
)
_NEED_WORD = r"\b(?:needs?|requirements?)\b"
_FIRM_WORD = r"\b(?:enterprises?|compan(?:y|ies)|firms?)\b"
_DEMAND = re.compile(
    rf"\bdemands?\b|{_NEED_WORD}(?:(?!{_NEED_WORD})[^\n])*?{_FIRM_WORD}|"
    rf"{_FIRM_WORD}(?:(?!{_FIRM_WORD})[^\n])*?\b(?:needs?|requirements?)\b|"  # "companies ... posted needs"
    # "有没有企业在找钛合金增材制造技术": other enterprises looking for a technology are their demands
    # "盘锦的化工需求是啥", "大连有哪些储能需求": a place's or a field's needs are listed demands
    r"需求(?:是啥|是什么|有哪些|有啥|有什么|都有|呢)|(?:哪些|什么|啥)[\u4e00-\u9fff]{0,6}需求|"
    r"有没有[\u4e00-\u9fff]{0,16}需求|方面的(?:技术)?需求|"  # "有没有新能源汽车方面的需求"
    r"有(?:啥|什么)[\u4e00-\u9fff]{0,12}相关的需求|"  # "有啥新能源车相关的需求没"
    r"企业需求|技术需求|技术难题|需求清单|企业.{0,12}需要|(?:企业|公司|厂家).{0,12}(?:在找|想找|寻找|求购)|哪些企业|"
    r"(?:企业|公司|厂家|工厂)(?:那边)?(?:要|想要|缺)(?:什么|啥|哪些|哪种)|"  # "盘锦那家化工企业要什么技术"
    r"\b(?:any|which) (?:companies|firms|enterprises) (?:are )?(?:looking|searching|asking) for\b",
    re.I,
)
# The speaker as an enterprise ("我们学校", "我校" ask about a university's own listings or rights).
_SELF_ZH = r"(?:我们|我司|我厂|咱们|本公司|本厂|我单位)(?!学校|大学|高校|学院|研究)"
# "We need a technology for X", "我们需要……技术": an enterprise stating its own need -> matchmaking.
MATCH = re.compile(
    r"\b(?:we|i)\s++(?:really\s++|urgently\s++|also\s++|now\s++)?"  # possessive: spaces are read once
    r"(?:need|want|require|seek|are seeking|am seeking|are looking for|am looking for)\b|"
    r"\bwe're looking for\b|"
    r"\bour\b(?:(?!\bour\b)[^.?!]){0,40}?"
    r"\b(?:needs?|requires?|wants?|is looking for|are looking for|seeks?)\b|"
    r"^\s*(?:looking for|seeking|in search of)\b|"
    r"\blooking for (?:a |an |some )?(?:technolog|solution|partner|supplier)|"
    r"(?:我们|我司|我公司|本公司|我厂|我单位|本企业)(?:企业|公司|工厂|厂)?(?:急需|需要|想要|希望找|想找|寻求|在找|正在寻找|在寻找)|"
    r"(?:想找|寻找|寻求|求购)(?:(?!想找|寻找|寻求|求购)[^？?]){0,30}?(?:技术|工艺|方案|设备|装备|合作)|"
    # "我们药企想引进……项目", "我们厂想提高压铸良品率": what the enterprise wants to bring in or change
    rf"{_SELF_ZH}[^\n，,。？?]{{0,8}}?想要?(?:引进|引入|建|改造|升级|替代|替换|提高|提升|降低|减少)|"
    # "need a robot that picks parts out of bins", "looking for something to replace hard chrome"
    r"^\s*need (?:a|an|some|better|cheaper|new)\s(?!contact|phone|e-?mail|link)|"
    r"\blooking for (?:something|a way|ways|an? alternative|a replacement)\b|"
    # "I run a small IVD company, looking for sepsis rapid test tech": a need told after the speaker's story
    r"\b(?:looking|searching|hunting|shopping) for\b(?:(?!\b(?:looking|searching|hunting|shopping)\b)"
    r"[^.?!\n]){1,60}?\b(?:tech|techs|technolog(?:y|ies)|solutions?)\b|"
    r"\bwe(?:'re|’re| are) an? \w+(?:(?!\bwe)[^.?!\n]){0,60}?\b(?:want|need|plan|hope|looking)\b",
    re.I,
)
# Events are what is sought when they are the head of the thing looked for: "looking for events on ship
# tech" (English names the head first), "想找氢能技术相关的对接会" (Chinese last, before the clause ends).
_EVENT_NOUN_EN = r"(?:events?|matchmaking|conferences?|fairs?|expos?|roadshows?|summits?|forums?)"
_SEEKS_EVENTS = re.compile(
    r"\b(?:looking|searching|hunting) for (?:(?:any|some|the|an?|upcoming|good|relevant|suitable)\s+)*"
    rf"{_EVENT_NOUN_EN}\b|"
    r"(?:想找|找找|寻找|找)[^\n，,。？?!！]{0,16}?(?:对接会|推介会|对接活动|活动|路演|展会|论坛|洽谈会)"
    r"(?=\s*+(?:(?:吗|呢|啊|吧)\s*+)?(?:$|[，,。？?!！]))",
    re.I,
)
_SELF = re.compile(rf"{_SELF_ZH}|\b(?:we|we're|we’re|our|i|i'm|my)\b", re.I)
# An enterprise stating its situation and asking what could help, without "we need": "我们化工厂硝化还是
# 间歇釜……有没有连续化的技术", "我们是渔业公司，想搞深远海养殖，有装备技术吗", "our spindles overheat
# after an hour, any help?", "we only have ammonia delivered. how can we get hydrogen on site?". The
# speaker's own words first, then the ask within the sentence or the next.
_OFFER_ZH = r"(?:技术|工艺|方案|成果|装备|设备|办法|解决)"
_SELF_EN = r"\b(?:we|we're|we’re|our|i'm|my)\b"
_ASK_EN = (
    r"\b(?:any (?:help|ideas?|suggestions?|advice|tech\w*|solutions?|options?)|anything (?:to|that|for)|"
    r"who (?:has|offers|can)|is there (?:a|any) (?:tech\w*|solution|system|way|process|method)|"
    r"how (?:can|could|do) (?:we|i) (?:get|make|produce|cut|reduce|improve|fix|stop|prevent|avoid|"
    r"recycle|reuse|detect|remove|lower|raise|increase|treat|replace))\b"
)
NEED_STATED = (
    re.compile(
        rf"{_SELF_ZH}(?:(?!{_SELF_ZH})[^\n]){{0,60}}?"
        rf"(?:(?:有没有|有什么|有啥|有无|是否有|谁有|哪家有)[^\n？?]{{0,20}}?{_OFFER_ZH}|"
        rf"有[^\n？?，,。]{{0,8}}?{_OFFER_ZH}吗|如何解决)"
    ),
    re.compile(rf"{_SELF_EN}(?:(?!{_SELF_EN})[^\n]){{0,160}}?{_ASK_EN}", re.I),
)
# ... unless it is about policies, procedures, rights or taking part in an event ("我们需要办理哪些手续？",
# "我们的专利被侵权了，有什么办法").
_NOT_MATCH = re.compile(
    r"政策|补贴|奖励|税|法规|条例|法律|手续|审批|备案|申报|公示|报名|参加|参会|侵权|纠纷|归谁|归属|权属|"
    r"\binfring|\bwho owns\b|\bownership\b|"
    r"\bpolic(?:y|ies)\b|\bregulations?\b|\blaws?\b|\bsubsid|\btax|\brewards?\b|\barticle\b|"
    r"\bregister for\b|\battend|\bapply\b|\bpermits?\b",
    re.I,
)
_COUNT = re.compile(
    r"\bhow many\b|\bnumber of\b|(?:多少|几)(?:项|个|场|条|家|次|位|名|所|种)|数量",
    re.I,
)
# Questions about province-wide statistics ("how many achievements has Liaoning collected?") are
# answered from the news, not by counting our own listings.
# Details of a past event (who attended, what was signed) are in the news, not in the event record.
DETAIL = re.compile(
    r"参加|出席|参会|讲话|致辞|签约|签署|嘉宾|院士|多少人|谁|哪位|讲了|说了|\bwho\b|attend|took part|"
    r"speech|spoke|\btalk(?:ed|s)? about\b|\bsaid\b|\bdid (?:he|she|they) say\b|"
    r"signed|how many (?:people|experts|participants|companies|enterprises)",
    re.I,
)
# A thing asked for by name and nothing else: "any welding robots", "got any bin picking robots?",
# "有分拣机器人吗", "有没有焊接机器人". The ask opens a short message: "any" inside a longer question ("is
# there any chance the forum is held again") asks no listing.
_THING_ASK = re.compile(
    r"^\s*(?:(?:are|is) there |(?:do )?(?:you |u )?(?:have|got) )?"
    r"any\s++[^\s?？]++(?:\s++[^\s?？]++){0,4}\s*+[?？]?\s*$|"
    r"^\s*(?:请问)?(?:你们|这里|平台上?)?(?:有没有[^\s，,。？?]{2,14}[?？]?|有[^\s，,。？?吗么嘛]{2,14}[吗么嘛][?？]?)\s*$",
    re.I,
)
# ... not when it asks the news, people, companies or the law ("有没有氢能的新闻", "any robotics experts")
_NO_THING = re.compile(
    rf"{_REGULATION_WORD.pattern}|{DETAIL.pattern}|新闻|报道|消息|企业|公司|厂家|专家|人才|项目|"
    r"\b(?:news|articles?|reports?|companies|firms|enterprises|experts?|people|projects?)\b",
    re.I,
)
_STATS = re.compile(
    r"征集|近年|全省|累计|全市|计划推动|目标|重大专项|collected|in recent years|province-wide|so far|"
    r"in total in|aims? to|target",
    re.I,
)
_UPCOMING = re.compile(
    r"\b(upcoming|coming( up)?|next|future|soon|planned|will be)\b|即将|近期|接下来|将要|"
    r"未来|下一|最近有|要举办|将举办",
    re.I,
)
_PAST = re.compile(
    r"\b(past|previous|was held|were held|held in 20\d\d|last year|already (?:happened|been held|took place)|"
    r"have happened|are over)\b|往届|举办过|已举办|已经举办|办过|已经结束|去年|曾经",
    re.I,
)
_FOLLOW = re.compile(
    r"^\s*(and|what about|how about|also|then)\b|^\s*(那|那么|还有|再|另外)|呢[？?]?\s*$", re.I
)
# A message that turns to another topic ("btw what were ...", "顺便问下……") follows nothing, whatever slot
# it names ("2024" is a period, and a period alone made it a follow-up of the stack asked about before)
_STEERS = re.compile(
    r"^\W*(?:btw|by the way|anyway|on another note|unrelated|different question)\b|"
    r"^\W*(?:换个话题|顺便|对了|另外问)",
    re.I,
)
_KIND_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("event", _EVENT),
    ("demand", re.compile(r"\bdemands?\b|需求", re.I)),
    ("achievement", _TECH),
]
# What "how many" counts: the words after it up to the verb ("how many tech transfer offices does NEU
# run" counts offices, not technologies), or the noun after a Chinese measure word ("多少家媒体").
_COUNTED_EN = re.compile(
    # "how many of the listed technologies are...", "how many events coming up in dalian": the noun phrase
    # after the article, up to a verb, a preposition or a participle
    r"\b(?:how many|number of)\s+(?:of\s+)?(?:(?:the|these|those|your|our)\s+)?"
    r"((?:[a-z][\w-]*\s+){0,4}?[a-z][\w-]*)(?=\s+(?:are|r|is|do|does|did|have|"  # "r": texted "are"
    r"has|had|were|was|will|can|could|in|at|of|for|from|on|by|with|took|take|came|comes?|attended|listed|"
    r"coming|upcoming|planned|scheduled|available|left|offered|open|already|currently|still|now)\b|"
    r"\s*[?？]|\s*$)",
    re.I,
)
_COUNTED_ZH = re.compile(r"(?:多少|几)(项|个|场|条|家|次|位|名|所|种)([\u4e00-\u9fff]{2,8})")
_LISTED = re.compile(r"\blist(?:s|ed)?\b|知识库|平台|收录|挂出|发布了", re.I)
_ZH_PHRASE_END = re.compile(
    r"参加|参与|出席|发布|登记|签约|签订|获得|落地|实现|是|有|的|了|呢|吗|在|被|和|与|成交|可以|可供|能|正在|已经"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _counted(text: str) -> str:
    """The head of what a count question counts, "" where the question does not say: the last word of
    the English noun phrase, the Chinese noun phrase up to its verb. A head that names no kind of record
    ("offices", "媒体", "技术合同") is a count of something else, which our listings do not hold."""
    match = _COUNTED_EN.search(text)
    if match:
        head = match.group(1).split()[-1]
    else:
        match = _COUNTED_ZH.search(text)
        head = _ZH_PHRASE_END.split(match.group(2))[0] if match else ""
        # "几个储能方面的成果": what follows 的 is counted, where it names a kind of listing (not after a
        # measure of people or firms: "几位教授做的成果发布" counts professors)
        after = match.group(2).split("的", 1)[1:] if match and match.group(1) in "项个条种" else []
        tail = _ZH_PHRASE_END.split(after[0])[0] if after else ""
        if tail and any(re.search(f"(?:{rx.pattern})$", tail, rx.flags) for _, rx in _KIND_WORDS):
            head = tail
    return head


def asks_a_thing(text: str) -> bool:
    """A thing of a field asked for by name, with no word for a listing ("any welding robots", "有分拣机器人
    吗"): its technologies are the answer where one holds it, else the passages (answering.py)."""
    asks = _THING_ASK.search(text)
    listing_word = _TECH.search(text) or _DEMAND.search(text) or _EVENT.search(text)
    return bool(asks and fields_in(text) and not _NO_THING.search(text) and not listing_word)


def plan_question(
    message: str, today: dt.date, previous: Plan | None = None, institutions: list[str] | None = None
) -> Plan:
    text = message.strip()
    institution = institution_named(text, institutions or [])
    # "大连理工大学" names an institution, not the city of Dalian.
    # ... nor does "大连理工" (the university named without 大学)
    named_as = (institution, institution.removesuffix("大学")) if institution else ()
    # ... nor does "沈阳化工大学" name the chemicals field, or "Dalian Institute of Chemical Physics"
    unnamed = re.sub("|".join(map(re.escape, named_as)), "", text, flags=re.I) if named_as else text
    cities = cities_in(unnamed)
    fields = fields_in(unnamed)
    maturity = next((m for m, rx in MATURITY.items() if rx.search(text)), None)
    trl_m = TRL.search(text)
    trl = int(next(g for g in trl_m.groups() if g)) if trl_m else None
    transfer = next((mode for mode, rx in TRANSFER_WORDS.items() if rx.search(text)), None)
    date_from, date_to = period_named(text, today)
    upcoming = True if _UPCOMING.search(text) else False if _PAST.search(text) else None
    named = tuple(
        name
        for name, value in (
            ("city", cities),
            ("field", fields),
            ("institution", institution),
            ("maturity", maturity),
            ("trl", trl),
            ("transfer", transfer),
            ("dates", date_from),
            ("upcoming", upcoming),
        )
        if value not in (None, [], ())
    )
    slots: Slots = {
        "city": cities[0] if cities else None,
        "field": fields[0] if fields else None,
        "institution": institution,
        "maturity": maturity,
        "trl": trl,
        "transfer": transfer,
        "upcoming": upcoming,
        "date_from": date_from,
        "date_to": date_to,
    }

    refs = tuple(sorted(article_refs(text)))
    wants_match = (
        bool(MATCH.search(text) or any(rx.search(text) for rx in NEED_STATED))
        and not _NOT_MATCH.search(text)
        and not (_EVENT.search(text) and not _TECH.search(text))
        and not _SEEKS_EVENTS.search(text)
        # "哪家企业想找储能技术" asks for other enterprises' demands; "我们企业在找……" is the speaker's own
        and not (_DEMAND.search(text) and not _SELF.search(text))
    )
    has_intent_words = bool(
        _EVENT.search(text) or _TECH.search(text) or _DEMAND.search(text) or refs or wants_match
    )
    short = len(text) <= 24 if _HAN.search(text) else len(text.split()) <= 7
    steers = bool(_STEERS.search(text))
    if (
        previous is not None
        and not has_intent_words
        and short
        and not steers
        and (_FOLLOW.search(text) or named)
    ):
        # A follow-up: keep the previous intent and slots, override the ones this message names.
        inherited = Slots()
        for key in ("city", "field", "institution", "maturity", "trl", "transfer", "upcoming"):
            if key in named:
                inherited[key] = slots[key]
        if "dates" in named:
            inherited["date_from"], inherited["date_to"] = slots["date_from"], slots["date_to"]
        if "dates" in named and previous.intent == "events" and "upcoming" not in named:
            inherited["upcoming"] = None
        query = follow_up_query(previous.query, text)
        return replace(previous, query=query, follow_up=True, slots_named=named, **inherited)

    if refs:
        return Plan("article", text, articles=refs, slots_named=named, **slots)
    if wants_match:
        return Plan("match", text, slots_named=named, **slots)
    if _STATS.search(text):  # statistics of the province: in the news, whatever the words
        return Plan("search", text, slots_named=named, **slots)
    if _COUNT.search(text):
        counted = _counted(text)
        # Patents are counted by their owners, not by our listings (an achievement may hold several),
        # unless the listings are what is asked about ("how many patents does DMU list?").
        if re.fullmatch(r"patents?|专利", counted, re.I) and not _LISTED.search(text):
            counted = "patent count"
        kind = next(
            (
                k
                for k, rx in _KIND_WORDS
                if (re.search(f"(?:{rx.pattern})$", counted, rx.flags) if counted else rx.search(text))
            ),
            None,
        )
        if kind:
            return Plan("count", text, count_kind=kind, slots_named=named, **slots)
        if counted:  # a count of something else ("展区", "offices", patents): the news may say
            return Plan("search", text, slots_named=named, **slots)
    if _EVENT.search(text) and not _DEMAND.search(text):
        return Plan("events", text, slots_named=named, **slots)
    if _DEMAND.search(text):
        return Plan("demands", text, slots_named=named, **slots)
    # "专利许可收入要交税吗": a licence's tax is no listing of licences
    licensed = transfer is not None and not _REGULATION_WORD.search(text)
    if _TECH.search(text) and (fields or institution or maturity or cities or trl or licensed):
        return Plan("technologies", text, slots_named=named, **slots)
    if _STUFF.search(text) and (fields or institution or cities) and not _REGULATION_WORD.search(text):
        return Plan("technologies", text, slots_named=named, **slots)  # "magnesium stuff in shenyang"
    if institution and _OFFERS.search(text) and not _REGULATION_WORD.search(text):
        return Plan("technologies", text, slots_named=named, **slots)
    if (_TOPIC_ASK.search(text) or _MAKER.search(text)) and not _REGULATION_WORD.search(text):
        return Plan("technologies", text, slots_named=named, **slots)
    if _TECH.search(text) and _ASKS_SET.search(text) and not _REGULATION_WORD.search(text):
        # "有没有关于PEM的技术": the technologies that hold its concept, or that none does (a listing
        # with no slot is still a listing; passages rank a Chinese question's English records low)
        return Plan("technologies", text, slots_named=named, **slots)
    if asks_a_thing(text) and upcoming is None and date_from is None:
        # "any welding robots", "有分拣机器人吗": the technologies that hold it (an event whose topics name
        # it was the answer); "is there anything on CNC machines coming up" asks for events
        return Plan("technologies", text, slots_named=named, **slots)
    return Plan("search", text, slots_named=named, **slots)
