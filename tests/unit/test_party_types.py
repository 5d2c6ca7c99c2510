"""Who a question asks for (bot/chat/party_types.py): an organisation other than the owner, named or placed,
and the person who leads the work; a sentence that only shares the question's words states neither."""

from __future__ import annotations

import pytest

from bot.chat.value_types import missing_kind

BEARING = "The technology has been applied with a bearing manufacturer in Wafangdian."
PARTNER = "More than 30 units have been built with a partner machine-tool company."
OWNER_EN = (
    '"Nickel-based single-crystal superalloy turbine blades" is offered by Institute of Metal Research, CAS.'
)
OWNER_ZH = "「风电场配套长时储能（液流电池）技术需求」由朝阳北疆新能源有限公司发布。"
NEWS = "Nie Bohua, Chief Engineer of Liaoning Fucheng Refractory Materials (Group) Co."


@pytest.mark.parametrize(
    ("question", "texts", "missing"),
    [
        # a partner, a customer, a plant or a site asked of a record that names none
        ("which refinery ran the pilot", ["已完成2000吨/年中试。"], "organisation"),
        ("which foundry did they use", ["已完成两轮流片和电机驱动样机验证。"], "organisation"),
        ("which company partnered with DUT to build them", [PARTNER], "organisation"),
        ("跟哪家航发企业合作过", [OWNER_EN], "organisation"),
        ("沈农温室那个保温被是哪家厂生产的", ["由丹东合作社发布。"], "organisation"),
        ("用过的那几个电站叫什么名字", ["已在辽宁3座储能电站部署应用。"], "organisation"),
        # placed by a name the question does not hold: which one it was; a name asked needs a name
        ("who did they apply it with", [BEARING], None),
        ("whats the name of the Wafangdian bearing maker", [BEARING], "organisation"),
        # a company's name answers, in either language
        ("朝阳那个储能需求是哪家公司提的", [OWNER_ZH], None),
        ("Nie Bohua works for which company?", [NEWS], None),
        # not a party: the owner's kind of name, a person of a company, demands listed
        ("2000MPa热成形钢 哪家单位的", [OWNER_EN], None),
        ("at the 2024 magnesite conference which company's chief engineer spoke", [BEARING], None),
        ("which enterprise demands are from Anshan", [BEARING], None),
        ("哪个企业需求预算最高", [BEARING], None),
        # the person who leads: a name with a title answers, the office's address does not
        ("那个院负责这个项目的老师叫啥", ["尾矿综合利用率达到85%以上。"], "lead"),
        ("what's the phone number of the spindle team leader", ["Contact: kjc@example.edu.cn"], "lead"),
        ("who leads the project", ["The team is led by Professor Wang Dexi."], None),
    ],
)
def test_the_party_asked_is_stated_or_not(question: str, texts: list[str], missing: str | None) -> None:
    kind = missing_kind(question, texts)
    assert (kind.name if kind else None) == missing
