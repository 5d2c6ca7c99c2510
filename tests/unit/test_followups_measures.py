"""Follow-ups about the record in focus that ask a measure in the other language ("这个温室已经建了多少亩"
of an English record), a scale of the stage named ("中试做到多大规模了"), or that only name an item shown
("不是，我说的是储氢的那个"); on plain data, with a sentence picker that reads the records' words."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from bot.conversation.dialogue import DialogueState, Item
from bot.conversation.draft import Draft
from bot.conversation.followups import Followups
from retrieval.catalog import RecordView
from retrieval.glossary import Glossary
from retrieval.types import Chunk
from tests.support.catalogs import RecordsCatalog, best_shared_sentence


def _record(doc: str, title: str, text: str, lang: str, **meta: Any) -> RecordView:
    return RecordView(Chunk(f"{doc}#0", doc, 0, f"{title}\n{text}", "achievement", title, lang, meta=meta))


GREENHOUSE = _record(
    "greenhouse",
    "Energy-efficient solar greenhouse for cold regions",
    "A solar greenhouse with a heat-storage wall keeps the night above 8 °C without coal. "
    "Tomato yields reach 10-12 t per mu. More than 5,000 mu has been built in Liaoning.",
    "en",
    institution="Shenyang Agricultural University",
)
MAGNESIA = _record(
    "magnesia",
    "菱镁矿悬浮态轻烧制备活性氧化镁技术",
    "活性氧化镁柠檬酸活性值≤20 s。已完成1000吨级中试，2万吨/年示范线已完成设计。",
    "zh",
    institution="营口理工学院",
    maturity="pilot",
    trl=6,
)
STORAGE = _record(
    "storage",
    "镁基固态储氢材料及储氢罐",
    "可逆储氢量达到6.2 wt%。示范储氢罐已建成。",
    "zh",
    institution="沈阳工业大学",
    maturity="pilot",
    trl=5,
)
SHEET = _record("sheet", "宽幅镁合金板材双辊铸轧技术", "板宽达到1200 mm。", "zh", institution="东北大学")
RECORDS = [GREENHOUSE, MAGNESIA, STORAGE, SHEET]


def _followups() -> Followups:
    searcher = SimpleNamespace(glossary=Glossary([]))
    return Followups(RecordsCatalog(RECORDS), searcher, lambda: dt.date(2026, 12, 6), best_shared_sentence)  # type: ignore[arg-type]


def _shown(*records: RecordView) -> DialogueState:
    state = DialogueState()
    state.shown([Item("achievement", r.id, r.chunk.title) for r in records], "有什么相关技术")
    return state


def test_a_measure_asked_in_the_other_language_is_the_sentence_stating_it() -> None:
    # no word of the question is in the English record: the area in mu is the answer, not the sentence
    # nearest the title's words (the night-time temperature)
    reply = _followups().answer("这个温室已经建了多少亩", "zh", _shown(GREENHOUSE))
    assert isinstance(reply, Draft) and "5,000 mu" in reply.text and "8 °C" not in reply.text


def test_the_scale_asked_of_a_stage_is_the_scale_not_the_stage() -> None:
    reply = _followups().answer("它那个中试做到多大规模了", "zh", _shown(MAGNESIA))
    assert isinstance(reply, Draft) and "1000吨级中试" in reply.text


def test_the_stage_alone_is_still_the_stage() -> None:
    reply = _followups().answer("它现在是中试阶段吗", "zh", _shown(MAGNESIA))
    assert isinstance(reply, Draft) and "TRL 6" in reply.text


def test_a_correction_naming_an_item_shown_by_its_words_shows_that_record() -> None:
    followups, state = _followups(), _shown(SHEET, STORAGE)
    reply = followups.corrected_item("储氢的那个", "zh", state)
    # the record in full: who offers it, not one sentence of it
    assert isinstance(reply, Draft) and "沈阳工业大学" in reply.text
    assert [c.doc_id for c in reply.citations] == ["storage"]


def test_a_correction_naming_an_item_and_asking_of_it_answers_that() -> None:
    reply = _followups().corrected_item("储氢的那个 储氢量多少", "zh", _shown(SHEET, STORAGE))
    assert isinstance(reply, Draft) and "6.2 wt%" in reply.text


def test_an_item_shown_picked_by_its_owner_s_short_name_in_the_other_language() -> None:
    from bot.conversation.owner_names import owner_named

    assert owner_named("辽宁大学", "辽大那个能量效率多少", set())
    assert owner_named("东北大学", "东大那个呢", set())
    assert not owner_named("大连理工大学", "多大规模", set())  # 多大 is "how big", not a university
    assert not owner_named("辽宁工程技术大学", "辽大那个呢", set())  # that one is 辽工大

    flow = _record("flow", "Iron-chromium flow battery", "Energy efficiency is 78% at 65 °C.", "en",
                   institution="Liaoning University")  # fmt: skip
    cathode = _record("cathode", "Sodium-ion cathode", "It delivers 145 mAh/g.", "en",
                      institution="Northeastern University")  # fmt: skip

    class Twins(RecordsCatalog):
        def institution_twin(self, name: str) -> str | None:
            return {"Liaoning University": "辽宁大学", "Northeastern University": "东北大学"}.get(name)

    searcher = SimpleNamespace(glossary=Glossary([]))
    catalog = Twins([flow, cathode])
    followups = Followups(catalog, searcher, lambda: dt.date(2026, 12, 6), best_shared_sentence)  # type: ignore[arg-type]
    state = DialogueState()
    state.shown([Item("achievement", r.id, r.chunk.title) for r in (cathode, flow)], "储能方面的成果")
    assert state.resolve("辽大那个能量效率多少", by_owner=followups._by_owner) == Item(
        "achievement", "flow", "Iron-chromium flow battery"
    )


FUSED = _record(
    "fused",
    "Energy-saving production of high-purity fused magnesia",
    "An improved arc furnace produces fused magnesia with MgO of 98.5%. "
    "Specific power consumption falls from about 3,800 kWh/t to 3,100 kWh/t. "
    "The process has run on two 3,000 kVA furnaces in Haicheng for more than 18 months.",
    "en",
    institution="University of Science and Technology Liaoning",
    maturity="industrial",
    trl=8,
)


def test_how_far_it_falls_is_the_sentence_of_the_fall() -> None:
    # "能降到多少" shares no word with the English record: the figure beside "falls" answers
    reply = Followups(
        RecordsCatalog([FUSED]),
        SimpleNamespace(glossary=Glossary([])),  # type: ignore[arg-type]
        lambda: dt.date(2026, 12, 6),
        best_shared_sentence,
    ).answer("能降到多少", "zh", _shown(FUSED))
    assert isinstance(reply, Draft) and "3,100 kWh/t" in reply.text


def test_two_asks_in_one_turn_answer_the_stage_and_where_it_ran() -> None:
    followups = Followups(
        RecordsCatalog([FUSED]),
        SimpleNamespace(glossary=Glossary([])),  # type: ignore[arg-type]
        lambda: dt.date(2026, 12, 6),
        best_shared_sentence,
    )
    reply = followups.answer("成熟度咋样，在哪用过", "zh", _shown(FUSED))
    assert isinstance(reply, Draft) and "TRL 8" in reply.text and "Haicheng" in reply.text
    # one ask alone is still the stage alone
    alone = followups.answer("成熟度咋样", "zh", _shown(FUSED))
    assert isinstance(alone, Draft) and "TRL 8" in alone.text and "Haicheng" not in alone.text
