"""A value asked is answered by a sentence that states one of its kind, in either language, not by one
that holds only other numbers (bot/chat/value_types.py)."""

from __future__ import annotations

import pytest

from bot.chat.value_types import asked_kinds, missing_kind, unstated
from bot.conversation.draft import Draft

REACTOR = "The province delivered the core module of the Linglong No. 1 reactor to Dalian Nuclear Power."
INVESTED = "These projects alone account for a total investment of 1.08 billion yuan."
STACK = "单电堆额定功率达到70 kW，在200 mA/cm²工作电流密度下能量效率≥80%。"
NITRATION = "需求微通道反应器连续硝化成套技术，持液量小、收率不低于现有工艺，年产能5000吨。"
CATHODE = "The material must be stable in air during production and cost less than CNY 40,000 per tonne."


@pytest.mark.parametrize(
    ("question", "texts", "missing"),
    [
        # a sum of money
        ("how much did the Linglong reactor cost according to the 2023 report", [REACTOR], "money"),
        ("镁峰会上签约金额多少", ["More than 400 experts gathered."], "money"),
        ("预研项目总投资多少", [REACTOR, INVESTED], None),
        ("制氢成本多少", ["制氢成本约1.2元/Nm³。"], None),
        ("what was the total investment?", ["deals worth 10.8 billion were signed"], None),
        ("what's the exam fee for technology managers", ["Training is part of talent programmes."], "money"),
        ("what's the entry fee", ["Admission is free."], None),
        # how a price is set, or no money asked: nothing to hold
        ("国家设立的高校转让成果 价格怎么定", [REACTOR], None),
        ("how many experts came?", ["More than 400 experts gathered."], None),
        # a sum the question gives is not its answer, in either language
        ("Of the 60 million yuan project, how much is for the stacks?", ["6000万元（项目总投资）"], "money"),
        ("Of the 60 million yuan project, how much is for the stacks?", ["电堆约2000万元。"], None),
        # a price per unit is not a total budget
        ("全钒液流储能每千瓦时造价多少", ["6000万元（项目总投资）"], "unit_price"),
        ("钠电正极材料每吨成本要求多少", [CATHODE], None),
        ("五轴加工中心卖多少钱一台", ["预算：80万元。"], "unit_price"),
        ("一台多少钱", ["每台售价约120万元。"], None),
        # a share, a power, a temperature, an output, an address
        ("硝化的收率是多少", [NITRATION], "percent"),
        ("what's the stack's energy efficiency share? what percentage", [STACK], None),
        ("Linglong One reactor - what's its power output", [REACTOR], "power"),
        ("大化所电堆额定功率是多少kw", [STACK], None),
        ("识别成功率多少", ["识别成功率≥99.5%。"], None),  # 成功率 asks no power
        ("does the sodium-ion cathode work at -40C", [CATHODE], "temperature"),
        ("does it work from -30 °C", ["It works from -30 °C to 55 °C."], None),
        ("what is the annual output of the dye plants", ["母液循环套用率达90%。"], "output"),
        ("硝化需求的年产能多少", [NITRATION], None),
        ("address of the service center?", ["Article 29 Platforms for industrialization."], "address"),
        ("服务中心地址", ["地址：沈阳市和平区三好街96号。"], None),
        # how many came: a count of attendees in digits, not the speakers named
        ("辽阳菱镁推介会一共来了多少人", ["It invited four distinguished experts."], "attendance"),
        ("how many people came to the summit", ["More than 400 experts gathered."], None),
        ("how many people per company can go", ["Two per company."], None),  # a quota, not attendance
        # a patent's number, a down payment, an attendance fee
        ("东大钠离子正极的专利号是多少", ["3 granted invention patents."], "patent_number"),
        ("许可的话首付多少", ["转化方式：许可、合作开发。"], "money"),
        ("matchmaking - attendance fee?", ["Register online by 2027-03-01."], "money"),
        # when: asked, not a conjunction
        ("when does construction of the storage station start", ["要求储能时长4小时以上。"], "date"),
        ("条例什么时候施行的", ["自2021年10月1日起施行。"], None),
        ("储能电站啥时候开工", ["公司拟在朝阳建设10 MW/40 MWh风电配套储能电站。"], "date"),
        # which plants: a kind of plant is no name of one
        ("which plants exactly?", ["It runs on 6 flue-gas lines at steel and power plants."], "organisation"),
        ("who keeps the income when a university licenses it?", ["It stays with the unit."], None),
    ],
)
def test_the_kind_of_value_asked(question: str, texts: list[str], missing: str | None) -> None:
    kind = missing_kind(question, texts)
    assert (kind.name if kind else None) == missing


def test_a_unit_price_is_not_also_asked_as_a_sum() -> None:
    assert [k.name for k in asked_kinds("每吨价格多少钱")] == ["unit_price"]


def test_a_draft_without_the_value_is_declined_with_what_it_holds() -> None:
    draft = Draft(f"根据知识库中的资料：\n{NITRATION} [1]", [], True)
    declined = unstated("盘锦辽河精细化工现在硝化的收率是多少", "zh", draft)
    assert declined is not None and not declined.answered
    assert declined.text.startswith("知识库中的资料没有写明比例") and NITRATION in declined.text
    assert "根据知识库中的资料" not in declined.text
    assert unstated("硝化需求的年产能多少", "zh", draft) is None
