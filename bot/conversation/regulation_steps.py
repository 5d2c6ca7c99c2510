"""The article before or after the one in focus: "下一条呢", "再下一条", "and the next article?", "上一条".

Read in the regulation the conversation is in, by the article's number in its translation group (both
language versions), and quoted whole in the user's language where the corpus has it. Where the next
number is not in the knowledge base (the summaries hold a selection of articles), the answer says which
articles it does hold, instead of another article that happens to share a word.
"""

from __future__ import annotations

import re

from retrieval.chunking import article_text
from retrieval.types import Chunk

from ..phrasebook import phrase
from .draft import Draft
from .regulation_evidence import ArticleText
from .types import Citation

__all__ = [
    "article_step",
    "asks_which_article",
    "asks_which_chapter",
    "asks_which_regulation",
    "in_chapter",
    "in_regulation",
    "stepped",
    "version_asked",
]

_NEXT = re.compile(
    r"^\s*(?:那|那么|再|and |what about |how about |ok,? )?(?:再)?"
    r"(?:下一条|后一条|下条|接下来(?:那|的)?一?条|(?:再)?后面(?:那|的|一)?一?条|往后一条|"
    r"(?:the )?next (?:article|one|section)|(?:the )?following (?:article|one)|"
    r"(?:the )?(?:article|one) after (?:that|this|it))",
    re.I,
)
_PREVIOUS = re.compile(
    r"^\s*(?:那|那么|再|and |what about |how about )?(?:上一条|前一条|上条|(?:再)?前面(?:那|的|一)?一?条|"
    r"往前一条|(?:the )?previous (?:article|one)|(?:the )?(?:article|one) before(?: (?:that|this|it))?)",
    re.I,
)


# "is that national or provincial?", "这是国家的还是省里的", "which law is that from?", "哪个文件规定的",
# "what document says that?": the source of the article in focus, asked by the kind of text it is
_WHICH = re.compile(
    r"\bnational or (?:provincial|local)\b|\b(?:provincial|local) or national\b|"
    r"\bwhich (?:law|regulation|document|act|legislation)\b|"
    r"\bwhat (?:law|regulation|document|legislation) (?:is|was|says|said|sets)\b|"
    r"国家的还是|还是省里的|还是辽宁的|还是国家的|出自哪|"
    r"(?:哪|什么)(?:个|部|份|一部|一份)?(?:法规|法律|文件|条例)(?:里|中|上)?(?:规定|说|写|定)?的?[吧呢啊]?[\s?？]*$|"
    r"哪个法规|哪部法",
    re.I,
)


def asks_which_regulation(message: str) -> bool:
    return bool(_WHICH.search(message))


# "which article is that", "第几条说的", "辽宁条例第几条说的": the number of the article in focus, asked
# alone (words that point at it or name its regulation around it; "尽职免责是第几条" has a topic of its own)
_POINTING = (
    r"(?:这条|那条|该条|那|这|这个|那个|它|该|是|的|呢|啊|吗|呀|说|讲|规定|里|在|出自|辽宁省?|国家|省里|本省|"
    r"条例|法律?|"
    r"转化法|科技创新|[\s,，。.?？!！])*+"  # possessive: "辽宁省里" splits two ways, never tried twice
)
_WHICH_ARTICLE = re.compile(
    rf"^{_POINTING}(?:第几条|哪一条|哪条){_POINTING}$|"
    r"^\s*(?:(?:so|and|ok|okay|but|sorry),?\s+)?(?:which|what)(?:'s|\s+is)?\s+(?:the\s+)?"
    r"(?:article|section|clause|provision)(?:\s+(?:number|no\.?))?"
    r"(?:\s+(?:is|was)\s+(?:that|it|this)(?:\s+(?:in|from))?)?"
    r"(?:\s+(?:in|of|from)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:law|regulations?|rules))?"
    r"(?:\s+is\s+(?:that|it|this))?\s*(?:again)?\s*[?.!]*\s*$|"
    # "article no?", "art. number", "条号？": the number asked by itself
    r"^\s*(?:(?:and|ok|okay|so),?\s+)?(?:the\s+)?(?:article|art\.?)\s*(?:number|no\.?|#)[\s?.!]*$|"
    r"^\s*(?:条号|条款号|哪个条款)[\s?？。]*$",  # (one class to the end: two runs of spaces are quadratic)
    re.I,
)


def asks_which_article(message: str) -> bool:
    return bool(_WHICH_ARTICLE.match(message))


# "which chapter is that in", "这条在第几章": the chapter of the article in focus, asked alone
_WHICH_CHAPTER = re.compile(
    rf"^{_POINTING}(?:第几章|哪一?章|哪个章节?|什么章节?){_POINTING}$|"
    r"^\s*(?:(?:so|and|ok|okay|but),?\s+)?(?:(?:in\s+)?(?:which|what)\s+chapter(?:'s|\s+is|\s+was)?\s+"
    r"(?:that|it|this)(?:\s+(?:article|one|provision))?(?:\s+(?:in|from|under))?|"
    r"(?:which|what)(?:'s|\s+is)\s+the\s+chapter(?:\s+(?:of|for)\s+(?:that|it|this)(?:\s+article)?)?)"
    r"\s*[?.!]*\s*$",
    re.I,
)


def asks_which_chapter(message: str) -> bool:
    return bool(_WHICH_CHAPTER.match(message))


# "中文版是哪一条", "what's the English version?": the article in focus in the other language
_VERSION = re.compile(r"(中文|英文)(?:版|原文|版本)|\b(Chinese|English) (?:version|text|original)\b", re.I)


def version_asked(message: str) -> str | None:
    """The language of the version asked for ("zh" / "en"), or None."""
    found = _VERSION.search(message)
    if found is None:
        return None
    word = (found.group(1) or found.group(2)).lower()
    return "zh" if word in ("中文", "chinese") else "en"


def in_regulation(chunk: Chunk, name: str, lang: str, level: str = "") -> Draft:
    """Which regulation the article in focus is in: its name, with the article, and `level` (the sentence
    saying whether it is national law or provincial legislation) where the question asks that."""
    text = phrase("article_step.in", lang, article=chunk.locator, name=name)
    joined = f"{text}{'' if lang == 'zh' else ' '}{level}" if level else text
    return Draft(f"{joined} [1]", [Citation.of(1, chunk)], True)


def in_chapter(chunk: Chunk, name: str, lang: str) -> Draft:
    """The chapter the article in focus stands under (its chunk's `chapter`, the heading above it), or that
    the knowledge base does not say."""
    chapter = str(chunk.meta.get("chapter") or "")
    key = "article_step.chapter" if chapter else "article_step.no_chapter"
    text = phrase(key, lang, article=chunk.locator, name=name, chapter=chapter)
    return Draft(f"{text} [1]", [Citation.of(1, chunk)], bool(chapter))


def article_step(message: str) -> int:
    """+1 for the next article, -1 for the one before, 0 for neither."""
    if _NEXT.search(message):
        return 1
    if _PREVIOUS.search(message):
        return -1
    return 0


def stepped(
    articles: dict[tuple[str, int], ArticleText], key: tuple[str, int], step: int, lang: str, name: str
) -> Draft:
    """Article `key` moved by `step`, quoted whole; or which numbers the knowledge base holds."""
    group, number = key
    target = articles.get((group, number + step))
    if target is None:
        held = sorted(n for g, n in articles if g == group)
        span = phrase("article_step.held", lang, first=held[0], last=held[-1]) if held else ""
        text = phrase("article_step.missing", lang, name=name, number=number + step, held=span)
        return Draft(text, [], False)
    chunk = target.version(lang)
    body = article_text(chunk.text).strip()
    if not body.startswith(chunk.locator):  # the text leads with "第四十四条 单位自定奖励和报酬办法"
        body = f"{chunk.locator}\n{body}"
    head = f"《{name}》" if lang == "zh" else f"{name}, "
    return Draft(f"{head}{body} [1]", [Citation.of(1, chunk)], True)
