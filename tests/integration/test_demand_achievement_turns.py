"""A conversation that moves between an enterprise's demand and a technology, on the shipped corpus:
whether the technology meets the requirement (both figures, each cited), the demand asked of again by
its company or its budget once the technology is in focus, and how the enterprise wants to cooperate."""

from __future__ import annotations

from bot.services import Services
from tests.support.dialogues import ask_in_turn


def test_a_technology_beside_the_demand_it_may_meet(shared_corpus_services: Services) -> None:
    answers = ask_in_turn(
        shared_corpus_services,
        "镁合金压铸有啥技术",
        "辽阳有家做镁合金压铸件的企业找技术，它满足他们要求吗",
        "那家企业预算多少",
        "他们想怎么合作",
    )
    (fit, fit_ok), (budget, _), (cooperation, _) = answers[1:]
    assert fit_ok and "250 MPa" in fit and "260 MPa" in fit  # the requirement, and the figure
    assert "200万元" in budget  # the enterprise's, not "the technology states no budget"
    assert "联合开发" in cooperation and "技术入股" in cooperation  # the demand's words, not Article 40


def test_the_measure_asked_before_is_the_one_compared(shared_corpus_services: Services) -> None:
    answers = ask_in_turn(
        shared_corpus_services, "朝阳那个风电配套储能需求规模多大", "循环寿命要求多少", "大化所那个全钒满足吗"
    )
    fit, answered = answers[-1]
    assert answered and "15000次" in fit and "20000次" in fit


def test_a_demand_remembered_is_asked_by_its_company(shared_corpus_services: Services) -> None:
    answers = ask_in_turn(
        shared_corpus_services,
        "Dalian Haiyue wants five-axis machines right? what positioning accuracy do they need",
        "is there an achievement that fits",
        "how many units built so far",
        "whats Haiyue's budget",
    )
    budget, answered = answers[-1]
    assert answered and "CNY 6 million" in budget


def test_an_owner_named_meets_the_requirement_in_focus(shared_corpus_services: Services) -> None:
    answers = ask_in_turn(
        shared_corpus_services,
        "Tieling inverter maker wants SiC - what voltage",
        "on-resistance requirement",
        "does DUT's device meet that",
    )
    fit, answered = answers[-1]
    assert answered and "4 mΩ·cm²" in fit and "3.5 mΩ·cm²" in fit


def test_a_technology_offered_by_licence_only(shared_corpus_services: Services) -> None:
    answers = ask_in_turn(
        shared_corpus_services,
        "the magnesium sulphate cement from Shenyang Jianzhu - strength?",
        "can we co-develop it with them",
    )
    modes, answered = answers[-1]
    assert answered and "license" in modes and "joint" not in modes


def test_a_city_with_no_listings_then_its_demands(shared_corpus_services: Services) -> None:
    answers = ask_in_turn(
        shared_corpus_services, "那阜新的成果呢", "那盘锦的呢", "盘锦的企业需求呢", "预算多少"
    )
    (_, answered), (demands, _), (budget, _) = answers[1:]
    assert not answered  # Panjin has no achievements: not every listing instead
    assert "硝化" in demands  # its demands, not those of the record listed before
    assert "800万元" in budget


def test_counts_asked_after_a_count_of_our_listings(shared_corpus_services: Services) -> None:
    answers = ask_in_turn(
        shared_corpus_services,
        "how many technology achievements do u have in total",
        "how many are from DUT",
        "and how many enterprise demands",
    )
    (dut, dut_ok), (demands, demands_ok) = answers[1:]
    assert dut_ok and " 8 " in dut  # counted among our listings, not looked for in the news
    assert demands_ok and " 24 " in demands  # all demands, not those the first achievement may meet


def test_a_demand_named_by_its_city_and_what_the_company_is(shared_corpus_services: Services) -> None:
    answers = ask_in_turn(
        shared_corpus_services, "本溪那个药企想引进啥项目", "有匹配的成果吗", "IC50多少", "药企那边预算多少"
    )
    (wanted, ok), (matched, _), (ic50, _), (budget, _) = answers
    assert ok and "KRAS" in wanted and "EGFR" in wanted  # the pharmaceutical company's, not the carmaker's
    assert "沈阳药科大学" in matched and "10 nM" in ic50
    assert "1000万元" in budget  # the company's, asked with the candidate drug in focus


def test_a_described_demand_beside_a_technology_named_by_its_owner(shared_corpus_services: Services) -> None:
    answers = ask_in_turn(
        shared_corpus_services,
        "鞍山有个选矿厂要预测性维护平台，沈自所那个准确率够吗",
        "SIA的平台接入过多少台",
    )
    (fit, ok), (units, _) = answers
    assert ok and "90%" in fit and "92%" in fit
    assert "3000余台" in units  # SIA's platform, named by its acronym beside the demand in focus


def test_a_technology_asked_for_a_demand_and_a_company_asked_for_a_technology(
    shared_corpus_services: Services,
) -> None:
    answers = ask_in_turn(
        shared_corpus_services, "听说丹东有个合作社要建冬天不烧煤的大棚？", "推荐个能用的技术"
    )
    assert "Shenyang Agricultural University" in answers[1][0]
    answers = ask_in_turn(
        shared_corpus_services,
        "any tech to cut power use in fused magnesia arc furnaces?",
        "theres a Dashiqiao company asking for exactly this right? whats their budget",
    )
    assert "CNY 5 million" in answers[1][0]


def test_a_deadline_asked_with_technologies_in_focus_is_the_demands(shared_corpus_services: Services) -> None:
    answers = ask_in_turn(
        shared_corpus_services, "丹东有什么企业需求", "有能匹配的成果吗", "它的截止日期是哪天"
    )
    deadline, answered = answers[-1]
    assert answered and "2026-12-31" in deadline and "Coal-free winter greenhouses" in deadline
