"""What a few words ask: a compound that names one field ("镁合金" is magnesium's, not every alloy's), events
sought by their topic ("looking for events on ship tech"), what it costs asked alone, a source asked after
an answer, a measure in its own unit."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat.intents import plan_question
from bot.conversation.attributes import asked_attributes
from bot.conversation.dialogue import SOURCE_ASKED
from bot.conversation.measures import measure_sentence, unit_unstated
from bot.conversation.record_answers import kindred_words
from retrieval.fields import fields_in
from retrieval.types import Chunk

TODAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("有没有跟镁合金相关的成果", ["magnesium_materials"]),
        ("magnesium alloy technologies?", ["magnesium_materials"]),
        ("储氢合金", ["hydrogen_energy"]),
        ("合金材料", ["new_materials"]),  # an alloy of nothing named is the field's
        ("high-entropy alloy coatings", ["new_materials"]),
        ("我们厂菱镁尾矿堆了好多", ["magnesium_materials", "environmental"]),  # both, not one's head
    ],
)
def test_a_material_s_head_after_what_it_is_made_of_names_no_field_of_its_own(
    text: str, fields: list[str]
) -> None:
    assert fields_in(text) == fields


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hey! looking for events on ship tech", "events"),
        ("we are looking for matchmaking events about hydrogen tech", "events"),
        ("我们想找氢能技术相关的对接会", "events"),
        ("looking for tech to recycle tailings", "match"),  # the technology is sought
        ("我们在找尾矿利用技术", "match"),
    ],
)
def test_events_sought_are_events_not_a_need_to_match(text: str, intent: str) -> None:
    assert plan_question(text, TODAY).intent == intent


@pytest.mark.parametrize(
    ("text", "kind", "asked"),
    [
        ("how much?", "event", ["fee"]),
        ("多少钱", "event", ["fee"]),
        ("cost?", "event", ["fee"]),
        ("how much is it", "achievement", ["price"]),
        ("多少钱", "demand", ["budget"]),
        # said of something: not what it costs to attend
        ("how much does it cost to rent a booth at the expo hall", "event", []),
        ("what's the cost reduction", "achievement", []),
    ],
)
def test_what_it_costs_asked_alone_is_the_record_s_own_cost(text: str, kind: str, asked: list[str]) -> None:
    assert asked_attributes(text, kind) == asked


@pytest.mark.parametrize(
    "text", ["source?", "Sources", "what's the source", "出处呢", "来源？", "where did you get that"]
)
def test_a_source_asked_alone(text: str) -> None:
    assert SOURCE_ASKED.search(text)


@pytest.mark.parametrize("text", ["source of the hydrogen in the Fushun plant?", "哪家媒体的来源可靠"])
def test_a_source_asked_of_something_is_a_question(text: str) -> None:
    assert not SOURCE_ASKED.search(text)


def _chunk(text: str) -> Chunk:
    return Chunk("r#0", "r", 0, text, "achievement", "r", "zh")


def test_a_measure_in_its_own_unit_is_not_answered_by_another_unit() -> None:
    picking = _chunk("识别成功率≥99.5%，单件节拍≤3秒。")
    assert unit_unstated("能用多少年", picking)  # seconds are no years
    assert not unit_unstated("能用多少年", _chunk("设计寿命15年。"))
    assert not unit_unstated("识别率多少", picking)  # a rate, not a unit of its own


@pytest.mark.parametrize(
    ("question", "unstated", "stated"),
    [
        ("轴承能用多少小时", "最高转速达到40000 r/min，径向跳动≤2 μm。", "轴承寿命超过20000 h。"),
        ("how many hours does the stack last", "Rated power is 50 kW.", "Durability exceeds 10,000 hours."),
        ("its capacity in MW?", "年产能5000吨。", "A 10 MW/40 MWh station is planned."),
        ("装机多少兆瓦", "循环寿命≥15000次。", "已建成200 MW风电场。"),
        (
            "how many wafers a month can it package",
            "RDL line width 2 µm.",
            "Capacity is 5,000 wafers per month.",
        ),
        ("一年能卖多少台", "精度±0.005 mm。", "已累计销售，年产300台。"),
        ("how much does it cost per mu to build one", "Saves 40% of heating cost.", "造价约8万元/亩。"),
        ("射频芯片用什么工艺节点", "RDL线宽/线距≤5 μm/5 μm。", "芯片采用55 nm工艺。"),
    ],
)
def test_hours_a_power_a_rate_per_period_or_area_asked_in_their_unit(
    question: str, unstated: str, stated: str
) -> None:
    assert unit_unstated(question, _chunk(unstated))
    assert not unit_unstated(question, _chunk(stated))


def test_a_question_in_no_unit_of_its_own_is_never_unstated_by_these() -> None:
    for question in ("最高转速", "how long is the warranty", "what capacity do they need", "亩产多少"):
        assert not unit_unstated(question, _chunk("A line of 5000 t/a was built in 2020."))


@pytest.mark.parametrize(
    ("question", "text", "sentence"),
    [
        (
            "厚度范围",
            "Sheet up to 1,200 mm wide and 1.0-6.0 mm thick. Cost is 40% lower.",
            "1.0-6.0 mm thick",
        ),
        ("case depth", "Raceways get a 4-6 mm case depth. Life error is below 15%.", "4-6 mm case depth"),
        (
            "power density?",
            "铂载量降至0.3 mg/cm²，峰值功率密度达到1.2 W/cm²。单线年产能10万片。",
            "1.2 W/cm²",
        ),
        ("durability", "铂载量降至0.3 mg/cm²。膜电极已通过3000小时车用工况耐久测试。", "3000小时"),
        ("capacity per line", "铂载量降至0.3 mg/cm²。单线年产能10万片，批次一致性偏差<3%。", "10万片"),
        (
            "how many sizes",
            "Torque density is 60 N·m/kg. Five sizes from 20 N·m to 300 N·m are available.",
            "Five sizes",
        ),
        ("IC50?", "对野生型KRAS选择性>100倍。细胞水平IC50<10 nM。", "IC50<10 nM"),
    ],
)
def test_a_measure_named_in_a_word_or_two_is_the_sentence_stating_it(
    question: str, text: str, sentence: str
) -> None:
    found = measure_sentence(question, _chunk(text))
    assert found is not None and sentence in found


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("any magnsium events coming up", ["magnesium_materials"]),
        ("agricultre stuff", ["modern_agriculture"]),
        ("hydrogel wound dressing", []),  # another word, not hydrogen mistyped
        ("bio events?", ["biomedicine"]),
        ("biology", []),
    ],
)
def test_a_field_s_word_mistyped_or_shortened(text: str, fields: list[str]) -> None:
    assert fields_in(text) == fields


def test_a_word_the_record_writes_with_a_hyphen_is_found_unhyphenated() -> None:
    text = "The magnesium sulphite by-product is oxidised into magnesium sulphate. Registration is open."
    assert kindred_words("what happens to the byproduct", text) == "by-product"
    assert kindred_words("registered yet?", text) == "registration"
    assert kindred_words("price?", text) == ""
