"""Two technologies named and compared on one value ("A和B 哪个更成熟"): the one with more of it, with both
values; a comparison that names no second record is answered as before."""

from __future__ import annotations

from bot.services import Services


def test_the_more_mature_of_two_named(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("大化所的PEM电解槽和东北大学的碱性电解电极 哪个更成熟")
    assert reply.answered and "TRL 7" in reply.answer and "TRL 6" in reply.answer
    assert reply.answer.startswith("「Megawatt-class PEM water electrolyser stack」的成熟度更高")
    cited = {c.doc_id for c in reply.citations}
    assert cited == {"ach-pem-electrolyzer-stack", "ach-alkaline-electrolysis-electrode"}


def test_the_one_with_more_patents(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("大化所的PEM电解槽和东北大学的碱性电解电极 哪个专利更多")
    assert reply.answered and "专利数更高" in reply.answer and "8 granted" in reply.answer
