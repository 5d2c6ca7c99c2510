"""A field named by its everyday name ("电动车", "新能源车" for new-energy vehicles): its records are listed
by the field, not by the name's pieces ("电动" found an electric arc furnace), and a kind of record none of
which is filed under the field says so with the nearest, labelled, instead of listing every one."""

from __future__ import annotations

from bot.services import Services
from retrieval.fields import field_names_in, fields_in


def test_everyday_names_of_a_field() -> None:
    for name in ("有啥新能源车相关的需求没", "电动车方面有什么成果", "any electric vehicle tech"):
        assert fields_in(name)[0] == "new_energy_vehicles"
        assert field_names_in(name)
    assert field_names_in("尾矿综合利用有哪些技术") == []  # a topic within a field names no whole field


def test_a_latin_abbreviation_next_to_chinese_names_its_field() -> None:
    assert fields_in("有哪些IC相关的成果") == ["integrated_circuits"]
    assert fields_in("AI方面有啥成果") == ["ai_software"]
    assert fields_in("IC50多少") == []  # a measure, not the field


def test_a_field_named_by_its_everyday_name_lists_its_records(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    reply = chat.answer("电动车方面有什么成果")
    fields = {chat.catalog.record(c.kind, c.doc_id).get("field") for c in reply.citations}  # type: ignore[union-attr]
    assert reply.answered and fields == {"new_energy_vehicles"}


def test_no_record_of_the_kind_in_the_field_is_said_with_the_nearest(
    shared_corpus_services: Services,
) -> None:
    chat = shared_corpus_services.chat
    demands = [r for r in chat.catalog.demands() if r.get("field") == "new_energy_vehicles"]
    assert demands == []  # the shipped corpus has no such demand
    asked = (("有啥新能源车相关的需求没", "没有与“新能源汽车”相符"), ("any EV demands?", "matches"))
    for question, said in asked:
        reply = chat.answer(question)
        assert not reply.answered and said in reply.answer
        assert 0 < len(reply.citations) <= 3  # the nearest, not every demand
