"""What a regulation says of itself (bot/conversation/regulation_facts.py) and which one a question names
by its level (regulation_names.py), through the answerer over an in-memory store: whether the text held is
the official one, which regulation an answer came from, dates and size asked in everyday words."""

from __future__ import annotations

import pytest

from bot.conversation.regulation_asks import asked_facts
from bot.conversation.regulations import RegulationAnswerer
from retrieval.chunking import Chunker
from retrieval.embedders import HashingEmbedder
from retrieval.ingest import Ingestor
from retrieval.stores import InMemoryStore
from retrieval.types import Document, SearchFilters


def _regulation(doc_id: str, lang: str, title: str, body: str, **front: object) -> Document:
    group = doc_id.split("-")[0]
    meta: dict[str, object] = {"translation_group": group, "status": "in_force", **front}
    return Document(id=doc_id, kind="regulation", title=title, lang=lang, text=body, meta=meta)


_NATIONAL = {"level": "national", "effective_date": "2015-10-01", "unofficial": True}
_PROVINCIAL = {
    "level": "provincial",
    "effective_date": "2021-10-01",
    "total_chapters": 7,
    "total_articles": 56,
}
_DOCS = [
    _regulation(
        "law-zh",
        "zh",
        "中华人民共和国促进科技成果转化法（2015年修正）条文摘要",
        "本文是编辑部整理的非官方摘要，不是法律的正式文本。修正后的文本自2015年10月1日起施行。\n"
        "## 第四十一条 保密\n合作各方应当订立保密协议。",
        **_NATIONAL,
    ),
    _regulation(
        "law-en",
        "en",
        "Law on Promoting the Transformation of Scientific and Technological Achievements: article summaries",
        "This is an unofficial summary by the editors, not the official text. The amended text took effect "
        "on 1 October 2015.\n## Article 41 Confidentiality\nThe parties sign a confidentiality agreement.",
        **_NATIONAL,
    ),
    _regulation(
        "prov-zh",
        "zh",
        "辽宁省科技创新条例（成果转化）条文摘要",
        "《辽宁省科技创新条例》共七章五十六条，自2021年10月1日起施行。\n"
        "## 第二十五条 中试基地\n支持建设中试基地。",
        **_PROVINCIAL,
    ),
    _regulation(
        "prov-en",
        "en",
        "Liaoning Province Regulations on Scientific and Technological Innovation: article summaries",
        "The regulations have seven chapters and 56 articles and took effect on 1 October 2021.\n"
        "## Article 25 Pilot bases\nPilot-scale bases are supported.",
        **_PROVINCIAL,
    ),
]
_PROVINCIAL_NAME = "the Liaoning Province Regulations on Scientific and Technological Innovation"


@pytest.fixture(scope="module")
def answerer() -> RegulationAnswerer:
    store = InMemoryStore()
    Ingestor(store, HashingEmbedder(dim=128), Chunker()).ingest_documents(_DOCS)
    return RegulationAnswerer(store)


def test_asking_whether_the_text_is_official_is_answered_from_the_front_matter(
    answerer: RegulationAnswerer,
) -> None:
    english = answerer.answer("Is the national law text you hold the authoritative version?", "en")
    assert english is not None and english.answered
    assert english.text.startswith("The knowledge base holds an unofficial summary of the Law")
    assert "not the official text" in english.text  # the preamble's own sentence is quoted
    chinese = answerer.answer("转化法这份摘要是正式文本吗", "zh")
    assert chinese is not None and chinese.answered and "非官方摘要" in chinese.text


def test_a_regulation_that_does_not_say_whether_it_is_official_is_not_guessed(
    answerer: RegulationAnswerer,
) -> None:
    draft = answerer.answer("is the provincial regulation here the official wording?", "en")
    assert draft is not None and not draft.answered
    assert "does not state whether" in draft.text


@pytest.mark.parametrize(
    ("question", "lang", "focus", "expected"),
    [
        ("这条出自哪部法律？", "zh", "law-zh", "这是《中华人民共和国促进科技成果转化法》的规定。"),
        ("which act is that from?", "en", "prov-en", f"That is from {_PROVINCIAL_NAME}."),
        ("and this rule, what regulation is it in?", "en", "law-en", "That is from the Law on Promoting"),
    ],
)
def test_which_regulation_an_answer_came_from_is_the_one_in_focus(
    answerer: RegulationAnswerer, question: str, lang: str, focus: str, expected: str
) -> None:
    draft = answerer.answer(question, lang, focus=focus)
    assert draft is not None and draft.answered and draft.text.startswith(expected)


def test_which_regulation_without_one_in_focus_or_named_is_no_fact(answerer: RegulationAnswerer) -> None:
    assert answerer.answer("这条出自哪部法律？", "zh") is None
    # a topic question naming no regulation is searched, not answered with the focus's name
    assert asked_facts("which law covers confidentiality agreements?") == []
    assert answerer.answer("which law covers confidentiality agreements?", "en", focus="prov-en") is None


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("from when does the provincial regulation apply?", ["effective"]),
        ("since when is the Liaoning regulation valid", ["effective"]),
        ("how long is the provincial regulation?", ["size"]),
        ("how long is the payment period under the law?", []),  # a duration in it, not its size
        ("省里的条例从哪天开始实施", ["effective"]),
        ("国家那部法是哪个机关颁布的", ["body"]),
        ("who passed the liaoning innovation regulations and when", ["body", "adopted"]),  # verb first
        ("2015年那次修改是哪天通过的", ["amended"]),  # the amendment's date, not the adoption's
        ("when was the amendment passed?", ["amended"]),
        ("is the provincial regulation a national law or a provincial one", ["level"]),
        ("转化法是国家的还是地方的", ["level"]),
        ("几几年通过的", ["adopted"]),
        ("条文号靠谱吗，我要写进报告", ["numbering"]),
        ("can I cite these article numbers in my report?", ["numbering"]),
        ("what is the article number", []),  # which article it is (regulation_steps.py), not its numbering
        ("这是哪份文件的规定", ["name"]),
    ],
)
def test_document_facts_asked_in_everyday_words(question: str, kinds: list[str]) -> None:
    assert asked_facts(question) == kinds


def test_the_provincial_size_and_date_answer_in_either_language(answerer: RegulationAnswerer) -> None:
    size = answerer.answer("how long is the provincial regulation?", "en")
    assert size is not None and size.answered and "seven chapters and 56 articles" in size.text
    date = answerer.answer("省里的条例从哪天开始实施", "zh")
    assert date is not None and date.text.startswith("《辽宁省科技创新条例》自2021年10月1日起施行。")


@pytest.mark.parametrize(
    ("question", "doc_id"),
    [
        ("what does the province's regulation say about pilot bases?", "prov-en"),
        ("地方条例对中试基地有什么规定", "prov-zh"),
        ("under the national law, must partners keep things confidential?", "law-en"),
        ("国家层面的法律对保密怎么规定", "law-zh"),
        ("in China's law, what about confidentiality?", "law-en"),
    ],
)
def test_a_level_word_keeps_the_search_to_that_regulation(
    answerer: RegulationAnswerer, question: str, doc_id: str
) -> None:
    assert answerer.filter_for(question) == SearchFilters(kind=("regulation",), doc_id=doc_id)


def test_an_elliptical_turn_after_a_fact_asks_that_fact_again(answerer: RegulationAnswerer) -> None:
    before = "辽宁省科技创新条例什么时候施行的"
    national = answerer.answer("国家那部转化法呢", "zh", focus="prov-zh", before=before)
    assert national is not None and "2015年10月1日" in national.text  # of the regulation it names
    original = answerer.answer("and the original?", "en", focus="law-en", before="when did it take effect?")
    assert original is not None and "1 October 2015" in original.text  # the one in focus
    # one after a question that asked no fact, or about a topic, asks nothing of the document
    assert answerer.answer("国家那部转化法呢", "zh", before="单位没规定的话能分多少") is None
    after = "when did it take effect?"
    assert answerer.answer("what about pilot bases?", "en", focus="prov-en", before=after) is None


def test_the_level_is_answered_of_the_regulation_named_not_of_the_levels_offered(
    answerer: RegulationAnswerer,
) -> None:
    draft = answerer.answer("is the Liaoning regulation a national law or provincial?", "en")
    assert draft is not None and draft.answered and "provincial (local) legislation" in draft.text, draft
    law = answerer.answer("转化法是国家的法律还是地方的", "zh")
    assert law is not None and law.answered and "国家法律" in law.text, law


def test_whether_its_article_numbers_may_be_cited_quotes_what_the_preamble_says_of_them() -> None:
    store = InMemoryStore()
    numbered = _regulation(
        "num-en", "en", "Numbered Regulations: article summaries",
        "This is an unofficial summary. The article numbers below are given for navigation only.\n"
        "## Article 1 Purpose\nPurpose.",
        unofficial=True,
    )  # fmt: skip
    Ingestor(store, HashingEmbedder(dim=128), Chunker()).ingest_documents([numbered])
    draft = RegulationAnswerer(store).answer("are the article numbers reliable?", "en", focus="num-en")
    assert draft is not None and draft.answered
    assert "check its article numbers against the official text" in draft.text
    assert "given for navigation only" in draft.text  # the preamble's own sentence
