"""The roles the news give people ("Zang Ximin, Vice President of ..."), read from appositions."""

from __future__ import annotations

from bot.conversation.people import roles_in

TEXT = (
    "It highlighted enterprise needs. Chen Dongsheng, Director of the Service Center; Zang Ximin, Vice "
    "President of Shenyang University of Technology; and Li Lijun, Director of the R&D Center at Dalian "
    "Yatai New Materials Co., Ltd.—shared insights. Prof. Pan Fusheng, Academician of the Academy, "
    "President of the Mg Society, Prof. Karl Ulrich Kainer, former President of the Magnesium Association, "
    "and Mr. Yu Yajun, President of the Die Casting Branch, made speeches. Shenyang, Liaoning is a city."
)


def test_each_person_of_a_list_gets_their_own_role() -> None:
    roles = dict(roles_in(TEXT))
    assert roles["Chen Dongsheng"] == "Director of the Service Center"
    assert roles["Zang Ximin"] == "Vice President of Shenyang University of Technology"
    assert roles["Li Lijun"] == "Director of the R&D Center at Dalian Yatai New Materials Co., Ltd"
    assert roles["Pan Fusheng"] == "Academician of the Academy, President of the Mg Society"
    assert roles["Karl Ulrich Kainer"] == "former President of the Magnesium Association"
    assert roles["Yu Yajun"] == "President of the Die Casting Branch"
    # a place followed by a comma is no person: no role word follows it
    assert "Shenyang" not in " ".join(roles)
