"""A kind of answer a question asks, and the first kind asked that the evidence does not state.

"how much does it cost to license the stack" asks a sum; the sentence giving the stack's power holds
none. "违反条例会怎么处罚" asks a penalty; Article 34 sets none. In both the text matches the question's
other words well enough to read as its answer, so the answer says instead that the knowledge base does
not state it. One concept, two catalogues, because the evidence differs:

    bot/chat/value_types.py            values a record's or a passage's sentence may hold (a sum, a
                                       percentage, a power, a date, an address ...)
    regulation_unstated.py             what an article may set (a penalty, a tax rate, conditions,
                                       a way to court, a figure)

    AnswerKind                         the question's wording, the stated value's, the words for its
                                       absence in each language
    first_unstated(kinds, texts, ...)  the first kind that no text states
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = ["WEBSITE", "AnswerKind", "first_unstated"]


@dataclass(frozen=True)
class AnswerKind:
    name: str
    asked: re.Pattern[str]  # the question asks an answer of this kind
    stated: re.Pattern[str]  # a text states one
    zh: str  # what is not stated, for the answer
    en: str

    def is_asked(self, question: str) -> bool:
        return self.asked.search(question) is not None

    def stated_in(self, text: str) -> bool:
        return self.stated.search(text) is not None

    def absence(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def first_unstated(
    kinds: Iterable[AnswerKind],
    texts: Iterable[str],
    states: Callable[[AnswerKind, str], bool] = AnswerKind.stated_in,
) -> AnswerKind | None:
    """The first of the kinds (those the question asks, in order) that none of the texts states, by
    `states` (a catalogue may refine it: a sum the question gives itself is not its answer)."""
    texts = list(texts)
    return next((k for k in kinds if not any(states(k, t) for t in texts)), None)


# A web address, asked of anything (a system an article sets up, a platform the news names, an event's
# sign-up page): where none of the evidence writes one, the knowledge base does not state it, however well
# the passage matches the question's other words ("what's the website of that system?" of Article 11).
# An e-mail address holds a domain, which stands for a site in the answer's favour.
WEBSITE = AnswerKind(
    "website",
    re.compile(
        r"网址|网站|官网|网页|\bweb ?sites?\b|\burls?\b|\bhomepage\b|\bweb ?page\b|\bweb address\b", re.I
    ),
    re.compile(r"https?://|\bwww\.|\b[\w-]+\.(?:com|cn|org|net|gov|edu)\b", re.I),
    "网址",
    "a website",
)
