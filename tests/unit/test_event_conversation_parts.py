"""Parts of answering about events: a city or a kind word names no record, a Chinese count whose noun
comes first, an enterprise's own demand pitched, and a name asked of what a sentence leaves unnamed."""

from __future__ import annotations

from typing import Any

from bot.conversation.event_answer_types import counts
from bot.conversation.event_pitch import ASKED, pitch_sentence
from bot.conversation.field_pick import by_place
from bot.conversation.named import named_record
from bot.conversation.unnamed import asks_name, names_something
from retrieval.catalog import RecordView
from retrieval.types import Chunk


def _event(doc: str, title: str, lang: str = "en", **meta: Any) -> RecordView:
    return RecordView(Chunk(f"{doc}#0", doc, 0, title, "event", title, lang, meta=meta))


EVENTS = [
    _event("e1", "Dalian Hydrogen Matchmaking Conference", city="dalian"),
    _event("e2", "Shenyang Robot Matchmaking Conference", city="shenyang"),
    *(_event(f"z{n}", f"2027{city}{topic}对接会", "zh", city=key) for n, (city, topic, key) in enumerate([
        ("大连", "集成电路", "dalian"), ("大连", "海洋工程", "dalian"), ("沈阳", "生物医药", "shenyang"),
        ("鞍山", "钢铁", "anshan"), ("锦州", "储能", "jinzhou"), ("盘锦", "化工", "panjin"),
    ])),
]  # fmt: skip
_PAIRS = {"对接会": ["matchmaking conference"], "matchmaking conference": ["对接会"], "大连": ["dalian"]}


def _forms(term: str) -> list[str]:
    return _PAIRS.get(term.lower(), [])


def test_a_city_and_a_kind_word_name_no_one_event() -> None:
    # "dalian" is in one English title, "matchmaking conference" in two: rare in English, yet the city
    # is where an event is and "对接会" is in every Chinese title
    message = "大连明年有啥对接会"
    assert named_record(message, ["matchmaking conference", "dalian"], EVENTS, _forms) is None
    assert named_record("Dalian matchmaking conference venue?", ["大连", "对接会"], EVENTS, _forms) is None
    # a word of the title itself with the city still names it
    assert named_record("大连氢能对接会在哪", ["hydrogen", "dalian"], EVENTS, _forms) == EVENTS[0]
    assert named_record("大连集成电路对接会在哪", ["dalian"], EVENTS, _forms) == EVENTS[2]


def test_a_chinese_count_whose_noun_comes_before_the_number() -> None:
    summary = (
        "对接会聚焦芯片封装测试，发布高校院所科技成果约35项，组织集成电路设计企业与科研团队开展供需对接。"
    )
    assert counts(summary, {"成果"}, "项")
    assert not counts(summary, {"企业"}, "家")  # the enterprises are not counted there
    assert counts("集中发布20余项科技成果和30余项企业技术需求", {"需求"}, "项")


def test_an_enterprise_s_own_demand_pitched_at_the_event() -> None:
    for message in (
        "我们想上去讲讲自己的技术需求咋弄",
        "我们的需求能上台路演吗",
        "can we pitch our own demand there?",
    ):
        assert ASKED.search(message), message
    for message in ("有哪些企业需求", "会上会发布多少项企业需求", "any demands for pitch control?"):
        assert not ASKED.search(message), message
    registration = (
        "Register online by 2027-01-07. Enterprises that want to pitch a demand send a form to a@b.cn."
    )
    summary = "A conference with enterprise demand pitches."
    event = _event("e9", "Hydrogen Conference", registration=registration, summary=summary)
    assert pitch_sentence(event) == "Enterprises that want to pitch a demand send a form to a@b.cn."
    assert pitch_sentence(_event("e8", "Roadshow", registration="Register by mail.")) is None


def test_a_name_asked_of_what_the_sentence_leaves_unnamed() -> None:
    assert asks_name("参观的那个修复矿区叫啥名") and asks_name(
        "whats the name of the Wafangdian bearing maker"
    )
    assert not asks_name("where is it held")
    unnamed = "The technology has been applied with a bearing manufacturer in Wafangdian."
    assert not names_something(unnamed, "whats the name of the Wafangdian bearing maker")
    named = "It was applied at Wafangdian Bearing Group."
    assert names_something(named, "whats the name of the Wafangdian bearing maker")
    assert names_something("与某轴承企业合作应用。", "叫什么名字")  # Chinese: not judged


def test_events_named_alike_prefer_the_one_to_come_and_a_kind_word_counts_for_an_event() -> None:
    past = _event("p1", "Magnesite Promotion Conference", city="liaoyang", start_date="2024-12-03")
    ahead = _event("p2", "2026菱镁对接会", "zh", city="liaoyang", start_date="2026-12-10")
    records = [past, ahead, *EVENTS]
    pairs = {"菱镁": ["magnesite"], "magnesite": ["菱镁"], **_PAIRS}
    forms = lambda t: pairs.get(t.lower(), [])  # noqa: E731
    message, translations = "菱镁对接会收费吗", ["magnesite", "matchmaking conference"]
    # one topic word and the kind word name an event; the two named alike tie
    assert named_record(message, translations, records, forms) is None
    to_come = lambda r: str(r.get("start_date") or "") >= "2026-12-06"  # noqa: E731
    assert named_record(message, translations, records, forms, to_come) == ahead


def test_an_event_by_its_city_and_its_field() -> None:
    ahead = {"start_date": "2027-01-14"}
    events = [
        _event("d1", "Dalian Hydrogen Conference", city="dalian", fields=["hydrogen_energy"], **ahead),
        _event("d2", "2027大连集成电路对接会", "zh", city="dalian", fields=["integrated_circuits"], **ahead),
        _event("a1", "2027鞍山钢铁对接会", "zh", city="anshan", fields=["new_materials"], **ahead),
    ]
    today = "2026-12-06"
    assert by_place("Dalian IC event venue", events, today) == events[1]
    assert by_place("大连有啥对接会", events, today) is None  # two there: not told apart
    assert by_place("the anshan steel matchmaking in may, fee?", events, today) == events[2]
    assert by_place("the anshan hydrogen conference", events, today) is None  # not its field
    assert by_place("IC event venue", events, today) is None  # no city
