"""The vocabulary matching reads demands and achievements with: related fields, provinces, the words
that state a required maturity or a transfer mode, and the words too generic to count as key terms."""

from __future__ import annotations

import re

__all__ = [
    "GENERIC_WORDS",
    "MATURITY_LEVEL",
    "MODE_WORDS",
    "PREFECTURE",
    "RELATED_FIELDS",
    "is_noise",
    "maturity_in",
    "modes_in",
    "province_of",
]

MATURITY_LEVEL = {"lab": 0, "pilot": 1, "industrial": 2}

# Fields whose technologies often answer each other's needs (symmetric).
_RELATED_PAIRS = [
    ("hydrogen_energy", "energy_storage"),
    ("hydrogen_energy", "magnesium_materials"),  # magnesium hydride storage
    ("hydrogen_energy", "chemicals"),  # catalysts, by-product hydrogen
    ("magnesium_materials", "new_materials"),
    ("magnesium_materials", "environmental"),  # tailings, desulphurisation with MgO
    ("energy_storage", "new_energy_vehicles"),
    ("cnc_machine_tools", "equipment_manufacturing"),
    ("cnc_machine_tools", "industrial_robots"),
    ("industrial_robots", "equipment_manufacturing"),
    ("industrial_robots", "ai_software"),
    ("ai_software", "equipment_manufacturing"),
    ("integrated_circuits", "new_materials"),
    ("chemicals", "environmental"),
    ("chemicals", "biomedicine"),
    ("new_materials", "new_energy_vehicles"),
    ("new_materials", "equipment_manufacturing"),
    ("marine_engineering", "equipment_manufacturing"),
    ("modern_agriculture", "environmental"),
]
RELATED_FIELDS: dict[str, frozenset[str]] = {}
for _a, _b in _RELATED_PAIRS:
    RELATED_FIELDS[_a] = RELATED_FIELDS.get(_a, frozenset()) | {_b}
    RELATED_FIELDS[_b] = RELATED_FIELDS.get(_b, frozenset()) | {_a}

# Province of each place the corpus names; county-level cities map to their prefecture first.
PREFECTURE = {"haicheng": "anshan", "lanxi": "jinhua"}
_LIAONING = {
    "shenyang",
    "dalian",
    "anshan",
    "fushun",
    "benxi",
    "dandong",
    "jinzhou",
    "yingkou",
    "fuxin",
    "liaoyang",
    "panjin",
    "tieling",
    "chaoyang",
    "huludao",
}
_PROVINCE = {
    **dict.fromkeys(_LIAONING, "liaoning"),
    "jinhua": "zhejiang",
    "hangzhou": "zhejiang",
    "beijing": "beijing",
    "shanghai": "shanghai",
    "tianjin": "tianjin",
    "chongqing": "chongqing",
    "harbin": "heilongjiang",
    "changchun": "jilin",
    "nanjing": "jiangsu",
    "qingdao": "shandong",
    "guangzhou": "guangdong",
    "shenzhen": "guangdong",
    "wuhan": "hubei",
    "chengdu": "sichuan",
    "xian": "shaanxi",
    "xiamen": "fujian",
    "lhasa": "tibet",
}

_MATURITY_WORDS = {
    "industrial": re.compile(
        r"\b(industrial(?:i[sz]ed)?|mass[- ]produc\w*|production[- ]ready|proven|commercial"
        r"(?:ly)? (?:proven|available)|in (?:serial|volume) production|mature)\b|"
        r"产业化|量产|批量生产|成熟(?:的)?技术|工业化|已投产|工程应用",
        re.I,
    ),
    "pilot": re.compile(r"\bpilot\b|中试|小试|示范线", re.I),
    "lab": re.compile(
        r"\b(lab(?:oratory)?[- ]stage|early[- ]stage|pre-?clinical|prototype|proof of concept)\b|"
        r"实验室|临床前|早期|概念验证|样机",
        re.I,
    ),
}
MODE_WORDS: dict[str, re.Pattern[str]] = {
    "license": re.compile(r"\blicen[cs]\w*|许可", re.I),
    "sale": re.compile(r"\b(purchase|buy|buying|assignment|outright)\b|转让|买断|购买|采购", re.I),
    "joint_development": re.compile(
        r"\b(joint(?:ly)?[- ]develop\w*|co-?develop\w*|co-?fund\w*|partner)\b|"
        r"联合开发|合作开发|共同开发|联合攻关|合作研发",
        re.I,
    ),
    "equity": re.compile(r"\bequity\b|入股|股权|作价投资", re.I),
}
# Words that say nothing about what is needed or offered: units, comparisons, the vocabulary of any
# listing ("需要", "采用", "system"). BM25's IDF is not enough here: with ~90 records, "than" and "以上"
# are rare enough to look like key terms.
GENERIC_WORDS = frozenset(
    (  # noqa: SIM905 (a word list reads better as words)
        "than below above within over under less more least most per up into onto has have had must "
        "should need needs needed want wants seek seeks seeking looking require requires required "
        "requirement use used using based such also other each both only able one two three first phase "
        "year years day days hour hours time times new high higher low lower large small good better "
        "best key level class grade rate scale type mm cm kg kw mw kwh kva mpa gpa nm µm wt ppm rpm cny "
        "rmb yuan million tonne tonnes ton tons co ltd sample company enterprise technology technologies "
        "solution solutions system systems process 我们 我司 本公司 企业 公司 需要 需求 希望 要求 采用 "
        "达到 以上 以下 不低于 不少于 不超过 完成 小时 提供 实现 进行 通过 用于 满足 具备 能够 可以 支持 "
        "合作 开发 技术 系统 工艺 方案 问题 解决 应用 配套 相关 一种 现有 目前 主要 已经 以及 其中 左右 "
        "每年 年产 万元 亿元 示例 有限公司 提高 降低 优化 传统 "
    ).split()
)


def maturity_in(text: str) -> str | None:
    """The maturity a free-text demand asks for ("production-ready" -> industrial), if it names one."""
    return next((m for m, rx in _MATURITY_WORDS.items() if rx.search(text)), None)


def modes_in(text: str) -> tuple[str, ...]:
    return tuple(m for m, rx in MODE_WORDS.items() if rx.search(text))


def province_of(city: str | None) -> str | None:
    if not city:
        return None
    city = PREFECTURE.get(city, city)
    return _PROVINCE.get(city, city)


_NUMERIC = re.compile(r"^[\d.]+[a-z]{0,2}$")
_UNIT_CHARS = re.compile(r"[³²¹µ°·%‰]")  # "nm³", "cm²", "µm": units, not topics


def is_noise(token: str) -> bool:
    """A keyword token that cannot be a key term: one character, a number, a unit or a generic word."""
    return (
        len(token) <= 1 or token in GENERIC_WORDS or bool(_NUMERIC.match(token) or _UNIT_CHARS.search(token))
    )
