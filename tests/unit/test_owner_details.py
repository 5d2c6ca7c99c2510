"""An organisation behind a listing asked about by its name, in either script: what no listing holds
(its founding, staff, revenue) is said not to be stated, with its listings, unanswered."""

from __future__ import annotations

from typing import Any

from bot.conversation.owners import OwnerDetails
from retrieval.aliases import AliasTable
from retrieval.catalog import RecordView
from retrieval.types import Chunk


def _record(doc: str, kind: str, title: str, lang: str, **meta: Any) -> RecordView:
    return RecordView(Chunk(f"{doc}#0", doc, 0, title, kind, title, lang, meta=meta))


RECORDS = [
    _record("d1", "demand", "兆瓦级PEM电解水制氢电堆技术合作需求", "zh",
            enterprise="大连蓝海氢能装备有限公司（示例）"),
    _record("d2", "demand", "Reducing power consumption of fused magnesia arc furnaces", "en",
            enterprise="Dashiqiao Jinxing Magnesia Co., Ltd. (sample)"),
    _record("a1", "achievement", "Low-cost iron-chromium flow battery", "en",
            institution="Liaoning University"),
    _record("a2", "achievement", "Battery management system", "en",
            institution="Liaoning University of Technology"),
]  # fmt: skip


class _Catalog:
    def records(self, kind: str) -> list[RecordView]:
        return [r for r in RECORDS if r.chunk.kind == kind]


# The corpus's spellings as the keyword index holds them: an English listing's pinyin, a Chinese one's words
ALIASES = AliasTable(["dashiqiao", "jinxing", "magnesia", "蓝海", "氢能"])
OWNERS = OwnerDetails(_Catalog(), ALIASES.lookup)  # type: ignore[arg-type]


def test_an_organisation_named_in_the_other_script_is_found() -> None:
    assert OWNERS.named("when was dalian lanhai hydrogen equipment co founded") == [RECORDS[0]]
    assert OWNERS.named("大石桥金星镁砂有多少员工") == [RECORDS[1]]
    assert OWNERS.named("how many employees does Dashiqiao Jinxing Magnesia have") == [RECORDS[1]]


def test_a_whole_name_wins_over_another_s_first_words_and_a_kind_of_organisation_names_none() -> None:
    assert OWNERS.named("how many students does Liaoning University have") == [RECORDS[2]]
    assert OWNERS.named("when was Liaoning University of Technology founded") == [RECORDS[3]]
    assert OWNERS.named("can a liaoning university reward its staff out of licensing income?") == []


def test_the_organisation_s_own_details_are_not_stated_and_the_question_stays_unanswered() -> None:
    draft = OWNERS.answer("What's the annual revenue of Dalian Lanhai Hydrogen Equipment?", "en")
    assert draft is not None and not draft.answered
    assert "does not state details of the organisation" in draft.text and "大连蓝海氢能装备" in draft.text
    assert [c.doc_id for c in draft.citations] == ["d1"]
    # what a listing does hold, or another question about the organisation, is left to the listings
    assert OWNERS.answer("what does dalian lanhai hydrogen need?", "en") is None
    assert OWNERS.answer("东北大学的学生可以兼职创业吗", "zh") is None
