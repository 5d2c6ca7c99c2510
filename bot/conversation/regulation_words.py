"""The words people use for what the regulations name otherwise, and a question's content terms for
reading regulation articles.

Staff ask in everyday words: a *patent* or an *invention* is, in the law, a (job-related) scientific and
technological achievement; a *lab* is a unit or research institute; a *professor* or *inventor* one of
the researchers; *selling* a patent is transferring it; being *blamed* is liability. The glossary holds
translations (one meaning, two languages); these are the law's own words for everyday ones, both
languages, used only to decide whether an article holds a question's content (regulation_articles.py).

    legal_forms(term)          -> the regulations' words for an everyday word (empty when none)
    regulation_terms(question) -> the question's content terms (its keywords less request words)
"""

from __future__ import annotations

import functools
import re

from retrieval.text import keyword_tokens

from .evidence import GENERIC, OWNER_WORDS, WISHES

__all__ = ["legal_forms", "regulation_terms"]

_CJK = re.compile(r"[\u4e00-\u9fff]+")

# (everyday words, the regulations' words), both languages each
_EVERYDAY: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("patent", "ip", "invention", "know-how", "专利", "发明", "知识产权"),
        ("achievement", "科技成果", "成果"),
    ),
    (
        ("lab", "laboratory", "laboratories", "institute", "实验室", "课题组", "研究所", "研究院"),
        ("unit", "research institute", "research and development institution", "单位", "科研机构"),
    ),
    (
        (
            "professor",
            "inventor",
            "scientist",
            "researcher",
            "team",
            "staff",
            "employee",
            "engineer",
            "工程师",
            "教授",
            "老师",
            "发明人",
            "研究人员",
            "员工",
            "职工",
            "团队",
        ),
        ("researchers", "people who made", "科技人员", "科研人员", "完成人", "人员"),
    ),
    (
        ("startup", "start-up", "spin-off", "spinoff", "创业", "开公司", "办企业"),
        ("start a business", "创业"),
    ),
    (("job", "position", "岗位", "工作"), ("post", "岗位", "在岗")),
    (
        ("ministry", "government", "authorities", "authority", "regulator", "上级", "政府"),
        ("supervising department", "department", "主管部门", "行政部门"),
    ),
    (
        ("approval", "approve", "permission", "审批", "批准"),
        ("approval", "审批", "备案", "on their own", "autonomy", "自主决定"),
    ),
    (("loan", "bank", "credit", "贷款", "银行"), ("financing", "financial institutions", "融资", "金融机构")),
    (("sell", "sale", "selling", "sold", "卖", "出售", "卖掉"), ("transfer", "转让")),
    (
        ("liable", "blame", "blamed", "punish", "punished", "accountable", "追责", "担责", "处罚", "问责"),
        ("liability", "liable", "责任", "免责"),
    ),
    (("money", "revenue", "earnings", "proceeds", "钱", "收益"), ("income", "收入", "收益")),
    (
        (
            "quit",
            "quits",
            "resign",
            "resigns",
            "leave",
            "leaves",
            "left",
            "ex-employee",
            "former",
            "离职",
            "辞职",
            "跳槽",
        ),
        ("leave", "retire", "离职", "退休"),
    ),
    (("competitor", "rival", "竞争对手", "同行"), ("same", "相同")),
    # "sold it without telling anyone", "私下卖了": a deal kept from the unit, which the law has announced
    (
        ("secretly", "telling", "told", "hid", "hidden", "私下", "偷偷", "悄悄", "暗中", "没告诉", "瞒着"),
        ("publicly announce", "公示"),
    ),
    # "带到新东家", "take it to my new employer": what the unit one leaves may forbid (its former unit)
    (
        ("新东家", "新单位", "新公司", "下家", "new employer", "new company", "next employer", "new job"),
        ("former unit", "原单位"),
    ),
    (
        (
            "secret",
            "trade secret",
            "trade secrets",
            "confidential",
            "confidentiality",
            "商业秘密",
            "保密",
            "机密",
        ),
        ("technical secrets", "技术秘密", "保密"),
    ),
    (
        (
            "tax",
            "taxes",
            "税",
            "交税",
            "纳税",
            "缴税",
            "减税",
            "免税",
            "免征",
            "所得税",
            "企业所得税",
            "个税",
            "个人所得税",
        ),
        ("tax", "税收"),
    ),
    (
        ("price", "worth", "value", "valuation", "估值", "价格", "定价", "价值"),
        ("price", "value", "价格", "价值"),
    ),
    (
        (
            "cooperate",
            "cooperating",
            "partner",
            "partnership",
            "collaborate",
            "collaboration",
            "合作",
            "联合",
        ),
        ("cooperat", "jointly", "合作"),
    ),
    (
        ("owner", "owns", "belong", "belongs", "归谁", "归属"),
        ("ownership", "belong", "归属", "所有权"),
    ),
    (
        ("bonus", "incentive", "奖金", "提成", "能分", "分到"),
        ("reward", "remuneration", "奖励", "报酬"),
    ),
    (("policy", "policies", "制度"), ("rules", "规定", "制度")),
    (("keep", "take", "grab", "据为己有", "占为己有", "私自"), ("as their own", "据为己有", "占有")),
    (
        (
            "lead",
            "leader",
            "leaders",
            "head",
            "pi",
            "dean",
            "president",
            "director",
            "boss",
            "负责人",
            "带头人",
            "组长",
            "领导",
            "校长",
            "院长",
            "所长",
        ),
        ("leader", "head", "负责人"),
    ),
    # "the minimum share", "最少能拿多少": the law's statutory floor ("at least 50%", "不低于50%")
    (("minimum", "least", "floor", "最少", "至少", "最低"), ("at least", "不低于")),
    (("school", "uni", "univ", "学校", "大学"), ("universities", "高等院校")),
    (("cheap", "cheaply", "underpriced", "低价", "便宜", "贱卖"), ("price", "value", "价格", "价值")),
    (
        ("protect", "protecting", "protects", "protection", "protected", "shield", "保护"),
        ("exemption", "免责"),
    ),
    (("trouble", "penalized", "麻烦", "出事"), ("liability", "责任", "追究")),
    (
        (
            "jointly developed",
            "jointly develop",
            "co-developed",
            "一起开发",
            "联合开发",
            "合作开发",
            "共同开发",
        ),
        ("cooperat", "all parties", "合作各方", "合作"),
    ),
    (("没有规定",), ("没有规定", "no rules", "neither set rules")),
    (("soe", "soes", "国企", "央企"), ("state-owned enterprises", "国有企业")),
    (
        ("上班", "工作时间", "at work", "on the job", "company time"),
        ("work tasks", "工作任务", "job-related", "职务"),
    ),
    (("ok", "okay", "consent", "agree", "agreement", "asking", "同意", "答应"), ("consent", "同意")),
    (("keeps", "retains", "retain", "留给"), ("stays", "留归")),
    (("database", "databases", "数据库"), ("database", "库", "成果库", "需求库")),
    (("scale-up", "pilot", "放大", "中试"), ("pilot-scale", "中试")),
)
# What a question asks of the law, not what about: "must", "can", "have to", "能不能", "必须".
_MODALS = frozenset([
    "must", "can", "could", "should", "would", "may", "might", "shall", "allowed", "able", "ought",
    "need", "needs", "required", "require", "requires", "has", "have", "does", "did",
    "能", "能不能", "可不可以", "必须", "应该", "应当", "需不需要", "要不要", "是否", "允许",
    "内容", "方面", "anything", "something",
    # what a question asks for, in speech ("那钱主要用来干嘛": what for)
    "干嘛", "干啥", "干什么", "做什么", "用来",
    "himself", "herself", "itself", "themselves", "ourselves", "myself", "yourself", "oneself", "just",
    # words that carry no topic ("turns out later", "way more")
    "later", "out", "turns", "turn", "way", "wants", "first", "whats", "what's", "one", "get", "gets",
    "ours", "his", "hers", "during", "while", "say", "says", "said",
    # the verb of another case ("what if the uni took equity instead"): the case is the topic
    "took",
    # "its own rules", "on his own": whose, not ownership (nor the dictionary's 国有, state-owned)
    "own",
    # "对定价有啥要求", "what requirements does it set on pricing": what is asked of the law, not about
    "要求", "requirement", "requirements",
    # intensifiers and indefinite people ("super cheap", "without telling anyone"): no topic
    "super", "really", "even", "anyone", "anybody", "someone", "somebody", "nobody", "everyone",
    "合规", "合法", "legal", "legit",  # "合规吗", "is that legal?": whether it is allowed, as "allowed" asks
])  # fmt: skip
# Request words a regulation question shares with listing questions, less those that are the law's own
# subject matter there ("transfer", "license", "sell": which article answers depends on them; a sale
# "cheap" is the due-diligence exemption's).
_REQUEST_WORDS = (GENERIC | _MODALS) - OWNER_WORDS - WISHES - {
    "转让", "可转让", "可以转让", "可转让的", "transfer", "license", "licence", "sell", "selling", "buy",
    "buying",
}  # fmt: skip


@functools.cache
def _table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for everyday, legal in _EVERYDAY:
        for word in everyday:
            table[word] = table.get(word, ()) + legal
    return table


def legal_forms(term: str) -> tuple[str, ...]:
    """The regulations' words for an everyday word: "patents" -> achievement, 科技成果, 成果."""
    low = term.lower()
    table = _table()
    found = table.get(low)
    if found is None and low.endswith("s") and len(low) > 3:
        found = table.get(low[:-1])  # "patents", "inventors", "loans"
    return found or ()


# "单位没规定的话", "if the uni has no reward rules": where the unit has set none, the statutory standard
_NO_RULES = re.compile(
    r"没(?:有)?(?:规定|定|制定)|无规定|"
    r"\b(?:has|have|with) no (?:\w+ ){0,2}(?:rules|polic(?:y|ies))|"
    r"\bno (?:internal |reward )?(?:rules|polic(?:y|ies))\b|"
    r"\b(?:doesn't|does not|don't|do not) have (?:any |its own |their own )?(?:\w+ )?"
    r"(?:rules|polic(?:y|ies))",
    re.I,
)
# Questions of ownership put in words of one character each ("算谁的", "属于谁"): the law's word for it;
# of money ("赚的钱归谁"), the income the unit keeps (留归)
_WHOSE = re.compile(
    r"算谁的|是谁的|属于谁|归谁|归哪|\bwhose\b|"
    r"\b(?:his|hers|theirs|mine) or (?:ours|mine)\b|\bours or (?:his|hers|theirs)\b",
    re.I,
)
# "省里要建什么库", "成果库": the one-character word for a database
_STORE = re.compile(r"(?:什么|哪些|哪个|成果|需求|数据|信息)库")
# "what's the least the team gets": "least" is no keyword of its own; the statutory floor
_LEAST = re.compile(r"\bleast\b", re.I)
_MONEY = re.compile(r"钱|收入|收益|利润")


def regulation_terms(question: str) -> list[str]:
    """The question's keywords less request words, digits and lone Chinese characters, in order."""
    out: list[str] = []
    whose = [("留归" if _MONEY.search(question) else "归属")] if _WHOSE.search(question) else []
    unset = ["没有规定"] if _NO_RULES.search(question) else []
    least = ["minimum"] if _LEAST.search(question) else []
    store = ["数据库"] if _STORE.search(question) else []
    for term in [*keyword_tokens(question), *whose, *unset, *least, *store]:
        if term in _REQUEST_WORDS or term.isdigit() or term in out:
            continue
        if re.fullmatch(r"[\u4e00-\u9fff]", term):
            continue
        out.append(term)
    # "实验室" is segmented as 实验 and 实验室 too: the longest word is the term, its pieces are not others
    longer = [t for t in out if _CJK.fullmatch(t)]
    return [t for t in out if not _CJK.fullmatch(t) or not any(t != o and t in o for o in longer)]
