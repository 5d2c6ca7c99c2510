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
    (  # how much hydrogen a material holds: a share of its weight ("储氢量", "hydrogen capacity")
        re.compile(r"储氢(?:量|容量|密度|能力)|\bhydrogen (?:storage )?(?:capacity|content|density)\b", re.I),
        re.compile(rf"{_N}(?:wt\s*%|mass\s*%|重量百分比)", re.I),
    ),
    (  # the scale of a plant or a unit: a throughput, an output a year, a power ("多大规模", "产能")
        re.compile(
            r"规模|产能|处理量|处理能力|多大的?(?:装置|设备|产线|项目)|\bscale\b|\bthroughput\b|"
            r"\bhow (?:big|large)\b|\boutput\b",
            re.I,
        ),
        re.compile(
            # (no \b after a unit: "1000 Nm³/h示范装置" runs on into Chinese)
            rf"{_N}(?:万\s*)?(?:(?:N?m[³3]\s*/\s*(?:h|d)|t\s*/\s*(?:h|a|d)|[MGk]Wh?)(?![a-zA-Z])|"
            r"吨(?:级|/年|/天|/小时)|tonnes?(?: a| per)? (?:year|day|hour))",
            re.I,
        ),
    ),
    (  # a stock piled up or held: a mass ("their stockpile size", "尾矿堆存量多少")
        re.compile(r"堆存|堆放|存量|\bstock ?piles?\b|\bstocks?\b|\bpiled?\b", re.I),
        re.compile(rf"{_N}(?:万\s*)?(?:吨|tonnes?\b|t\b)", re.I),
    ),
    (  # where it is in use, and how widely: a line, a plant or a site that runs it ("用在了多少条线上",
        # "has it been used anywhere big"); what it states of its use is the answer, a figure or not
        re.compile(
            r"用在|用过|用于哪|应用(?:在|于|到)|推广|部署|\b(?:used|applied|deployed|installed|in use)\b|"
            r"多少条(?:生产)?线|\bhow many (?:lines|plants|sites)\b",
            re.I,
        ),
        re.compile(
            r"已(?:在|于)?.{0,12}(?:应用|部署|推广|投运|建成)|应用于|\b(?:applied|deployed|installed|in use|"
            r"operating|running) (?:on|in|at)\b|\bhas been (?:built|installed|deployed)\b",
            re.I,
        ),
    ),
    (  # an error, an accuracy or a precision: a share or a tolerance
        re.compile(r"\berrors?\b|\baccura(?:cy|te)\b|\bprecision\b|误差|精度|准确率|正确率|精确", re.I),
        re.compile(rf"{_N}(?:%|µm|μm|um\b|mm\b|nm\b)|±\s*\d", re.I),
    ),
    (  # energy or power used per unit made
        re.compile(r"\b(?:power|energy|electricity) (?:consumption|use)\b|电耗|能耗|耗电", re.I),
        re.compile(rf"{_N}kWh\s*/", re.I),
    ),
    (  # energy or heat stored
        re.compile(
            r"\bhow much (?:heat|energy|electricity)\b|\b(?:storage|energy) capacity\b|"
            r"储热量|蓄热量|储能量|储电量",
            re.I,
        ),
        re.compile(rf"{_N}(?:[kMG]Wh)\b"),
    ),
    (  # a magnetic flux density
        re.compile(r"\bflux density\b|\bsaturation\b|磁感应强度|磁通密度", re.I),
        re.compile(rf"{_N}T\b"),
    ),
    (  # how many machines, devices or sets: connected, sold or installed
        re.compile(
            r"\bhow many (?:machines|devices|units|sets|pieces of equipment)\b|多少台|几台|多少套", re.I
        ),
        re.compile(rf"{_N}(?:余|多)?(?:台|套|machines\b|devices\b|units\b)", re.I),
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
