"""The words of a question about one detail of a record (conversation/detail_text.py)."""

from __future__ import annotations

import pytest

from bot.conversation.detail_text import (
    asks_detail,
    asks_quantity,
    figure,
    has_number,
    wants_demand,
)
from bot.conversation.owner_names import owner_core, owner_named_in


@pytest.mark.parametrize(
    "message",
    [
        "钠电正极比容量多少",
        "what catalyst does the methanol process use?",
        "vibrating screen throughput?",
        "大连氢能对接会发布多少项成果",  # a figure of the event, not a count of listings
    ],
)
def test_a_detail_is_asked(message: str) -> None:
    assert asks_detail(message)


@pytest.mark.parametrize(
    "message",
    [
        "有哪些储氢技术",  # a set
        "any hydrogen storage tech?",
        "is there a technology for coal-free greenhouses?",
        "我们厂想上焊接机器人，有技术吗",  # the user's own need
        "介绍一下那个钠电正极材料",  # the record itself
        "辽宁科技创新条例第十条说了什么",  # a regulation
        "东北大学有几项成果",  # a count of listings
        "how many technologies does DUT offer?",
        "沈阳明年有几场对接会",
        "沈阳有企业在找机床热误差补偿的技术吗",  # other enterprises' needs: the demands listed
        "有没有公司需要镁基储氢材料",
    ],
)
def test_a_set_a_need_a_description_or_a_document_is_no_detail(message: str) -> None:
    assert not asks_detail(message)


def test_a_requirement_is_a_demands_and_a_quantity_wants_a_figure() -> None:
    assert wants_demand("定位精度要求多少") and wants_demand("what spindle speed does the demand need?")
    assert not wants_demand("定位精度多少")
    assert asks_quantity("比容量多少") and asks_quantity("MTBF of the CNC system?")
    assert has_number("Four workstations are planned.") and has_number("计划上三台工作站")
    assert not has_number("一对一洽谈")


@pytest.mark.parametrize(
    ("sentence", "asked", "expected"),
    [
        ("A cathode delivers 145 mAh/g at 0.1C.", "delivers", "145 mAh/g"),
        ("with a 10:1 aspect ratio, with plating times 30% shorter", "aspect ratio", "10:1"),
        ("positioning accuracy of 0.005 mm and repeatability of 0.003 mm", "repeatability", "0.003 mm"),
        ("每吨砖可减少原生镁砂消耗约0.55吨。", "virgin magnesia", "约0.55吨"),  # its only figure
        ("RDL线宽/线距≤5 μm/5 μm，封装翘曲可控", "线宽", "≤5 μm/5 μm"),
    ],
)
def test_the_figure_nearest_what_is_asked_leads(sentence: str, asked: str, expected: str) -> None:
    assert figure(sentence, asked) == expected


def test_no_figure_is_guessed_among_several_when_nothing_asked_is_there() -> None:
    assert figure("It reaches 6.2 wt% and absorbs 90% within 5 minutes.", "储氢量") is None


@pytest.mark.parametrize(
    ("owner", "core"),
    [
        ("盘锦辽河精细化工有限公司（示例）", "盘锦辽河精细化工"),
        ("鞍山钢铁集团", "鞍山钢铁"),
        ("辽宁华锦股份有限公司 (sample)", "辽宁华锦"),
        ("大连理工大学", "大连理工大学"),
        ("Anshan Hengtai Co., Ltd.", "Anshan Hengtai"),
        ("Dalian Haiyue Precision Machinery Co.,Ltd", "Dalian Haiyue Precision Machinery"),
        ("Shenyang Robotics Inc.  (sample)", "Shenyang Robotics"),
        ("DUT, Ltd", ""),  # too short to name anyone once its suffix is gone
    ],
)
def test_the_owner_core_drops_the_company_suffixes(owner: str, core: str) -> None:
    assert owner_core(owner) == core


def test_an_owner_is_named_whole_or_by_its_short_form() -> None:
    assert owner_named_in("海城华镁的需求", "海城华镁耐火材料")  # the first four characters
    assert owner_named_in("海跃精密有什么需求", "大连海跃精密机械")  # the four after its city
    assert not owner_named_in("海城有什么需求", "海城华镁耐火材料")
    assert not owner_named_in("华镁耐火有需求吗", "海城华镁")  # a four-character name is named whole only
    assert owner_named_in("anshan hengtai needs?", "Anshan Hengtai Steel")
