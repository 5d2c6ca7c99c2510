"""What a question asks of a regulation article that the article does not state: a figure, a penalty, a
standard of compensation, a tax rate, the conditions to meet, a way to court.

An article on the topic is not an answer when the kind of answer asked is not in it: Article 34 grants tax
incentives but names no rate; Article 24 improves technology managers' professional titles but sets no
conditions for them; neither regulation's summary sets a penalty. Quoting the article would read as its
answer, so the answer says the article does not state it, and names the article (answered false).

    ANSWER_TYPES                              -> the kinds of answer a question may ask for
    unstated(question, article, lang, name)   -> Draft | None: the first kind asked that no language
                                                 version of the article states, said not to be there
    asks_figure(question)                     -> whether it asks a figure (an amount, a share)
"""

from __future__ import annotations

import dataclasses
import re

from retrieval.chunking import article_text
from retrieval.types import Chunk

from .answer_kinds import WEBSITE, AnswerKind, first_unstated
from .draft import Draft
from .regulation_evidence import ArticleText
from .types import Citation

__all__ = ["ANSWER_TYPES", "article_lacks", "asks_figure", "no_figure", "unstated"]

# Each kind's absence words follow '<article> ...' in the answer.
_I = re.I
# "具体能减免多少", "how often do they publish", "what's the max percentage": a figure ...
_FIGURE = AnswerKind(
    "figure",
    re.compile(
        r"多少|几[年个次天成]|多久|多长时间|额度|比例|预算|百分之几|百分比|"
        r"\bhow (?:much|many|often|long)\b|\bwhat (?:percentage|share|amount|rate|proportion)\b|\bbudget\b|"
        r"\bpercent(?:age)?s?\b|\b(?:interest|tax) rates?\b|利率|税率",
        _I,
    ),
    # ... which an article without one does not give ("定期发布", "regularly"; "给予税收优惠") (a period or
    # share the English version spells out: "for at least five years")
    re.compile(
        r"\d|百分之|一半|\bhalf\b|[一二三四五六七八九十两]+(?:年|个月|日|天|倍|成|次)|"
        r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|"
        r"hundred)\s+(?:years?|months?|days?|times|percent|per cent)\b",
        _I,
    ),
    "没有写明具体数字",
    "gives no figure for that",
)
# "违反条例会怎么处罚", "what are the fines for violating it" (not "会被处罚吗": whether one is liable, which
# the due-diligence exemption answers)
_PENALTY = AnswerKind(
    "penalty",
    re.compile(
        r"怎么处罚|如何处罚|怎样处罚|什么处罚|哪些处罚|处罚标准|罚款|罚多少|罚金|"
        r"\bpenalt(?:y|ies)\b|\bfines?\b|\bfined\b|\bsanctions?\b|\bwhat punishment\b",
        _I,
    ),
    re.compile(r"罚|\bpenalt|\bfine[sd]?\b|\bsanction", _I),
    "没有规定处罚或罚款",
    "sets no penalty or fine",
)
# "违约赔偿标准是多少", "how much compensation for a breach"
_DAMAGES = AnswerKind(
    "damages",
    re.compile(r"赔偿|赔多少|违约金|\bdamages\b|\bcompensat\w*", _I),
    re.compile(r"赔偿|违约金|\bdamages\b|\bcompensat", _I),
    "没有规定赔偿标准",
    "sets no compensation for that",
)
# "科研人员兼职拿的钱个税怎么算", "what's the income tax rate": a tax, its rate or how it is computed
_TAX = AnswerKind(
    "tax",
    re.compile(
        r"个税|所得税|税率|税.{0,6}(?:怎么算|怎么计算|如何计算|多少)|"
        r"\bincome tax\b|\btax rates?\b|\bhow much tax\b|\btax(?:es)?\b.{0,30}\bcalculated\b",
        _I,
    ),
    re.compile(r"所得税|税率|\bincome tax\b|\btax rate|\d+(?:\.\d+)?\s*%", _I),
    "没有写明税率或计税办法",
    "states no tax rate or how the tax is computed",
)
# "评职称需要满足什么条件", "what are the requirements to qualify"
_CONDITIONS = AnswerKind(
    "conditions",
    re.compile(
        r"什么条件|哪些条件|条件是什么|满足.{0,8}条件|需要.{0,4}条件|什么要求|哪些要求|要求是什么|"
        r"\b(?:what|which) (?:are the )?(?:conditions|requirements|criteria)\b|\beligib\w*|\bqualif\w*",
        _I,
    ),
    re.compile(r"条件|同意|前提|符合|condition|requir|criteri|eligib|qualif|consent|provided that", _I),
    "没有写明具体条件",
    "states no conditions for that",
)
# "如果学校不同意 能起诉吗", "can I sue the university": a way to court
_LITIGATION = AnswerKind(
    "litigation",
    re.compile(r"起诉|诉讼|打官司|告上法庭|上法院|\bsue\b|\blawsuits?\b|\bcourts?\b|\blitigat\w*", _I),
    re.compile(r"起诉|诉讼|法院|仲裁|\bcourts?\b|\bsue\b|\blawsuit|\barbitrat|\blitigat", _I),
    "没有规定起诉或诉讼的途径",
    "says nothing about going to court",
)
# "does the law set a minimum reward in yuan, like a fixed amount", "最低奖励有没有固定金额": a sum of money,
# which an article setting only shares ("at least 50% of the net income") does not give; asked by its
# currency or as a fixed sum, not by "多少钱" ("能拿多少钱" asks the share, which the article gives)
_AMOUNT = AnswerKind(
    "amount",
    re.compile(
        r"多少元|几元|多少块钱|固定(?:的)?(?:金额|数额|数目)|具体(?:的)?(?:金额|数额)|(?:\d+|几|多少)万?元(?!化|素)|"
        r"\byuan\b|\brmb\b|\bcny\b|\brenminbi\b|\bfixed (?:amount|sum|figure)\b|"
        r"\b(?:specific|exact) (?:amount|sum) of money\b",
        _I,
    ),
    re.compile(r"\d\s*万?元|人民币|\byuan\b|\brmb\b|\bcny\b|\brenminbi\b", _I),
    "没有规定具体金额",
    "sets no amount of money for that",
)
# "what's the website of that system?" of Article 11, which builds the system and names no site
_WEBSITE = dataclasses.replace(WEBSITE, zh="没有写明网址", en="does not state a website")
ANSWER_TYPES: tuple[AnswerKind, ...] = (
    _PENALTY,
    _DAMAGES,
    _TAX,
    _CONDITIONS,
    _LITIGATION,
    _AMOUNT,
    _FIGURE,
    _WEBSITE,
)


def unstated(
    question: str,
    article: ArticleText,
    lang: str,
    name: str,
    n: int = 1,
    types: tuple[AnswerKind, ...] = ANSWER_TYPES,
) -> Draft | None:
    """For a question asking a kind of answer (`types`) that no language version of the article states
    (its body, not its heading): the answer that the article does not state it, with the article cited
    (answered false: the knowledge base does not say it); None when the article may answer."""
    asked = [t for t in types if t.is_asked(question)]
    if not asked:
        return None
    bodies = [article_text(c.text).split("\n", 1)[-1] for c in article.versions.values()]
    missing = first_unstated(asked, bodies)
    if missing is None:
        return None
    return article_lacks(article.version(lang), name, missing.zh, missing.en, n)


def article_lacks(shown: Chunk, name: str, zh: str, en: str, n: int = 1) -> Draft:
    """ "<regulation> <article> (<heading>) <what it lacks>", cited, in the article's language; answered
    false: the knowledge base does not say it (regulation_scope.not_named says so of a party too)."""
    heading = str(shown.meta.get("heading") or "")
    if shown.lang == "zh":
        text = f"《{name}》{shown.locator}{f'（{heading}）' if heading else ''}{zh}。 [{n}]"
    else:
        text = f"Article {shown.locator.removeprefix('Article ')} of the {name}"
        text += f"{f' ({heading})' if heading else ''} {en}. [{n}]"
    return Draft(text, [Citation.of(n, shown)], False)


def no_figure(question: str, article: ArticleText, lang: str, name: str, n: int = 1) -> Draft | None:
    """`unstated` for a figure alone (an amount, a share, how often)."""
    return unstated(question, article, lang, name, n, (_FIGURE,))


def asks_figure(question: str) -> bool:
    return _FIGURE.is_asked(question)
