"""What an upcoming event's listing does not state (a fee, parking, joining online, interpreting, a
shuttle, which investors come) is said not to be stated and counted as unanswered, instead of answered
with the events listed or the registration text; what it does state (free admission, meetings of 20
minutes) answers. A past event's venue asked after its news is that event's, not a listing of the city's;
events held outside Liaoning are found by the province their venue names; "the last event in 2027" is
that one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.chat.plan import Plan
from bot.chat.structured import answer_events
from bot.conversation.event_programme import day_asked, day_sentence
from bot.conversation.smalltalk import smalltalk_kind
from bot.services import Services
from retrieval.embedders import HashingEmbedder
from tests.support.config import TODAY, make_settings

EVENTS = """
- id: event-2027-03-18-shenyang-manufacturing
  lang: zh
  title: 2027沈阳智能制造科技成果对接会
  start_date: '2027-03-18'
  end_date: '2027-03-18'
  city: 沈阳
  venue: 沈阳新世界博览馆
  organizers: [沈阳市科学技术局]
  topics: [数控机床, 工业机器人]
  fields: [equipment_manufacturing]
  registration: 请于2027年3月10日前登录平台注册报名；咨询邮箱 im-match@example.org.cn。
  summary: 对接会设成果发布、需求路演和展览洽谈三个环节，集中展示数控机床和工业机器人科技成果。
  date: '2026-10-01'
  source: test
  sample: true
- id: event-2027-04-22-yingkou-roadshow
  lang: en
  title: Yingkou Magnesium Materials Technology Roadshow 2027
  start_date: '2027-04-22'
  end_date: '2027-04-22'
  city: Yingkou
  venue: Yingkou Convention Center
  organizers: [Yingkou Municipal Science and Technology Bureau]
  topics: [magnesia]
  fields: [magnesium_materials]
  registration: Free admission. Register by 2027-04-15 by e-mailing roadshow@example.org.cn; each enterprise
    may book up to three 20-minute meetings with project teams.
  summary: About 15 project teams will pitch magnesium technologies, followed by investor Q&A.
  date: '2026-10-01'
  source: test
  sample: true
- id: event-2027-09-09-shenyang-agritech
  lang: en
  title: Shenyang Modern Agriculture Technology Roadshow 2027
  start_date: '2027-09-09'
  end_date: '2027-09-09'
  city: Shenyang
  venue: International Exchange Center, Shenyang Agricultural University
  organizers: [Shenyang Agricultural University]
  topics: [crop varieties]
  fields: [modern_agriculture]
  registration: Register by 2027-09-01 by e-mailing agri-roadshow@example.org.cn. Cooperatives and family
    farms attend free.
  summary: Research teams present crop varieties to agricultural enterprises, cooperatives and investors.
  date: '2026-10-01'
  source: test
  sample: true
- id: event-2027-06-24-fuxin-mining
  lang: en
  title: Fuxin Green Mining Matchmaking Meeting 2027
  start_date: '2027-06-24'
  end_date: '2027-06-24'
  city: Fuxin
  venue: Academic Exchange Center, Liaoning Technical University
  organizers: [Fuxin Municipal Science and Technology Bureau]
  topics: [land reclamation]
  fields: [environmental]
  registration: Register by 2027-06-17 at mining-match@example.org.cn; a site visit to a restored mine area
    is offered on the afternoon (limited to 60 people).
  summary: Mining enterprises meet university teams working on solid-waste backfill and land reclamation.
  date: '2026-10-01'
  source: test
  sample: true
- id: event-2023-03-19-zhejiang-summit
  lang: en
  title: International Summit of Magnesium Materials Cooperation
  start_date: '2023-03-19'
  end_date: '2023-03-19'
  city: Lanxi
  venue: Zhejiang, China (Jinhua / Lanxi; venue not named in the source)
  organizers: [Lanxi Municipal Government]
  topics: [magnesium materials]
  fields: [magnesium_materials]
  registration: Past event; registration is closed.
  summary: The summit gathered more than 400 experts in the field of magnesium materials.
  date: '2023-03-20'
  source: test
  sample: false
- id: event-2024-12-03-liaoyang-magnesite
  lang: en
  title: Liaoning Magnesite Industry Achievement Promotion Conference
  start_date: '2024-12-03'
  end_date: '2024-12-03'
  city: Liaoyang
  venue: Liaoyang City (venue not named in the source)
  organizers: [Liaoyang Municipal Science and Technology Bureau]
  topics: [magnesite industry]
  fields: [magnesium_materials]
  registration: Past event; registration is closed.
  summary: Held in Liaoyang City on December 3, 2024; seven industry experts shared supply-chain needs.
  date: '2024-12-04'
  source: test
  sample: false
- id: event-2026-12-10-liaoyang-magnesite
  lang: zh
  title: 2026辽宁菱镁产业科技成果转化对接会
  start_date: '2026-12-10'
  end_date: '2026-12-11'
  city: 辽阳
  venue: 辽阳经济技术开发区科技创新服务中心报告厅
  organizers: [辽宁省科技创新服务中心]
  topics: [菱镁矿尾矿综合利用]
  fields: [magnesium_materials]
  registration: 请于2026年12月5日前在线报名。参会免费，每家企业限报3人。
  summary: 对接会将集中发布20余项科技成果和30余项企业技术需求。第二天安排参观中试基地。
  date: '2026-10-01'
  source: test
  sample: true
"""


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    root = tmp_path_factory.mktemp("arrangements")
    knowledge = root / "knowledge"
    (knowledge / "events").mkdir(parents=True)
    (knowledge / "events" / "events.yaml").write_text(EVENTS, encoding="utf-8")
    settings = make_settings(root / "data", embedding={"provider": "hashing"}, knowledge_dir=knowledge)
    built = Services(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
    report = built.ingestor.ingest_paths([Path(knowledge)])
    assert not report.errors, report.errors
    return built


def _declined(services: Services, message: str, doc_id: str) -> str:
    response = services.chat.answer(message)
    assert not response.answered, (message, response.answer)
    assert [c.doc_id for c in response.citations] == [doc_id], (message, response.answer)
    return response.answer


def test_a_fee_the_registration_text_does_not_state_is_said_not_to_be_stated(services: Services) -> None:
    doc = "event-2027-03-18-shenyang-manufacturing"
    for message in (
        "沈阳智能制造对接会要交参会费吗",
        "沈阳智能制造对接会收费不 多少钱",
        "沈阳智能制造对接会门票多少钱",
    ):
        assert "没有写明参会费用" in _declined(services, message, doc), message
    fuxin = "event-2027-06-24-fuxin-mining"
    assert "does not state a fee" in _declined(
        services, "how much is the ticket for the fuxin mining meeting", fuxin
    )
    # free admission stated: the fee is answered, and its sentence leads (not the deadline)
    stated = services.chat.answer("yingkou magnesium roadshow - how much is the ticket?")
    assert stated.answered and "Free admission" in stated.answer
    assert stated.answer.index("Free admission") < stated.answer.index("register")
    free = services.chat.answer("2026辽宁菱镁对接会参会要钱吗")
    assert free.answered and free.answer.startswith("参会免费")


def test_a_fee_waived_for_others_than_the_asker_is_not_stated_for_them(services: Services) -> None:
    doc = "event-2027-09-09-shenyang-agritech"
    _declined(
        services, "shenyang agriculture roadshow: we're a company, not a cooperative. do we have to pay?", doc
    )
    asked = services.chat.answer("shenyang agriculture roadshow: do we have to pay?")  # the text answers
    assert asked.answered and "Cooperatives and family farms attend free" in asked.answer


def test_arrangements_no_listing_states_are_declined_with_the_event(services: Services) -> None:
    yingkou = "event-2027-04-22-yingkou-roadshow"
    text = _declined(
        services, "yingkou roadshow - is there english interpretation for foreign companies", yingkou
    )
    assert "does not state interpreting" in text
    assert "investor" not in text.lower().split("does not state")[0]
    _declined(services, "营口镁路演会来哪些投资机构", yingkou)  # "investor Q&A" names no investor
    _declined(services, "沈阳智能制造对接会能线上参加吗", "event-2027-03-18-shenyang-manufacturing")
    # the past Liaoyang conference is over: parking is asked of the one to come
    _declined(services, "辽阳菱镁对接会那边有停车场吗", "event-2026-12-10-liaoyang-magnesite")


def test_meals_and_travel_costs_are_not_a_fee_nor_how_to_register(services: Services) -> None:
    yingkou = "event-2027-04-22-yingkou-roadshow"  # "Free admission" answers a fee, not a lunch
    lunch = _declined(services, "yingkou roadshow - will there be free lunch?", yingkou)
    assert "does not state meals" in lunch
    _declined(services, "营口镁路演能报销路费吗", yingkou)
    session = "s-meals"
    services.chat.answer("辽阳菱镁对接会怎么报名", session_id=session)
    lunch = services.chat.answer("管午饭吗", session_id=session)
    assert not lunch.answered and "用餐安排" in lunch.answer, lunch.answer
    travel = services.chat.answer("do they cover travel expenses?", session_id=session)
    assert not travel.answered and "travel costs" in travel.answer, travel.answer
    free = services.chat.answer("is it free?", session_id=session)  # the fee the text states
    assert free.answered and "参会免费" in free.answer


def test_what_an_upcoming_events_registration_states_answers(services: Services) -> None:
    response = services.chat.answer("yingkou roadshow: how long is each meeting an enterprise can book?")
    assert response.answered and "20-minute meetings" in response.answer
    response = services.chat.answer("fuxin mining meeting: how many people can join the site visit?")
    assert response.answered and "limited to 60 people" in response.answer


def test_a_past_events_venue_asked_after_its_news_is_that_events(services: Services) -> None:
    session = "s-venue"
    first = services.chat.answer("2024年12月辽阳那个菱镁会 有哪些企业专家分享了", session_id=session)
    assert "event-2024-12-03-liaoyang-magnesite" in {c.doc_id for c in first.citations}
    response = services.chat.answer("会议具体在辽阳哪个地方开的", session_id=session)
    assert not response.answered  # the source names the city only
    assert [c.doc_id for c in response.citations] == ["event-2024-12-03-liaoyang-magnesite"]


def test_asking_what_the_service_is_after_a_greeting_is_small_talk() -> None:
    for message in (
        "您好 请问你们这个平台是干什么的",
        "你们这个网站是做什么的？",
        "hi, what is this site for?",
    ):
        assert smalltalk_kind(message) == "capabilities", message
    for message in ("这个是干什么的", "氢能平台是做什么的", "请问镁合金是做什么的"):
        assert smalltalk_kind(message) is None, message  # a thing shown or named, not the service


def test_events_held_in_a_province_outside_liaoning_are_found_by_their_venue(services: Services) -> None:
    response = services.chat.answer("were there any matchmaking events in zhejiang?")
    assert [c.doc_id for c in response.citations] == ["event-2023-03-19-zhejiang-summit"]
    session = "s-zhejiang"
    listed = services.chat.answer("which events have already happened", session_id=session)
    assert {c.doc_id for c in listed.citations} == {
        "event-2023-03-19-zhejiang-summit",
        "event-2024-12-03-liaoyang-magnesite",
    }
    picked = services.chat.answer("which one was in zhejiang", session_id=session)
    assert [c.doc_id for c in picked.citations] == ["event-2023-03-19-zhejiang-summit"]


def test_the_last_or_first_event_of_a_period_is_that_one(services: Services) -> None:
    for message in ("what's the last event in 2027", "2027年最后一场对接会是哪个"):
        last = services.chat.answer(message)
        assert [c.doc_id for c in last.citations] == ["event-2027-09-09-shenyang-agritech"], message
    first = services.chat.answer("2027年第一场对接会是哪个")
    assert [c.doc_id for c in first.citations] == ["event-2027-03-18-shenyang-manufacturing"]
    every = services.chat.answer("what matchmaking events are there in 2027")
    assert len(every.citations) == 4


def test_events_an_institution_organises_and_what_an_upcoming_one_will_present(services: Services) -> None:
    plan = Plan("events", "is shenyang agricultural university organising any event?")
    plan = dataclasses.replace(plan, institution="Shenyang Agricultural University")
    listed = answer_events(plan, services.chat.catalog, "en", TODAY)
    assert [c.doc_id for c in listed.citations] == ["event-2027-09-09-shenyang-agritech"]
    # "会发布": what the one still to come will present, not the past conference named alike
    response = services.chat.answer("辽阳菱镁对接会会发布多少成果和需求")
    assert response.answered and "20余项科技成果" in response.answer
    assert response.citations[0].doc_id == "event-2026-12-10-liaoyang-magnesite"


def test_a_day_of_the_programme_is_the_sentence_that_names_it(services: Services) -> None:
    # the past conference in Liaoyang is named alike: the programme is the one to come's
    response = services.chat.answer("辽阳菱镁对接会第二天安排了什么")
    assert response.answered and "第二天安排参观中试基地" in response.answer
    assert response.citations[0].doc_id == "event-2026-12-10-liaoyang-magnesite"
    assert day_asked("what's planned for day 2 of the matchmaking") == 2
    assert day_asked("what's planned for the matchmaking") is None
    programme = "Day one has keynote talks. Day two has demand sessions."
    assert day_sentence(1, programme) == "Day one has keynote talks."


def test_a_kind_of_event_named_lists_the_events_titled_so(services: Services) -> None:
    roadshows = services.chat.answer("are there any roadshows coming up?")
    assert {c.doc_id for c in roadshows.citations} == {
        "event-2027-04-22-yingkou-roadshow",
        "event-2027-09-09-shenyang-agritech",
    }
    summits = services.chat.answer("有什么峰会吗")
    assert [c.doc_id for c in summits.citations] == ["event-2023-03-19-zhejiang-summit"]
    every = services.chat.answer("any events coming up?")  # no kind named: every one to come
    assert len(every.citations) == 5


def test_an_event_shown_is_picked_by_its_field_or_topic_and_its_programme_asked(services: Services) -> None:
    session = "s-pick"
    services.chat.answer("any events coming up?", session_id=session)
    farming = services.chat.answer("the farming one, where is it", session_id=session)
    assert [c.doc_id for c in farming.citations] == ["event-2027-09-09-shenyang-agritech"]
    assert "Shenyang Agricultural University" in farming.answer
    # its summary has no lunch on the programme: not stated
    after = services.chat.answer("what happens after the morning workshop?", session_id=session)
    assert not after.answered, after.answer
    services.chat.answer("any events coming up?", session_id=session)
    mining = services.chat.answer("and the land reclamation one - when is it?", session_id=session)
    assert [c.doc_id for c in mining.citations] == ["event-2027-06-24-fuxin-mining"]
    assert "one day" in mining.answer
    pitches = services.chat.answer("what happens after the pitches at the yingkou roadshow?")
    assert pitches.answered and "investor Q&A" in pitches.answer, pitches.answer
    # asked in Chinese of an English listing: "推介" is its "pitch"
    zh = services.chat.answer("营口镁路演 项目推介完了之后干什么")
    assert zh.answered and "investor Q&A" in zh.answer, zh.answer
    keynote = services.chat.answer("what happens after the keynote at the yingkou roadshow?")
    assert not keynote.answered, keynote.answer


def test_a_city_with_no_event_offers_those_of_the_topic_elsewhere(services: Services) -> None:
    session = "s-elsewhere"
    services.chat.answer("shenyang agriculture roadshow - where is it?", session_id=session)
    response = services.chat.answer("we're in Dandong, any event we could attend?", session_id=session)
    assert response.answered and "Dandong" in response.answer, response.answer
    assert [c.doc_id for c in response.citations] == ["event-2027-09-09-shenyang-agritech"]
    deadline = services.chat.answer("register by when?", session_id=session)
    assert "2027-09-01" in deadline.answer
    alone = services.chat.answer("any events in Dandong?")  # no topic shown: there are none, said so
    assert not alone.citations


def test_asking_whether_the_bot_knows_an_event_describes_it(services: Services) -> None:
    for message, doc in (
        ("do you know the zhejiang magnesium summit?", "event-2023-03-19-zhejiang-summit"),
        ("你知道营口镁路演吗", "event-2027-04-22-yingkou-roadshow"),
    ):
        response = services.chat.answer(message)
        assert response.answered, (message, response.answer)
        assert response.citations[0].doc_id == doc, (message, response.answer)
