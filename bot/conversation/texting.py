"""Texting forms read as the words they stand for: "hey what do u do", "r there any events", "thx",
"pls", "whats the fee". A messaging-app user types them; every rule and prototype downstream is written
in full words, so the message is read in full words once, where it is understood (chat/turns.py), and
stored as typed.

Only lower-case forms that stand alone between spaces or punctuation are expanded: "R&D", "U-disk",
"W/cm²" and a Chinese message are left as they are.
"""

from __future__ import annotations

import re

__all__ = ["expand_texting"]

_FORMS = {
    "u": "you",
    "ya": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "thnx": "thanks",
    "tnx": "thanks",
    "abt": "about",
    "wat": "what",
    "wht": "what",
    "whats": "what's",
    "wanna": "want to",
    "gonna": "going to",
    "gimme": "give me",
    "dunno": "don't know",
    "im": "I'm",
    "dont": "don't",
    "doesnt": "doesn't",
    "cant": "can't",
    "isnt": "isn't",
    "arent": "aren't",
    "cuz": "because",
    "coz": "because",
    "b4": "before",
    "yr": "year",
    "yrs": "years",
    "w/o": "without",
    "w/": "with",
}
# A form alone: not inside a word, not joined to another by "&", "-", "/", "." or a digit ("R&D",
# "u-turn", "w/cm", "U.S.").
_FORM = re.compile(
    r"(?<![\w&/.\-])(" + "|".join(re.escape(f) for f in sorted(_FORMS, key=len, reverse=True)) + r")"
    r"(?=$|[\s,;:!?。，！？)]|\.(?:\s|$))"
)


def expand_texting(message: str) -> str:
    """The message with its texting forms spelled out; the same string when it has none."""
    if not re.search(r"[a-z]", message):  # a Chinese message, or one in capitals
        return message
    return _FORM.sub(lambda m: _FORMS[m.group(1)], message)
