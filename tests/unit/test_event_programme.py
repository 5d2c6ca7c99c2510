"""What an event's programme says follows a part of it, and which record shown a message points at by
its field or agenda."""

from __future__ import annotations

from bot.conversation.event_programme import names_part, programme_asked, programme_sentence
from bot.conversation.field_pick import by_field
from retrieval.catalog import RecordView
from retrieval.fields import fields_in
from retrieval.types import Chunk

AGRI = (
    "Research teams present crop varieties to cooperatives and investors, followed by field visits to the "
    "university's experimental base."
)
TWO_DAYS = "对接会将集中发布20余项科技成果，并组织一对一洽谈。第二天安排参观中试基地。"


def test_the_part_asked_after_is_read_from_the_question() -> None:
    assert programme_asked("what happens after the presentations?") == ["presentations"]
    assert programme_asked("what comes next?") == []
    assert programme_asked("路演之后干什么") == ["路演"]
    assert programme_asked("where is it?") is None
    assert programme_asked("what happens if we miss the deadline?") is None


def test_the_sentence_that_tells_what_follows_answers() -> None:
    assert programme_sentence(["presentations"], AGRI) == AGRI  # "present", then "followed by"
    assert programme_sentence(["lunch"], AGRI) is None  # no lunch on the programme
    assert programme_sentence([], AGRI) == AGRI
    # the part in one sentence, what follows in the next
    assert programme_sentence(["发布"], TWO_DAYS) == "第二天安排参观中试基地。"
    assert programme_sentence(["presentations"], "Teams present their results.") is None
    # the part named with no order after it (the summary answers as it stands), or not named at all
    assert names_part(["talks"], "Two days of talks on magnesium alloy lightweighting.")
    assert not names_part(["lunch"], AGRI)


def _event(doc_id: str, fields: list[str], topics: list[str]) -> RecordView:
    meta = {"fields": fields, "topics": topics}
    return RecordView(Chunk(doc_id, doc_id, 0, doc_id, "event", doc_id, "en", meta=meta))


def test_a_record_shown_is_picked_by_its_field_or_a_topic_on_its_agenda() -> None:
    shown = [
        _event("im", ["cnc_machine_tools"], ["five-axis machine tools"]),
        _event("agri", ["modern_agriculture"], ["cold-region solar greenhouses"]),
        _event("bio", ["biomedicine"], ["小分子创新药"]),
    ]
    assert fields_in("and where's the biomed one?") == ["biomedicine"]
    assert fields_in("the ag one, is it free?") == ["modern_agriculture"]
    assert by_field("and where's the biomed one?", shown) is shown[2]
    assert by_field("the greenhouse one", shown) is shown[1]
    assert by_field("the hydrogen one", shown) is None  # none of them
    assert by_field("the second one", shown) is None
