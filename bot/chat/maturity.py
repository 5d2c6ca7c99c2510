"""The maturity a question names: a stage ("pilot", "中试阶段", "mass production") or a technology
readiness level ("TRL 9", "成熟度9级"), as plan slots (intents.py, answering.py)."""

from __future__ import annotations

import re

from retrieval.text import keyword_tokens

__all__ = ["MATURITY", "TRL", "maturity_words"]

MATURITY = {
    "industrial": re.compile(
        r"\b(industrial(i[sz]ed)?|mass[- ]production|production[- ]ready|mature)\b|产业化|工业化|量产|成熟",
        re.I,
    ),
    "pilot": re.compile(r"\bpilot\b|中试", re.I),
    # A stage, not a place: "my lab licenses a patent" and "辽宁实验室" name no maturity.
    "lab": re.compile(
        r"\blab(?:oratory)?[- ](?:stage|scale|phase|level)\b|\bprototypes?\b|\bearly[- ]stage\b|"
        r"实验室阶段|实验室研究阶段|小试|样机",
        re.I,
    ),
}


# A maturity named as a stage ("lab stage", "中试阶段"), not a thing of the topic ("how big is the pilot
# line?")
_STAGE = re.compile(
    r"\b(?:lab(?:oratory)?|pilot|industrial(?:i[sz]ed)?|early)[- ](?:stage|scale|phase|level)s?\b|"
    r"(?:实验室(?:研究)?|小试|中试|产业化|工业化)阶段",
    re.I,
)


# "at TRL 9", "TRL9的成果", "技术成熟度9级", "TRL是9级的", "TRL level 9", "成熟度为9级": one level exactly
TRL = re.compile(
    r"(?<![a-z])TRL\s*+(?:-|=|:|is|of|level|是|为|达到|在)?\s*+([1-9])(?![0-9])\s*+级?|"
    r"成熟度\s*+(?:是|为|达到|在)?\s*+([1-9])\s*+级",
    re.I,
)


def maturity_words(text: str) -> list[str]:
    """The words naming a maturity stage or level ("lab stage", "中试阶段", "TRL level 9"): the slot's,
    no topic of the question."""
    named = [*_STAGE.finditer(text), *TRL.finditer(text)]
    return [w for m in named for w in keyword_tokens(m.group(0))]
