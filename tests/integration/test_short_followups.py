"""Short follow-ups as strangers type them, on the shipped corpus: a measure named in a word or two
("case depth", "durability", "厚度范围"), asked of the record shown or of the one among those shown that
states it; an item of a list named by its title's words without "that one"; what it costs asked alone;
"source?" after an answer that had none."""

from __future__ import annotations

from bot.services import Services


def _talk(services: Services, session: str, *messages: str) -> list[tuple[bool, str, list[str]]]:
    replies = [services.chat.answer(m, session_id=session) for m in messages]
    return [(r.answered, r.answer, [c.doc_id for c in r.citations]) for r in replies]


def test_measures_named_in_a_word_or_two(shared_corpus_services: Services) -> None:
    talk = _talk(
        shared_corpus_services,
        "short-measures-bearing",
        "slewing bearings for wind turbines, anything?",
        "case depth",
        "for which turbine sizes",
        "applied where",
    )
    (_, _, _), depth, sizes, where = talk
    assert depth[0] and "4-6 mm case depth" in depth[1]
    assert sizes[0] and "8-12 MW" in sizes[1]
    assert where[0] and "Wafangdian" in where[1]


def test_a_thickness_asked_in_chinese_of_an_english_record(shared_corpus_services: Services) -> None:
    talk = _talk(shared_corpus_services, "short-measures-sheet", "东大镁合金板材那个，最宽多少", "厚度范围")
    assert talk[1][0] and "1.0-6.0 mm thick" in talk[1][1]


def test_a_measure_the_first_match_lacks_is_read_from_the_one_that_states_it(
    shared_corpus_services: Services,
) -> None:
    # the purifier is matched first; the MEA line states the power density, its durability, its capacity
    talk = _talk(
        shared_corpus_services,
        "short-measures-mea",
        "looking for fuel cell MEA production tech",
        "power density?",
        "durability",
        "capacity per line",
    )
    _, density, durability, capacity = talk
    assert density[0] and "1.2 W/cm²" in density[1] and density[2] == ["ach-pemfc-mea-production"]
    assert durability[0] and "3000小时" in durability[1]
    assert capacity[0] and "10万片" in capacity[1]


def test_years_asked_are_not_answered_with_seconds(shared_corpus_services: Services) -> None:
    talk = _talk(shared_corpus_services, "short-measures-years", "有没有无序分拣机器人", "能用多少年")
    assert "3秒" not in talk[1][1]


def test_an_item_named_by_its_title_without_a_pointer(shared_corpus_services: Services) -> None:
    talk = _talk(shared_corpus_services, "short-title-joint", "自动化所机器人方面有啥", "关节模组有几种规格")
    listing, sizes = talk
    assert listing[0] and "ach-cobot-joint-module" in listing[2]  # SIA's own, not a match to a need
    assert sizes[0] and "Five sizes" in sizes[1] and sizes[2] == ["ach-cobot-joint-module"]


def test_what_it_costs_asked_alone_is_the_fee_the_price_or_the_budget(
    shared_corpus_services: Services,
) -> None:
    event = _talk(shared_corpus_services, "short-cost-event", "next hydrogen matchmaking event?", "how much?")
    assert event[0][0] and "Dalian Hydrogen" in event[0][1].splitlines()[1]  # the event, not "no detail"
    assert event[1][0] and "free" in event[1][1].lower()
    demand = _talk(shared_corpus_services, "short-cost-demand", "大连的PEM电解槽需求", "多少钱")
    assert demand[1][0] and "1500万元" in demand[1][1]


def test_source_after_an_answer_with_none(shared_corpus_services: Services) -> None:
    talk = _talk(shared_corpus_services, "short-source", "who will win the world cup", "source?")
    refused, source = talk
    assert not refused[0] and not source[0] and not source[2]  # no passages quoted for "source?"
    cited = _talk(shared_corpus_services, "short-source-cited", "辽宁有多少个全国重点实验室", "出处呢")
    assert cited[1][0] and cited[1][2]  # after an answer with sources, its source


def test_events_sought_by_their_topic(shared_corpus_services: Services) -> None:
    talk = _talk(
        shared_corpus_services,
        "short-events-ship",
        "hey! looking for events on ship tech",
        "what date is that",
    )
    listing, date = talk
    assert listing[0] and "海洋工程与智能船舶" in listing[1] and "register this need" not in listing[1]
    assert date[0] and "2027-10-21" in date[1]


def test_a_record_named_by_its_phrases_and_owner_is_shown(shared_corpus_services: Services) -> None:
    # every word is of a phrase the Chinese record holds (无序分拣, 三维视觉), or its owner's initials
    picking = _talk(
        shared_corpus_services, "short-named-picking", "bin picking robot with 3d vision?", "where is it used"
    )
    assert picking[0][0] and picking[0][2][0] == "ach-vision-bin-picking-robot"
    assert picking[1][0] and "上料工位" in picking[1][1]
    sepsis = _talk(
        shared_corpus_services, "short-named-sepsis", "sepsis rapid test from CMU?", "registered yet?"
    )
    assert sepsis[0][0] and sepsis[0][2][0] == "ach-sepsis-poct-kit" and "does not state" not in sepsis[0][1]
    assert sepsis[1][0] and "Class II device registration" in sepsis[1][1]


def test_a_longer_follow_up_is_not_answered_by_a_form_of_one_of_its_words(
    shared_corpus_services: Services,
) -> None:
    talk = _talk(shared_corpus_services, "short-kin-station", "ammonia to hydrogen for refuelling stations?",
                 "any station already using it")  # fmt: skip
    assert not talk[1][0]  # designed for stations, used at none


def test_events_of_a_field_named_shortly_or_mistyped(shared_corpus_services: Services) -> None:
    typo = _talk(shared_corpus_services, "short-events-typo", "any magnsium events coming up")[0]
    assert typo[0] and "Magnesium" in typo[1].splitlines()[0] and len(typo[2]) < 13
    bio = _talk(shared_corpus_services, "short-events-bio", "bio events?")[0]
    assert bio[0] and bio[2] == ["event-2027-10-14-shenyang-biomedicine"]


def test_an_enterprise_s_own_need_is_matched_not_a_demand_filed_in_its_city(
    shared_corpus_services: Services,
) -> None:
    chat = shared_corpus_services.chat
    own = chat.answer("我们是锦州一家储能电池厂，要转产钠电，找正极材料")
    assert own.answered and own.citations[0].doc_id == "ach-sodium-ion-cathode"
    told = chat.answer("chemical plant in huludao with lots of CO2, want to make methanol - tech?")
    assert told.answered and told.citations[0].doc_id == "ach-co2-to-methanol"
    # pointed at as another's ("本溪那个药企想引进啥项目"), the demand filed there answers
    other = chat.answer("本溪那个药企想引进啥项目")
    assert other.citations and other.citations[0].kind == "demand"


def test_the_technologies_that_fit_a_demand_named(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("which tech fits the Dalian Haixing shipping demand")
    assert reply.answered and reply.citations[0].doc_id == "ach-ship-collision-avoidance"
    assert "does not state" not in reply.answer


def test_how_much_lower_a_cost_is_answered_by_the_share(shared_corpus_services: Services) -> None:
    talk = _talk(
        shared_corpus_services, "short-cost-lower", "东大镁合金板材那个，最宽多少", "比传统工艺成本低多少"
    )
    assert talk[1][0] and "40% lower" in talk[1][1]


def test_a_list_s_record_asked_by_the_words_only_it_holds(shared_corpus_services: Services) -> None:
    asked = (
        "domestic high-end CNC system?",
        "software copyrights?",
        "spindle stuff?",
        "bearing fault warning accuracy",
    )
    talk = _talk(shared_corpus_services, "short-held-spindle", *asked)
    _, copyrights, spindles, warning = talk
    assert copyrights[0] and "软件著作权15项" in copyrights[1]  # its IP, not a search for "copyrights"
    assert spindles[0] and "ach-high-speed-motorized-spindle" in spindles[2]
    assert warning[0] and "95%" in warning[1] and warning[2] == ["ach-high-speed-motorized-spindle"]


def test_the_earliest_demand_shown_is_the_first_to_close(shared_corpus_services: Services) -> None:
    asked = ("which enterprise demands close before march 2027", "the earliest one - what do they need")
    talk = _talk(shared_corpus_services, "short-earliest-demand", *asked)
    assert talk[1][0] and "2026-12-31" in talk[1][1] and "200 mu" in talk[1][1]


def test_an_event_named_and_asked_nothing_of_is_shown(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("shenyang robot event next yr?")
    assert reply.answered and "2027-03-18" in reply.answer and "does not state" not in reply.answer
    parking = shared_corpus_services.chat.answer("dalian hydrogen expo parking?")
    assert not parking.answered and "parking" in parking.answer  # an arrangement its listing never states


def test_source_after_an_answer_about_a_listing_is_the_listing_s(shared_corpus_services: Services) -> None:
    talk = _talk(
        shared_corpus_services, "short-source-listing", "hey! looking for events on ship tech", "source?"
    )
    assert talk[1][0] and "TechBridge sample listing" in talk[1][1]
    assert talk[1][2] == [
        "event-2027-10-21-dalian-marine-engineering"
    ]  # the listing, not passages of "source"
