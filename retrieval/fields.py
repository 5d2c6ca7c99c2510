"""Canonical vocabularies shared by records, filters and matching: fields of technology and cities.

Records carry canonical keys so that a filter or a match works whatever language the record or the
question is in; labels give both languages for display and for the indexed text (cross-lingual recall).
"""

from __future__ import annotations

import difflib
import functools
import re

FIELDS: dict[str, tuple[str, str]] = {
    "magnesium_materials": ("镁及菱镁材料", "Magnesium and magnesite materials"),
    "hydrogen_energy": ("氢能", "Hydrogen energy"),
    "energy_storage": ("储能", "Energy storage"),
    "cnc_machine_tools": ("数控机床", "CNC machine tools"),
    "industrial_robots": ("工业机器人", "Industrial robots"),
    "integrated_circuits": ("集成电路", "Integrated circuits"),
    "new_materials": ("新材料", "New materials"),
    "chemicals": ("精细化工", "Chemicals"),
    "biomedicine": ("生物医药", "Biomedicine"),
    "modern_agriculture": ("现代农业", "Modern agriculture"),
    "environmental": ("节能环保", "Energy saving and environmental protection"),
    "ai_software": ("人工智能与工业软件", "AI and industrial software"),
    "marine_engineering": ("海洋工程", "Marine engineering"),
    "new_energy_vehicles": ("新能源汽车", "New energy vehicles"),
    "equipment_manufacturing": ("高端装备制造", "Advanced equipment manufacturing"),
}

# Prefecture-level cities of Liaoning plus the other places the corpus names.
CITIES: dict[str, tuple[str, str]] = {
    "shenyang": ("沈阳", "Shenyang"),
    "dalian": ("大连", "Dalian"),
    "anshan": ("鞍山", "Anshan"),
    "fushun": ("抚顺", "Fushun"),
    "benxi": ("本溪", "Benxi"),
    "dandong": ("丹东", "Dandong"),
    "jinzhou": ("锦州", "Jinzhou"),
    "yingkou": ("营口", "Yingkou"),
    "fuxin": ("阜新", "Fuxin"),
    "liaoyang": ("辽阳", "Liaoyang"),
    "panjin": ("盘锦", "Panjin"),
    "tieling": ("铁岭", "Tieling"),
    "chaoyang": ("朝阳", "Chaoyang"),
    "huludao": ("葫芦岛", "Huludao"),
    "haicheng": ("海城", "Haicheng"),
    "jinhua": ("金华", "Jinhua"),
    "lanxi": ("兰溪", "Lanxi"),
    "beijing": ("北京", "Beijing"),
}

# Provinces and major cities outside Liaoning: a question about events "in Tibet" must find none, not
# every event the knowledge base has.
OTHER_PLACES: dict[str, tuple[str, str]] = {
    "tibet": ("西藏", "Tibet"),
    "lhasa": ("拉萨", "Lhasa"),
    "shanghai": ("上海", "Shanghai"),
    "guangzhou": ("广州", "Guangzhou"),
    "shenzhen": ("深圳", "Shenzhen"),
    "tianjin": ("天津", "Tianjin"),
    "chongqing": ("重庆", "Chongqing"),
    "hangzhou": ("杭州", "Hangzhou"),
    "nanjing": ("南京", "Nanjing"),
    "wuhan": ("武汉", "Wuhan"),
    "chengdu": ("成都", "Chengdu"),
    "xian": ("西安", "Xi'an"),
    "harbin": ("哈尔滨", "Harbin"),
    "changchun": ("长春", "Changchun"),
    "jilin": ("吉林", "Jilin"),
    "heilongjiang": ("黑龙江", "Heilongjiang"),
    "hebei": ("河北", "Hebei"),
    "shandong": ("山东", "Shandong"),
    "qingdao": ("青岛", "Qingdao"),
    "jiangsu": ("江苏", "Jiangsu"),
    "zhejiang": ("浙江", "Zhejiang"),
    "guangdong": ("广东", "Guangdong"),
    "fujian": ("福建", "Fujian"),
    "xiamen": ("厦门", "Xiamen"),
    "hainan": ("海南", "Hainan"),
    "yunnan": ("云南", "Yunnan"),
    "guizhou": ("贵州", "Guizhou"),
    "sichuan": ("四川", "Sichuan"),
    "xinjiang": ("新疆", "Xinjiang"),
    "inner_mongolia": ("内蒙古", "Inner Mongolia"),
    "gansu": ("甘肃", "Gansu"),
    "qinghai": ("青海", "Qinghai"),
    "ningxia": ("宁夏", "Ningxia"),
    "shanxi": ("山西", "Shanxi"),
    "henan": ("河南", "Henan"),
    "hubei": ("湖北", "Hubei"),
    "hunan": ("湖南", "Hunan"),
    "anhui": ("安徽", "Anhui"),
    "jiangxi": ("江西", "Jiangxi"),
    "guangxi": ("广西", "Guangxi"),
    "hong_kong": ("香港", "Hong Kong"),
    "macau": ("澳门", "Macau"),
    "taiwan": ("台湾", "Taiwan"),
}

MATURITY: dict[str, tuple[str, str]] = {
    "lab": ("实验室阶段", "lab stage"),
    "pilot": ("中试阶段", "pilot stage"),
    "industrial": ("产业化阶段", "industrial stage"),
}


def _normalise(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def field_key(value: str | None) -> str | None:
    """Canonical field key for a key or a label in either language ("氢能", "Hydrogen energy"); else None."""
    if not value:
        return None
    norm = _normalise(value)
    if norm in FIELDS:
        return norm
    for key, (zh, en) in FIELDS.items():
        if value.strip() == zh or norm == _normalise(en):
            return key
    return None


def city_key(value: str | None) -> str | None:
    """Canonical city key for "大连", "大连市", "Dalian" or "dalian"; unknown cities keep their own name."""
    if not value:
        return None
    raw = value.strip()
    stripped = raw.removesuffix("市").removesuffix(" City").removesuffix(" city")
    norm = _normalise(stripped)
    for key, (zh, en) in CITIES.items():
        if stripped == zh or norm == key or norm == _normalise(en):
            return key
    return norm


def field_label(key: str, lang: str) -> str:
    zh, en = FIELDS.get(key, (key, key))
    return zh if lang == "zh" else en


def city_label(key: str, lang: str) -> str:
    zh, en = CITIES.get(key) or OTHER_PLACES.get(key) or (key, key.title())
    return zh if lang == "zh" else en


def maturity_for_trl(trl: int) -> str:
    """TRL 1-4 lab, 5-6 pilot, 7-9 industrial (the bands used across the corpus)."""
    return "lab" if trl <= 4 else "pilot" if trl <= 6 else "industrial"


# Words that name a field in a question, in either language (lower-case English, Chinese as written).
FIELD_TERMS: dict[str, tuple[str, ...]] = {
    "magnesium_materials": ("magnesium", "magnesite", "magnesia", "菱镁", "镁"),
    "hydrogen_energy": ("hydrogen", "fuel cell", "electroly", "氢"),
    "energy_storage": ("energy storage", "battery", "batteries", "flow batter", "储能", "电池"),
    "cnc_machine_tools": ("cnc", "machine tool", "machining cent", "five-axis", "5-axis", "数控", "机床"),
    "industrial_robots": ("robot", "reducer", "机器人", "减速器"),
    "integrated_circuits": (
        "integrated circuit",
        "semiconductor",
        "chip",
        "wafer",
        "sic ",
        # "IC related demands", "IC-design": the abbreviation as a word of its own ("IC50" is none)
        " ic ",
        " ic-",
        " ics ",
        "集成电路",
        "芯片",
        "半导体",
        "晶圆",
        "封装",
    ),
    "new_materials": (
        "new material",
        "advanced material",
        "alloy",
        "composite",
        "新材料",
        "合金",
        "复合材料",
    ),
    "chemicals": ("chemical", "catalys", "化工", "催化"),
    "biomedicine": (
        "biomed",
        " bio ",  # "bio events?"
        "biotech",
        "pharma",
        "drug",
        "medical",
        "medicine",
        "生物医药",
        "医药",
        "药物",
        "医疗",
    ),
    # "ag tech", "agri-tech", "agtech", "the ag one": how people shorten it
    "modern_agriculture": (
        "agricultur",
        " agri",
        " ag ",
        "agtech",
        "crop",
        "seed",
        "farming",
        "农业",
        "种子",
        "育种",
    ),
    "environmental": (
        "environmental",
        "emission",
        "wastewater",
        "waste water",
        "tailings",
        "recycling",
        "carbon",
        "环保",
        "节能",
        "废水",
        "尾矿",
        "减排",
        "低碳",
    ),
    "ai_software": (
        "artificial intelligence",
        " ai ",
        "software",
        "machine vision",
        "人工智能",
        "软件",
        "视觉",
    ),
    "marine_engineering": ("marine", "offshore", "ship", "海洋", "船舶"),
    # people shorten 汽车 to 车: "新能源车", "电动车" (not "车" alone: 车间, 车床)
    "new_energy_vehicles": (
        "electric vehicle",
        "new energy vehicle",
        " ev ",
        " evs ",
        "新能源汽车",
        "电动汽车",
        "新能源车",
        "电动车",
    ),
    "equipment_manufacturing": ("equipment manufactur", "heavy equipment", "装备制造", "高端装备"),
}


# where a Latin word meets a Chinese character: "有哪些IC相关的成果" holds the word " ic " of FIELD_TERMS
_SCRIPT_EDGE = re.compile(r"(?<=[a-z0-9])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[a-z0-9])")


def fields_in(text: str) -> list[str]:
    """Field keys a question names, most specific first (labels, then terms)."""
    low = f" {_SCRIPT_EDGE.sub(' ', text.lower())} "
    found: list[str] = []
    for key, (zh, en) in FIELDS.items():
        if zh in text or en.lower() in low:
            found.append(key)
    for key, terms in FIELD_TERMS.items():
        if key not in found and any(_names_field(low, t, key) for t in terms):
            found.append(key)
    return found or _misspelt(low)


# A field's English word, mistyped by a letter or two ("magnsium", "hydorgen"): seven letters or more, and
# close enough that no other word is meant ("hydrogel" is not hydrogen: 0.875)
_TYPO_MIN, _TYPO_CUTOFF = 7, 0.9
_FIELD_WORDS = {
    t.strip(): key for key, terms in FIELD_TERMS.items() for t in terms if t.strip().isalpha() and t.isascii()
}


def _misspelt(low: str) -> list[str]:
    words = [w for w in re.findall(r"[a-z]+", low) if len(w) >= _TYPO_MIN and w not in _FIELD_WORDS]
    return list(dict.fromkeys(key for key in map(_field_of_typo, words) if key))


@functools.lru_cache(maxsize=4096)  # a word is looked up again for each question and each token of it
def _field_of_typo(word: str) -> str | None:
    close = difflib.get_close_matches(word, list(_FIELD_WORDS), n=1, cutoff=_TYPO_CUTOFF)
    return _FIELD_WORDS[close[0]] if close else None


# What a material is, said after what it is made of: "镁合金" is magnesium's, "铜基复合材料" copper's
_GENERIC_HEADS = frozenset({"alloy", "合金", "composite", "复合材料"})


def _names_field(low: str, term: str, key: str) -> bool:
    """Whether the term occurs other than as the head of another field's compound: "镁合金" and "magnesium
    alloy" are magnesium materials, not every alloy of the new-materials field."""
    if term.strip() not in _GENERIC_HEADS:
        return term in low
    start = low.find(term)
    while start >= 0:
        before = low[:start].rstrip()
        if not any(before.endswith(t.strip()) for k, ts in FIELD_TERMS.items() if k != key for t in ts):
            return True
        start = low.find(term, start + 1)
    return False


# Other names of a field as a whole (not of a topic within it, as FIELD_TERMS' "机器人" or "尾矿" are)
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "new_energy_vehicles": ("新能源车", "电动车", "电动汽车", "electric vehicle"),
}


def field_names_in(text: str) -> list[str]:
    """The names of whole fields the text holds, lowered ("电动车", "new energy vehicles"): its labels and
    FIELD_NAMES."""
    low = text.lower()
    labels = [w.lower() for zh, en in FIELDS.values() for w in (zh, en)]
    names = [*labels, *(n.lower() for ns in FIELD_NAMES.values() for n in ns)]
    return [w for w in dict.fromkeys(names) if w in low]


# The English name of each place, as a whole word: (key, Chinese name, pattern), Liaoning's cities first.
_PLACE_NAMES = [
    # as a whole Latin word: "Fuxin有哪些成果" writes a Chinese character right after it (\b would not
    # end a word there: Chinese characters are word characters too)
    (key, zh, re.compile(rf"(?<![a-z0-9]){re.escape(en.lower())}(?![a-z0-9])"))
    for places in (CITIES, OTHER_PLACES)
    for key, (zh, en) in places.items()
]


def cities_in(text: str) -> list[str]:
    """Places a question names: Liaoning's cities first, then places elsewhere in China."""
    low = text.lower()
    return [key for key, zh, english in _PLACE_NAMES if zh in text or english.search(low)]
