"""Whether a question asks what actually happened of a figure the passages give only as a goal: "so did
liaoning actually hit the 57% local conversion rate in 2024" is not answered by "In 2024, Liaoning aims
to ... a local conversion rate exceeding 57%", which sets the target and tells nothing of the outcome.
"""

from __future__ import annotations

import re

__all__ = ["ASKS_TARGET", "STATES_TARGET", "target_for_outcome"]

# The asker wants the outcome: "actually", "in the end", "实际转化了多少", "到底完成了没有" ("实际应用" asks
# no outcome: a word of the outcome's tense follows)
_ASKS_OUTCOME = re.compile(
    r"\bactually\b|\bin the end\b|\bend up\b|\bdid\s+(?:\w+\s+){0,3}(?:hit|reach|meet|achieve|make)\b|"
    r"(?:实际|最终|到底).{0,8}(?:了|吗|没)|有没有(?:达到|完成|实现)|(?:达到|完成|实现)了(?:吗|没)",
    re.I,
)
# The sentence sets a goal: aims, targets, plans, will, strives
STATES_TARGET = re.compile(
    r"\baims?\b|\baiming\b|\btargets?\b|\bgoals?\b|\bplans?\b|\bplanned\b|\bwill\b|\bstrives?\b|"
    r"目标|力争|计划|预计",
    re.I,
)

# The asker wants the goal itself: "what were Liaoning's 2024 commercialization targets", "今年的目标是多少"
ASKS_TARGET = re.compile(r"\btargets?\b|\bgoals?\b|\baims?\b|\bobjectives?\b|目标", re.I)


def target_for_outcome(question: str, sentence: str) -> bool:
    """The question asks an outcome and the sentence states only a goal."""
    return bool(_ASKS_OUTCOME.search(question)) and bool(STATES_TARGET.search(sentence))
