"""A follow-up that asks a measure of the record in focus by what it measures, not by the record's words:
"cycle life?", "what temperature range", "how fast does it give a recommendation", "weight saving?",
"转速多少". The record's sentence that states a figure in that measure's units is the answer ("keeps 88%
of its capacity after 3,000 cycles", "from -30 °C to 55 °C", "within 2 seconds", "零件减重35%以上").

Units are the same in either language, so a Chinese question finds an English record's figure and back;
the embedder does not help here (a two-word question and the sentence that answers it score below 0.1,
under unrelated sentences of the same record). Where the record holds no such figure, nothing is found,
and the follow-up is declined as before (record_answers.py).
"""

from __future__ import annotations

import re

from retrieval.text import split_sentences
from retrieval.types import Chunk

__all__ = ["measure_sentence", "states_measure"]

# a figure as the corpus writes it ("3,000", "0.5", "10,000-hour"), read from the start of its digits only
# (a search from each digit of a long run would be quadratic)
_N = r"(?<![\d,.])\d[\d,.]*[\s-]*"


# (the question names the measure, a sentence states a figure of it)
_MEASURES: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (  # a count of charge cycles, a life in cycles
        re.compile(r"\bcycles?\b|\bcycle life\b|循环(?:寿命|次数)?", re.I),
        re.compile(rf"{_N}(?:cycles?\b|次)", re.I),
    ),
    (  # a temperature, or the range one works in
        re.compile(r"\btemperatures?\b|\bhow (?:hot|cold)\b|温度|多少度|耐高温|耐低温", re.I),
        re.compile(rf"-?{_N}(?:°\s*C|℃|K\b)", re.I),
    ),
    (  # how long something takes: a response, a test, a cycle time
        re.compile(
            r"\bhow (?:fast|quick(?:ly)?|long|soon)\b|\bresponse time\b|\btakes? (?:how )?long\b|多快|多久|"
            r"多长时间|响应时间|几秒|几分钟",
            re.I,
        ),
        # ("how long" may ask a length as well: "how long is the sheet")
        re.compile(
            rf"{_N}(?:seconds?|s\b|minutes?|min\b|hours?|h\b|ms\b|days?|weeks?|months?|years?|"
            r"秒|分钟|小时|天|周|个月|月|年|mm\b|m\b|km\b|米)",
            re.I,
        ),
    ),
    (  # a rotational or a linear speed
        re.compile(r"\bspeed\b|\brpm\b|转速|速度", re.I),
        re.compile(rf"{_N}(?:rpm\b|r/min|m/s\b|km/h\b|m/min\b|转/分)", re.I),
    ),
    (  # weight saved
        re.compile(r"\bweight\b|\blighter\b|减重|轻量化|重量", re.I),
        re.compile(r"减重|轻量|\blighter\b|\bweight\b", re.I),
    ),
    (  # an area built or planted
        re.compile(r"\barea\b|\bhow much land\b|面积|多少亩", re.I),
        re.compile(rf"{_N}(?:万\s*)?(?:亩|mu\b|m²|hectares?\b|公顷|平方米)", re.I),
    ),
    (  # a diameter, a width or a length
        re.compile(r"\bdiameter\b|\bhow wide\b|\bwidth\b|直径|多宽|多大尺寸", re.I),
        re.compile(rf"{_N}(?:mm\b|m\b|米|毫米|inch|英寸)", re.I),
    ),
]


def measure_sentence(message: str, chunk: Chunk) -> str | None:
    """The first sentence of the record's prose that states a figure of the measure the message names;
    None when it names none, or the record states none (two measures named: the first stated wins)."""
    asked = [stated for names, stated in _MEASURES if names.search(message)]
    if not asked:
        return None
    sentences = split_sentences(chunk.text)
    for stated in asked:
        found = next((s for s in sentences if stated.search(s)), None)
        if found is not None:
            return found
    return None


def states_measure(message: str, sentence: str) -> bool | None:
    """Whether the sentence states a figure of a measure the message names; None when it names none."""
    asked = [stated for names, stated in _MEASURES if names.search(message)]
    return any(stated.search(sentence) for stated in asked) if asked else None
