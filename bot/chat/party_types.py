"""Who a question asks for, beside what value: an organisation other than the one answering ("which refinery
ran the pilot", "跟哪家航发企业合作过", "whats the name of the Wafangdian bearing maker") or the person who
leads the work ("那个院负责这个项目的老师叫啥", "team leader's phone number"). A listing names its owner, and
its prose at most a kind of partner ("a partner machine-tool company", "已为航空企业完成试制"): a sentence
that shares the question's words, or the owner's name, is no answer to "which company", and the answer
says the knowledge base does not state it (value_types.py applies these kinds with the others).

An organisation is stated by a name of one (a company's suffix: "Co.", "Group", "有限公司", "集团"), or,
unless a name is asked ("name of", "叫什么"), by a kind of organisation placed by a proper name the question
does not hold itself ("applied with a bearing manufacturer in Wafangdian" answers "who did they apply it
with", not "the name of the Wafangdian bearing maker"). A university or an institute is no company.
"""

from __future__ import annotations

import re

from ..conversation.answer_kinds import AnswerKind

__all__ = ["LEAD", "ORGANISATION", "PARTY_KINDS", "party_stated"]

_ORG_EN = (
    r"compan(?:y|ies)|firms?|enterprises?(?! demands?)|refiner(?:y|ies)|foundr(?:y|ies)|fabs?|carmakers?|"
    r"automakers?|OEMs?|manufacturers?|makers?|steel ?(?:mills?|plants?|works|makers?)|mills?|"
    r"factor(?:y|ies)|plants|partners?|customers?|clients?|suppliers?|utilit(?:y|ies)|"
    r"power (?:plants?|stations?)|hospitals?|collier(?:y|ies)|shipyards?"
)
_ORG_ZH = (
    r"企业(?!需求)|公司|厂家?|钢厂|炼厂|炼油厂|车企|主机厂|电站|电厂|医院|煤矿|矿山|晶圆厂|代工厂|客户|"
    r"合作方|合作伙伴|伙伴"
)
# (not asking a person of it: "which company's chief engineer", "哪些企业专家分享了")
_NOT_PERSON = r"(?!'s|的?(?:专家|代表|人|领导|总|负责人|老总))"
ORGANISATION = AnswerKind(
    "organisation",
    re.compile(
        rf"\bwhich (?:[\w-]+ ){{0,2}}(?:{_ORG_EN})\b{_NOT_PERSON}|"
        rf"\b(?:name|names) of (?:the |that |this |their |its )?(?:[\w-]+ ){{0,3}}(?:{_ORG_EN})\b|"
        rf"\bwhat(?:'s| is| are)? (?:the |that |their |its )?(?:[\w-]+ ){{0,2}}(?:{_ORG_EN}) called\b|"
        r"\bwho (?:did|do|does|have|has) (?:they|it|you|he|she|the \w+) (?:\w+ ){0,3}with\b|"
        r"\bwho (?:are|were) (?:their|its|the) (?:partners?|customers?|clients?|users?)\b|"
        rf"哪(?:家|个|些|几家|几个)[\u4e00-\u9fff]{{0,4}}?(?:{_ORG_ZH}){_NOT_PERSON}|"
        r"(?:跟|和|与|同)(?:哪|谁)[\u4e00-\u9fff]{0,6}合作|"
        rf"(?:{_ORG_ZH}|矿区|基地)[\u4e00-\u9fff]{{0,2}}(?:叫什么|叫啥|名字|名称)",
        re.I,
    ),
    # any organisation's name or kind: what `party_stated` reads
    re.compile(rf"{_ORG_EN}|{_ORG_ZH}|\bCo\.|\bGroup\b|集团", re.I),
    "合作或应用单位的名称",
    "which organisation",
)
# A name asked for, not only which one: only a name answers
_NAME_ASKED = re.compile(r"\bnames?\b|\bcalled\b|叫什么|叫啥|名字|名称", re.I)
# A company's name: its suffix, in either language
_COMPANY_NAME = re.compile(
    r"\b(?:Co\.|Co\b|Ltd\b|Company\b|Corporation\b|Corp\.|Group\b|Inc\.)|"
    r"[\u4e00-\u9fff]{2,}(?:有限公司|股份|集团|公司)",
)
# A kind of organisation and the proper name that places it ("a bearing manufacturer in Wafangdian",
# "Wafangdian Bearing manufacturer"), in a sentence's words
_PLACED = re.compile(
    rf"\b(?:{_ORG_EN})\b(?: (?:in|at|of|from|near) (?:the )?([A-Z][\w-]+))|"
    rf"([A-Z][\w-]+) (?:[\w-]+ )?(?:{_ORG_EN})\b"
)
_PLACED_ZH = re.compile(rf"([\u4e00-\u9fff]{{2,4}})地区[\u4e00-\u9fff]{{0,4}}(?:{_ORG_ZH})")

LEAD = AnswerKind(
    "lead",
    # asked as who (not "can the lead researcher keep the data", "单位负责人要担责吗")
    re.compile(
        r"负责人(?:是谁|叫什么|叫啥|姓名|名字|是哪位)|谁是\S{0,16}(?:负责人|带头人)|"
        r"(?:带头人|首席科学家|课题组长)(?:是谁|叫什么|叫啥)|"
        r"负责(?:这个|该|此)?(?:项目|课题|技术)?的?(?:老师|教授|专家|人)(?:是谁|叫什么|叫啥)|"
        r"\bwho(?:'s| is| are)? (?:the )?(?:team |project |group )?lead(?:er|s)?\b|\bwho leads\b|"
        r"\b(?:team|project|group) leader'?s?\b|\bprincipal investigator\b",
        re.I,
    ),
    re.compile(
        r"\b(?:Prof|Professors?|Dr|Mr|Ms|Mrs|Academician)\.?\s+[A-Z]|"
        r"[\u4e00-\u9fff]{2,3}(?:教授|院士|研究员|老师|博士)(?![\u4e00-\u9fff]{0,2}(?:团队|项目))"
    ),
    "项目负责人",
    "who leads the work",
)
PARTY_KINDS: tuple[AnswerKind, ...] = (ORGANISATION, LEAD)


def party_stated(kind: AnswerKind, text: str, question: str) -> bool:
    """Whether the text states the party the question asks: for an organisation, a company's name, or
    (no name asked) a kind of organisation placed by a proper name that the question does not hold."""
    if kind is not ORGANISATION:
        return kind.stated_in(text)
    if _COMPANY_NAME.search(text):
        return True
    if _NAME_ASKED.search(question):
        return False
    low = question.lower()
    placed = [m.group(1) or m.group(2) for m in _PLACED.finditer(text)]
    placed += [m.group(1) for m in _PLACED_ZH.finditer(text)]
    return any(p and p.lower() not in low and not _sentence_start(text, p) for p in placed)


def _sentence_start(text: str, word: str) -> bool:
    """The word is capitalised only because a sentence starts with it ("Partners ..."), naming nothing."""
    return re.search(rf"(?:^|[.!?]\s+){re.escape(word)}\b", text) is not None
