"""Which document-level facts a question asks of a regulation (answered by regulation_facts.py): its dates
(adopted, in force, amended), issuing body, level, size, status, whether the text is official, and which
regulation an article is from, in everyday words of either language.

    asked_facts(question)      -> the facts asked, in answer order ("who passed it and when": body, adopted)
    names_a_version(question)  -> whether it names a version ("and the original?", "修改后的")
    without_levels(question)   -> the question less the levels it offers as choices ("national or provincial")
"""

from __future__ import annotations

import re

from retrieval.search import article_refs

__all__ = ["ORIGINAL", "asked_facts", "names_a_version", "without_levels"]

_WHEN = r"(?:\bwhen\b|\bwhat (?:date|day|year|month)\b|\bwhich (?:date|day|year)\b|\bdate\b|\byear\b)"
_ZH_WHEN = r"(?:什么时候|何时|哪天|哪一天|哪年|哪一年|几几年|哪几年|几月|几号|哪个月)"
# The gap between "when" and the verb is bounded (80 characters): an unbounded one scans to the end from
# every "when"/"year" of a long message, quadratic in its length. Each place in the gap is tried for the
# verb's first letter ("(?=[apei])") before its alternatives: 0.64 -> 0.33 s (adopted), 0.43 s (effective)
# on 1 MB of "year " or "when ".
_ZH_MADE = r"(?:制定|颁布|发布|出台|起草|公布)"
_TEXT_NOUN = r"(?:text|version|wording|translation|summary|document)\b"
# The numbering of articles and chapters, and whether it may be relied on ("条文号靠谱吗", "can I cite
# these article numbers?"): both are asked; "what's the article number?" asks which article it is
_NUMBERS = (
    r"(?:(?:条文|条款|章节?)序?号|条号|\b(?:article|chapter|section) (?:numbers|numbering)\b|\bnumbering\b)"
)
_RELIED = (
    r"(?:靠谱|可靠|准确|准不准|准吗|对吗|对不对|正确|官方|引用|写进|核对|"
    r"\b(?:reliable|accurate|correct|right|trust\w*|cite|citing|quote|official|check\w*)\b)"
)
_FACTS: dict[str, re.Pattern[str]] = {
    "body": re.compile(
        r"\bwho\s+(?:issued|issues|made|makes|adopted|adopts|passed|passes|enacted|enacts|wrote|drafted|"
        r"promulgated|is behind|was behind)\b|\bissuing (?:body|authority|organ)\b|\bby whom\b|"
        r"\bwhich (?:body|authority|organ|legislature)\b|"
        rf"谁来?{_ZH_MADE}|(?:由|是)?谁(?:{_ZH_MADE}|通过)|{_ZH_MADE}的?(?:机关|部门|单位|机构|主体)|"
        rf"哪(?:个|一级)?(?:部门|机关|机构)(?:{_ZH_MADE}|通过)",
        re.I,
    ),
    "adopted": re.compile(
        rf"{_WHEN}[^?]{{0,80}}(?=[apei])\b(?:adopt\w*|passed|enact\w*|approved|promulgated|issued)\b|"
        r"\b(?:adoption|enactment) date\b|"
        # "who passed the regulations and when?": the verb first, the date asked after it
        r"\b(?:adopted|passed|enacted|approved|promulgated|issued)\b[^?]{0,60}\band when\b|"
        rf"{_ZH_WHEN}[^，。？?]{{0,8}}?(?:{_ZH_MADE}|通过)|(?:{_ZH_MADE}|通过)的?(?:时间|日期|年份)",
        re.I,
    ),
    "effective": re.compile(
        r"\btak(?:e|es|en|ing)\s+effect\b|\btook effect\b|\b(?:come|comes|came|coming|enter\w*|entry)\s+"
        r"into\s+(?:force|effect)\b|\beffective (?:date|from|since|on)\b|"
        rf"{_WHEN}[^?]{{0,80}}(?=[eic])\b(?:effective|in effect|commenc\w*)\b|"
        r"\b(?:start\w*|began|begin\w*) to apply\b|"
        r"\bappl(?:y|ies|ied) (?:from|since)\b|\bvalid (?:from|since)\b|"
        r"\b(?:from|since) when\b[^?]{0,60}(?=[avei])\b(?:appl(?:y|ies)|valid|effective|in force)\b|"
        rf"施行|生效|(?:开始|正式|起)实施|实施的?(?:时间|日期)|{_ZH_WHEN}[^，。？?]{{0,4}}实施",
        re.I,
    ),
    "amended": re.compile(r"\bamend\w*|\brevis\w*|修改|修正|修订", re.I),
    "status": re.compile(
        r"\bstill\b[^?]{0,24}\b(?:valid|in force|effective|appl(?:y|ies)|current)\b|\bin force\b|\brepeal\w*|"
        r"\b(?:is|are) (?:it|they|the \w+ \w+) valid\b|\bexpired?\b|\bobsolete\b|"
        r"(?:还|是否|仍然?|依然|现在|目前)(?:有效|适用|生效)|有效吗|失效|废止|废除|现行|作废|过期",
        re.I,
    ),
    "size": re.compile(
        r"\bhow many (?:articles|chapters|sections|provisions|clauses)\b|\bnumber of (?:articles|chapters)\b|"
        # "how long is the provincial regulation?", not "how long is the period under the law?"
        r"\bhow long (?:is|are) (?:the|this|that)\s+(?:(?!under\b|of\b|in\b|for\b|by\b|on\b)[\w'-]+\s+){0,5}"
        r"(?:law|act|regulations?|rules)\s*\??\s*$|"
        r"(?<!第)(?:多少|几)(?:条|章|个条文|个章节)|条文数|章节数|一共几|共有几",
        re.I,
    ),
    # "is your summary the official text?", "这是官方文本吗": what the knowledge base holds of it
    "official": re.compile(
        rf"\b(?:official|authoritative|verbatim)\b[^?]{{0,30}}\b{_TEXT_NOUN}|"
        rf"\b{_TEXT_NOUN}[^?]{{0,30}}\b(?:official|authoritative|verbatim)\b|"
        r"官方(?:的)?(?:文本|版本|原文|译本)|正式(?:的)?(?:文本|版本)|权威(?:的)?(?:文本|译本|版本)|原文吗|是不是原文",
        re.I,
    ),
    # "条文号靠谱吗", "can I cite these article numbers?": how far the numbering may be relied on
    "numbering": re.compile(
        rf"{_NUMBERS}[^?？]{{0,30}}{_RELIED}|{_RELIED}[^?？]{{0,30}}{_NUMBERS}",
        re.I,
    ),
    # "is it a national law or a provincial one?", "是国家的法律还是地方性法规": its level
    "level": re.compile(
        r"\bnational\b[^?]{0,20}\bor\b[^?]{0,12}\b(?:provincial|local)\b|"
        r"\b(?:provincial|local)\b[^?]{0,20}\bor\b[^?]{0,12}\bnational\b|"
        r"国家[^，。？?]{0,6}还是[^，。？?]{0,4}(?:省|地方)|(?:省|地方)[^，。？?]{0,6}还是[^，。？?]{0,4}国家|"
        r"是不是地方性法规|是地方性法规吗|是省级的吗",
        re.I,
    ),
    # "这个是哪个法的规定", "which law is that from?": the regulation in focus, by name
    "name": re.compile(
        r"(?:这|那|该|它|上面|上述)[^，。？?]{0,6}哪(?:个|部|一部|项|份)(?:法|条例|法规|法律|规定|文件)|"
        r"哪(?:个|部|一部|项|份)(?:法|条例|法规|法律|文件)[^，。？?]{0,6}(?:这|那|它)|"
        r"\b(?:which|what) (?:law|regulations?|act|legislation)\b[^?]{0,25}\b(?:this|that|it|these|those)\b|"
        r"\b(?:this|that|it)\b[^?]{0,25}\b(?:which|what) (?:law|regulations?|act|legislation)\b",
        re.I,
    ),
}
ORIGINAL = re.compile(
    r"\boriginal\w*|\bfirst\b|\binitial\w*|最初|原来|原先|最早|首次|初次|原版|原文本|旧版", re.I
)


def without_levels(question: str) -> str:
    """The question less the levels it offers as choices ("a national law or provincial"): they name no
    regulation there."""
    return _FACTS["level"].sub(" ", question)


def names_a_version(question: str) -> bool:
    """ "and the original?", "最早的版本呢": a version of the regulation in focus is named."""
    return bool(ORIGINAL.search(question) or _FACTS["amended"].search(question))


def asked_facts(question: str) -> list[str]:
    """The document-level facts a question asks for, in answer order; none for a question that cites an
    article ("what does Article 45 say") or asks about something else."""
    if article_refs(question):
        return []
    asked = [kind for kind, pattern in _FACTS.items() if pattern.search(question)]
    if (
        "amended" in asked
        and "adopted" in asked
        and re.search(r"(?:那|这)次(?:修改|修正|修订)|\bamendment\b", question)
    ):
        asked.remove("adopted")  # "2015年那次修改是哪天通过的", "when was the amendment passed": its date
    if "amended" in asked and ("effective" in asked or "adopted" in asked):
        asked.remove("amended")  # "when did the amended law take effect": the amended text's date
    since = re.search(r"\b(?:since|from) when\b", question, re.I)  # "since when is it valid": a date
    if (
        "status" in asked
        and "effective" in asked
        and (since or not re.search(r"有效|valid|still", question, re.I))
    ):
        asked.remove("status")  # "come into force" is a date question, not "is it still in force"
    return asked
