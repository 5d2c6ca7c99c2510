"""How a message names the organisation behind a listing, in one home, at two strengths:

    owner_named_in  the message names this organisation (whole, or the short form people write: "海城华镁",
                    "Anshan Hengtai"), strict enough to pick it out of every listing (owners.py,
                    record_details.py);
    owner_named     the message names one of the few items just shown by its owner ("the Jinxing one",
                    "化物所那个", "DICP"): one distinctive word, an acronym or a Chinese short form is
                    enough, as the choice is among a handful (followups.py).

owner_core gives the name as people say it, without the legal form and the "(sample)" note.
"""

from __future__ import annotations

import re

from retrieval.aliases import spells

__all__ = ["owner_core", "owner_named", "owner_named_in", "owner_short_forms"]

# Anchored so that no position inside a run of Chinese or of spaces starts a scan to its end (linear): "^"
# (the name is matched from its start anyway), and a suffix's leading spaces taken from their first one.
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{5,}$")
_OWNER_SUFFIX = re.compile(
    r"(?<!\s)\s*[(（].*$|(?:股份)?有限(?:责任)?公司$|集团$|(?:,|(?<!\s))\s*(?:co\.?,?\s*)?(?:ltd|inc|llc)\.?$",
    re.I,
)


def owner_core(owner: str) -> str:
    """ "盘锦辽河精细化工有限公司（示例）" -> "盘锦辽河精细化工": the name as a message says it."""
    core = owner.strip()
    while _OWNER_SUFFIX.search(core):  # "(sample)", then ", Ltd.", then "Co."
        core = _OWNER_SUFFIX.sub("", core).strip()
    return core if len(core) >= 4 else ""


def owner_named_in(message: str, owner: str) -> bool:
    """The owner in the message, whole or by the short form people use, in its script or the other one: a
    Chinese name's first four characters, or the four after its city ("海城华镁" of 海城华镁耐火材料,
    "海跃精密" of 大连海跃精密机械, "dalian lanhai" of 大连蓝海氢能装备); an English name's first two words
    ("Anshan Hengtai", 大石桥金星 of Dashiqiao Jinxing Magnesia)."""
    return any(form.lower() in message.lower() or spells(message, form) for form in owner_short_forms(owner))


def owner_short_forms(owner: str) -> list[str]:
    """The owner's name and the short forms `owner_named_in` accepts: "海城华镁耐火材料" -> itself, 海城华镁,
    华镁耐火; "Dashiqiao Jinxing Magnesia" -> itself, "Dashiqiao Jinxing"."""
    if _HAN_NAME.match(owner):
        return [owner, *(owner[i : i + 4] for i in (0, 2) if len(owner) >= i + 5)]
    words = owner.split()
    return [owner, " ".join(words[:2])] if len(words) > 2 else [owner]


# Words of an owner's name that name no one owner ("University of Science and Technology Liaoning").
_OWNER_COMMON = re.compile(
    r"universit(?:y|ies)|institutes?|technolog(?:y|ical)|science|sciences|research|academy|college|"
    r"compan(?:y|ies)|co|ltd|limited|group|sample|chinese|china|national|provincial|liaoning|engineering|"
    r"大学|学院|研究院|研究所|公司|有限公司|集团|示例|科技|技术|中国|辽宁|有限",
    re.I,
)


# letters, not a word boundary, end it: Chinese runs on from it ("SIA有哪些成果", "DICP那个")
_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,6}(?![A-Za-z0-9])")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def owner_named(owner: str, message: str, words: set[str]) -> bool:
    """The message names the owner: a distinctive word of its name ("jinxing", "恒驰"), its acronym
    ("DICP", "IMR") or a Chinese short form made of its characters in order ("化物所", "沈工大")."""
    low = owner.lower()
    if not low:
        return False
    if low.isascii():
        own = {w for w in re.findall(r"[a-z]{4,}", low) if not _OWNER_COMMON.fullmatch(w)}
        initials = "".join(w[0] for w in re.findall(r"[a-z]+", low.split(",")[0]) if w not in _OF)
        return bool(own & words) or initials.upper() in _ACRONYM.findall(message)
    if any(not w.isascii() and not _OWNER_COMMON.fullmatch(w) and w in low for w in words):
        return True
    if any(
        short[-1] in "所院校大" and short not in low and _in_order(short, low)
        for run in _HAN_RUN.findall(message)
        for short in (run[i:j] for i in range(len(run)) for j in range(i + 3, min(len(run), i + 5) + 1))
    ):
        return True
    # "辽大", "东大": a four-character university by its first character and 大 (辽宁大学, 东北大学; not
    # 辽宁工程技术大学, whose short name is 辽工大)
    return len(low) == 4 and low.endswith("大学") and f"{low[0]}大" in message


_OF = frozenset(["of", "the", "and", "for", "cas"])


def _in_order(short: str, name: str) -> bool:
    rest = iter(name)
    return all(ch in rest for ch in short)
