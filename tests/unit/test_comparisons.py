"""Two records compared on one value where the message names only one of them: the other is the record
in focus ("跟大化所那个PEM的比哪个成熟度高" after the alkaline electrode, "is it more mature than ...");
an owner named by its short form ("大化所") picks its record among titles sharing a word. On plain data,
as tests/unit/test_followups_measures.py."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from bot.conversation.dialogue import DialogueState, Item
from bot.conversation.draft import Draft
from bot.conversation.followup_forms import items_of
from bot.conversation.followups import Followups
from bot.conversation.superlatives import Superlative, comparative_of
from retrieval.catalog import RecordView
from retrieval.glossary import Glossary
from retrieval.types import Chunk
from tests.support.catalogs import RecordsCatalog, best_shared_sentence


def _record(doc: str, title: str, text: str, lang: str, **meta: Any) -> RecordView:
    return RecordView(Chunk(f"{doc}#0", doc, 0, f"{title}\n{text}", "achievement", title, lang, meta=meta))


ALKALINE = _record(
    "alkaline",
    "碱性水电解制氢高活性电极与复合隔膜技术",
    "直流电耗≤4.2 kWh/Nm³。已在1000 Nm³/h碱性电解槽上完成3000小时运行考核。",
    "zh",
    institution="东北大学",
    trl=6,
    maturity="pilot",
)
STACK = _record(
    "stack",
    "Megawatt-class PEM water electrolyser stack",
    "The stack produces 200 Nm³/h of hydrogen. It has passed a 10,000-hour durability test.",
    "en",
    institution="中国科学院大连化学物理研究所",
    trl=7,
    maturity="industrial",
)
MEA = _record(  # another PEM title, of another owner
    "mea",
    "PEM fuel cell membrane electrode production",
    "Platinum loading falls to 0.3 mg/cm². The electrodes passed a 3,000-hour durability test.",
    "en",
    institution="大连理工大学",
    trl=6,
    maturity="pilot",
)


def _followups() -> Followups:
    searcher = SimpleNamespace(glossary=Glossary([]))
    catalog = RecordsCatalog([ALKALINE, STACK, MEA])
    return Followups(catalog, searcher, lambda: dt.date(2026, 12, 6), best_shared_sentence)  # type: ignore[arg-type]


def _shown(record: RecordView) -> DialogueState:
    state = DialogueState()
    state.shown([Item("achievement", record.id, record.chunk.title)], "碱性电解水制氢有成果吗")
    return state


def test_one_record_named_is_compared_with_the_one_in_focus() -> None:
    followups, state = _followups(), _shown(ALKALINE)
    reply = followups.answer("跟大化所那个PEM的比哪个成熟度高", "zh", state)
    assert isinstance(reply, Draft)
    assert [c.doc_id for c in reply.citations] == ["alkaline", "stack"]  # DICP's PEM, not DUT's
    assert reply.text.startswith("「Megawatt-class PEM water electrolyser stack」的成熟度更高")
    # both are shown now: "the PEM one" is DICP's stack, its durability test
    state.shown(items_of(reply.citations), "跟大化所那个PEM的比哪个成熟度高")
    durability = followups.answer("PEM那个耐久测试做了多久", "zh", state)
    assert isinstance(durability, Draft) and "10,000-hour" in durability.text


def test_it_compared_than_another_named() -> None:
    reply = _followups().answer(
        "is it more mature than the PEM water electrolyser stack?", "en", _shown(ALKALINE)
    )
    assert isinstance(reply, Draft) and "higher maturity" in reply.text
    assert {c.doc_id for c in reply.citations} == {"alkaline", "stack"}


def test_which_one_is_higher_of_two_needs_no_more_word() -> None:
    assert comparative_of("跟大化所那个PEM的比哪个成熟度高") == Superlative("trl", True)
    assert comparative_of("和那个比哪个预算低") == Superlative("budget", False)


SODIUM = _record(
    "sodium",
    "Layered oxide cathode material for sodium-ion batteries",
    "It keeps 88% of its capacity after 3,000 cycles. The powder stays stable in air for 7 days.",
    "en",
    institution="东北大学",
)


def test_a_chinese_short_form_picks_the_item_shown_in_english() -> None:
    # "钠电" (钠离子电池) names the English sodium-ion title among the two shown, not the one in focus
    searcher = SimpleNamespace(glossary=Glossary([(["钠离子电池"], ["sodium-ion battery", "sodium-ion"])]))
    catalog = RecordsCatalog([ALKALINE, SODIUM])
    followups = Followups(catalog, searcher, lambda: dt.date(2026, 12, 6), best_shared_sentence)  # type: ignore[arg-type]
    state = DialogueState()
    state.shown([Item("achievement", r.id, r.chunk.title) for r in (ALKALINE, SODIUM)], "只要储能和氢能的")
    reply = followups.answer("钠电那个在空气里能放几天", "zh", state)
    assert isinstance(reply, Draft) and "7 days" in reply.text and "3000小时" not in reply.text
