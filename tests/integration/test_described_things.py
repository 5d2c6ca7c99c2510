"""Things asked for by a description, levels of regulation pointed at, and counts of our own listings,
on the shipped corpus, as strangers type them: "cobot joint modules - anything?", "bin picking w/ 3D
vision, anyone doing that?" (no word for a listing; the record is in the other language), "the provincial
one?" after an article, "大连有几项成果" (our listings, not a sentence of the news holding no figure)."""

from __future__ import annotations

from bot.services import Services


def _talk(services: Services, session: str, *messages: str) -> list[tuple[bool, str, list[str]]]:
    replies = [services.chat.answer(m, session_id=session) for m in messages]
    return [(r.answered, r.answer, [c.doc_id for c in r.citations]) for r in replies]


def test_a_thing_named_by_glossary_words_finds_the_record_in_the_other_language(
    corpus_services: Services,
) -> None:
    (cobot,) = _talk(corpus_services, "described-cobot", "cobot joint modules - anything?")
    assert cobot[0] and cobot[2][:1] == ["ach-cobot-joint-module"]
    (heavy,) = _talk(corpus_services, "described-heavy", "heavy duty omnidirectional mobile robot tech?")
    assert heavy[0] and heavy[2] == ["ach-heavy-load-mobile-robot"]


def test_a_description_with_no_listing_word_is_the_technology_that_holds_it(
    corpus_services: Services,
) -> None:
    found, rate = _talk(
        corpus_services,
        "described-bin-picking",
        "bin picking w/ 3D vision, anyone in Liaoning doing that?",
        "recognition success rate",
    )
    assert found[0] and found[2] == ["ach-vision-bin-picking-robot"]
    assert rate[0] and "99.5%" in rate[1]
    # a fact asked of something no record holds stays unanswered, not a listing of what shares a word
    (vat,) = _talk(
        corpus_services,
        "described-vat",
        "what VAT rate applies to technology transfer income in china",
    )
    assert not vat[0] and not vat[2]


def test_the_provincial_one_after_an_article_of_the_law(corpus_services: Services) -> None:
    _, provincial = _talk(
        corpus_services,
        "level-provincial-one",
        "my uni licensed a patent to a company and has no reward policy. whats the minimum the inventors get",
        "the provincial one?",
    )
    assert provincial[0] and provincial[1].startswith("Article 20 of the Liaoning Province Regulations")


def test_a_count_of_a_citys_or_an_institutions_listings(corpus_services: Services) -> None:
    (city,) = _talk(corpus_services, "count-dalian", "大连的科技成果一共有几项")
    assert city[0] and "16 项" in city[1]
    (owner,) = _talk(
        corpus_services,
        "count-neu",
        "How many technologies does Northeastern University offer on the platform?",
    )
    assert owner[0] and "lists 7 achievements" in owner[1]
    (uni,) = _talk(corpus_services, "list-liaoning-uni", "what techs does Liaoning Uni have")
    assert uni[0] and "辽宁大学" in uni[1]


def test_technologies_asked_with_the_ask_after_the_topic(corpus_services: Services) -> None:
    (kras,) = _talk(corpus_services, "ask-after-kras", "KRAS靶点的小分子药有成果吗")
    assert kras[0] and kras[2] == ["ach-kras-inhibitor-candidate"]  # not the Benxi firm's demand for one
    (paste,) = _talk(corpus_services, "ask-after-paste", "煤矸石做充填膏体的技术有吗")
    assert paste[0] and paste[2] == ["ach-gangue-backfill-mine-restoration"]


def test_another_case_of_the_article_shown_stays_in_it(corpus_services: Services) -> None:
    _, equity = _talk(
        corpus_services,
        "case-equity",
        "my uni licensed a patent to a company and has no reward policy. whats the minimum the inventors get",
        "what if the uni took equity instead",
    )
    assert equity[0] and equity[1].startswith("Article 45 of the Law")


def test_a_short_follow_up_is_read_in_the_news_article_quoted(corpus_services: Services) -> None:
    _, rate = _talk(
        corpus_services,
        "news-follow-rate",
        "how many convertible achievements has Liaoning collected",
        "target local conversion rate?",
    )
    assert rate[0] and "57%" in rate[1]


def test_a_demand_pointed_at_by_its_city_and_firm_while_a_technology_is_in_focus(
    corpus_services: Services,
) -> None:
    *_, budget = _talk(corpus_services, "firm-benxi", "KRAS靶点的小分子药有成果吗", "本溪那家药企预算多少")
    assert budget[0] and "1000万元" in budget[1] and budget[2] == ["dem-benxi-innovative-drug"]
    *_, share = _talk(
        corpus_services, "firm-fuxin", "煤矸石做充填膏体的技术有吗", "阜新晟源那家对固废掺量要求多少"
    )
    assert share[0] and "80%" in share[1] and share[2] == ["dem-fuxin-gangue-backfill"]


def test_who_can_do_what_the_demand_shown_asks(corpus_services: Services) -> None:
    *_, teams = _talk(
        corpus_services,
        "can-do-fowlp",
        "大连有家企业在找扇出型封装工艺，对RDL有什么要求",
        "有没有能做的团队",
    )
    assert teams[0] and teams[2][0] == "ach-fan-out-wafer-level-packaging"


def test_what_about_another_thing_after_a_question_left_unanswered(corpus_services: Services) -> None:
    *_, titanium = _talk(
        corpus_services,
        "switch-titanium",
        "turbine blade superalloy tech?",
        "which engine makers have bought it",
        "what about titanium 3D printing",
    )
    assert titanium[0] and titanium[2] == ["ach-titanium-alloy-additive-manufacturing"]


def test_events_of_a_topic_on_their_agenda_and_who_is_behind_one(corpus_services: Services) -> None:
    wind, fee = _talk(corpus_services, "agenda-wind", "有没有海上风电方面的活动", "报名费多少")
    assert wind[0] and wind[2] == ["event-2027-10-21-dalian-marine-engineering"]
    assert "2027大连海洋工程与智能船舶技术对接会" in fee[1]  # the fee of that one, not of the first of all
    *_, behind = _talk(
        corpus_services,
        "event-behind",
        "got anything on wastewater treatment?",
        "the second one?",
        "谁做的",
    )
    assert (
        behind[0] and "主办/承办单位" in behind[1] and behind[2] == ["event-2027-08-19-panjin-fine-chemicals"]
    )


def test_an_attribute_asked_after_an_answer_that_showed_nothing(corpus_services: Services) -> None:
    _, maturity = _talk(
        corpus_services,
        "nothing-shown",
        "我们是丹东的一家食品厂，想做冷链保鲜，有没有合适的技术",
        "成熟度",
    )
    assert not maturity[0] and not maturity[2]  # no match re-run with the word, no chip line as the nearest
    assert "没有列出" in maturity[1]


def test_a_record_picked_out_of_a_list_stays_in_focus(corpus_services: Services) -> None:
    *_, life = _talk(corpus_services, "picked-stays", "你们这有储能的技术不", "第一个效率多少", "寿命呢")
    assert (
        not life[0] and "20000" not in life[1]
    )  # the Fe-Cr listing states no life; not the vanadium stack's


def test_the_other_level_asked_where_it_has_no_article_on_the_topic(corpus_services: Services) -> None:
    _, national = _talk(
        corpus_services, "level-national-none", "辽宁省对技术经理人有啥规定", "国家法律里有吗"
    )
    assert not national[0] and "第三条" not in national[1]  # it quoted the law's basic principles
