"""A name asked of something a record mentions without naming it: "参观的那个修复矿区叫啥名" of "a site
visit to a restored mine area is offered", "whats the name of the Wafangdian bearing maker" of "applied
with a bearing manufacturer in Wafangdian". The sentence that shares the words is no answer: the listing
does not name it, and the answer says so (unanswered, kept for staff) with what the listing does say.

A name is a capitalised word of an English sentence (not its first, not one the question holds already:
"Wafangdian" is the place asked about, not the maker's name). A Chinese sentence is not judged: its
names are not marked, and it is quoted as before.
"""

from __future__ import annotations

import re

__all__ = ["asks_name", "names_something"]

_NAME_Q = re.compile(
    r"叫(?:什么|啥)名|(?:什么|啥)名字|名字(?:是|叫)?(?:什么|啥)|(?:名称|全称)(?:是|叫)?(?:什么|啥)|"
    r"\bwhat(?:'s|s| is| was| are| were) (?:the |its |their |his |her )?(?:full |exact )?names?\b|"
    r"\bthe name of\b|\bwhat (?:is|was|are|were) (?:it|they|that|this) called\b|\bcalled what\b",
    re.I,
)
_LATIN = re.compile(r"[A-Za-z]")
_CAPITALISED = re.compile(r"(?<![\w@./-])[A-Z][A-Za-z]+")


def asks_name(message: str) -> bool:
    return bool(_NAME_Q.search(message))


def names_something(sentence: str, message: str, known: list[str] | None = None) -> bool:
    """Whether the sentence names something the message (or `known`, its words in the other language)
    does not: a capitalised word past its first. True for a sentence in Chinese (not judged)."""
    if len(_LATIN.findall(sentence)) < len(sentence) / 3:
        return True
    asked = " ".join([message, *(known or [])]).lower()
    words = _CAPITALISED.findall(sentence.strip())
    first = re.match(r"\W*([A-Z][A-Za-z]+)", sentence)
    if first is not None and words and words[0] == first.group(1):
        words = words[1:]
    return any(w.lower() not in asked for w in words)
