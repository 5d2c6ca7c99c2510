"""What a question about a past event asks for, and whether a sentence holds it: a person ("who spoke",
"叫什么"), a number ("how many", "多少家"), an amount of money ("签约金额", "total investment"), places
("哪些地方的企业"), what was signed ("what got signed"), its organisers ("who co-organised", "主办方") or
its date. A sentence of the right type is required: "how many people attended?" is not answered by
"seven industry experts shared insights" (a number, but of speakers), nor "签约金额" by "agreements were
signed on the spot" (signed, but no amount).

The words people use for what happens at an event differ from the news' ("讲话" / "delivered speeches",
"来了多少人" / "gathered", "签约" / "were signed"); the concepts below join them in both languages, where
the dictionary's word-for-word senses fall short ("来" is "come", the news says "gathered").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.fields import cities_in
from retrieval.text import keyword_tokens

__all__ = [
    "EVENT_NEWS_TYPES",
    "Asked",
    "answer_type",
    "concept_of",
    "counted_measure",
    "counted_words",
    "counts",
    "focus_word",
    "organisers",
]

# What an event's news tell, not its listing: who, how many, how long, from where, what was signed, how much.
EVENT_NEWS_TYPES = ("person", "number", "duration", "places", "signed", "money")

_PERSON_Q = re.compile(
    r"\bwho\b|\bwhom\b|谁|哪位|哪几位|叫什么|叫啥|名字|\bname[sd]?\b|"
    r"哪些[\u4e00-\u9fff]{0,6}?(?:专家|教授|学者|嘉宾|领导|院士|代表|人)|"
    r"\bwhich\b.{0,40}\b(?:person|people|speakers?|experts?|professors?|officials?|leaders?)\b",
    re.I,
)
_MONEY_Q = re.compile(
    r"金额|多少钱|资金|投资额|总投资|\bhow much money\b|\bamount\b|\btotal investment\b|\bworth\b|"
    r"\bfunding\b|\bvalue of\b|\bin deals\b|\bhow much\b.{0,30}\binvest",
    re.I,
)
_NUMBER_Q = re.compile(r"多少|几[个项场家次位名所]|\bhow many\b|\bhow much\b|\bnumber of\b", re.I)
_PLACES_Q = re.compile(
    r"哪些地方|哪些城市|哪些地区|哪里的|来自哪|"
    r"\bwhich (?:cities|places|regions|areas)\b|\bwhere\b.{0,30}\bfrom\b",
    re.I,
)
_DURATION_Q = re.compile(r"多久|多长时间|持续了?几天|\bhow long\b|\bfor how many days\b", re.I)
# A run of numerals is matched from its first one only (the look-behinds), and the hyphen's spaces are
# taken once ("\s*(?:-\s*)?", not "\s*-?\s*"): linear on a long run of digits or spaces, the same matches.
_DURATION = re.compile(
    r"(?:(?<!\d)\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"(?<![一二两三四五六七八九十])[一二两三四五六七八九十]+)\s*(?:-\s*)?"
    r"(?:days?|weeks?|months?|hours?|minutes?|mins?|天|周|个月|小时|分钟)",
    re.I,
)
_ORGANISER_Q = re.compile(
    r"主办|承办|协办|联合举办|举办方|组织方|谁办|\bco-?organi[sz]|\borgani[sz]|\bhost(?:ed|s)?\b|\bsponsor",
    re.I,
)
_CO = re.compile(r"协办|\bco-?organi[sz]|\bco-?host", re.I)
_DATE_Q = re.compile(r"什么时候|哪天|几号|日期|\bwhen\b|\bwhat date\b|\bwhich day\b", re.I)
# "sign up" (and "签到") is registering, not an agreement signed
_SIGNED_Q = re.compile(r"签(?!到)|\bsign(?!(?:ing|ed)? ?-?up\b)", re.I)
_WHAT_SIGNED = re.compile(r"\bwhat (?:was|were|got|did they) sign|签(?:了|署了|订了)?(?:什么|哪些|啥)", re.I)
_VENUE_Q = re.compile(
    r"在哪|哪里|哪儿|(?:哪个|什么)地方|地点|地址|场地|\bwhere\b|\bvenue\b|\blocation\b", re.I
)

_PERSON = re.compile(
    r"\b(?:Prof|Mr|Ms|Mrs|Dr)\.\s*[A-Z]|\b(?:Academician|Director|President|Chairman|Secretary|Mayor|"
    r"Professors?|Engineer|Manager|Chief|Vice)\b|院士|教授|主任|局长|书记|总工程师|董事长|市长|总经理"
)
_NUMBER_WORD = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundreds?|thousands?|dozens?)\b(?!-)|[两二三四五六七八九十百千万]+(?:个|项|家|位|名|所|场|次|人)",
    re.I,
)
_DATES = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s*\d{4})?|\b\d{4}-\d{2}-\d{2}|\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|"
    r"\b(?:19|20)\d\d\b",
    re.I,
)
# Whether a sentence names an amount, not the amount: "1,000万元" is found at its last digit ("0万元"), so
# no digit starts a scan of the rest of a long run of digits (linear; "\d[\d,.]*" before was quadratic).
_MONEY = re.compile(
    r"\d[,.]*\s*(?:亿|万)?元|\d[,.]*\s*(?:million|billion)|\byuan\b|\bRMB\b|\bCNY\b|\$\s*\d|\bdollars?\b",
    re.I,
)
_SIGNED = re.compile(r"签约|签署|签订|签下|\bsign(?:ed|ing)?\b|\bagreements?\b", re.I)

# (the question's word, the sentence's words): what happens at an event, in both languages.
_CONCEPTS = [
    (
        re.compile(r"参加|出席|参会|到场|^来$|来了|\battend|\bparticipat|\bcame\b|\bjoin", re.I),
        re.compile(r"参加|出席|参会|到场|\battend|\bparticipat|\bgathered\b|\btook part\b|\bjoined\b", re.I),
    ),
    (
        re.compile(r"讲话|发言|致辞|演讲|\bspeech|\bspoke|\bspeak|\bremarks?\b|\baddress", re.I),
        re.compile(r"讲话|发言|致辞|演讲|\bspeech|\bspoke|\bremarks\b|\baddress|\bpointed out\b", re.I),
    ),
    (
        re.compile(r"报告|介绍成果|展示|推介|路演|\bpresent|\breport|\bshowcas|\bpitch", re.I),
        re.compile(r"报告|展示|发布|推介|路演|\bpresent|\breport|\bshowcas|\bpitch", re.I),
    ),
    (_SIGNED_Q, _SIGNED),
    (
        re.compile(r"发布|推出|\brelease|\blaunch|\bunveil|\bpublish", re.I),
        re.compile(r"发布|推出|\brelease|\blaunch|\bunveil|\bpublish|\bshowcas", re.I),
    ),
]


def concept_of(token: str, sentence: str) -> bool:
    """Whether the sentence says what the question's word means, in the words news use for it."""
    return any(q.search(token) and s.search(sentence) for q, s in _CONCEPTS)


def _has_number(sentence: str) -> bool:
    plain = _DATES.sub(" ", sentence)
    return bool(re.search(r"\d", plain) or _NUMBER_WORD.search(plain))


@dataclass(frozen=True)
class Asked:
    kind: str | None  # person, money, duration, number, places, organiser, date, venue, signed; None: no type
    co: bool = False  # the co-organisers, not all organisers

    def holds(self, sentence: str) -> bool:
        if self.kind == "person":
            return bool(_PERSON.search(sentence))
        if self.kind == "money":
            return bool(_MONEY.search(sentence))
        if self.kind == "number":
            return _has_number(sentence)
        if self.kind == "duration":
            return bool(_DURATION.search(sentence))
        if self.kind == "places":
            return len(cities_in(sentence)) >= 2
        if self.kind == "organiser":
            return bool(re.search(r"organi[sz]|\bhost|\bsponsor|主办|承办|协办", sentence, re.I))
        if self.kind == "signed":
            return bool(_SIGNED.search(sentence))
        return True


def answer_type(message: str) -> Asked:
    """The type of the answer the message asks for (checked most specific first)."""
    if _WHAT_SIGNED.search(message):  # "who signed there? what was signed": the thing signed answers both
        return Asked("signed")
    if _MONEY_Q.search(message):
        return Asked("money")
    if _PLACES_Q.search(message):
        return Asked("places")
    if _ORGANISER_Q.search(message):
        return Asked("organiser", bool(_CO.search(message)))
    if _PERSON_Q.search(message):
        return Asked("person")
    if _DURATION_Q.search(message):
        return Asked("duration")
    if _NUMBER_Q.search(message):
        return Asked("number")
    if _DATE_Q.search(message):
        return Asked("date")
    if _VENUE_Q.search(message):
        return Asked("venue")
    if _SIGNED_Q.search(message):
        return Asked("signed")
    return Asked(None)


def organisers(listed: list[str], co: bool) -> list[str]:
    """The organisers a record lists; for "co-organised", those marked as co-organisers (all when none
    is marked: the record does not tell them apart)."""
    names = [str(n) for n in listed if str(n).strip()]
    marked = [n for n in names if re.search(r"co-?organi[sz]er|协办", n, re.I)]
    return marked if co and marked else names


_FOCUS_ZH = re.compile(r"(?:什么|哪些|哪个|哪种|啥)([\u4e00-\u9fff]{2,4})")
_FOCUS_EN = re.compile(
    r"\b(?:what|which)\s+(?!(?:is|was|were|are|did|does|do|got|has|had)\b)([a-z]{3,})", re.I
)


def focus_word(message: str) -> str | None:
    """The word the question asks about: "实现什么目标" -> 目标, "which institutions" -> institutions."""
    found = _FOCUS_ZH.search(message) or _FOCUS_EN.search(message)
    if found is None:
        return None
    tokens = keyword_tokens(found.group(1))
    return tokens[0] if tokens else None


_MEASURES = "个项场家次位名所件条"
# after a measure word one character is counted ("几个人"), else two at least ("多少人次", not "个人")
_COUNTED_ZH = re.compile(
    rf"(?:多少|几)([{_MEASURES}]?)((?<=[{_MEASURES}])[\u4e00-\u9fff]{{1,6}}|[\u4e00-\u9fff]{{2,6}})"
)
_COUNTED_EN = re.compile(r"\bhow many ((?:[a-z-]+ ){0,3}?[a-z-]+?s)\b", re.I)
_A_NUMBER = re.compile(
    r"\d[\d,.]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundreds?|"
    r"thousands?|dozens?)\b(?!-)|"
    # a Chinese numeral with its measure word ("三个环节"), from the run's first numeral (linear)
    rf"(?<![一二两三四五六七八九十百千万])[一二两三四五六七八九十百千万]+(?=[{_MEASURES}人])",
    re.I,
)


def counted_words(message: str) -> list[str]:
    """What a "how many" question counts: "多少项技术需求" -> 技术, 需求, 技术需求; "how many investment and
    financing institutions" -> investment, financing, institutions."""
    found = _COUNTED_ZH.search(message) or _COUNTED_EN.search(message)
    return keyword_tokens(found.group(found.lastindex or 1)) if found else []  # "技术需求确定了多少项": none


def counted_measure(message: str) -> str:
    """The measure word a Chinese "how many" counts by: "多少家企业" -> 家 ("" where it names none)."""
    found = _COUNTED_ZH.search(message)
    return found.group(1) if found else ""


_CLAUSE_END = re.compile(r"[，,。；;：:、]")
_NEXT_NUMBER = re.compile(r"\d|[一二两三四五六七八九十百千]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_NOUN = 8  # "余家装备制造企业": a measure word and a noun of up to six characters


def counts(sentence: str, words: set[str], measure: str = "") -> bool:
    """A number in the sentence is followed, within five words of its clause, by one of `words` ("1,302
    technical requirements", "more than 20 media"); in Chinese, within the measure word and noun after
    it ("30余家企业"), not past the next number or clause ("约35项，组织……企业" counts no enterprises;
    "20余项成果和30余项企业需求" counts the achievements); by the measure word asked, where it names one
    ("多少家企业": 家)."""
    plain = _DATES.sub(" ", sentence)
    for number in _A_NUMBER.finditer(plain):
        clause = _CLAUSE_END.split(plain[number.end() : number.end() + 80], maxsplit=1)[0]
        if _HAN.match(clause.lstrip()):  # a Chinese run is one "word": it counts the noun right after
            noun = _NEXT_NUMBER.split(clause[:_HAN_NOUN], maxsplit=1)[0]
            unit = noun.lstrip("余多 ")[:1]
            if measure and unit in _MEASURES and unit != measure:
                continue  # "30余项企业技术需求" counts demands (项), not the enterprises (家) asked
            if unit in _MEASURES and not noun.lstrip("余多 ")[1:].strip():
                noun = _noun_before(plain, number.start())  # "发布科技成果约35项": the noun comes first
            if words & set(keyword_tokens(noun)) or any(w in noun for w in words if not w.isascii()):
                return True
        elif words & set(keyword_tokens(" ".join(clause.split()[:5]))):
            return True
    return False


# what stands between a noun and the number that counts it: "成果约35项", "需求共20项", "企业逾百家"
_APPROXIMATELY = "约共达近逾超过多余计 "


def _noun_before(text: str, start: int) -> str:
    """The noun a Chinese number counts when only a measure word follows it: the end of its clause up to
    the number, without "约", "共" and the like ("发布高校院所科技成果约35项" -> "高校院所科技成果")."""
    clause = _CLAUSE_END.split(text[max(0, start - 3 * _HAN_NOUN) : start])[-1]
    return clause.rstrip(_APPROXIMATELY)[-_HAN_NOUN:]
