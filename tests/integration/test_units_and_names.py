"""Figures asked in a unit the record never states, the article headed with what is asked, and a rare name
asked about by itself, on the shipped corpus as strangers type them: "轴承能用多少小时" of a spindle whose
listing gives speeds and accuracies, "what are the ways to commercialise an achievement" (Article 16, not the
article on inventors that also says "commercialize"), "article no?" after it, "Linglong No. 1"."""

from __future__ import annotations

from bot.services import Services


def _talk(services: Services, session: str, *messages: str) -> list[tuple[bool, str]]:
    replies = [services.chat.answer(m, session_id=session) for m in messages]
    return [(r.answered, r.answer) for r in replies]


def test_a_figure_in_a_unit_the_record_does_not_state_is_declined(corpus_services: Services) -> None:
    listed, speed, hours = _talk(
        corpus_services, "units-spindle", "高速电主轴方面有啥成果", "最高转速", "轴承能用多少小时"
    )
    assert listed[0] and speed[0] and "40000" in speed[1]
    assert not hours[0] and "没有写明" in hours[1]


def test_the_kinds_asked_are_the_article_headed_so_and_its_number_follows(corpus_services: Services) -> None:
    ways, number = _talk(
        corpus_services,
        "units-ways",
        "what are the ways to commercialize an achievement under the national law",
        "article no?",
    )
    assert ways[0] and ways[1].startswith("Article 16 ") and "licensing" in ways[1]
    assert number[0] and number[1].startswith("Article 16 is from the Law")


def test_a_rare_name_asked_about_by_itself_is_answered_and_more_asked_of_it_is_not(
    corpus_services: Services,
) -> None:
    (linglong,) = _talk(corpus_services, "units-linglong", "whats the Linglong No. 1 thing in the news")
    assert linglong[0] and "Dalian Nuclear Power" in linglong[1]
    (phone,) = _talk(corpus_services, "units-phone", "what's Chen Dongsheng's phone number")
    assert not phone[0]


def test_a_process_node_is_found_by_its_unit_beside_another_figure_asked(corpus_services: Services) -> None:
    (node,) = _talk(corpus_services, "units-node", "what process node is the NEU riscv mcu")
    assert node[0] and "55 nm" in node[1]
    (both,) = _talk(corpus_services, "units-both", "东大RISC-V电机控制MCU主频多少，用的几纳米工艺")
    assert both[0] and "200 MHz" in both[1] and "55 nm" in both[1]
