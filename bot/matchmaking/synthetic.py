"""Generated listings at an event's scale (the 2018 Shenyang meeting: 802 companies, 1,302 demands,
1,239 achievements), in the knowledge/FORMAT.md columns, for the benchmark and the scale tests.

Deterministic for a seed; half Chinese, half English; every record names a field's topic and a process
word, so a demand has achievements that really fit it and the matcher has something to rank.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

__all__ = ["ACHIEVEMENT_COLUMNS", "DEMAND_COLUMNS", "write_listings"]

DEMAND_COLUMNS = [
    "id",
    "lang",
    "title",
    "enterprise",
    "city",
    "field",
    "description",
    "required_maturity",
    "budget",
    "deadline",
    "contact",
    "date",
    "source",
    "url",
    "sample",
]
ACHIEVEMENT_COLUMNS = [
    "id",
    "lang",
    "title",
    "institution",
    "city",
    "field",
    "summary",
    "trl",
    "maturity",
    "ip_status",
    "transfer_modes",
    "contact",
    "date",
    "source",
    "url",
    "sample",
]

# field -> [(english topic, chinese topic)]
_TOPICS = {
    "magnesium_materials": [
        ("magnesite tailings", "菱镁矿尾矿"),
        ("fused magnesia", "电熔镁砂"),
        ("magnesium alloy", "镁合金"),
    ],
    "hydrogen_energy": [
        ("PEM electrolyser", "质子交换膜电解槽"),
        ("hydrogen storage tank", "储氢罐"),
        ("fuel cell stack", "燃料电池电堆"),
    ],
    "energy_storage": [
        ("vanadium flow battery", "全钒液流电池"),
        ("sodium-ion battery", "钠离子电池"),
        ("battery management system", "电池管理系统"),
    ],
    "cnc_machine_tools": [
        ("five-axis machining centre", "五轴加工中心"),
        ("spindle thermal error", "主轴热误差"),
        ("CNC controller", "数控系统"),
    ],
    "industrial_robots": [
        ("welding robot", "焊接机器人"),
        ("robot reducer", "机器人减速器"),
        ("machine vision grasping", "机器视觉抓取"),
    ],
    "integrated_circuits": [
        ("wafer cleaning", "晶圆清洗"),
        ("photoresist", "光刻胶"),
        ("chip packaging", "芯片封装"),
    ],
    "chemicals": [
        ("catalytic cracking catalyst", "催化裂化催化剂"),
        ("fine chemical intermediates", "精细化工中间体"),
    ],
    "biomedicine": [
        ("antibody drug", "抗体药物"),
        ("medical imaging", "医学影像"),
        ("traditional Chinese medicine extraction", "中药提取"),
    ],
    "modern_agriculture": [
        ("rice seed breeding", "水稻育种"),
        ("sea cucumber farming", "海参养殖"),
        ("greenhouse irrigation", "温室灌溉"),
    ],
    "environmental": [
        ("industrial wastewater", "工业废水"),
        ("flue gas desulfurization", "烟气脱硫"),
        ("solid waste recycling", "固废资源化"),
    ],
    "ai_software": [
        ("industrial internet platform", "工业互联网平台"),
        ("predictive maintenance", "预测性维护"),
        ("defect detection", "缺陷检测"),
    ],
    "marine_engineering": [("ship hull coating", "船体涂层"), ("offshore wind foundation", "海上风电基础")],
    "new_energy_vehicles": [
        ("motor controller", "电机控制器"),
        ("charging pile", "充电桩"),
        ("lightweight body", "轻量化车身"),
    ],
    "equipment_manufacturing": [
        ("heavy forging", "大型锻件"),
        ("bearing fatigue", "轴承疲劳"),
        ("hydraulic valve", "液压阀"),
    ],
}
_PROCESS = [
    ("low-cost production", "低成本制备"),
    ("energy saving", "节能降耗"),
    ("intelligent monitoring", "智能监测"),
    ("high-purity preparation", "高纯制备"),
    ("service-life extension", "寿命提升"),
    ("process optimisation", "工艺优化"),
    ("recycling", "回收利用"),
    ("quality inspection", "质量检测"),
]
_CITIES = [
    "沈阳",
    "大连",
    "鞍山",
    "抚顺",
    "本溪",
    "丹东",
    "锦州",
    "营口",
    "阜新",
    "辽阳",
    "盘锦",
    "铁岭",
    "朝阳",
    "葫芦岛",
    "北京",
    "上海",
]
_MATURITY = {"lab": (3, 4), "pilot": (5, 6), "industrial": (7, 9)}
_MODES = ["license", "sale", "joint_development", "equity"]


def _write(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)


def write_listings(
    folder: Path, demands: int = 1302, achievements: int = 1239, companies: int = 802, seed: int = 2018
) -> tuple[Path, Path]:
    """demands.csv and achievements.csv in `folder`; institutions: one per ten achievements."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    fields = list(_TOPICS)

    def pick() -> tuple[str, str, str, str, str, str]:
        field = rng.choice(fields)
        en_topic, zh_topic = rng.choice(_TOPICS[field])
        en_proc, zh_proc = rng.choice(_PROCESS)
        return field, en_topic, zh_topic, en_proc, zh_proc, rng.choice(_CITIES)

    drows: list[dict[str, object]] = []
    for i in range(demands):
        field, en_t, zh_t, en_p, zh_p, city = pick()
        maturity = rng.choice(list(_MATURITY))
        zh = i % 2 == 0
        n = rng.randint(2, 30)
        drows.append(
            {
                "id": f"dem-gen-{i:05d}",
                "lang": "zh" if zh else "en",
                "title": f"{zh_t}{zh_p}技术需求{i}" if zh else f"{en_p.capitalize()} for {en_t} (need {i})",
                "enterprise": f"辽宁示例企业{i % companies:03d}有限公司"
                if zh
                else f"Liaoning Sample Co. {i % companies:03d}",
                "city": city,
                "field": field,
                "description": (
                    f"公司需要{zh_t}的{zh_p}方案，目标成本降低{n}%，希望合作方提供验证数据。"
                    if zh
                    else f"We need {en_p} of our {en_t} line to cut cost by {n}%, with data from the partner."
                ),
                "required_maturity": maturity,
                "budget": f"{n * 10}万元" if zh else f"CNY {n / 10:.1f} million",
                "deadline": f"2027-{1 + i % 12:02d}-28",
                "contact": f"contact{i}@example.com",
                "date": "2026-09-01",
                "source": "generated listing",
                "url": "",
                "sample": "true",
            }
        )
    arows: list[dict[str, object]] = []
    for i in range(achievements):
        field, en_t, zh_t, en_p, zh_p, city = pick()
        maturity = rng.choice(list(_MATURITY))
        zh = i % 2 == 1
        n = rng.randint(10, 90)
        inst = i // 10
        arows.append(
            {
                "id": f"ach-gen-{i:05d}",
                "lang": "zh" if zh else "en",
                "title": f"{zh_t}{zh_p}技术{i}" if zh else f"{en_p.capitalize()} technology for {en_t} ({i})",
                "institution": f"示例研究院{inst:03d}" if zh else f"Sample Institute {inst:03d}",
                "city": city,
                "field": field,
                "summary": (
                    f"面向{zh_t}的{zh_p}工艺，性能提升{n}%，已完成验证。"
                    if zh
                    else f"A {en_p} process for {en_t} that improves performance by {n}%, validated on site."
                ),
                "trl": rng.randint(*_MATURITY[maturity]),
                "maturity": maturity,
                "ip_status": "invention patents",
                "transfer_modes": ";".join(rng.sample(_MODES, rng.randint(1, 3))),
                "contact": f"tto{inst}@example.edu.cn",
                "date": "2026-06-01",
                "source": "generated listing",
                "url": "",
                "sample": "true",
            }
        )
    dpath, apath = folder / "demands.csv", folder / "achievements.csv"
    _write(dpath, DEMAND_COLUMNS, drows)
    _write(apath, ACHIEVEMENT_COLUMNS, arows)
    return dpath, apath
