"""Names across scripts on the shipped corpus, with the real embedded model: a Chinese question naming a
person the English news spells in pinyin finds that news, and an English question naming a company in
pinyin finds the Chinese listing (before the aliases, these ranked 3rd, outside the top 5, and outside it)."""

from __future__ import annotations

import pytest

from bot.services import Services


@pytest.mark.parametrize(
    "question,doc_id,spelling",
    [
        # news-2024-12-04: "Chen Dongsheng, Director of the Liaoning Provincial ... Service Center"
        ("陈东升是谁", "news-2024-12-04-liaoyang-magnesite-conference", "chen dongsheng"),
        # news-2023-04-13: "Academician Pan Fusheng delivered and opening speech for the Summit"
        ("潘复生院士说了什么", "news-2023-04-13-magnesium-summit-zhejiang", "pan fusheng"),
        # demands.csv: 本溪华康药业有限公司（示例）, a Chinese listing
        ("Huakang budget", "dem-benxi-innovative-drug", "华康"),
    ],
)
def test_a_name_finds_the_document_that_spells_it_in_the_other_script(
    shared_corpus_services: Services, question: str, doc_id: str, spelling: str
) -> None:
    searcher = shared_corpus_services.searcher
    assert searcher.search(question, k=5).doc_ids()[0] == doc_id
    # what quote scoring reads after the search: the spelling among the question's translations
    assert spelling in searcher.glossary.translations(question)


def test_a_place_in_the_glossary_and_in_pinyin_is_found_once(shared_corpus_services: Services) -> None:
    """大石桥 is a glossary entry and an alias: one translation, and the English news in the top 2."""
    searcher = shared_corpus_services.searcher
    question = "大石桥石灰石镁质协会秘书长是谁"
    assert "news-2024-12-04-liaoyang-magnesite-conference" in searcher.search(question, k=5).doc_ids()[:2]
    assert searcher.glossary.translations(question).count("dashiqiao") == 1
