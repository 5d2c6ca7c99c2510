"""A record named by its title (no list before it), several attributes asked at once, and the owner
asked in everyday words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.conversation.attributes import (
    asked_attribute,
    asked_attributes,
    attributes_answer,
    states,
    states_fully,
)
from bot.conversation.named import _titles, asks_two, named_record, names_a_document, wanted_kind
from retrieval.catalog import RecordView
from retrieval.types import Chunk


def _record(doc: str, kind: str, title: str, **meta: Any) -> RecordView:
    return RecordView(Chunk(f"{doc}#0", doc, 0, title, kind, title, "en", meta=meta))


DALIAN = {"institution": "Dalian University", "city": "dalian"}
JINZHOU = {"institution": "Jinzhou Institute", "city": "jinzhou"}
FOUNDRY = {"enterprise": "Tieling Foundry Co., Ltd.", "city": "tieling", "budget": "CNY 2 million"} | {
    "deadline": "2027-05-31"
}
RECORDS = [
    _record("a1", "achievement", "Perovskite tandem solar cell module", **DALIAN),
    _record("a2", "achievement", "Silicon solar cell recycling line", **JINZHOU),
    _record("a3", "achievement", "Perovskite quantum dot display film", **JINZHOU),
    _record("d1", "demand", "Grinding robots for castings", **FOUNDRY),
]


def test_a_record_is_named_by_rare_title_words_or_one_word_and_its_owner() -> None:
    assert named_record("what stage is the perovskite tandem module at?", [], RECORDS) == RECORDS[0]
    # one title word only: not enough alone, enough with the owner named
    assert named_record("who owns the quantum dot film?", [], RECORDS) == RECORDS[2]
    assert named_record("the recycling one from jinzhou institute?", [], RECORDS) == RECORDS[1]
    assert named_record("is the recycling one licensed?", [], RECORDS) is None
    # "solar cell" is in two titles alike: nothing is named clearly; "perovskite" tells one of them apart
    assert named_record("what about the solar cell?", [], RECORDS) is None
    assert named_record("the perovskite solar cell?", [], RECORDS) == RECORDS[0]
    # "robots" and "robot" are one word; the city counts like the owner
    assert named_record("tieling grinding robot demand: budget?", [], RECORDS) == RECORDS[3]


def test_what_is_not_about_one_record() -> None:
    assert names_a_document("what does article 12 of the law say about the perovskite module?")
    assert names_a_document("upcoming events about solar cells?")
    # a law by its short name names no event ("转化法" is not the "Transformation ... Meeting")
    assert names_a_document("那国家的转化法呢 什么时候施行的") and not names_a_document("这个方法成熟吗")
    assert asks_two("who developed the display film, and how bright is it?")
    assert asks_two("量子点膜是哪家研发的？亮度多少？")
    assert not asks_two("budget and deadline of the grinding robot demand?")
    assert wanted_kind("the casting demand") == "demand" and wanted_kind("that tech") == "achievement"


def test_several_attributes_are_answered_together() -> None:
    asked = asked_attributes("budget and deadline of the grinding robot demand?", "demand")
    assert asked == ["deadline", "budget"]
    text = attributes_answer(RECORDS[3], asked, "en", dt.date(2026, 12, 6))
    assert "2027-05-31" in text and "CNY 2 million" in text
    # an event's registration text answers its deadline and fee: asked once
    assert asked_attributes("what's the fee and the deadline to sign up?", "event") == ["deadline"]


def test_the_owner_asked_in_everyday_words() -> None:
    for message in ("who's behind this one?", "who built it?", "这个项目背后是哪家单位"):
        assert asked_attribute(message, "achievement") == "owner", message
    text = attributes_answer(RECORDS[3], ["owner"], "en", dt.date(2026, 12, 6))
    assert text == '"Grinding robots for castings" is posted by Tieling Foundry Co., Ltd..'


def test_a_new_listing_is_indexed_anew_and_scoring_only_its_holders_names_what_scoring_all_did() -> None:
    """The title index is kept for the listing last asked about (named.py `_titles`): another listing
    is indexed again, and the records that hold none of the message's words change nothing."""
    assert named_record("the perovskite solar cell?", [], RECORDS) == RECORDS[0]
    others = [_record("a9", "achievement", "Perovskite solar cell pilot line", **DALIAN), *RECORDS[1:]]
    assert named_record("the perovskite solar cell?", [], others) == others[0]  # not the last listing's
    many = RECORDS + [_record(f"x{i}", "achievement", f"Unrelated gadget number {i}") for i in range(50)]
    assert named_record("the perovskite solar cell?", [], many) == RECORDS[0]
    assert named_record("what about the solar cell?", [], many) is None


def test_listings_asked_in_turn_are_each_indexed_once() -> None:
    """One kind's records and every kind's, asked alternately, keep their own title index."""
    one, every = RECORDS[:2], RECORDS
    first = _titles(one)
    assert _titles(every) is not first and _titles(one) is first and _titles(every) is _titles(every)
    edited = [_record(RECORDS[0].id, "achievement", "Sodium battery cathode", **DALIAN), *RECORDS[1:2]]
    assert _titles(edited) is not first  # the same ids, a title changed: indexed anew


def test_a_technology_s_price_is_never_listed_and_who_to_ask_is_said() -> None:
    for message in ("第一个多少钱", "转让费多少", "how much does the license cost?", "what's the price?"):
        assert asked_attributes(message, "achievement") == ["price"], message
    record = _record("a9", "achievement", "Flow battery stack", contact="tto@example.edu")
    text = attributes_answer(record, ["price"], "en", dt.date(2026, 12, 6))
    assert "does not state a price" in text and "tto@example.edu" in text
    assert asked_attributes("预算多少钱", "demand") == ["budget"]  # a demand's money is its budget


def test_a_venue_recorded_as_only_its_city_and_a_patent_application_number_are_not_stated() -> None:
    today = dt.date(2026, 12, 6)
    meeting = _record("e1", "event", "2018 Shenyang Joint Meeting", city="shenyang",
                      venue="Shenyang (venue not named in the source)", start_date="2018-05-28")  # fmt: skip
    hall = _record("e2", "event", "Dalian Hydrogen Conference", city="dalian", venue="Dalian Expo Center")
    # the city is told, but the hall asked for is not: the question stays unanswered (kept for staff);
    # "where was it held?" is answered by the city
    which_hall = "2018年沈阳那个会具体在哪个会场开的"
    assert states(meeting, "venue", "en", today)
    assert not states_fully(meeting, "venue", "en", today, which_hall)
    assert states_fully(meeting, "venue", "en", today, "2018年沈阳那个会在哪开的")
    assert states_fully(hall, "venue", "en", today, which_hall)
    assert asked_attributes("KRAS候选药物的专利申请号是多少", "achievement") == ["patent_number"]
    assert asked_attributes("what's the patent application number?", "achievement") == ["patent_number"]


def test_an_owner_named_in_the_other_language_tells_two_records_alike_apart() -> None:
    neu = {"institution": "Northeastern University", "city": "shenyang"}
    records = [
        _record("a1", "achievement", "Layered oxide cathode material", **neu),
        _record("d1", "demand", "Cathode material for storage cells", enterprise="Jinzhou Co."),
        _record("a2", "achievement", "碱性水电解制氢电极", institution="东北大学", city="shenyang"),
    ]
    message = "东北大学那个钠离子正极材料转让价格是多少"
    translations = ["cathode material"]
    pairs = {"northeastern university": ["东北大学", "university"], "东北大学": ["Northeastern University"]}
    assert named_record(message, translations, records) is None  # the titles alone tie
    assert named_record(message, translations, records, lambda o: pairs.get(o, [])) == records[0]
    # the glossary's name for the message's owner names it as well
    assert named_record(message, ["northeastern university", *translations], records) == records[0]
    # a word of the name ("university") is no other owner's name: it names no owner
    generic = ["university"]
    assert named_record(message, generic + translations, records, lambda o: generic) is None


def test_what_no_listing_field_holds_is_not_stated_unless_its_prose_says_it() -> None:
    today = dt.date(2026, 12, 6)
    asked = {
        "payback period for the flow battery stack?": "payback",
        "what's the warranty on it": "warranty",
        "辽宁大学铁铬液流电池项目的负责人叫什么": "lead",
        "那个耐盐碱粳稻新品种叫什么名字": "product_name",
        "What's the product name of the five-axis CNC system": "product_name",
    }
    for message, attribute in asked.items():
        assert asked_attributes(message, "achievement") == [attribute], message
    silent = _record("a9", "achievement", "Flow battery stack")
    assert not states(silent, "payback", "en", today)
    assert "does not state a payback period" in attributes_answer(silent, ["payback"], "en", today)
    text = "Flow battery stack. Payback takes about 4 years."
    said = RecordView(Chunk("a8#0", "a8", 0, text, "achievement", "Flow battery stack", "en", meta={}))
    assert states(said, "payback", "en", today)
    assert attributes_answer(said, ["payback"], "en", today) == "Payback takes about 4 years."


def test_a_contact_person_s_name_or_a_wechat_id_is_not_the_address_listed() -> None:
    today = dt.date(2026, 12, 6)
    office = _record("a7", "achievement", "MgH2 storage tank", contact="tto@example.edu / 024-0000-0104")
    named = _record("a6", "achievement", "Grinding robot", contact="Mr. Liu / liu@example.com")
    message = "What's the name of the person to contact about the MgH2 tank?"
    assert asked_attributes(message, "achievement") == ["contact_person"]
    assert asked_attributes("丹东绿野合作社联系人的微信号是多少", "demand") == ["wechat"]
    assert asked_attributes("who do I contact about it?", "achievement") == ["contact"]
    # the office's address is given, yet the name asked is not stated (kept for staff)
    text = attributes_answer(office, ["contact_person"], "en", today)
    assert "does not state a contact person's name" in text and "tto@example.edu" in text
    assert not states(office, "contact_person", "en", today)
    assert states(named, "contact_person", "en", today)
    assert not states(RECORDS[3], "wechat", "en", today)  # an enterprise's contact stays with staff


def test_an_extension_or_accommodation_is_asked_as_such_not_the_deadline_or_venue() -> None:
    today = dt.date(2026, 12, 6)
    assert asked_attributes("鞍山恒通钢结构的焊接机器人需求截止后会延期吗", "demand") == ["extension"]
    assert asked_attributes("Which hotel do you recommend near the venue?", "event") == ["accommodation"]
    assert asked_attributes("will the conference be postponed?", "event") == ["extension"]
    assert not states(RECORDS[3], "extension", "en", today)
    assert "does not state an extension" in attributes_answer(RECORDS[3], ["extension"], "en", today)


def test_one_thing_named_in_several_words_or_both_languages_weighs_once() -> None:
    """ "8寸碳化硅单晶是谁做的": the MOSFET's title holds 碳化硅 in three words and "SiC" beside it, the
    crystal's title holds 碳化硅 as "silicon carbide" and 单晶 as "single crystal": two things named
    against one, so the crystal is the record named."""
    records = [
        _record("a1", "achievement", "1200 V碳化硅(SiC) MOSFET功率器件", institution="DUT"),
        _record("a2", "achievement", "Low-defect silicon carbide single crystal growth", institution="IMR"),
        _record("a3", "achievement", "Nickel-based single-crystal superalloy blades", institution="IMR"),
        _record("a4", "achievement", "SiC MOSFETs for inverters", institution="Tieling"),
    ]
    pairs = {"碳化硅": ["silicon carbide", "sic"], "单晶": ["single crystal"]}
    pairs |= {"silicon carbide": ["碳化硅"], "sic": ["碳化硅"], "single crystal": ["单晶"]}

    def forms(term: str) -> list[str]:
        return pairs.get(term.lower(), [])

    message = "8寸碳化硅单晶是谁做的"
    translations = ["silicon carbide", "sic", "single crystal"]
    assert named_record(message, translations, records, forms) == records[1]
    # the MOSFET named alone by its own words is still the MOSFET
    mosfet = "碳化硅MOSFET功率器件是谁做的"
    assert named_record(mosfet, ["silicon carbide", "sic"], records, forms) == records[0]
