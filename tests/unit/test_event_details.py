"""A detail of a named past event (bot/conversation/event_details.py): the event named by title words,
city, year or a short form, in either language; the sentence of the type asked, from the event's record
and its news; "the sources do not state it" where they do not; upcoming events and listings left alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bot.conversation.dialogue import DialogueState, Item
from bot.conversation.event_answer_types import answer_type, counts, organisers
from bot.conversation.event_evidence import body_sentences, reports
from bot.conversation.event_names import name_event
from bot.services import Services
from retrieval.catalog import RecordView
from retrieval.embedders import HashingEmbedder
from retrieval.types import Chunk
from tests.support.config import TODAY, make_settings

EVENTS = """
- id: event-2024-12-03-liaoyang-magnesite
  lang: en
  title: Liaoning Magnesite Industry Achievement Promotion Conference
  start_date: '2024-12-03'
  end_date: '2024-12-03'
  city: Liaoyang
  venue: Liaoyang City
  organizers:
  - Liaoyang Municipal Science and Technology Bureau
  - Boshi Low-Carbon Research Institute (co-organizer)
  topics: [magnesite industry]
  fields: [magnesium_materials]
  registration: Past event; registration is closed.
  summary: Held in Liaoyang City on December 3, 2024 to build a bridge between universities and enterprises.
  date: '2024-12-04'
  source: test
  sample: false
- id: event-2018-05-28-shenyang-meeting
  lang: en
  title: 2018 Shenyang Achievement Transformation Joint Meeting
  start_date: '2018-05-28'
  end_date: '2018-05-28'
  city: Shenyang
  venue: Shenyang
  organizers: [Shenyang Municipal Science and Technology Bureau]
  topics: [transformation]
  fields: []
  registration: Past event; registration is closed.
  summary: Thousands of technology companies, 20 investment institutions and more than 20 media took part.
  date: '2018-05-28'
  source: test
  sample: false
- id: event-2027-08-26-liaoyang-forum
  lang: en
  title: Liaoyang Magnesium Alloy Lightweighting Forum 2027
  start_date: '2027-08-26'
  end_date: '2027-08-27'
  city: Liaoyang
  venue: Liaoyang Hotel
  organizers: [Liaoyang Municipal Science and Technology Bureau]
  topics: [magnesium alloy]
  fields: [magnesium_materials]
  registration: Register by e-mail to forum@example.org before 2027-08-01; free.
  summary: Two days of talks on magnesium alloy lightweighting.
  date: '2026-10-01'
  source: test
  sample: true
"""
NEWS = """---
id: news-2024-12-04-liaoyang
kind: news
title: Achievements promoted to the magnesite industry
lang: en
date: '2024-12-04'
source: test
---
On December 3, the conference was held in Liaoyang City.

Chen Dongsheng, Director of the Service Center, attended the meeting and delivered speeches.

Attendees included representatives of enterprises based in Dalian City, Haicheng City and Anshan City.

Meanwhile, seven industry experts shared insights on industry trends and supply-chain needs.

Cooperation agreements with three universities were signed on the spot.
"""


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    root = tmp_path_factory.mktemp("events")
    knowledge = root / "knowledge"
    (knowledge / "events").mkdir(parents=True)
    (knowledge / "news").mkdir()
    (knowledge / "events" / "events.yaml").write_text(EVENTS, encoding="utf-8")
    (knowledge / "news" / "news-2024-12-04-liaoyang.md").write_text(NEWS, encoding="utf-8")
    settings = make_settings(root / "data", embedding={"provider": "hashing"}, knowledge_dir=knowledge)
    built = Services(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
    report = built.ingestor.ingest_paths([Path(knowledge)])
    assert not report.errors, report.errors
    return built


def _ask(services: Services, message: str, dialogue: DialogueState | None = None) -> Any:
    lang = "zh" if any("\u4e00" <= c <= "\u9fff" for c in message) else "en"
    return services.chat.event_details.answer(message, lang, dialogue)


def test_the_organisers_asked_of_a_past_event_are_its_records(services: Services) -> None:
    draft = _ask(services, "who co-organised the 2024 liaoyang magnesite conference?")
    assert draft.answered and "Boshi Low-Carbon Research Institute" in draft.text
    assert "Liaoyang Municipal" not in draft.text  # co-organisers, not all organisers
    assert draft.citations[0].doc_id == "event-2024-12-03-liaoyang-magnesite"
    # through the chat service: the event's detail, not a listing of Liaoyang's events
    response = services.chat.answer("who co-organised the 2024 liaoyang magnesite conference?")
    assert response.answered and "Boshi Low-Carbon Research Institute" in response.answer


def test_the_sentence_of_the_type_asked_leads_with_its_news_cited(services: Services) -> None:
    draft = _ask(services, "who gave speeches at the liaoyang magnesite conference?")
    assert draft.text.startswith('"Chen Dongsheng') and draft.answered
    assert {c.doc_id for c in draft.citations} >= {"news-2024-12-04-liaoyang"}
    # a Chinese question, English news: which places' enterprises came (two places at least)
    draft = _ask(services, "辽阳菱镁推介会有哪些地方的企业代表参加")
    assert draft is not None and "Haicheng" in draft.text and "以下引文为英文原文" in draft.text
    where = _ask(
        services, "2024年辽阳那个推介会在哪里开的"
    )  # a past event's venue: its record, not a listing
    assert where is not None and "Liaoyang City" in where.text and where.answered
    signed = _ask(services, "what got signed at the liaoyang magnesite conference?")
    assert "signed on the spot" in signed.text
    # the record's own summary answers a count; the year and city name the event
    media = _ask(services, "2018年沈阳那次大会有多少家媒体参加")
    assert "more than 20 media" in media.text


def test_a_detail_the_sources_lack_is_said_to_be_missing(services: Services) -> None:
    # no amount anywhere in the event's sources: the event and its date, and that they do not say
    for message in (
        "how much money in deals was signed at the 2024 liaoyang magnesite conference?",
        "2024年辽阳菱镁推介会签约金额是多少",
    ):
        draft = _ask(services, message)
        assert draft is not None and not draft.answered
        assert "2024-12-03" in draft.text
    # numbers are there ("seven industry experts"), none of people attending: the passages may tell
    assert _ask(services, "how many people attended the 2024 liaoyang magnesite conference?") is None
    # a number of what is counted, or none: the seven experts are no number of contracts signed
    contracts = _ask(services, "how many contracts were signed at the 2024 liaoyang magnesite conference?")
    assert contracts is not None and not contracts.answered and "seven" not in contracts.text
    experts = _ask(services, "how many industry experts spoke at the 2024 liaoyang magnesite conference?")
    assert experts is not None and experts.answered and "seven industry experts" in experts.text


def test_a_headline_is_no_sentence_of_a_source() -> None:
    text = "The Manager Attends the Shenyang Joint Meeting\n\nThe meeting was held in Shenyang today."
    chunk = Chunk("n#0", "n", 0, text, "news", "The Manager Attends the Shenyang Joint Meeting", "en")
    assert body_sentences(chunk) == ["The meeting was held in Shenyang today."]


def test_news_months_after_an_event_are_no_report_of_it() -> None:
    summit = _event(
        "e1", "International Summit of Magnesium Materials Industry Cooperation", "lanxi", "2023-03-19"
    )
    text = (
        "The province built industry-university-research cooperation platforms with international partners."
    )

    def news(date: str) -> Chunk:
        return Chunk(
            "n#0", "n", 0, text, "news", "Research platforms", "en", date=dt.date.fromisoformat(date)
        )

    assert reports(news("2023-04-13"), summit)
    assert not reports(news("2023-08-06"), summit)  # 140 days on: another story


def test_upcoming_events_listings_and_unnamed_events_are_left_alone(services: Services) -> None:
    assert _ask(services, "how do I register for the liaoyang magnesium forum 2027?") is None
    assert _ask(services, "有哪些辽阳的对接会") is None
    assert _ask(services, "2019年沈阳大会有多少人参加") is None  # no 2019 meeting
    assert _ask(services, "下周成都有对接会吗") is None
    assert _ask(services, "what is the magnesite flotation technology?") is None


def test_a_follow_up_asks_about_the_past_event_in_focus(services: Services) -> None:
    dialogue = DialogueState()
    dialogue.focus = Item("event", "event-2024-12-03-liaoyang-magnesite", "Liaoning Magnesite")
    draft = _ask(services, "谁讲话了？", dialogue)
    assert draft is not None and "Chen Dongsheng" in draft.text
    dialogue.focus = Item("event", "event-2027-08-26-liaoyang-forum", "Liaoyang Forum")
    assert _ask(services, "谁讲话了？", dialogue) is None  # not held yet


def test_a_person_at_an_event_not_named_is_found_through_the_events_news(services: Services) -> None:
    draft = _ask(services, "who is the Director of the Service Center?")
    assert draft is not None and "Chen Dongsheng" in draft.text
    assert draft.citations[0].doc_id == "event-2024-12-03-liaoyang-magnesite"
    # a regulation's author is not an event's detail; a number is asked of every statistic
    assert _ask(services, "who made the regulation on service centers?") is None
    assert _ask(services, "how many industry experts are in the Service Center?") is None


def _event(doc: str, title: str, city: str, start: str) -> RecordView:
    meta = {"city": city, "start_date": start, "end_date": start}
    return RecordView(Chunk(f"{doc}#0", doc, 0, title, "event", title, "en", meta=meta))


def test_an_event_is_named_by_title_words_city_year_or_short_form() -> None:
    events = [
        _event("e1", "International Summit of Magnesium Materials", "lanxi", "2023-03-19"),
        _event("e2", "Shenyang Achievement Transformation Joint Meeting", "shenyang", "2018-05-28"),
        _event("e3", "Liaoyang Magnesium Alloy Forum", "liaoyang", "2027-08-26"),
        _event("e4", "Magnesite Achievement Promotion Conference", "liaoyang", "2024-12-03"),
    ]
    zh = {"峰会": ["summit"], "镁": ["magnesium"]}

    def named(message: str) -> list[str]:
        found = name_event(message, events, lambda t: zh.get(t, []), dt.date(2026, 12, 6))
        return [e.record.id for e in found]

    assert named("what got signed at the mg summit in lanxi") == ["e1"]  # "mg": magnesium
    assert named("镁峰会上那个专家叫什么") == ["e1"]
    assert named("how many media took part in shenyang 2018?") == ["e2"]  # city and year, no kind word
    assert named("2019年沈阳大会有多少人参加") == []
    # a press conference is reported in the news, no event of the listings: not the 2024 conference
    assert named("2024年辽宁新闻发布会说收集了多少项成果") == []
    assert named("what did the 2024 press conference say about labs?") == []
    assert named("2024年那个推介会上谁讲话了") == ["e4"]
    assert named("the shenyang technology") == []  # no event named as one
    # the title's city counts once: both Liaoyang events are named alike by "the liaoyang event"
    assert sorted(named("who spoke at the liaoyang event?")) == ["e3", "e4"]


@pytest.mark.parametrize(
    ("question", "sentence", "held"),
    [
        ("签约金额是多少", "现场签约项目总金额达1,080.5亿元。", True),
        ("签约金额是多少", "签约金额 12 万元", True),
        ("what was the total investment?", "deals worth 10.8 billion were signed", True),
        ("what was the total investment?", "projects of 3,500 yuan each", True),
        ("签约金额是多少", "共签约120个项目，涉及1,080家企业。", False),  # numbers, but no amount
        ("预对接持续了多久", "a pre-docking over a period of 10 days", True),
        ("预对接持续了多久", "a two-week programme", True),
        ("预对接持续了多久", "为期三天的对接", True),
        ("预对接持续了多久", "a 3 - day fair", True),
        ("预对接持续了多久", "in 2019, 30 companies", False),
    ],
)
def test_a_sentence_holds_an_amount_or_a_duration(question: str, sentence: str, held: bool) -> None:
    assert answer_type(question).holds(sentence) is held


def test_answer_types_and_the_sentences_that_hold_them() -> None:
    assert answer_type("2018年沈阳大会签约金额是多少").kind == "money"
    assert not answer_type("签约金额").holds("Agreements were signed on the spot.")
    assert answer_type("辽阳菱镁会上做成果报告的教授是谁").kind == "person"
    assert answer_type("兰溪峰会有哪些外国专家").kind == "person"
    assert answer_type("辽阳菱镁推介会有哪些地方的企业代表参加").kind == "places"
    assert answer_type("预对接持续了多久").holds("a pre-docking over a period of 10 days")
    assert answer_type("who co-organised it?").co
    # "who signed there? what was signed": the thing signed answers both; "who signed it?" a person
    assert answer_type("who signed there? what was signed").kind == "signed"
    assert answer_type("大会上签了哪些协议").kind == "signed"
    assert answer_type("who signed the agreement?").kind == "person"
    listed = ["Bureau", "Institute (co-organizer)"]
    assert organisers(listed, co=True) == ["Institute (co-organizer)"]
    assert organisers(listed, co=False) == listed
    # a number counts what is asked when the thing counted follows it
    words = {"requirements", "technical"}
    assert counts("After screening, 802 companies identified 1,302 technical requirements.", words)
    assert not counts("a two-way pre-docking of technical requirements over 10 days", {"requirements"})


def test_who_or_how_many_of_an_upcoming_event_is_its_listing_or_not_yet(services: Services) -> None:
    # the listing holds no speaker: the event has not taken place, nothing is said of who will speak
    draft = _ask(services, "who are the keynote speakers at the liaoyang magnesium forum 2027?")
    assert draft is not None and not draft.answered and "2027-08-26" in draft.text
    assert "has not taken place yet" in draft.text
    # a past event in focus: a count its sources do not hold is said to be missing, not searched elsewhere
    dialogue = DialogueState()
    dialogue.focus = Item("event", "event-2024-12-03-liaoyang-magnesite", "Liaoning Magnesite")
    missing = _ask(services, "how many people attended", dialogue)
    assert missing is not None and not missing.answered and "2024-12-03" in missing.text


def test_a_number_counts_what_follows_it_in_its_own_clause_and_by_the_measure_asked() -> None:
    assert counts("共有300余家企业参加", {"企业"}, "家")
    assert not counts("发布科技成果约35项，组织装备企业开展对接", {"企业"})  # the clause ends at the comma
    assert not counts("发布20余项科技成果和30余项企业技术需求", {"企业"}, "家")  # 项 counts demands
    assert counts("对接会设成果发布、需求路演和展览洽谈三个环节", {"环节"}, "个")  # a Chinese numeral


def test_how_many_of_an_upcoming_event_is_a_number_of_that_or_not_yet(services: Services) -> None:
    # "Two days of talks" is a number, of days: it tells no number of companies
    draft = _ask(services, "how many companies will attend the liaoyang magnesium forum 2027?")
    assert draft is not None and not draft.answered and "has not taken place yet" in draft.text
    # asked as of now ("so far"), of the Liaoyang event still to come, not the one held in 2024
    draft = _ask(services, "how many enterprises have registered so far for the liaoyang matchmaking?")
    assert draft is not None and not draft.answered and "2027-08-26" in draft.text


def test_an_event_named_in_another_city_is_said_not_to_be_listed(services: Services) -> None:
    followups = services.chat.followups
    draft = followups.answer(
        "When is the Shenyang magnesium alloy lightweighting forum?", "en", DialogueState()
    )
    assert draft is not None and not draft.answered
    assert "no such event in Shenyang" in draft.text and "Liaoyang Magnesium Alloy" in draft.text
    # in its own city it is answered; a city in an organiser's name places nothing
    draft = followups.answer(
        "When is the Liaoyang magnesium alloy lightweighting forum?", "en", DialogueState()
    )
    assert draft is not None and draft.answered and "2027-08-26" in draft.text


def test_what_an_upcoming_event_s_listing_never_mentions_is_said_not_to_be_stated(services: Services) -> None:
    draft = _ask(services, "will the liaoyang magnesium forum 2027 be livestreamed")
    assert draft is not None and not draft.answered and "has not taken place yet" in draft.text
    # what the listing holds (its talks on lightweighting), and a set of events, are answered elsewhere
    assert _ask(services, "will the liaoyang magnesium forum 2027 have talks on lightweighting?") is None
    assert _ask(services, "any magnesium forums coming up in liaoyang?") is None
    assert _ask(services, "what happens at the liaoyang magnesium forum 2027 after the talks?") is None


def test_what_no_event_listing_states_is_said_of_the_upcoming_event_named(services: Services) -> None:
    draft = _ask(services, "will the liaoyang magnesium forum 2027 be postponed?")
    assert draft is not None and not draft.answered and "has not taken place yet" in draft.text


def test_who_is_answered_by_people_named_with_their_roles(services: Services) -> None:
    summary = "Which industry experts spoke? The Secretary-General of the Association spoke."
    news = "Experts shared insights—including Kong Lingxu, Secretary-General of the Association."
    chunks = [
        Chunk("e#0", "e", 0, summary, "event", "Conference", "en"),
        Chunk("n#0", "n", 0, news, "news", "Report", "en"),
    ]
    question = "which industry experts spoke?"
    ranked = services.chat.event_details.evidence.ranked(
        question, ["industry", "experts", "spoke"], answer_type(question), chunks
    )
    assert ranked[0][1].text == news
