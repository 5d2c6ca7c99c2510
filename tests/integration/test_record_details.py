"""A detail of one record the message names, with the shipped model and corpus (conversation/
record_details.py): the record named across languages, the requirement of a demand against the
performance of an achievement, the figure led with, what the record does not state, and the questions that
stay with the listings and the news. The questions are written for these tests, not taken from evals/."""

from __future__ import annotations

import pytest

from bot.services import Services


def _details(services: Services, message: str, lang: str):  # type: ignore[no-untyped-def]
    details = services.chat.followups.details
    assert details is not None
    return details.answer(message, lang)


@pytest.mark.parametrize(
    ("question", "lang", "doc_id", "fact"),
    [
        # a Chinese question about an English record, by a Chinese compound of its title
        ("层状氧化物钠电正极循环3000次后容量还剩多少", "zh", "ach-sodium-ion-cathode", "88%"),
        # an English question about a Chinese record
        (
            "how many minutes ahead does the battery thermal runaway early warning alert?",
            "en",
            "ach-battery-thermal-runaway-warning",
            "8—15分钟",
        ),
        # a requirement asked: the enterprise's demand, not the machine builder's achievement
        ("海跃精密的五轴加工中心需求主轴转速要求多少", "zh", "dem-dalian-five-axis-machining", "20,000 rpm"),
        # a performance asked of the same kind of machine: the achievement
        ("大工的五轴立式加工中心重复定位精度多少", "zh", "ach-five-axis-machining-centre", "0.003 mm"),
        # a budget asked without naming the kind: the record that states one (a demand), by its owner
        ("海城华镁的尾矿项目预算是多少", "zh", "dem-haicheng-tailings-utilization", "300万元"),
        # a name asked ("用的什么工艺"), not a number
        ("RISC-V电机控制芯片用的什么工艺", "zh", "ach-riscv-motor-control-mcu", "55 nm"),
        # named by an abbreviation its title spells out ("BMS": "Battery management system") beside
        # another word, though the search ranks it low: 误差 finds thermal-error records first
        ("锦州那个BMS SOC估算误差多少", "zh", "ach-bms-soc-estimation", "2%"),
        # named by one term of two words that no other title holds, and a measure the record states
        ("large vibrating screen throughput?", "en", "ach-large-vibrating-screen", "3000 t/h"),
        # named by glossary terms of the other language; the figure in the measure's units
        ("nanocrystalline ribbon saturation flux density?", "en", "ach-amorphous-alloy-ribbon", "1.25 T"),
    ],
)
def test_the_sentence_of_the_named_record_answers(
    shared_corpus_services: Services, question: str, lang: str, doc_id: str, fact: str
) -> None:
    draft = _details(shared_corpus_services, question, lang)
    assert draft is not None and draft.answered
    assert [c.doc_id for c in draft.citations] == [doc_id]
    assert fact in draft.text
    assert len(draft.text) < 500  # a sentence and the record's line, not the whole record


def test_the_answer_leads_with_the_figure(shared_corpus_services: Services) -> None:
    question = "how many key machines does Anshan Hengtai's concentrator run?"
    draft = _details(shared_corpus_services, question, "en")
    assert draft is not None and draft.text.startswith("500余台")


def test_a_detail_the_record_does_not_state_is_said_to_be_missing(shared_corpus_services: Services) -> None:
    draft = _details(shared_corpus_services, "全钒液流电池电堆质保几年", "zh")
    assert draft is not None and not draft.answered
    assert "没有写明" in draft.text and "质保" in draft.text
    assert [c.doc_id for c in draft.citations] == ["ach-vanadium-flow-battery-stack"]


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("有哪些钠离子电池的技术", "zh"),  # a set of records: the listing answers
        ("are there any sodium-ion battery technologies?", "en"),
        ("2024年辽阳菱镁大会有多少人参加", "zh"),  # a past event: the news tells what happened there
        ("2025年辽阳菱镁对接会有多少家企业参加", "zh"),  # a year no record of that name has
        ("我们想建冬天不烧煤的大棚，要多少投资", "zh"),  # the user's own need: matched, not a detail
        ("辽宁去年技术合同成交额多少", "zh"),  # names no record
        # an institution named: its listings, not an event in its city that a word names
        ("what does Dalian University of Technology offer", "en"),
        # one word ("industry": 产业) of a record's title, and the news is what the search finds first
        (
            "Which leading enterprises did Liaoning work with to set up industry-university-research "
            "platforms in the Liaoning laboratories?",
            "en",
        ),
    ],
)
def test_questions_that_are_not_about_one_record_are_left_alone(
    shared_corpus_services: Services, question: str, lang: str
) -> None:
    assert _details(shared_corpus_services, question, lang) is None


def test_a_listing_question_still_gets_the_listing(shared_corpus_services: Services) -> None:
    response = shared_corpus_services.chat.answer("有哪些钠离子电池相关的成果")
    assert "ach-sodium-ion-cathode" in [c.doc_id for c in response.citations]
    assert "——出自" not in response.answer


def test_a_question_the_news_answers_is_not_taken_by_a_record_sharing_one_word(
    shared_corpus_services: Services,
) -> None:
    response = shared_corpus_services.chat.answer(
        "Which leading enterprises worked with Liaoning on industry-university-research platforms in the "
        "Liaoning laboratories?"
    )
    assert "Anshan Iron and Steel" in response.answer
    assert "对接会" not in response.answer


@pytest.mark.parametrize(
    ("question", "lang", "doc_id", "fact"),
    [
        # the owner in pinyin, and the one demand it has
        ("dalian lanhai 的需求预算多少", "zh", "dem-dalian-pem-electrolyzer", "1500万元"),
        ("大连蓝海的需求预算多少", "zh", "dem-dalian-pem-electrolyzer", "1500万元"),
        ("when does the dalian lanhai PEM stack demand close?", "en", "dem-dalian-pem-electrolyzer", "2027-"),
        # who makes it, "around here": its owner, no detail the record lacks
        ("who makes RV reducers around here?", "en", "ach-rv-reducer", "大连交通大学"),
    ],
)
def test_a_word_naming_the_record_is_not_what_it_leaves_unstated(
    shared_corpus_services: Services, question: str, lang: str, doc_id: str, fact: str
) -> None:
    draft = _details(shared_corpus_services, question, lang)
    assert draft is not None and draft.answered
    assert [c.doc_id for c in draft.citations] == [doc_id]
    assert fact in draft.text


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # the owner's place in the other language ("Haicheng": 海城华镁) names the record, asks nothing
        ("what does the Haicheng magnesite tailings demand need?", "80%"),
        # the owner's short name, of its name in the other language (营口理工学院: Yingkou Institute of
        # Technology)
        ("营口理工氧化镁脱硫的副产品是啥", "sulphate"),
    ],
)
def test_the_owner_named_is_answered_with_the_record(
    shared_corpus_services: Services, question: str, fact: str
) -> None:
    response = shared_corpus_services.chat.answer(question)
    assert fact in response.answer
    assert "does not state" not in response.answer and "没有写明" not in response.answer


def test_a_word_the_record_holds_is_not_said_to_be_missing(shared_corpus_services: Services) -> None:
    # "rated" (额定功率 70 kW): the record says something of it; the passages answer, not "not stated"
    draft = _details(shared_corpus_services, "DICP flow battery stack - what's the rated power of one?", "en")
    assert draft is None or "does not state" not in draft.text


@pytest.mark.parametrize(
    ("question", "lang"),
    [("what does the Anshan Hengtai demand need?", "en"), ("大连蓝海的需求是什么", "zh")],
)
def test_what_a_named_demand_wants_is_its_description(
    shared_corpus_services: Services, question: str, lang: str
) -> None:
    draft = _details(shared_corpus_services, question, lang)
    assert draft is not None and draft.answered and len(draft.citations) == 1
    assert draft.citations[0].kind == "demand"
    assert "≥" in draft.text  # the requirement's figures, the description in full


def test_a_question_word_without_its_apostrophe_is_no_missing_detail(
    shared_corpus_services: Services,
) -> None:
    draft = _details(shared_corpus_services, "whats the cnc system from shenyang computing institute", "en")
    assert draft is None or "does not state" not in draft.text
