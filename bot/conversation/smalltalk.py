"""Greetings, thanks, "who are you", "what can you do": a short reply in the user's language with example
questions drawn from the shipped knowledge (the next event, a field with technologies, a regulation),
never "the knowledge base has nothing", and never an unanswered question for staff."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from retrieval.catalog import Catalog
from retrieval.fields import city_label, field_label

from ..phrasebook import phrase

__all__ = ["smalltalk_kind", "smalltalk_reply"]

# A whole message that is only a greeting or thanks (with punctuation, emoji and a name at most).
_GREETING = re.compile(
    r"^\s*(?:hi+|hello+|helo|hey+|hiya|yo|good (?:morning|afternoon|evening|day)|greetings|howdy|"
    r"你好|您好|嗨|哈喽|哈啰|在吗|在不在|早上好|早安|上午好|下午好|晚上好|大家好|hello\s*你好)"
    r"(?:\s*(?:there|all|everyone|bot|techbridge|呀|啊|哈|哈喽|你好))*[\s!！,，.。~～?？😀🙂👋]*$",
    re.I,
)
# Not [\s!]*(?:bye)?[\s!]*$: two runs side by side that take the same characters are quadratic on a
# long run of them (tests/unit/test_bounded_patterns.py).
_THANKS = re.compile(
    r"^\s*(?:ok(?:ay)?[\s,，!]*)?(?:好的?[\s,，]*|明白了?[\s,，]*|收到[\s,，]*)?"
    r"(?:thanks?(?: you| a lot| so much)?|thx|ty|many thanks|cheers|great,? thanks|"
    r"谢谢(?:你|您|啦|了)?|多谢|感谢|辛苦了?)"
    r"[\s!！,，.。~～]*(?:(?:bye|再见|拜拜)[\s!！.。]*)?$|^\s*(?:bye|goodbye|再见|拜拜)[\s!！.。]*$",
    re.I,
)
_CAPABILITIES = re.compile(
    # a greeting or "请问" before it: "您好 请问你们这个平台是干什么的", "hey there, what do you do?"
    r"^\s*(?:(?:hi|hiya|hello|hey|你好|您好|嗨)(?:\s+(?:there|all|everyone|bot))?[\s,，!！.。~～]*)?(?:(?:请问|想问一下|问一下|打扰一下)[\s,，]*)?"
    # the service asked of ("你们/这个平台是干什么的"), not a thing shown ("这个是干什么的")
    r"(?:(?:你们|您|你)(?:这个?|这里)?(?:平台|网站|系统|机器人|小程序|助手)?是?(?:干|做)(?:什么|啥|嘛)的|"
    r"(?:这个?|这里)?(?:平台|网站|系统|机器人|小程序|助手)是?(?:干|做)(?:什么|啥|嘛)的|"
    r"(?:这|这个|你们)是(?:一个)?什么(?:平台|网站|系统)|"
    r"what(?:'s| is) this (?:platform|site|website|service|bot|chatbot|app)(?: for| about)?|"
    r"what does this (?:platform|site|website|service|bot|chatbot|app) do|"
    r"who are you|what are you|what can you do|what do you do|how (?:can|do) (?:i|you) use|help|"
    r"what (?:can|should) i ask|what is techbridge|你是谁|你是什么|"
    r"你能(?:做|干)(?:什么|啥|嘛)|你会(?:什么|啥|干嘛)|"
    r"能(?:做|干)(?:什么|啥)|怎么用|如何使用|有什么功能|帮助|我能问(?:什么|啥)|"
    # "你们能帮我找合作伙伴吗", "can you help me find partners?": what the service does, no need stated yet
    r"(?:你们?|您)?(?:能|可以)帮(?:我|我们)?(?:找|对接)(?:合作伙伴|合作方|伙伴|技术|企业)吗|"
    r"can you help (?:me|us) find (?:a )?(?:partners?|technolog(?:y|ies)|companies)|"
    # "hiya, can you help me?", "我需要一些帮助": help asked for, nothing named yet
    r"can you help(?: me| us)?|i need (?:some )?help|我?需要(?:一些|点)?帮助|(?:能|可以)帮(?:我|个忙)吗?)"
    r"[\s?？!！。.]*$",
    re.I,
)


# A message made only of these words (and punctuation) is thanks or a goodbye: "ok great, thanks!",
# "cheers, thanks", "好的，明白了，谢谢".
# Two branches, each behind a look-ahead for its script: a place that starts neither is passed at once, and
# one tries only its own script's words (tests/unit/test_bounded_patterns.py: findall on 1 MB in budget).
_THANKS_WORDS = re.compile(
    r"(?=[a-z'])(?:thank you|thanks?|thx|ty|cheers|great|ok(?:ay)?|cool|perfect|got it|bye|goodbye|see you|"
    r"many|a lot|so much|very much|that'?s helpful|helpful|awesome|nice|"
    # "ok thanks, that helps", "thanks, that's clear", "thanks for the information"
    r"(?:that|this|it)(?:'s| is| was)?|helps|helped|useful|clear|understood|makes sense|i see|noted|"
    r"really|indeed|all|for now|anyway|then|no|alright|all right|sure|"
    r"for (?:the|your|all the) (?:help|information|info|answers?|reply|replies|explanation))|"
    # "多谢，很有帮助", "谢谢你的帮助"
    r"(?=[\u4e00-\u9fff])(?:好的?|好吧|明白了?|知道了|懂了|清楚了|收到|了解了?|有帮助|很有用|有用|帮大忙了?|这样啊|"
    r"原来如此|没有了|没了|没问题了|就这些|就这样|的帮助|帮助|帮忙|解答|谢谢(?:你|您|啦|了)?|多谢|感谢|辛苦了?|"
    r"再见|拜拜|太好了|不错|行|嗯+|哦+|非常|十分|很|太|你|啊|呀|哈|了)",
    re.I,
)
# A whole message that only acknowledges ("好的", "ok", "got it", "明白了"): no question, no thanks. Up to
# four such words, a separator between each (without one, a run of "嗯" splits four ways: cubic).
_ACK_WORD = (
    r"(?:ok(?:ay)?|好的?|好吧|行|嗯+|哦+|明白了?|知道了|懂了|清楚了|收到|了解了?|got it|i see|"
    r"understood|noted|alright|all right|sure|cool|great|perfect|nice|原来如此|这样啊|我知道了|我明白了|"
    r"that'?s all(?: for now)?|that is all|没问题了|就这些了?|没有了|没了|"
    # a thumbs-up or "hmm" alone in a chat app: heard, nothing asked
    r"👍|👌|hmm+|kk?|okk+)"
)
_ACK_SEP = r"[\s!！,，.。~～👍🙂]"
_ACK = re.compile(rf"^{_ACK_SEP}*{_ACK_WORD}(?:{_ACK_SEP}+{_ACK_WORD}){{0,3}}{_ACK_SEP}*$", re.I)
_BYE = re.compile(r"\bbye\b|goodbye|see you|再见|拜拜", re.I)
_THANKED_ONLY = re.compile(r"thank|thx|\bty\b|cheers|谢|感谢|辛苦", re.I)
_NOT_WORDS = re.compile(r"[\s!！,，.。~～?？:：;；👍🙏😀🙂]+")
_THANKED = re.compile(r"thank|thx|\bty\b|cheers|谢|感谢|辛苦|bye|再见|拜拜", re.I)

# Who the asker is, and nothing asked yet ("hello! I'm with a steel company in Anshan", "您好，我们是海城一家
# 镁砂厂"): greeted back with what can be asked, not searched for a listing that shares "steel" or "Anshan"
_ORG = (
    r"compan(?:y|ies)|firm|plant|factory|mill|works|university|uni|college|maker|manufacturer|producer|"
    r"enterprise|office|group|institute|lab|laboratory|startup|supplier|refinery|hospital|centre|center|"
    r"co\.?(?:,? ltd\.?)?"
)
_INTRO = re.compile(
    r"^\s*(?:(?:hi+|hello+|hey+|good (?:morning|afternoon|evening)|你好|您好|嗨)[\s!！,，.。~～]*)?"
    r"(?:(?:i'?m|i am|we'?re|we are|this is|i work)\s+(?:with|from|at|for|in|an?|the)\b[^?]{0,60}?"
    rf"\b(?:{_ORG})s?\b(?:\s+(?:in|from|at|based in|of)\s+[a-z]+(?:\s+[a-z]+)?)?|"
    r"(?:我是|我们是|我在|我们在|这里是)[^？?，,。]{0,20}(?:厂|公司|企业|单位|大学|学校|高校|研究所|研究院|中心|集团|医院)"
    r"(?:的)?(?:工作)?)[\s!！.。~～]*$",
    re.I,
)
_ASKING = re.compile(
    r"\b(?:need|needs|want|wants|looking|seek|seeking|any|anything|how|what|which|who|where|when|can|could|"
    r"would|interested|find|help|problem|issue|trouble|plan|planning)\b|"
    r"需要|想|找|有没有|有什么|吗|怎么|如何|多少|哪|什么|能否|能不能|求|问题|难题|困难|打算|计划|咨询|了解",
    re.I,
)


def _introduces(message: str) -> bool:
    return bool(_INTRO.match(message)) and not _ASKING.search(message)


def _only_thanks(message: str) -> bool:
    rest = _THANKS_WORDS.sub(" ", message)
    thanked = _THANKED.search(message)
    return bool(thanked) and not _NOT_WORDS.sub("", rest)


def smalltalk_kind(message: str) -> str | None:
    """The kind of small talk a whole message is: "greeting", "thanks", "bye", "ack" (an acknowledgement:
    "好的", "got it"), "capabilities"; else None."""
    if _GREETING.match(message) or _introduces(message):
        return "greeting"
    if _THANKS.match(message) or _only_thanks(message):
        # "bye" alone is a goodbye; "thanks, bye" thanks first
        return "bye" if _BYE.search(message) and not _THANKED_ONLY.search(message) else "thanks"
    if _ACK.match(message):
        return "ack"
    if _CAPABILITIES.match(message):
        return "capabilities"
    return None


def _examples(catalog: Catalog, lang: str, today: dt.date) -> list[str]:
    out: list[str] = []
    upcoming = catalog.events(upcoming=True, today=today)
    if upcoming:
        city = city_label(str(upcoming[0].get("city") or ""), lang)
        out.append(phrase("smalltalk.example_events", lang, city=city))
    fields = Counter(str(r.get("field")) for r in catalog.records("achievement") if r.get("field"))
    if fields:
        label = field_label(fields.most_common(1)[0][0], lang)
        out.append(phrase("smalltalk.example_field", lang, field=label))
    out.append(phrase("smalltalk.example_reward", lang))
    out.append(phrase("smalltalk.example_need", lang))
    return out[:4]


def smalltalk_reply(kind: str, lang: str, catalog: Catalog, today: dt.date) -> str:
    if kind == "thanks":
        return phrase("smalltalk.thanks", lang)
    if kind == "bye":
        return phrase("smalltalk.bye", lang)
    if kind == "ack":
        return phrase("smalltalk.ack", lang)
    examples = _examples(catalog, lang, today)
    return "\n".join([phrase("smalltalk.hello", lang), *(f"- {e}" for e in examples)])
