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

from retrieval.catalog import RecordView
from retrieval.text import split_sentences
from retrieval.types import Chunk

__all__ = [
    "measure_sentence",
    "measure_sentences",
    "names_measure",
    "stated_instead",
    "states_measure",
    "unit_unstated",
]

# a figure as the corpus writes it ("3,000", "0.5", "10,000-hour"), read from the start of its digits only
# (a search from each digit of a long run would be quadratic)
_N = r"(?<![\d,.])\d[\d,.]*[\s-]*"
# "how fast can the strip run", "跑多快": a speed, not the time something takes
_MOVES = (
    r"\bhow fast (?:\w+ ){0,3}(?:run|runs|move|moves|go|goes|travel|spin|turn|rotate|roll)\b|[跑转走]多快"
)


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


def _with_figure(words: str) -> re.Pattern[str]:
    """A sentence that names the quantity (`words`, either language) and states a figure of it."""
    return re.compile(rf"(?:{words})[^\d]{{0,16}}\d|\d[^\d]{{0,12}}(?:{words})", re.I)


def _level(words: str) -> re.Pattern[str]:
    """A rate stated as a level, not only as a change: "yield rises by 5-10 percentage points" states no
    yield ("硝化现在收率多少" is not answered by it)."""
    change = r"percentage points?|百分点"
    return re.compile(rf"^(?![\s\S]*?(?:{change}))[\s\S]*?(?:{_with_figure(words).pattern})", re.I)


# Rates and shares a record names in words ("尾矿综合利用率达到85%", "hydrogen recovery ≥ 85%"): the
# question names the rate in either language, the sentence names it in either with its figure. Before
# "where it is used": "what % of the tailings actually gets used?" asks the utilisation rate.
_RATES: list[tuple[str, str]] = [
    (
        r"利用率|综合利用|\butili[sz](?:ation|ed|es)\b|\bgets? used\b|\bis used\b",
        r"利用率|\butili[sz]ation\b",
    ),
    (r"回收率|\brecovery\b|\brecovered\b", r"回收率|\brecover(?:y|ed|s)\b"),
    (r"纯度|多纯|\bpurity\b|\bhow pure\b", r"纯度|\bpurity\b|\bpure\b"),
    (r"选择性|\bselectivity\b", r"选择性|\bselectivity\b"),
    (r"转化率|\bconversion\b|\bconverts?\b", r"转化率|\bconver(?:sion|ts)\b"),
    (r"收率|产率|成品率|良品?率|\byields?\b", r"收率|产率|成品率|良品?率|\byields?\b"),
    (
        r"(?:去除|脱除|脱硫|脱硝)(?:率|效率)|\bremov(?:al|es?)\b",
        r"去除|脱除|脱硫率|\bremov(?:al|es)\b",
    ),
    (
        r"灵敏度|特异性|检出率|\bsensitivity\b|\bspecificity\b|\bdetection rate\b",
        r"灵敏度|特异性|检出率|\bsensitivity\b|\bspecificity\b|\bdetection rate\b",
    ),
    (r"保持率|\bretention\b|\bretains?\b", r"保持率|\bretention\b|\bretains\b|\bkeeps\b"),
    (r"效率|\befficiency\b", r"效率|\befficiency\b"),
]
# A fall asked ("能降到多少", "how much does COD drop", "how much does it save"): a figure beside a word
# of decrease ("falls from about 3,800 kWh/t to 3,100 kWh/t", "COD降低60%以上")
_FALL_ASKED = (
    r"降到|降至|降低|降了|降多少|能降|减少|减排|下降|节省|节约|省(?:多少|了多少)|"
    r"\b(?:drops?|fall|falls|cuts?|reduc(?:e|es|ed|ing|tion)|lowers?|sav(?:e|es|ing|ings))\b|"
    r"\bhow (?:low|much (?:lower|less))\b"
)
_FALL_STATED = (
    r"降|减少|减排|节省|节约|节能|\b(?:falls?|fell|drops?|dropped|reduc(?:e|es|ed|ing|tion)|lower|cuts?|sav(?:es|ed|ing|ings))\b|"
    r"\bless than\b|\bby (?:at least |about |around |up to |over |more than |nearly )?(?=\d)"
)
# money per unit made ("制氢成本约1.2元/Nm³", "CNY 2,000 per kWh"): not the price of the technology
_UNIT_COST = (
    r"成本|造价|\bcosts? (?:per|a|an|each|of (?:producing|production|making))\b|"
    r"\b(?:production|producing|operating|running|unit|capital) costs?\b"
)
_MONEY = r"(?<![\d,.])\d[\d.,]*\s*(?:万\s*)?(?:元|yuan\b|CNY\b|RMB\b)|(?:CNY|RMB|¥|￥)\s*\d"


# years asked, years stated ("能用多少年" is not answered by "单件节拍≤3秒"): a measure in its own unit, which
# no sentence without the unit answers (`unit_unstated`)
_YEARS = (
    re.compile(r"几年|多少年|\bhow many years\b", re.I),
    re.compile(rf"{_N}(?:个)?(?:years?\b|年(?!产|度|\d))", re.I),
)
# hours, a power, a rate per period or per area, asked in its unit ("轴承能用多少小时", "its capacity in
# MW?", "how many wafers a month", "cost per mu"): a sentence of other figures does not answer it
_HOURS = (
    re.compile(r"多少(?:个)?小时|几个?小时|\bhow many hours\b|\bin hours\b", re.I),
    re.compile(rf"{_N}(?:个)?(?:小时|hours?\b|h\b)", re.I),
)
_POWER_IN = (
    re.compile(
        r"\b(?:in|how many) (?:mw|kw|gw|megawatts?|kilowatts?)\b|"
        r"(?:多少|几)(?:个)?(?:兆瓦|千瓦|万千瓦|MW|kW)",
        re.I,
    ),
    re.compile(rf"{_N}(?:万\s*)?(?:[kMG]W|(?:千|兆)瓦)", re.I),
)
_PER_PERIOD = (
    re.compile(
        r"\bhow (?:many|much)\b[^?.]{0,40}\b(?:a|per|each|every) (?:month|year|day|week)\b|"
        r"每(?:个)?(?:月|年|天|周)[^，。？?]{0,8}(?:多少|几)|(?:多少|几)[^，。？?]{0,8}每(?:个)?(?:月|年|天|周)|"
        r"一(?:个)?(?:月|年|天)(?:能|可以)?[^，。？?\d]{0,6}(?:多少|几)",
        re.I,
    ),
    re.compile(
        r"/\s*(?:月|年|天|日|month|year|day|a|d|h)\b|\b(?:a|per|each|every) (?:month|year|day|week)\b|"
        r"每(?:个)?(?:月|年|天|日|周)|[月年日]产|年处理|\b(?:annual(?:ly)?|daily|monthly|yearly)\b|/(?:年|月|天)",
        re.I,
    ),
)
_PER_AREA = (
    re.compile(r"\bper mu\b|\ba mu\b|每亩|一亩|亩均", re.I),
    re.compile(r"亩|\bmu\b|hectares?|公顷|m²|平方米", re.I),
)
# a chip's process node ("what process node", "用什么工艺节点"): "55 nm工艺", not an RDL's 5 μm line width
_NODE = (
    re.compile(
        r"工艺节点|制程|多少纳米|几纳米|\bprocess node\b|\b(?:what|which) node\b|\bnm process\b", re.I
    ),
    re.compile(
        rf"{_N}nm\s*(?:工艺|制程|\bprocess\b|\bnode\b|\btechnology\b)|(?:工艺|制程|\bnode\b)\D{{0,6}}\d+\s*nm",
        re.I,
    ),
)
_OWN_UNIT = (_YEARS, _HOURS, _POWER_IN, _PER_PERIOD, _PER_AREA, _NODE)

# (the question names the measure, a sentence states a figure of it)
_MEASURES: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    *((re.compile(asked, re.I), _level(stated)) for asked, stated in _RATES),
    (  # a count of charge cycles, a life in cycles
        re.compile(r"\bcycles?\b|\bcycle life\b|循环(?:寿命|次数)?", re.I),
        re.compile(rf"{_N}(?:cycles?\b|次)", re.I),
    ),
    (  # a temperature, or the range one works in
        re.compile(r"\btemp(?:erature)?s?\b|\bhow (?:hot|cold)\b|温度|多少度|耐高温|耐低温", re.I),
        re.compile(rf"-?{_N}(?:°\s*C|℃|K\b)", re.I),
    ),
    (  # a rotational or a linear speed: "how fast can the strip run" (before a time: "how fast" asks both)
        re.compile(rf"\bspeed\b|\brpm\b|转速|速度|{_MOVES}", re.I),
        re.compile(rf"{_N}(?:rpm\b|r/min|m/s\b|km/h\b|m/min\b|转/分)", re.I),
    ),
    _YEARS,
    _NODE,
    (  # how long something takes: a response, a test, a cycle time
        re.compile(
            r"\bhow (?:fast|quick(?:ly)?|long|soon)\b|\bresponse time\b|\btakes? (?:how )?long\b|多快|多久|"
            r"多长时间|响应时间|几秒|几分钟|几个?小时|几天|多少天|几个月|"
            r"\bhow many (?:seconds|minutes|hours|days|weeks|months|years)\b",
            re.I,
        ),
        # ("how long" may ask a length as well: "how long is the sheet")
        re.compile(
            rf"{_N}(?:seconds?|s\b|minutes?|min\b|hours?|h\b|ms\b|days?|weeks?|months?|years?|"
            r"秒|分钟|小时|天|周|个月|月|年|mm\b|m\b|km\b|米)",
            re.I,
        ),
    ),
    (  # how many sizes, models or variants there are ("关节模组有几种规格": "Five sizes from 20 N·m ...")
        re.compile(r"规格|型号|\b(?:sizes|models|variants)\b|\bhow many (?:sizes|models|types)\b", re.I),
        re.compile(r"规格|型号|\b(?:sizes?|models?|variants?)\b", re.I),
    ),
    (  # a thickness or a depth ("厚度范围", "case depth"): the figure beside the word
        re.compile(r"厚度|多厚|\bthick(?:ness)?\b|深度|多深|\bdepth\b|\bhow deep\b", re.I),
        _with_figure(r"厚|深|\bthick(?:ness)?\b|\bdeep\b|\bdepth\b"),
    ),
    (  # power per area, mass or volume (before a power: "power density?" is no rating)
        re.compile(r"功率密度|\bpower density\b|\bspecific power\b", re.I),
        re.compile(rf"{_N}(?:m?W\s*/\s*(?:cm²|cm2|kg|L)|kW\s*/\s*(?:kg|L))", re.I),
    ),
    (  # a life or a durability: hours, years or cycles it lasts ("durability", "寿命多长")
        re.compile(
            r"寿命|耐久|\blife(?:time|span)?\b|\bdurab\w*|\bhow long (?:does it|will it) last\b", re.I
        ),
        re.compile(
            rf"(?:寿命|耐久|\blife\b|\bdurab\w*|\blifetime\b)[^。.;；]{{0,40}}\d|"
            rf"{_N}(?:小时|hours?\b|h\b)[^。.;；]{{0,12}}(?:耐久|寿命|\bdurab\w*|\blife\b|\bendurance\b)",
            re.I,
        ),
    ),
    (  # a power rating ("for which turbine sizes", "多大功率")
        re.compile(r"(?<!功率)功率(?!密度)|\brated power\b|\bpower rating\b|\bturbine sizes?\b|\bMW\b", re.I),
        re.compile(rf"{_N}(?:[kMG]W)(?![a-zA-Z/])", re.I),
    ),
    (  # a potency or a concentration ("IC50?")
        re.compile(r"\b[IE]C50\b|浓度|\bconcentration\b|\bpotency\b|\bpotent\b", re.I),
        re.compile(rf"\b[IE]C50\b|{_N}(?:nM|[μµu]M|mg/L|ppm|ppb|ng/mL|pg/mL)(?![a-zA-Z])", re.I),
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
            r"规模|产能|处理量|处理能力|多大的?(?:装置|设备|产线|项目)|(?:装置|设备|产线)多大|\bscale\b|"
            r"\bthroughput\b|\bhow (?:big|large)\b|\boutput\b|\b(?:production|annual|line) capacity\b|"
            r"^\s*capacity\b|"
            r"\bper line\b|单线",
            re.I,
        ),
        re.compile(
            # (no \b after a unit: "1000 Nm³/h示范装置" runs on into Chinese)
            rf"{_N}(?:万\s*)?(?:(?:N?m[³3]\s*/\s*(?:h|d)|t\s*/\s*(?:h|a|d)|[MGk]Wh?)(?![a-zA-Z])|"
            r"吨(?:级|/年|/天|/小时)|tonnes?(?: a| per)? (?:year|day|hour))|"
            # a count made a year ("单线年产能10万片", "100,000 units a year")
            r"年产能?\s*\d[\d,.]*\s*万?\s*(?:片|套|台|件|只|吨)|"
            rf"{_N}(?:万\s*)?(?:片|套|台|件|units?|pieces?|sets?)\s*(?:/\s*(?:年|a)\b|a year|per year|每年)",
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
            r"用在|用过|用于哪|应用(?:在|于|到)|推广|部署|建了|建成了?多少|建设了|示范|试点|"
            r"\b(?:used|appl(?:y|ied)|deployed|installed|in use|built|demonstrated|piloted|trialled)\b|"
            r"(?:多少|几)条\S{0,4}线|\bhow many (?:[\w-]+ )?(?:lines|plants|sites)\b",
            re.I,
        ),
        re.compile(
            # ("running at up to 20 m/s" is a speed, not a place it runs at)
            r"已(?:在|于)?[^。；;，,]{0,20}(?:应用|部署|推广|投运|建成)|应用于|"
            r"\b(?:applied|deployed|installed|in use|"
            r"operating|running) (?:on|in|with|for|at(?! up to| \d))\b|"
            r"\bha(?:s|ve) been (?:built|installed|deployed)\b|"
            r"\bha(?:s|ve) (?:run|operated|been (?:used|running|operating|run)) (?:on|in|at|for)\b",
            re.I,
        ),
    ),
    (  # how many projects or installations are done ("已在阜新、朝阳等地完成20余个清洁供暖项目")
        re.compile(r"\bhow many (?:[\w-]+ ){0,3}projects\b|(?:多少|几)个?\S{0,6}项目", re.I),
        # words between the number and "projects" start with a letter: a word that could start with a digit
        # takes back the number's digits one by one (quadratic on a long run of digits)
        re.compile(rf"{_N}(?:余|多)?个?\S{{0,8}}项目|{_N}(?:[^\W\d][\w-]* ){{0,3}}projects\b", re.I),
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
    (  # how it behaves in a fire: a class ("Class A1 non-combustibility", "阻燃等级V-0")
        re.compile(r"\bfire\b|\bflam(?:e|mab\w*)\b|\bcombustib\w*|燃烧|防火|阻燃|耐火", re.I),
        re.compile(
            r"\b(?:non-?)?combustib\w*|\bfire(?:proof| resistance| class)|\bA[12]\b|\bB[1-3]\b|"
            r"\bV-?[012]\b|不燃|阻燃|防火|耐火",
            re.I,
        ),
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
        re.compile(
            r"\bdiameter\b|\bhow wide\b|\bwidth\b|\b(?:largest|biggest|maximum|max) (?:[\w-]+ ){0,2}size\b|"
            r"直径|多宽|多大尺寸",
            re.I,
        ),
        re.compile(rf"{_N}(?:mm\b|m\b|米|毫米|inch|英寸)", re.I),
    ),
    (_re(_UNIT_COST), re.compile(_MONEY, re.I)),  # what a unit of the product costs to make
    (  # a raw material used per unit made ("甲醇单耗降至约2.7吨/吨烯烃")
        re.compile(r"单耗|消耗|耗(?:量|多少)|\bconsum(?:e|es|ption)\b|\busage\b", re.I),
        re.compile(
            _with_figure(r"单耗|消耗|\bconsum(?:es|ed|ption)\b").pattern
            + rf"|{_N}(?:t|吨|kg|公斤|千克|Nm³|m³|L|升)\s*/\s*(?:t\b|吨|kg\b|公斤)",
            re.I,
        ),
    ),
    (  # a load carried ("20—500 kg负载")
        re.compile(r"负载|载荷|承重|\bpayloads?\b|\bload capacity\b|\bhow heavy\b", re.I),
        re.compile(rf"{_N}(?:kg|公斤|千克|t|吨)(?![a-z])", re.I),  # (no \b: "500 kg负载" runs on)
    ),
    (  # a strength (after the flux density: "磁感应强度" is no material's strength)
        re.compile(r"强度|抗压|抗拉|屈服|\bstrength\b|\bhow strong\b|\btensile\b|\bcompressive\b", re.I),
        re.compile(rf"{_N}(?:MPa|GPa|kPa|兆帕)", re.I),
    ),
    (_re(_FALL_ASKED), _with_figure(_FALL_STATED)),  # how far something falls
    (  # a share asked as such ("what % of", "占比多少")
        re.compile(
            r"百分之|多少%|占比|比例|比重|\bwhat (?:%|(?:percent|percentage|share|proportion)\b)", re.I
        ),
        re.compile(r"\d\s*%"),
    ),
]


def names_measure(message: str) -> bool:
    """The message names a measure ("how much does COD drop", "cost per Nm3"): it asks a figure of the
    record, not what the technology costs to buy."""
    return any(names.search(message) for names, _ in _MEASURES)


def measure_sentences(message: str, chunk: Chunk) -> list[str]:
    """For each measure the message names, in _MEASURES order, the first sentence of the record's prose
    that states a figure of it (distinct): "what purity ... and the cost per Nm3" has two."""
    sentences = split_sentences(chunk.text)
    found: list[str] = []
    for names, stated in _MEASURES:
        if names.search(message):
            sentence = next((s for s in sentences if stated.search(s)), None)
            if sentence is not None and sentence not in found:
                found.append(sentence)
    return found


def measure_sentence(message: str, chunk: Chunk) -> str | None:
    """The first sentence of the record's prose that states a figure of the measure the message names;
    None when it names none, or the record states none (two measures named: the first stated wins)."""
    return next(iter(measure_sentences(message, chunk)), None)


def states_measure(message: str, sentence: str, within: Chunk | None = None) -> bool | None:
    """Whether the sentence states a figure of a measure the message names; None when it names none (or
    `within` states none).
    `within` (the record's prose): the first measure named that the record states is the one asked ("what
    % of the tailings gets used" asks the utilisation rate, not where the line was built)."""
    asked = [stated for names, stated in _MEASURES if names.search(message)]
    if not asked:
        return None
    if within is not None:
        sentences = split_sentences(within.text)
        stated = next((s for s in asked if any(s.search(x) for x in sentences)), None)
        if stated is None:
            return None  # the record states none of them: no sentence is told apart by it
        asked = [stated]
    return any(stated.search(sentence) for stated in asked)


def stated_instead(message: str, record: RecordView | None, shown: list[RecordView]) -> RecordView | None:
    """The first record shown that states a figure of the measure asked, where the one in focus states
    none ("power density?" after the technologies matched to a need: the MEA's, not the purifier's)."""
    if record is None or not names_measure(message) or measure_sentence(message, record.chunk):
        return None
    return next((r for r in shown if measure_sentence(message, r.chunk)), None)


def unit_unstated(message: str, chunk: Chunk) -> bool:
    """The message asks a measure in its own unit ("能用多少年") that no sentence of the record states: no
    sentence sharing its other words answers it."""
    sentences = split_sentences(chunk.text)
    return any(
        names.search(message) and not any(stated.search(x) for x in sentences) for names, stated in _OWN_UNIT
    )
