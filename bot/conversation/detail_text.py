"""The words of a question about one detail of a record, and the text of the record that may answer it
(record_details.py picks the record and its sentence): whether the message asks a detail or a set, a
number or a name, a requirement (a demand's) or a performance (an achievement's); the record's prose; the
figure of the sentence that answers, to lead the answer with.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from retrieval.catalog import RecordView
from retrieval.text import keyword_tokens
from retrieval.types import Chunk

from .evidence import GENERIC
from .named import asks_description, asks_two, names_a_document

__all__ = [
    "asked_of",
    "asking_clauses",
    "asks_detail",
    "asks_person",
    "asks_quantity",
    "asks_several",
    "asks_what_wanted",
    "figure",
    "has_number",
    "names_person",
    "prose",
    "wants_demand",
    "years_in",
]

# A question about a value or a name of something, in either language; a bare noun phrase with a question
# mark ("large vibrating screen throughput?") asks one too.
_ASKS = re.compile(
    r"多少|多大|多高|多宽|多厚|多长|多久|多快|多重|多深|几[个台项人次年天种家位]?|什么|啥|哪|怎么样|如何|"
    r"是否|能否|能不能|吗|[?？]|\b(?:how|what|which|whats?|does|do|is|can)\b",
    re.I,
)
# ... and words that ask only beside another question ("成熟度咋样，在哪用过", "what TRL is it and where
# has it been used"): alone, "where" and "when" ask a venue or a date, answered elsewhere
_ASKS_ALSO = re.compile(r"咋样|怎样|\b(?:where|when)\b", re.I)
# Clauses: punctuation, "and", or a space between Chinese words ("甲醇选择性多少 谁家的": typed without
# punctuation, a space is where one question ends).
_CLAUSE_BREAK = re.compile(r"[,，。？?；;]|\band\b|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_QUANTITY = re.compile(
    r"多少|多大|多高|多宽|多厚|多长|多久|多快|多重|多深|几|\bhow (?:much|many|fast|long|large|big|high|"
    r"wide|thick|deep|accurate|efficient|heavy)\b|\bwhat (?:\w+ )?(?:rate|range|density|accuracy|"
    r"capacity|efficiency|power|size|share|percentage|resistance|temperature|speed)\b|"
    r"\b(?:rate|range|density|accuracy|capacity|efficiency|throughput|payload|repeatability|"
    r"resistance|mtbf|yield|hardness|strength)\b",
    re.I,
)
# A figure: digits, or a number word ("Four workstations", "三台")
_NUMBER = re.compile(
    r"\d|[一二两三四五六七八九十百千万]+[个台套座条项家人次吨年天倍]|\b(?:one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred|thousand|million|billion|dozen)\b",
    re.I,
)
# A set of records asked for, or the user's own need: a listing or a match, not one record's detail.
_SET = re.compile(
    r"有哪些|哪些|有没有|列出|推荐|都有|有(?:啥|什么)(?:成果|技术|需求|活动|对接会)|有[^，,。？?]{0,8}吗|"
    r"我们|我厂|我司|咱们|本公司|我公司|我想|想建|想做|想找|\b(?:we|our|us)\b|\b(?:is|are) there\b|"
    r"\bwhich (?:ones|events|technologies|demands)\b|\bwhat (?:techs|technologies|events|demands)\b|"
    r"\blist\b|\bany\b|\ball\b|(?:几|多少)[场个]\S{0,4}(?:对接会|活动)|\bhow many (?:events|listings)\b|"
    # "low carbon magnesium cement boards, anything?", "EV drive motor tech?": what there is on a topic
    r"\b(?:anything|something)\b|\b(?:techs?|technolog(?:y|ies)|solutions?)\s*[?？]\s*$|"
    # "沈阳有企业在找热误差补偿的技术吗": other enterprises looking for something are the demands listed
    r"有(?:没有)?(?:企业|公司|厂家?)\S{0,2}(?:在找|要找|想找|需要|在求)",
    re.I,
)
# A count of records ("几项成果", "how many technologies"), unless an event's ("对接会展示多少项成果")
_COUNTED = re.compile(
    r"(?:几|多少)[项家个条]\S{0,4}(?:成果|技术|需求)|"
    r"\bhow many (?:technologies|techs|achievements|demands)\b",
    re.I,
)
_EVENT = re.compile(
    r"对接会|活动|会议|论坛|路演|峰会|\b(?:events?|conferences?|forums?|roadshows?|summits?)\b", re.I
)
# What a demand states and an achievement does not: a requirement, a need, a target.
_REQUIRED = re.compile(r"要求|需要|需求|要的|想要|\brequire|\bneeds?\b|\bwants?\b|\bdemand|\btarget\b", re.I)
# "who spoke", "总工程师是谁": a person is asked, and only a sentence naming one answers
_ASKS_PERSON = re.compile(r"\bwho\b|\bwhom\b|谁|哪位", re.I)
_PERSON = re.compile(
    r"\b(?:Prof|Mr|Ms|Mrs|Dr)\.?\s*[A-Z]|\b(?:Academician|Director|President|Chairman|Professor|Engineer)\b|"
    r"院士|教授|主任|局长|书记|总工程师|董事长|先生|女士"
)
_YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")
_SENTENCE_END = re.compile(r"[。！？.!?]\s*$")
# A figure with its comparison and unit: "≥260 MPa", "约0.55吨", "3000 t/h", "2 µm/2 µm", "98%"
_FIGURE = re.compile(
    r"(?:[≥≤<>±~～]|约|超过|达到|低于|高于|不低于|不超过|above |below |over |up to |about |at least )?"
    r"(?:\d+:\d+|\d[\d,.]*(?:\s*(?:[-—–~～至]|to)\s*\d[\d,.]*)?"
    r"(?:\s*(?:%|‰|[a-zA-Zµμ°℃Ω²³·]{1,6}(?![a-zA-Z])|[万亿千百]?[余多]?[吨元台项个人次小时天年月公斤米倍]+)"
    r"(?:/\s*[\d,.]*\s*[a-zA-Zµμ²³]+)?)?)",
    re.I,
)


def asks_detail(message: str) -> bool:
    """A question about one thing (not a set, a document, a description of the record, or a need)."""
    if _SET.search(message) or names_a_document(message) or asks_description(message):
        return False
    if _COUNTED.search(message) and not _EVENT.search(message):
        return False  # "大连理工大学挂了几项成果" counts listings; "对接会展示多少项成果" is the event's
    return bool(_ASKS.search(message))


def asks_quantity(message: str) -> bool:
    return bool(_QUANTITY.search(message))


def has_number(text: str) -> bool:
    return bool(_NUMBER.search(text))


# "what does the Haicheng tailings demand want?", "海城华镁要什么技术": what a demand asks for is its
# description
_WHAT_WANTED = re.compile(
    r"\bwhat (?:does|do|did|is|are)\b[^?？]{0,80}\b(?:want|need|require|seek|looking for|ask(?:ing)? for)\b|"
    r"(?:要|需要|想要|想找|求)(?:什么|啥)|(?:什么|啥)需求|需求是(?:什么|啥)",
    re.I,
)


def asks_what_wanted(message: str) -> bool:
    """What a demand asks for is asked ("what does the X demand need?"): its description answers."""
    return bool(_WHAT_WANTED.search(message))


def wants_demand(message: str) -> bool:
    """A requirement is asked ("要求多少", "what does the demand need"): an enterprise's demand states it."""
    return bool(_REQUIRED.search(message))


def asking_clauses(message: str) -> list[str]:
    """The clauses of the message that each ask something ("甲醇选择性多少", "谁家的")."""
    clauses = (c.strip() for c in _CLAUSE_BREAK.split(message))
    return [
        c for c in clauses if c and (_ASKS.search(c + " ") or _ASKS_PERSON.search(c) or _ASKS_ALSO.search(c))
    ]


def asks_several(message: str) -> bool:
    """Two questions in one message ("哪天开始，在什么地方举行？", "how fast is it and who developed it?",
    "甲醇选择性多少 谁家的"): clauses that each ask, or named.py's two questions."""
    return len(asking_clauses(message)) > 1 or asks_two(message)


def asks_person(message: str) -> bool:
    return bool(_ASKS_PERSON.search(message))


def names_person(text: str) -> bool:
    return bool(_PERSON.search(text))


def years_in(message: str) -> list[str]:
    return _YEAR.findall(message)


def prose(record: RecordView) -> Chunk:
    """The record's sentences, not its header lines (title, owner and place, field), and the fields the
    text leaves out (an event's registration and programme)."""
    chunk = record.chunk
    lines = [line for line in chunk.text.splitlines() if _SENTENCE_END.search(line)]
    extra = [str(record.get(k) or "") for k in ("registration", "summary")]
    lines += [e for e in extra if e and e not in chunk.text]
    return dataclasses.replace(chunk, text="\n".join(lines)) if lines else chunk


def asked_of(message: str, title: str, translations: Callable[[str], list[str]]) -> str:
    """The message less the words its title holds, itself or translated: what is asked of the record
    ("peak power density" of "DUT's fuel cell membrane electrode"), scored apart from the naming."""
    rest, low = message, title.lower()
    for word in sorted(set(keyword_tokens(message)), key=len, reverse=True):
        if any(f.lower() in low for f in [word, *translations(word)]):
            rest = re.sub(re.escape(word), " ", rest, flags=re.I)
    return rest


def figure(sentence: str, asked: str) -> str | None:
    """The figure of the sentence that answers: the one nearest a word of what is asked ("比容量" ...
    "145 mAh/g", "a 10:1 aspect ratio"), else the sentence's only one; None where it cannot tell (the
    sentence is the answer)."""
    figures = [m for m in _FIGURE.finditer(sentence) if any(ch.isdigit() for ch in m.group())]
    if not figures:
        return None
    low = sentence.lower()
    terms = [t.lower() for t in keyword_tokens(asked) if len(t) > 1 and t not in GENERIC and not t.isdigit()]
    spans = [(low.find(t), low.find(t) + len(t)) for t in terms if t in low]

    def distance(m: re.Match[str]) -> int:
        return min(max(start - m.end(), m.start() - end, 0) for start, end in spans)

    if spans:
        return min(figures, key=distance).group().strip()
    return figures[0].group().strip() if len(figures) == 1 else None
