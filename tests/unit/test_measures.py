"""A measure asked by what it measures ("cycle life?", "what temperature range", "转速多少"): the record's
sentence with a figure in that measure's units, in either language; none where the record states none."""

from __future__ import annotations

import pytest

from bot.conversation.measures import measure_sentence, measure_sentences, names_measure, states_measure
from retrieval.types import Chunk

SODIUM = (
    "A layered oxide cathode delivers 145 mAh/g at 0.1C. "
    "It keeps 88% of its capacity after 3,000 cycles at 1C in pouch cells. "
    "The powder stays stable in air for 7 days at 60% relative humidity."
)
BMS = "It estimates state of charge within 2% from -30 °C to 55 °C. Active balancing adds 5% capacity."
SHIP = "It recommends avoidance manoeuvres within 2 seconds. In trials 97% of advice was correct."
CASTING = "压铸件抗拉强度≥260 MPa、延伸率≥10%。已用于汽车仪表盘横梁，零件减重35%以上并实现批量供货。"
SPINDLE = "最高转速达到40000 r/min，径向跳动≤2 μm。已完成样机台架试验。"

STATION = (
    "We plan a demonstration station that stores 500 kg of hydrogen in magnesium-based material. "
    "The material should hold at least 5.5 wt% hydrogen and absorb it below 300 °C."
)
OFF_GAS = "The off-gas holds about 55% H2. We need a purification unit of about 2,000 Nm³/h of 99.999%."
MAGNESIA = "产品活性氧化镁柠檬酸活性值≤20 s。已完成1000吨级中试，2万吨/年示范线已完成设计。"
DESULPHURISATION = "It removes over 98% of SO2. The process is applied on 6 flue-gas lines at steel plants."
FLOW_BATTERY = "能量效率≥80%。电池循环寿命超过20000次。技术已应用于百兆瓦级调峰储能电站。"


def _chunk(text: str, lang: str = "en") -> Chunk:
    return Chunk("r#0", "r", 0, text, "achievement", "A record", lang)


@pytest.mark.parametrize(
    ("message", "text", "lang", "holds"),
    [
        ("cycle life?", SODIUM, "en", "3,000 cycles"),
        ("循环寿命多少", SODIUM, "en", "3,000 cycles"),  # a Chinese question, an English record
        ("what temperature range", BMS, "en", "-30 °C"),
        ("how fast does it give a recommendation", SHIP, "en", "2 seconds"),
        ("weight saving?", CASTING, "zh", "减重35%"),
        ("spindle speed", SPINDLE, "zh", "40000 r/min"),
        ("他们要求储氢量多少", STATION, "en", "5.5 wt%"),  # not the 500 kg the station stores
        ("他们要多大规模的装置", OFF_GAS, "en", "2,000 Nm³/h"),
        ("产能多大", "产品氢纯度达到99.999%。已在抚顺建成1000 Nm³/h示范装置。", "zh", "1000 Nm³/h"),
        ("中试做到多大规模了", MAGNESIA, "zh", "1000吨级中试"),
        ("用在了多少条线上", DESULPHURISATION, "en", "6 flue-gas lines"),
        ("has it been used anywhere big", FLOW_BATTERY, "zh", "百兆瓦级"),
        ("their stockpile size", "需求充填技术。煤矸石堆存量约500万吨，采空区已沉陷。", "zh", "500万吨"),
    ],
)
def test_the_sentence_with_the_measure_asked(message: str, text: str, lang: str, holds: str) -> None:
    sentence = measure_sentence(message, _chunk(text, lang))
    assert sentence is not None and holds in sentence


@pytest.mark.parametrize(
    ("message", "text"),
    [
        ("what temperature range", SODIUM),  # states a humidity, a capacity: no temperature
        ("how fast does it charge", CASTING),  # no time at all
        ("who is the lead inventor", SODIUM),  # names no measure
        ("多大规模", SODIUM),  # a capacity in mAh/g, no plant's scale
        ("储氢量多少", OFF_GAS),  # a purity, no share of a material's weight
        ("has it been used anywhere", SODIUM),  # says nothing of where it runs
    ],
)
def test_no_sentence_where_the_record_states_no_such_figure(message: str, text: str) -> None:
    assert measure_sentence(message, _chunk(text)) is None


def test_whether_a_sentence_states_the_measure_asked() -> None:
    assert states_measure("反应时间多久", "Reaction time falls from hours to about 60 seconds.") is True
    assert states_measure("反应时间多久", "It runs with a liquid hold-up below 1 litre.") is False
    assert states_measure("how long is the warranty", "质保期3年。") is True  # years are a time too
    assert states_measure("who developed it", "It runs with a liquid hold-up below 1 litre.") is None


PLATFORM = "故障预警准确率≥92%，平均提前7天发现隐患。已在冶金、矿山和化工企业接入设备3000余台。"
ELECTRODE = "在电流密度4000 A/m²下小室电压≤1.75 V，直流电耗≤4.2 kWh/Nm³。已在1000 Nm³/h碱性电解槽上完成考核。"
MGH2 = (
    "It reaches a reversible hydrogen capacity of 6.2 wt% within 5 minutes. "
    "A demonstration tank holding 20 kg of material (about 1 kg of hydrogen) has been built."
)
RIBBON = "带材厚度18—25 μm，饱和磁感应强度≥1.25 T，20 kHz下铁损降低约30%。"
SCREEN = "筛面宽度达到4.3 m，处理能力3000 t/h，筛分效率≥92%。"
HEATER = "储热密度达到传统水蓄热的3—4倍。单台储热量1—10 MWh，系统效率≥90%。"


@pytest.mark.parametrize(
    ("message", "text", "lang", "holds"),
    [
        ("BMS的SOC估算误差多少", BMS, "en", "within 2%"),  # an error: a share
        ("how many machines connected so far", PLATFORM, "zh", "3000余台"),  # a count of machines
        ("DC power consumption per Nm3?", ELECTRODE, "zh", "4.2 kWh/Nm³"),  # not the plant's Nm³/h
        ("储氢量能到多少", MGH2, "en", "6.2 wt%"),  # not the tank's kilograms
        ("saturation flux density?", RIBBON, "zh", "1.25 T"),
        ("large vibrating screen throughput?", SCREEN, "zh", "3000 t/h"),
        ("how much heat can one unit store", HEATER, "zh", "10 MWh"),
    ],
)
def test_measures_of_performance_in_their_units(message: str, text: str, lang: str, holds: str) -> None:
    sentence = measure_sentence(message, _chunk(text, lang))
    assert sentence is not None and holds in sentence


TAILINGS = (
    "以菱镁矿浮选尾矿为原料，同步制备氢氧化镁阻燃剂。尾矿综合利用率达到85%以上，产品纯度≥97%。"
    "已在辽阳建成5000吨/年中试线，吨产品综合能耗较传统工艺降低约20%。"
)
FUSED = (
    "An arc furnace produces fused magnesia with MgO of 98.5%. "
    "Specific power consumption falls from about 3,800 kWh/t to 3,100 kWh/t. "
    "The process has run on two 3,000 kVA furnaces in Haicheng for more than 18 months."
)
DYE = "开发了无盐化后处理工艺，上染率≥95%，染色废水COD降低60%以上。已在2家染料企业实现产业化。"
DMTO = "新一代DMTO技术甲醇单耗降至约2.7吨/吨烯烃。技术已在多套百万吨级工业装置上应用。"
HYDROGEN = (
    "产品氢纯度达到99.999%，CO含量<0.2 ppm。氢气回收率≥85%，制氢成本约1.2元/Nm³。"
    "已在抚顺建成1000 Nm³/h示范装置。"
)
REDUCER = "针对20—500 kg负载工业机器人，RV减速器传动误差≤1 arcmin。额定寿命6000小时以上。"
CEMENT = (
    "The cement reaches a 28-day compressive strength of 60 MPa. "
    "CO2 emissions are about 40% lower than Portland cement products of the same strength."
)
STRIP = (
    "Cameras inspect steel strip running at up to 20 m/s. "
    "Each image is processed in under 50 ms. The system is installed on four production lines in Anshan."
)


@pytest.mark.parametrize(
    ("message", "text", "lang", "holds"),
    [
        ("the tailings tech, what % of the tailings actually gets used?", TAILINGS, "zh", "利用率达到85%"),
        ("能降到多少", FUSED, "en", "3,100 kWh/t"),  # a fall: the figure beside "falls"
        ("how much does it save", FUSED, "en", "3,100 kWh/t"),
        (
            "cut arc furnace power - by how much",
            "We use 3,900 kWh per tonne. We seek changes that cut power consumption by at least 15%.",
            "en",
            "15%",
        ),
        ("how much does COD in dyeing wastewater drop?", DYE, "zh", "COD降低60%"),
        ("methanol consumption per ton of olefins?", DMTO, "zh", "2.7吨/吨烯烃"),
        ("whats the cost per Nm3", HYDROGEN, "zh", "1.2元/Nm³"),
        ("制氢成本多少", HYDROGEN, "zh", "1.2元/Nm³"),
        ("what payload range?", REDUCER, "zh", "500 kg负载"),
        ("水泥那个强度多少", CEMENT, "en", "60 MPa"),  # not the sentence that only says "strength"
        ("how fast can the strip run?", STRIP, "en", "20 m/s"),  # a speed, not the 50 ms
        ("在哪用过", FUSED, "en", "Haicheng"),
        ("where is it used", STRIP, "en", "four production lines"),  # not "running at up to 20 m/s"
    ],
)
def test_measures_named_by_what_they_measure(message: str, text: str, lang: str, holds: str) -> None:
    sentence = measure_sentence(message, _chunk(text, lang))
    assert sentence is not None and holds in sentence


def test_each_measure_named_has_its_sentence() -> None:
    found = measure_sentences("what purity does it reach and whats the cost per Nm3", _chunk(HYDROGEN, "zh"))
    assert len(found) == 2 and "99.999%" in found[0] and "1.2元/Nm³" in found[1]


def test_the_first_measure_the_record_states_is_the_one_asked() -> None:
    message = "what % of the tailings actually gets used?"  # a rate, and "used"
    wrong = "已在辽阳建成5000吨/年中试线，吨产品综合能耗较传统工艺降低约20%。"
    assert states_measure(message, wrong) is True  # where it was built: a measure "used" names
    assert states_measure(message, wrong, _chunk(TAILINGS, "zh")) is False  # the rate is stated there
    # a record that states none of the measures named tells no sentence apart
    assert states_measure("脱硫效率多少", "It removes over 98% of SO2.", _chunk(CEMENT)) is None


def test_words_that_only_look_like_a_measure_name_none() -> None:
    assert not names_measure("rated torque of the RV reducer from Dalian Jiaotong?")  # "rated": no rate
    assert names_measure("rated life of the RV reducer?")  # a life, in hours or cycles
    assert not names_measure("who developed it")
    assert names_measure("how much does COD drop")


def test_how_many_lines_and_projects_are_counted_in_the_record() -> None:
    heat = "采用复合无机盐相变材料，相变温度可在58—130℃之间定制。已在阜新、朝阳等地完成20余个清洁供暖项目。"
    found = measure_sentence(
        "phase change heat storage - how many clean heating projects done", _chunk(heat, "zh")
    )
    assert found is not None and "20余个" in found
    found = measure_sentence("氧化镁脱硫在几条烟气线上用了", _chunk(DESULPHURISATION, "en"))
    assert found is not None and "6 flue-gas lines" in found
