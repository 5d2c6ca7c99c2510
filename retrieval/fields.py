"""Canonical vocabularies shared by records, filters and matching: fields of technology and cities.

Records carry canonical keys so that a filter or a match works whatever language the record or the
question is in; labels give both languages for display and for the indexed text (cross-lingual recall).
"""

from __future__ import annotations

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
    zh, en = CITIES.get(key, (key, key.title()))
    return zh if lang == "zh" else en


def maturity_for_trl(trl: int) -> str:
    """TRL 1-4 lab, 5-6 pilot, 7-9 industrial (the bands used across the corpus)."""
    return "lab" if trl <= 4 else "pilot" if trl <= 6 else "industrial"
