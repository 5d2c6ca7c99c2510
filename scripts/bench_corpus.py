"""A deterministic, realistic bilingual corpus for the benchmark (scripts/bench.py).

News articles, policy documents split into articles (第X条 / Article N), and listing records
(achievements, demands, events) in Chinese and English, drawn from the same fields and cities as the
shipped knowledge (retrieval/fields.py). Every document is generated from a seeded stream, so the corpus
for N chunks is a prefix of the corpus for 10N chunks: one embedding cache serves every size.

Each document carries "facts": sentences (or whole records) with a key, and questions in both languages
whose answer is known. Recall@5 counts a question as answered when any chunk holding a fact with its key
is in the top 5; a third of the questions are asked in the other language than the document's.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from retrieval.chunking import Chunker
from retrieval.fields import CITIES, FIELDS
from retrieval.records import Achievement, Demand, Event
from retrieval.types import Chunk, Document

__all__ = ["BenchCorpus", "Fact", "Query", "generate"]

Pair = tuple[str, str]  # (zh, en)

# What each field works on: the objects of technologies and demands.
# Vocabulary tables, a few pairs a line (the formatter would put one a line).
# fmt: off
OBJECTS: dict[str, list[Pair]] = {
    "magnesium_materials": [
        ("菱镁矿尾矿", "magnesite tailings"), ("高纯氧化镁", "high-purity magnesia"),
        ("镁合金板材", "magnesium alloy sheet"), ("电熔镁砂", "fused magnesia"),
        ("镁碳砖", "magnesia-carbon bricks"), ("氢氧化镁阻燃剂", "magnesium hydroxide flame retardant"),
    ],
    "hydrogen_energy": [
        ("碱性电解槽", "alkaline electrolysers"), ("质子交换膜", "proton exchange membranes"),
        ("储氢合金", "hydrogen storage alloys"), ("燃料电池电堆", "fuel cell stacks"),
        ("加氢站压缩机", "hydrogen refuelling compressors"), ("工业副产氢", "industrial by-product hydrogen"),
    ],
    "energy_storage": [
        ("全钒液流电池", "vanadium flow batteries"), ("磷酸铁锂电池", "lithium iron phosphate batteries"),
        ("钠离子电池", "sodium-ion batteries"), ("飞轮储能装置", "flywheel storage units"),
        ("电池管理系统", "battery management systems"), ("压缩空气储能", "compressed air storage"),
    ],
    "cnc_machine_tools": [
        ("五轴加工中心", "five-axis machining centres"), ("数控系统", "CNC controllers"),
        ("精密主轴", "precision spindles"), ("滚珠丝杠", "ball screws"),
        ("数控磨床", "CNC grinders"), ("刀具库", "tool magazines"),
    ],
    "industrial_robots": [
        ("RV减速器", "RV reducers"), ("焊接机器人", "welding robots"),
        ("协作机器人", "collaborative robots"), ("伺服电机", "servo motors"),
        ("搬运机器人", "handling robots"), ("机器人视觉系统", "robot vision systems"),
    ],
    "integrated_circuits": [
        ("碳化硅功率器件", "silicon carbide power devices"), ("晶圆清洗设备", "wafer cleaning equipment"),
        ("先进封装", "advanced packaging"), ("光刻胶", "photoresists"),
        ("射频芯片", "RF chips"), ("MEMS传感器", "MEMS sensors"),
    ],
    "new_materials": [
        ("高温合金", "superalloys"), ("碳纤维复合材料", "carbon fibre composites"),
        ("石墨烯涂层", "graphene coatings"), ("钛合金", "titanium alloys"),
        ("特种陶瓷", "technical ceramics"), ("高性能钢材", "high-performance steel"),
    ],
    "chemicals": [
        ("加氢催化剂", "hydrogenation catalysts"), ("精细化学品", "fine chemicals"),
        ("聚烯烃", "polyolefins"), ("润滑油添加剂", "lubricant additives"),
        ("电子级化学品", "electronic-grade chemicals"), ("生物基溶剂", "bio-based solvents"),
    ],
    "biomedicine": [
        ("单克隆抗体", "monoclonal antibodies"), ("中药提取物", "herbal extracts"),
        ("医用敷料", "medical dressings"), ("体外诊断试剂", "in-vitro diagnostic reagents"),
        ("疫苗佐剂", "vaccine adjuvants"), ("骨科植入物", "orthopaedic implants"),
    ],
    "modern_agriculture": [
        ("水稻种子", "rice seed"), ("设施大棚", "greenhouses"),
        ("海参苗种", "sea cucumber fry"), ("玉米秸秆", "corn straw"),
        ("有机肥", "organic fertiliser"), ("果蔬冷链", "fruit and vegetable cold chains"),
    ],
    "environmental": [
        ("工业废水", "industrial wastewater"), ("钢渣", "steel slag"),
        ("烟气脱硝", "flue gas denitrification"), ("垃圾焚烧飞灰", "incineration fly ash"),
        ("锅炉余热", "boiler waste heat"), ("VOCs废气", "VOC emissions"),
    ],
    "ai_software": [
        ("工业质检", "industrial quality inspection"), ("设备预测性维护", "predictive maintenance"),
        ("工业互联网平台", "industrial internet platforms"), ("数字孪生", "digital twins"),
        ("知识图谱", "knowledge graphs"), ("排产调度", "production scheduling"),
    ],
    "marine_engineering": [
        ("海上风电基础", "offshore wind foundations"), ("船舶压载水", "ship ballast water"),
        ("海洋防腐涂层", "marine anti-corrosion coatings"), ("水下机器人", "underwater robots"),
        ("海水淡化膜", "desalination membranes"), ("LNG运输船", "LNG carriers"),
    ],
    "new_energy_vehicles": [
        ("驱动电机", "drive motors"), ("动力电池包", "battery packs"),
        ("车用热管理", "vehicle thermal management"), ("充电桩", "charging piles"),
        ("轻量化车身", "lightweight car bodies"), ("电控系统", "electronic control units"),
    ],
    "equipment_manufacturing": [
        ("大型轴承", "large bearings"), ("盾构机刀盘", "tunnel boring cutterheads"),
        ("压力容器", "pressure vessels"), ("工业汽轮机", "industrial steam turbines"),
        ("液压系统", "hydraulic systems"), ("冶金轧机", "metallurgical rolling mills"),
    ],
}
PROCESSES: list[Pair] = [
    ("低温煅烧", "low-temperature calcination"), ("湿法提纯", "wet purification"), ("激光熔覆", "laser cladding"),
    ("智能检测", "intelligent inspection"), ("高效回收", "efficient recycling"), ("连续化生产", "continuous production"),
    ("绿色制备", "green preparation"), ("表面改性", "surface modification"), ("精密成形", "precision forming"),
    ("在线监测", "online monitoring"), ("低成本制造", "low-cost manufacturing"), ("节能改造", "energy-saving retrofit"),
    ("寿命预测", "service-life prediction"), ("模块化集成", "modular integration"), ("高通量筛选", "high-throughput screening"),
    ("微波加热", "microwave heating"), ("等离子处理", "plasma treatment"), ("自动化装配", "automated assembly"),
    ("固废资源化", "solid-waste valorisation"), ("数字化设计", "digital design"),
]
METRICS: list[Pair] = [
    ("生产效率", "production efficiency"), ("产品合格率", "product yield"), ("能源利用率", "energy efficiency"),
    ("设备寿命", "equipment service life"), ("资源回收率", "resource recovery"), ("检测精度", "inspection accuracy"),
]
INSTITUTION_FORMS: list[Pair] = [
    ("{c}大学", "{C} University"), ("{c}理工大学", "{C} University of Technology"),
    ("{c}工业技术研究院", "{C} Industrial Technology Research Institute"), ("{c}科技大学", "University of Science and Technology {C}"),
]
BRANDS: list[Pair] = [
    ("宏达", "Hongda"), ("恒通", "Hengtong"), ("华信", "Huaxin"), ("远航", "Yuanhang"), ("金泰", "Jintai"), ("新锐", "Xinrui"),
    ("中联", "Zhonglian"), ("瑞丰", "Ruifeng"), ("天合", "Tianhe"), ("北方", "Beifang"), ("东鑫", "Dongxin"), ("凯盛", "Kaisheng"),
]
INDUSTRIES: dict[str, Pair] = {
    "magnesium_materials": ("镁业", "Magnesium"), "hydrogen_energy": ("氢能", "Hydrogen Energy"),
    "energy_storage": ("储能", "Energy Storage"), "cnc_machine_tools": ("机床", "Machine Tool"),
    "industrial_robots": ("机器人", "Robotics"), "integrated_circuits": ("半导体", "Semiconductor"),
    "new_materials": ("新材料", "New Materials"), "chemicals": ("化工", "Chemical"),
    "biomedicine": ("生物医药", "Biopharma"), "modern_agriculture": ("农业科技", "Agritech"),
    "environmental": ("环保", "Environmental"), "ai_software": ("智能科技", "Intelligent Technology"),
    "marine_engineering": ("海洋工程", "Marine Engineering"), "new_energy_vehicles": ("新能源汽车", "New Energy Vehicle"),
    "equipment_manufacturing": ("重工", "Heavy Industry"),
}
VENUES: list[Pair] = [
    ("国际会展中心", "International Convention Centre"), ("科技馆", "Science and Technology Museum"),
    ("高新区创新大厦", "High-tech Zone Innovation Tower"), ("人才大厦", "Talent Building"),
]
# fmt: on
_CN = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals, as regulations number their articles (第十二条)."""
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else _CN[tens]) + "十" if tens else ""
    return head + (_CN[ones] if ones or not tens else "")


@dataclass(frozen=True)
class Fact:
    key: str
    doc_id: str
    lang: str
    sentence: str | None  # where the fact is in the text; None for a record (its one chunk)
    questions: tuple[str, str]  # (zh, en)


@dataclass(frozen=True)
class Query:
    text: str
    lang: str
    cross: bool  # asked in the other language than the document it comes from
    key: str


@dataclass
class BenchCorpus:
    docs: list[Document] = field(default_factory=list)
    chunks: dict[str, list[Chunk]] = field(default_factory=dict)  # doc id -> its chunks
    facts: list[Fact] = field(default_factory=list)

    @property
    def n_chunks(self) -> int:
        return sum(len(c) for c in self.chunks.values())

    def relevant(self, key: str) -> set[str]:
        """Chunk ids holding a fact with this key."""
        out: set[str] = set()
        for fact in self._by_key.get(key, []):
            chunks = self.chunks[fact.doc_id]
            if fact.sentence is None:
                out.add(chunks[0].id)
                continue
            ends = (fact.sentence[:24], fact.sentence[-24:])  # a sentence may straddle two chunks
            out.update(c.id for c in chunks if any(e in c.text for e in ends))
        return out

    def queries(self, n: int, seed: int) -> list[Query]:
        rng = random.Random(seed)
        facts = rng.sample(self.facts, min(n, len(self.facts)))
        out = []
        for i, fact in enumerate(facts):
            cross = i % 3 == 2
            lang = ("en" if fact.lang == "zh" else "zh") if cross else fact.lang
            out.append(Query(fact.questions[0] if lang == "zh" else fact.questions[1], lang, cross, fact.key))
        return out

    @property
    def _by_key(self) -> dict[str, list[Fact]]:
        if not hasattr(self, "_index"):
            index: dict[str, list[Fact]] = {}
            for fact in self.facts:
                index.setdefault(fact.key, []).append(fact)
            self._index = index
        return self._index


class _Writer:
    """Draws one document at a time from the seeded stream."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = 0
        self.cities = list(CITIES.items())[:14]  # Liaoning's prefecture-level cities
        self.institutions = [
            (zh.format(c=cz), en.format(C=ce)) for _, (cz, ce) in self.cities for zh, en in INSTITUTION_FORMS
        ]

    # ---- slots ---------------------------------------------------------------------------------
    def topic(self) -> tuple[str, Pair, Pair, Pair]:
        fkey = self.rng.choice(list(FIELDS))
        return fkey, FIELDS[fkey], self.rng.choice(OBJECTS[fkey]), self.rng.choice(PROCESSES)

    def city(self) -> tuple[str, Pair]:
        key, pair = self.rng.choice(self.cities)
        return key, pair

    def enterprise(self, fkey: str, city: Pair) -> Pair:
        brand, ind = self.rng.choice(BRANDS), INDUSTRIES[fkey]
        return f"{city[0]}{brand[0]}{ind[0]}有限公司", f"{city[1]} {brand[1]} {ind[1]} Co., Ltd."

    def day(self, first: int = 2019, last: int = 2026) -> dt.date:
        return dt.date(self.rng.randint(first, last), self.rng.randint(1, 12), self.rng.randint(1, 28))

    def next_id(self, prefix: str) -> str:
        self.n += 1
        return f"bench-{prefix}-{self.n:07d}"

    # ---- documents -----------------------------------------------------------------------------
    def document(self) -> tuple[Document, list[Fact]]:
        kind = self.rng.choices(
            ["news", "regulation", "achievement", "demand", "event"], [25, 3, 37, 25, 10]
        )[0]
        lang = self.rng.choice(["zh", "en"])
        return getattr(self, kind)(lang)

    def _tech_fact(
        self, doc_id: str, lang: str, inst: Pair, obj: Pair, proc: Pair, sentence: str | None
    ) -> Fact:
        return Fact(
            f"tech|{inst[1]}|{obj[1]}|{proc[1]}",
            doc_id,
            lang,
            sentence,
            (
                self.rng.choice(
                    [
                        f"{inst[0]}有没有{obj[0]}{proc[0]}方面的技术成果？",
                        f"{inst[0]}的{obj[0]}{proc[0]}技术进展如何？",
                    ]
                ),
                self.rng.choice(
                    [
                        f"Does {inst[1]} offer a {proc[1]} technology for {obj[1]}?",
                        f"What progress has {inst[1]} made on {proc[1]} of {obj[1]}?",
                    ]
                ),
            ),
        )

    def news(self, lang: str) -> tuple[Document, list[Fact]]:
        r = self.rng
        doc_id = self.next_id("news")
        fkey, fld, obj, proc = self.topic()
        ckey, city = self.city()
        inst, year = r.choice(self.institutions), r.randint(2019, 2026)
        ent = self.enterprise(fkey, city)
        n, m, pct, amount = r.randint(40, 900), r.randint(5, 60), r.randint(8, 45), r.randint(50, 5000)
        metric = r.choice(METRICS)
        zh = lang == "zh"
        tech = (
            f"{inst[0]}研发的{obj[0]}{proc[0]}技术日前通过专家验收，{metric[0]}提高{pct}%，已在{city[0]}完成中试。"
            if zh
            else f"A {proc[1]} technology for {obj[1]} developed by {inst[1]} recently passed expert review, "
            f"raising {metric[1]} by {pct}%, and has finished pilot trials in {city[1]}."
        )
        stats = (
            f"{year}年，{city[0]}共征集{fld[0]}领域企业技术需求{n}项，其中{obj[0]}相关需求{m}项。"
            if zh
            else f"In {year}, {city[1]} collected {n} technical demands from enterprises in {fld[1].lower()}, "
            f"{m} of them about {obj[1]}."
        )
        deal = (
            f"会上，{ent[0]}与{inst[0]}签订{obj[0]}{proc[0]}技术合作协议，合同金额{amount}万元。"
            if zh
            else f"At the meeting, {ent[1]} signed a cooperation agreement with {inst[1]} on {proc[1]} of {obj[1]}, "
            f"worth CNY {amount / 100:.2f} million."
        )
        fillers = [
            (
                f"会议由{city[0]}市科学技术局主办，{r.randint(10, 120)}家高校院所、{r.randint(50, 400)}家企业参加。",
                f"The meeting was hosted by the {city[1]} Municipal Science and Technology Bureau, with "
                f"{r.randint(10, 120)} universities and institutes and {r.randint(50, 400)} enterprises taking part.",
            ),
            (
                f"与会专家围绕{fld[0]}产业链关键环节，就{r.choice(OBJECTS[fkey])[0]}{r.choice(PROCESSES)[0]}等方向进行了深入交流。",
                f"Experts discussed key links of the {fld[1].lower()} industry chain, including "
                f"{r.choice(PROCESSES)[1]} of {r.choice(OBJECTS[fkey])[1]}.",
            ),
            (
                f"下一步，{city[0]}将继续完善科技成果转化服务体系，推动更多成果在本地落地转化。",
                f"Next, {city[1]} will keep improving its technology transfer services so that more achievements are "
                "commercialized locally.",
            ),
            (
                f"据介绍，{r.choice(self.institutions)[0]}近三年累计转化科技成果{r.randint(20, 300)}项。",
                f"According to the organisers, {r.choice(self.institutions)[1]} has commercialized "
                f"{r.randint(20, 300)} achievements in the past three years.",
            ),
            (
                f"活动期间还举办了{r.choice(OBJECTS[fkey])[0]}专场路演，{r.randint(5, 30)}个项目进行了现场推介。",
                f"A roadshow on {r.choice(OBJECTS[fkey])[1]} was also held, where {r.randint(5, 30)} projects were pitched.",
            ),
            (
                f"{city[0]}还设立了总规模{r.randint(1, 20)}亿元的成果转化基金，重点支持{fld[0]}项目。",
                f"{city[1]} has also set up a CNY {r.randint(1, 20)} billion commercialization fund focused on "
                f"{fld[1].lower()} projects.",
            ),
            (
                f"业内人士表示，{obj[0]}市场需求持续增长，技术供给与企业需求的精准对接尤为重要。",
                f"Industry insiders say demand for {obj[1]} keeps growing, which makes precise matching of technology "
                "supply and enterprise needs all the more important.",
            ),
            (
                f"{city[0]}市相关负责人表示，将加大对{fld[0]}领域中小企业的支持力度，降低技术引进成本。",
                f"A {city[1]} official said the city will step up support for small and medium-sized {fld[1].lower()} "
                "enterprises and lower the cost of bringing in technology.",
            ),
            (
                f"今年以来，全省技术合同成交额同比增长{r.randint(5, 40)}%，{fld[0]}领域增速位居前列。",
                f"Since the start of the year the value of technology contracts in the province has grown by "
                f"{r.randint(5, 40)}%, with {fld[1].lower()} among the fastest-growing fields.",
            ),
            (
                f"参会企业普遍反映，{r.choice(PROCESSES)[0]}和{r.choice(PROCESSES)[0]}是当前最迫切的技术需求。",
                f"Participating companies said {r.choice(PROCESSES)[1]} and {r.choice(PROCESSES)[1]} are their most "
                "pressing technical needs.",
            ),
        ]
        sentences = [f[0] if zh else f[1] for f in r.sample(fillers, r.randint(3, len(fillers)))]
        for fact in (tech, stats, deal):
            sentences.insert(r.randrange(len(sentences) + 1), fact)
        paragraphs, i = [], 0
        while i < len(sentences):
            step = r.randint(2, 3)
            paragraphs.append(("" if zh else " ").join(sentences[i : i + step]))
            i += step
        title = (
            f"{city[0]}举办{fld[0]}科技成果转化对接活动"
            if zh
            else f"{city[1]} holds {fld[1].lower()} technology transfer event"
        )
        doc = Document(
            doc_id,
            "news",
            title,
            lang,
            "\n\n".join(paragraphs),
            self.day(),
            "TechBridge benchmark corpus",
            meta={"city": ckey},
        )
        return doc, [
            self._tech_fact(doc_id, lang, inst, obj, proc, tech),
            Fact(
                f"stats|{year}|{city[1]}|{fkey}",
                doc_id,
                lang,
                stats,
                (
                    f"{year}年{city[0]}征集了多少项{fld[0]}技术需求？",
                    f"How many {fld[1].lower()} technical demands did {city[1]} collect in {year}?",
                ),
            ),
            Fact(
                f"deal|{ent[1]}|{inst[1]}",
                doc_id,
                lang,
                deal,
                (
                    f"{ent[0]}和{inst[0]}签了什么合作协议？",
                    f"What agreement did {ent[1]} sign with {inst[1]}?",
                ),
            ),
        ]

    def regulation(self, lang: str) -> tuple[Document, list[Fact]]:
        r = self.rng
        doc_id = self.next_id("reg")
        fkey, fld, _, _ = self.topic()
        _, city = self.city()
        year = r.randint(2019, 2026)
        zh = lang == "zh"
        articles, facts = [], []
        for no in range(1, r.randint(7, 13)):
            obj, proc = r.choice(OBJECTS[fkey]), r.choice(PROCESSES)
            pct, cap = r.randint(5, 30), r.randint(20, 500)
            if no % 3 == 0:
                text = (
                    f"对在{city[0]}实施转化的{obj[0]}{proc[0]}项目，按技术合同成交额的{pct}%给予奖励，单个项目最高{cap}万元。"
                    if zh
                    else f"For {proc[1]} projects on {obj[1]} commercialized in {city[1]}, a reward of {pct}% of "
                    f"the contract value is granted, up to CNY {cap / 100:.2f} million per project."
                )
                facts.append(
                    Fact(
                        f"reward|{city[1]}|{obj[1]}|{proc[1]}",
                        doc_id,
                        lang,
                        text,
                        (
                            f"在{city[0]}转化{obj[0]}{proc[0]}项目能获得多少奖励？",
                            f"How much reward does {city[1]} give for commercializing {proc[1]} of {obj[1]}?",
                        ),
                    )
                )
            else:
                text = r.choice(
                    [
                        (
                            f"高校院所应当建立科技成果转化年度报告制度，每年{r.randint(1, 12)}月底前报送上一年度转化情况。",
                            f"Universities and institutes shall report their commercialization of the previous year by the end "
                            f"of month {r.randint(1, 12)} each year.",
                        ),
                        (
                            f"鼓励企业与高校院所共建{fld[0]}中试基地，按设备投资的{r.randint(10, 40)}%给予补助。",
                            f"Enterprises that build {fld[1].lower()} pilot bases with universities receive a subsidy of "
                            f"{r.randint(10, 40)}% of the equipment investment.",
                        ),
                        (
                            f"科技成果完成人可以获得不低于转让净收入{r.randint(50, 80)}%的奖励和报酬。",
                            f"The people who made an achievement receive at least {r.randint(50, 80)}% of the net income "
                            "from its transfer as reward and remuneration.",
                        ),
                        (
                            "技术转移机构应当配备专业的技术经理人，提供评估、交易和融资等服务。",
                            "Technology transfer offices shall employ professional technology managers who provide "
                            "valuation, transaction and financing services.",
                        ),
                        (
                            f"支持{city[0]}企业承接{obj[0]}领域科技成果，对首台（套）{proc[0]}装备给予保险补偿。",
                            f"{city[1]} enterprises that take up {obj[1]} achievements receive insurance compensation for "
                            f"first-of-a-kind {proc[1]} equipment.",
                        ),
                        (
                            f"市科技主管部门每年发布{fld[0]}领域技术需求清单，组织不少于{r.randint(2, 12)}场供需对接活动。",
                            f"The municipal science and technology department publishes a list of {fld[1].lower()} technical "
                            f"demands every year and organises at least {r.randint(2, 12)} matchmaking events.",
                        ),
                        (
                            f"对新认定的{fld[0]}概念验证中心，一次性给予{r.randint(50, 300)}万元支持。",
                            f"A newly recognised {fld[1].lower()} proof-of-concept centre receives one-off support of "
                            f"CNY {r.randint(50, 300) / 100:.2f} million.",
                        ),
                        (
                            f"金融机构开展{obj[0]}知识产权质押融资的，按贷款额的{r.randint(1, 3)}%给予风险补偿。",
                            f"Banks that lend against {obj[1]} intellectual property as collateral receive risk compensation "
                            f"of {r.randint(1, 3)}% of the loan.",
                        ),
                    ]
                )[0 if zh else 1]
            articles.append(f"第{cn_number(no)}条 {text}" if zh else f"Article {no} {text}")
        title = (
            f"{city[0]}市促进{fld[0]}科技成果转化若干措施（{year}年）"
            if zh
            else f"Measures of {city[1]} on Promoting Commercialization of {fld[1]} Achievements ({year})"
        )
        doc = Document(
            doc_id,
            "regulation",
            title,
            lang,
            "\n".join(articles),
            dt.date(year, 3, 1),
            f"{city[1]} Municipal People's Government",
            meta={"level": "municipal", "status": "in_force"},
        )
        return doc, facts

    def achievement(self, lang: str) -> tuple[Document, list[Fact]]:
        r = self.rng
        doc_id = self.next_id("ach")
        fkey, _, obj, proc = self.topic()
        ckey, city = self.city()
        inst, metric, pct = r.choice(self.institutions), r.choice(METRICS), r.randint(8, 60)
        trl = r.randint(3, 9)
        zh = lang == "zh"
        summary = (
            f"该技术采用{proc[0]}工艺处理{obj[0]}，{metric[0]}提高{pct}%，综合成本降低约{r.randint(5, 35)}%。"
            f"已在{city[0]}完成{r.choice(['实验室', '中试', '示范线'])}验证。"
            if zh
            else f"The technology applies {proc[1]} to {obj[1]}, raising {metric[1]} by {pct}% and cutting overall cost "
            f"by about {r.randint(5, 35)}%. It has been validated on a {r.choice(['lab', 'pilot', 'demonstration'])} "
            f"line in {city[1]}."
        )
        rec = Achievement(
            id=doc_id,
            lang=lang,
            title=f"{obj[0]}{proc[0]}技术" if zh else f"{proc[1].capitalize()} of {obj[1]}",
            institution=inst[0] if zh else inst[1],
            city=ckey,
            field=fkey,
            summary=summary,
            trl=trl,
            ip_status=(
                f"发明专利{r.randint(1, 9)}项" if zh else f"{r.randint(1, 9)} granted invention patents"
            ),
            transfer_modes=r.sample(["license", "sale", "joint_development", "equity"], r.randint(1, 3)),
            contact=f"tto{r.randint(100, 999)}@example.edu.cn",
            date=self.day(),
            source="TechBridge benchmark corpus",
        )
        doc = rec.to_document(f"bench/{doc_id}")
        return doc, [self._tech_fact(doc_id, lang, inst, obj, proc, None)]

    def demand(self, lang: str) -> tuple[Document, list[Fact]]:
        r = self.rng
        doc_id = self.next_id("dem")
        fkey, _, obj, proc = self.topic()
        ckey, city = self.city()
        ent = self.enterprise(fkey, city)
        zh = lang == "zh"
        problem = r.choice(
            [
                ("能耗高", "high energy use"),
                ("良品率低", "low yield"),
                ("人工成本高", "high labour cost"),
                ("排放超标", "emissions above limits"),
            ]
        )
        desc = (
            f"我公司主要从事{obj[0]}生产，现有生产线{r.randint(1, 12)}条，存在{problem[0]}等问题，"
            f"希望引进{proc[0]}技术，实现提质增效。"
            if zh
            else f"We produce {obj[1]} on {r.randint(1, 12)} lines and face {problem[1]}; we want to bring in "
            f"{proc[1]} technology to improve quality and efficiency."
        )
        budget = f"{r.randint(20, 2000)}万元" if zh else f"CNY {r.randint(20, 2000) / 100:.2f} million"
        rec = Demand(
            id=doc_id,
            lang=lang,
            title=f"{obj[0]}{proc[0]}技术需求" if zh else f"Seeking {proc[1]} technology for {obj[1]}",
            enterprise=ent[0] if zh else ent[1],
            city=ckey,
            field=fkey,
            description=desc,
            budget=budget,
            deadline=self.day(2025, 2027),
            date=self.day(),
            source="TechBridge benchmark corpus",
        )
        doc = rec.to_document(f"bench/{doc_id}")
        return doc, [
            Fact(
                f"need|{city[1]}|{obj[1]}|{proc[1]}",
                doc_id,
                lang,
                None,
                (
                    f"{city[0]}有哪家企业需要{obj[0]}{proc[0]}技术？",
                    f"Which company in {city[1]} needs {proc[1]} technology for {obj[1]}?",
                ),
            )
        ]

    def event(self, lang: str) -> tuple[Document, list[Fact]]:
        r = self.rng
        doc_id = self.next_id("evt")
        fkey, fld, obj, _ = self.topic()
        ckey, city = self.city()
        start = self.day()
        venue = r.choice(VENUES)
        zh = lang == "zh"
        rec = Event(
            id=doc_id,
            lang=lang,
            title=f"{start.year}年{city[0]}{fld[0]}科技成果转化对接会"
            if zh
            else f"{start.year} {city[1]} {fld[1]} Technology Transfer Matchmaking Conference",
            start_date=start,
            end_date=start + dt.timedelta(days=r.randint(0, 2)),
            city=ckey,
            venue=f"{city[0]}{venue[0]}" if zh else f"{city[1]} {venue[1]}",
            organizers=[
                f"{city[0]}市科学技术局" if zh else f"{city[1]} Municipal Science and Technology Bureau"
            ],
            topics=[obj[0] if zh else obj[1], r.choice(PROCESSES)[0 if zh else 1]],
            fields=[fkey],
            registration="通过TechBridge平台报名" if zh else "Register on the TechBridge platform",
            summary=(
                f"发布{fld[0]}领域科技成果{r.randint(20, 200)}项，组织企业与高校院所一对一洽谈。"
                if zh
                else f"{r.randint(20, 200)} {fld[1].lower()} achievements will be presented, with one-on-one meetings "
                "between enterprises and universities."
            ),
            source="TechBridge benchmark corpus",
        )
        doc = rec.to_document(f"bench/{doc_id}")
        return doc, [
            Fact(
                f"event|{start.year}|{city[1]}|{fkey}",
                doc_id,
                lang,
                None,
                (
                    f"{start.year}年{city[0]}{fld[0]}对接会在哪里举办？",
                    f"Where is the {start.year} {city[1]} {fld[1].lower()} matchmaking conference held?",
                ),
            )
        ]


def stream(seed: int) -> Iterator[tuple[Document, list[Fact]]]:
    writer = _Writer(seed)
    while True:
        yield writer.document()


def generate(n_chunks: int, seed: int = 20260101, chunker: Chunker | None = None) -> BenchCorpus:
    """The first documents of the seeded stream that together make at least `n_chunks` chunks."""
    chunker = chunker or Chunker()
    corpus = BenchCorpus()
    total = 0
    for doc, facts in stream(seed):
        if total >= n_chunks:
            break
        chunks = chunker.chunks(doc)
        corpus.docs.append(doc)
        corpus.chunks[doc.id] = chunks
        corpus.facts.extend(facts)
        total += len(chunks)
    return corpus


def prefix(corpus: BenchCorpus, n_chunks: int) -> BenchCorpus:
    """The sub-corpus of the first documents that make at least `n_chunks` chunks (same stream)."""
    out = BenchCorpus()
    total = 0
    for doc in corpus.docs:
        if total >= n_chunks:
            break
        out.docs.append(doc)
        out.chunks[doc.id] = corpus.chunks[doc.id]
        total += len(corpus.chunks[doc.id])
    ids = set(out.chunks)
    out.facts = [f for f in corpus.facts if f.doc_id in ids]
    return out
