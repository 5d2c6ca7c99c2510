"""An event's programme: one day of it ("what's planned for day 2 of the liaoyang magnesite matchmaking",
"辽阳菱镁对接会第二天安排了什么"), or what comes after a part of it ("what happens after the
presentations?", "路演完了干什么"). The listing's summary tells the programme ("第二天安排参观……", "day two
has enterprise demand sessions", "..., followed by field visits"); the sentence that names the day, or
that says what follows the part asked, answers, in either language. Where the summary does not name the
part at all, the listing does not state it (a lunch break is not "the presentations"); where it names the
part but no order, the listing's own answers say what it holds.
"""

from __future__ import annotations

import re

from retrieval.text import keyword_tokens, split_sentences

from .event_answer_types import concept_of

__all__ = ["day_asked", "day_sentence", "names_part", "programme_asked", "programme_sentence"]

_DAYS: dict[int, re.Pattern[str]] = {
    1: re.compile(r"第一天|首日|头一天|\bday (?:1|one)\b|\bfirst day\b|\bopening day\b", re.I),
    2: re.compile(r"第二天|次日|\bday (?:2|two)\b|\bsecond day\b", re.I),
    3: re.compile(r"第三天|\bday (?:3|three)\b|\bthird day\b", re.I),
}
# What goes on at it, in order: "what happens after the pitches?", "what comes next", "路演之后干什么",
# "发布完了还有什么安排". The part asked after is the words between "after" and the question's end.
_AFTER_EN = re.compile(
    r"\bwhat (?:happens|comes|is next|'s next|will happen|do (?:we|they|people) do)\b.*?"
    r"\b(?:after|following)\b\s*(?P<part>[^?.!]*)|"
    r"\bwhat (?:happens|comes) next\b|\bwhat(?:'s| is) (?:next|after (?P<part2>[^?.!]*))",
    re.I,
)
_AFTER_ZH = re.compile(
    r"(?P<part>[\u4e00-\u9fff]{0,8}?)(?:之后|以后|结束后|完了|过后|后面|然后|接下来)"
    r"(?:还|再)?(?:有|是|做|干|安排|进行)?(?:了)?(?:什么|啥|哪些)"
)
# A sentence that tells what follows: "followed by", "then", "day two has", "第二天安排", "随后"
_ORDER = re.compile(
    r"\bfollowed by\b|\bthen\b|\bafterwards?\b|\bafter (?:that|the)\b|\bday (?:two|2)\b|"
    r"之后|随后|然后|接着|其后|第二天|次日",
    re.I,
)
# Words of the part that name no part of a programme ("after that", "之后呢")
_NO_PART = frozenset(["that", "this", "it", "the", "event", "meeting", "conference", "roadshow", "forum"])


def day_asked(message: str) -> int | None:
    """The day of the programme the message asks about, if it names one."""
    return next((day for day, pattern in _DAYS.items() if pattern.search(message)), None)


def day_sentence(day: int, text: str) -> str | None:
    """The programme's sentence that names the day, or None where it names none."""
    return next((s for s in split_sentences(text) if _DAYS[day].search(s)), None)


def programme_asked(message: str) -> list[str] | None:
    """The words of the part of the programme the message asks what follows ("what happens after the
    presentations?" -> ["presentations"]; [] for "what comes next?"); None when it asks no such thing."""
    found = _AFTER_EN.search(message) or _AFTER_ZH.search(message)
    if found is None:
        return None
    part = found.groupdict().get("part") or found.groupdict().get("part2") or ""
    return [w for w in keyword_tokens(part) if w.lower() not in _NO_PART and len(w) > 1]


def programme_sentence(part: list[str], summary: str) -> str | None:
    """The summary's sentence that says what follows the part asked: the one holding the part (its word,
    a word sharing its stem, or the same concept: "presentations" / "present") and an order word after
    it, else the next sentence where it has one; with no part named, the first sentence that tells an
    order. None where the summary says nothing of what follows."""
    sentences = split_sentences(summary)
    if not part:
        return next((s for s in sentences if _ORDER.search(s)), None)
    for n, sentence in enumerate(sentences):
        at = _part_at(part, sentence)
        if at is None:
            continue
        if _ORDER.search(sentence, at):
            return sentence
        following = sentences[n + 1] if n + 1 < len(sentences) else ""
        return following if _ORDER.search(following) else None
    return None


def names_part(part: list[str], summary: str) -> bool:
    """Whether the summary names the part asked at all ("the talks" of "two days of talks")."""
    return any(_part_at(part, sentence) is not None for sentence in split_sentences(summary))


def _part_at(part: list[str], sentence: str) -> int | None:
    """Where the sentence names the part asked: a word of it, its stem ("pitches" / "pitch"), or a word
    of the same concept ("presentations" / "present", "路演" / "pitch")."""
    low = sentence.lower()
    for word in part:
        stem = word.lower()[:5] if word.isascii() else word
        at = low.find(stem)
        if at >= 0:
            return at
        if concept_of(word, sentence):
            return 0
    return None
