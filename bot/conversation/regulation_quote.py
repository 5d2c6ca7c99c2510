"""An article quoted for a question: its number and regulation first, then the sentences that answer, in
the reader's language.

    quote_article(question, lang, article, name, quotes) -> Draft: 'Article 45 of the <name> (<heading>):
        "<sentences>" [1]' / '《<name>》第四十五条（<heading>）：“<sentences>” [1]'; an enumerated item
        ("(3) ... at least 5%") comes with the sentence introducing the items and its sibling items
    (what an article does not state is said not to be there: regulation_unstated.py)
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Protocol

from retrieval.chunking import article_text, chinese_numeral
from retrieval.types import Chunk, Hit

from .draft import Draft
from .regulation_evidence import ArticleText
from .types import Citation


class Quoted(Protocol):
    """A sentence the chat's scoring chose (bot/chat/extractive.py's Quote)."""

    @property
    def text(self) -> str: ...

    @property
    def position(self) -> int: ...  # its index in the passage


Quotes = Callable[[str, list[Hit]], Sequence[Quoted]]  # question, passages -> their best sentences

__all__ = [
    "Quoted",
    "Quotes",
    "cross_reference",
    "items_block",
    "quote_article",
]

# An enumerated item of an article: "(1) if the achievement is ...", "（二）以职务科技成果作价投资的".
_ITEM = re.compile(r"^\s*(?:\(\d{1,2}\)|（[一二三四五六七八九十]{1,3}）|\d{1,2}[.、])")
# A sentence that refers to the items: it says nothing without them.
_REFERS_TO_ITEMS = re.compile(r"\bitems? \(\d|第（[一二三四五六七八九十]+）项|as follows|以下标准|下列", re.I)


# "the standards of Article 45 of the national Law on Promoting ... apply", "执行《中华人民共和国促进科技成果
# 转化法》第四十五条规定的标准": an article of another regulation the quote points to.
_EN_REFERENCE = re.compile(r"\bArticle (\d{1,3}) of the ([^,.;:]{3,160})")
_ZH_REFERENCE = re.compile(r"《([^》]{2,60})》第([零〇一二三四五六七八九十百\d]{1,6})条")


def cross_reference(text: str) -> tuple[int, str] | None:
    """The article number a quote refers to in another regulation, and the words naming that
    regulation; None when it refers to none."""
    en = _EN_REFERENCE.search(text)
    if en:
        return int(en.group(1)), en.group(2)
    zh = _ZH_REFERENCE.search(text)
    if zh:
        return chinese_numeral(zh.group(2)), zh.group(1)
    return None


def items_block(text: str) -> str:
    """An article's enumerated items with the sentence that introduces them ("... as follows:"), one a
    line; empty when the article has none."""
    lines = [line.strip() for line in article_text(text).splitlines() if line.strip()]
    at = [i for i, line in enumerate(lines) if _ITEM.match(line)]
    if not at:
        return ""
    first, last = at[0], at[-1]
    intro = [lines[first - 1]] if first > 0 and lines[first - 1].endswith((":", "：")) else []
    return "\n".join([*intro, *lines[first : last + 1]])


def quote_article(
    question: str,
    lang: str,
    article: ArticleText,
    name: str,
    quotes: Quotes,
    n: int = 1,
) -> Draft | None:
    """The article's sentences that answer best (`quotes`: the answerer's sentence scoring), in the
    reader's language, its number first; None when no sentence of it can be quoted."""
    shown: Chunk = article.version(lang)
    shown = dataclasses.replace(shown, text=article_text(shown.text))
    found = quotes(question, [Hit(shown, 1.0, 1.0, 0.0)])
    if not found:
        return None
    listed = items_block(shown.text)
    if listed and any(_ITEM.match(q.text) or _REFERS_TO_ITEMS.search(q.text) for q in found[:2]):
        body = listed  # "(3) ... at least 5%" means nothing without the sentence that introduces it
    else:
        joiner = "" if shown.lang == "zh" else " "
        body = joiner.join(q.text for q in sorted(found, key=lambda q: q.position))
    heading = str(shown.meta.get("heading") or "")
    name = name or shown.title
    if shown.lang == "zh":
        text = f"《{name}》{shown.locator}{f'（{heading}）' if heading else ''}：“{body}” [{n}]"
    else:
        text = f'{shown.locator} of the {name}{f" ({heading})" if heading else ""}: "{body}" [{n}]'
    return Draft(text, [Citation.of(n, shown, body)], True)
