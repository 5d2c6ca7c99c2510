"""Regulations: index terms on article chunks (retrieval/chunking.py), and the regulation answerer
(bot/conversation/regulations.py): which regulation a question names, document-level facts, filters."""

from __future__ import annotations

import pytest

from bot.conversation.regulations import RegulationAnswerer, RegulationDoc, named_regulation, regulation_fact
from retrieval.chunking import INDEX_TERMS_LABEL, Chunker, article_text
from retrieval.embedders import HashingEmbedder
from retrieval.glossary import Glossary
from retrieval.ingest import Ingestor
from retrieval.stores import InMemoryStore
from retrieval.types import Document, SearchFilters

_GLOSSARY = Glossary(
    [
        (["尽职免责"], ["due-diligence exemption"]),
        (["追责", "追究责任"], ["held liable", "liable", "blame"]),
        (["科技成果转化", "成果转化"], ["commercialization"]),
        (["保密协议", "保密"], ["confidentiality agreement", "confidentiality"]),
    ]
)
_LAW_ZH = """本文是摘要。本条例于2021年7月27日通过，自2021年10月1日起施行。

# 第三章 成果转化

## 第二十八条 尽职免责

建立成果转化尽职免责机制，勤勉尽责的，不因价值变化而被追责。

## 第四十一条 保密

合作各方应当订立保密协议。
"""


def _doc(text: str = _LAW_ZH, title: str = "某省科技成果转化条例") -> Document:
    return Document(id="reg-x-zh", kind="regulation", title=title, lang="zh", text=text)


def _terms(text: str) -> list[str]:
    line = text.splitlines()[-1]
    assert line.startswith(INDEX_TERMS_LABEL), text
    return line.removeprefix(INDEX_TERMS_LABEL).strip().split("; ")


def test_an_article_is_indexed_under_its_concepts_in_both_languages() -> None:
    chunks = Chunker(glossary=_GLOSSARY).chunks(_doc())
    terms = _terms(chunks[0].text)
    # the heading's concept in the other language, and the text's concept with its everyday synonyms
    assert "due-diligence exemption" in terms
    assert {"held liable", "liable", "blame", "追究责任"} <= set(terms)
    # a term the article already holds is not repeated, nor is the concept every article shares (title)
    assert "尽职免责" not in terms and "追责" not in terms
    assert "commercialization" not in terms and "成果转化" not in terms
    assert "confidentiality agreement" in _terms(chunks[1].text)


def test_the_index_line_is_not_part_of_the_article_shown() -> None:
    chunk = Chunker(glossary=_GLOSSARY).chunks(_doc())[0]
    shown = article_text(chunk.text)
    assert INDEX_TERMS_LABEL not in shown and "blame" not in shown
    assert shown == "第二十八条 尽职免责\n建立成果转化尽职免责机制，勤勉尽责的，不因价值变化而被追责。"
    assert article_text(shown) == shown  # text without the line is left as it is


def test_without_a_glossary_articles_carry_no_index_line() -> None:
    chunks = Chunker().chunks(_doc())
    assert all(INDEX_TERMS_LABEL not in c.text for c in chunks)
    assert chunks[1].text == "第四十一条 保密\n合作各方应当订立保密协议。"


def test_the_glossary_is_part_of_the_chunker_fingerprint() -> None:
    other = Glossary([(["保密"], ["secrecy"])])
    prints = {
        Chunker().fingerprint,
        Chunker(glossary=_GLOSSARY).fingerprint,
        Chunker(glossary=other).fingerprint,
    }
    assert len(prints) == 3
    assert Chunker(glossary=_GLOSSARY).fingerprint == Chunker(glossary=_GLOSSARY).fingerprint


def test_the_preamble_is_kept_with_the_first_article() -> None:
    chunks = Chunker().chunks(_doc())
    assert chunks[0].meta["preamble"] == "本文是摘要。本条例于2021年7月27日通过，自2021年10月1日起施行。"
    assert "preamble" not in chunks[1].meta
    no_preamble = Chunker().chunks(_doc(text="## 第一条 目的\n为了促进转化。"))
    assert "preamble" not in no_preamble[0].meta


# ---- the regulation answerer, over an in-memory store -----------------------------------------------
def _regulation(doc_id: str, lang: str, group: str, title: str, body: str, **front: object) -> Document:
    meta: dict[str, object] = {"translation_group": group, "status": "in_force", **front}
    return Document(id=doc_id, kind="regulation", title=title, lang=lang, text=body, meta=meta)


_LAW = {"level": "national", "effective_date": "2015-10-01", "first_effective_date": "1996-10-01"}
_PROVINCIAL = {"level": "provincial", "effective_date": "2021-10-01", "issuing_body": "某省人大常委会"}
_DOCS = [
    _regulation(
        "law-zh",
        "zh",
        "law",
        "中华人民共和国促进科技成果转化法（2015年修正）条文摘要",
        "本法于1996年5月15日通过，1996年10月1日起施行；修正后的文本自2015年10月1日起施行。\n"
        "## 第十六条 转化方式\n可以许可他人使用。\n## 第四十五条 奖励\n不低于百分之五十。",
        aliases=["转化法"],
        **_LAW,
    ),
    _regulation(
        "law-en",
        "en",
        "law",
        "Law on Promoting the Transformation of Scientific and Technological Achievements: article summaries",
        "The law took effect on 1 October 1996; the amended text took effect on 1 October 2015.\n"
        "## Article 16 Ways\nLicensing is one way.\n## Article 45 Rewards\nAt least 50%.",
        **_LAW,
    ),
    _regulation(
        "prov-zh",
        "zh",
        "prov",
        "辽宁省科技创新条例（成果转化）条文摘要",
        "据公开报道，《辽宁省科技创新条例》共七章五十六条，自2021年10月1日起施行；如有出入以官方文本为准。\n"
        "## 第二十六条 金融支持\n鼓励知识产权质押融资。",
        total_chapters=7,
        total_articles=56,
        **_PROVINCIAL,
    ),
    _regulation(
        "prov-en",
        "en",
        "prov",
        "Liaoning Province Regulations on Scientific and Technological Innovation: article summaries",
        "According to public reports, the regulations have seven chapters and 56 articles and took effect "
        "on 1 October 2021; the official text prevails.\n"
        "## Article 26 Finance\nIP pledge financing is encouraged.",
        total_chapters=7,
        total_articles=56,
        **_PROVINCIAL,
    ),
]


@pytest.fixture(scope="module")
def answerer() -> RegulationAnswerer:
    store = InMemoryStore()
    Ingestor(store, HashingEmbedder(dim=128), Chunker()).ingest_documents(_DOCS)
    return RegulationAnswerer(store)


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("转化法第十六条讲什么", "law"),
        ("促进科技成果转化法的奖励标准", "law"),
        ("What does the transformation law say about licensing?", "law"),
        ("article 16 of the law on promoting transformation", "law"),
        ("what does the national law say about rewards?", "law"),
        ("article 45 of the law, please", "law"),  # "the law": the only law there is
        ("辽宁那个条例对金融有什么规定", "prov"),
        ("辽宁条例说省里要建什么库", "prov"),  # "说省" is no province: the province's own regulation
        ("辽宁科技创新条例哪天施行", "prov"),
        ("is there anything in Liaoning's regs about loans?", "prov"),
        ("what do the Liaoning sci-tech innovation regulations say", "prov"),
        ("省里的条例怎么支持融资", "prov"),
        ("the provincial regulation on finance", "prov"),
    ],
)
def test_a_regulation_is_named_in_either_language_by_short_names(
    answerer: RegulationAnswerer, question: str, group: str
) -> None:
    named = named_regulation(question, answerer.regulations())
    assert sorted(named) == sorted(f"{group}-{lang}" for lang in ("zh", "en"))


@pytest.mark.parametrize(
    "question",
    [
        "what do the regulations say about tax incentives?",  # no regulation in particular
        "浙江省科技创新条例什么时候施行",  # another province's
        "what does the Zhejiang Province innovation regulation say",
        "高校转化成果的收入归谁",
        "how many key labs at the provincial level or above does Liaoning have?",  # a level, not a rule
    ],
)
def test_a_question_naming_no_regulation_of_ours_names_none(
    answerer: RegulationAnswerer, question: str
) -> None:
    assert named_regulation(question, answerer.regulations()) == []
    assert answerer.filter_for(question) is None
    assert answerer.answer(question, "zh") is None


def test_both_regulations_named_keep_the_search_to_regulations(answerer: RegulationAnswerer) -> None:
    question = "转化法和辽宁条例对奖励的规定有什么不同"
    assert len(named_regulation(question, answerer.regulations())) == 4
    assert answerer.filter_for(question) == SearchFilters(kind=("regulation",))
    assert answerer.answer("转化法和辽宁条例是哪天施行的", "zh") is None  # which one's date?


def test_the_filter_keeps_a_search_to_the_named_regulation_in_the_questions_language(
    answerer: RegulationAnswerer,
) -> None:
    assert answerer.filter_for("辽宁条例第二十六条") == SearchFilters(kind=("regulation",), doc_id="prov-zh")
    assert answerer.filter_for("Liaoning regulations, article 26") == SearchFilters(
        kind=("regulation",), doc_id="prov-en"
    )
    assert answerer.filter_for("辽宁条例第二十六条", lang="en") == SearchFilters(
        kind=("regulation",), doc_id="prov-en"
    )
    # what the news says of a regulation is in the news
    assert answerer.filter_for("what did the press conference say about the Liaoning regulations?") is None


def test_the_effective_date_leads_the_answer_and_the_preamble_is_quoted(answerer: RegulationAnswerer) -> None:
    draft = answerer.answer("辽宁科技创新条例是什么时候施行的？", "zh")
    assert draft is not None and draft.answered
    assert draft.text.startswith("《辽宁省科技创新条例》自2021年10月1日起施行。")
    assert "如有出入以官方文本为准" in draft.text  # the document's own hedge comes with the date
    (citation,) = draft.citations
    assert citation.doc_id == "prov-zh" and citation.locator == ""  # the document, not one of its articles
    english = answerer.answer("When did the Liaoning regulations take effect?", "en")
    name = "The Liaoning Province Regulations on Scientific and Technological Innovation"
    assert english is not None and english.text.startswith(f"{name} took effect on 1 October 2021.")


def test_the_original_and_the_amended_texts_dates(answerer: RegulationAnswerer) -> None:
    original = regulation_fact(
        "when did the original version of the transformation law take effect?", "en", _law(answerer)
    )
    assert original is not None and "1 October 1996" in original and "2015" not in original
    amended = regulation_fact(
        "when did the amended transformation law come into force?", "en", _law(answerer)
    )
    assert amended is not None and amended.index("1 October 2015") < amended.index("1 October 1996")


def test_the_size_of_the_full_text_and_of_the_summary(answerer: RegulationAnswerer) -> None:
    english = answerer.answer("how many chapters and articles do the Liaoning regulations have?", "en")
    assert english is not None and english.answered
    assert "seven chapters and 56 articles" in english.text and "summaries of 1 of them" in english.text
    chinese = answerer.answer("辽宁条例一共几章几条", "zh")
    assert chinese is not None and "共七章五十六条" in chinese.text


def test_a_fact_the_knowledge_base_does_not_hold_is_said_to_be_missing(answerer: RegulationAnswerer) -> None:
    draft = answerer.answer("转化法是谁制定的？", "zh")  # the law's front matter names no issuing body
    assert draft is not None and not draft.answered
    assert "知识库没有说明" in draft.text and "制定机关" in draft.text
    size = answerer.answer("how many articles does the transformation law have?", "en")
    assert size is not None and not size.answered
    assert "does not state how many chapters and articles" in size.text and "Articles 16–45" in size.text


def test_an_adoption_date_missing_from_the_front_matter_is_read_from_the_preamble(
    answerer: RegulationAnswerer,
) -> None:
    draft = answerer.answer("转化法是哪天通过的", "zh")
    assert draft is not None and draft.answered
    assert draft.text.startswith("《中华人民共和国促进科技成果转化法》于1996年5月15日通过。")


def test_the_issuing_body_and_whether_it_is_in_force(answerer: RegulationAnswerer) -> None:
    draft = answerer.answer("辽宁那个条例是谁制定的，现在还有效吗", "zh")
    assert draft is not None and draft.answered
    assert "由某省人大常委会制定" in draft.text and "现行有效" in draft.text


@pytest.mark.parametrize(
    "question",
    [
        "辽宁条例第二十六条讲什么",  # an article by number: the article, not a fact of the document
        "what does the Liaoning regulation say about IP pledge financing?",
        "辽宁条例里有哪些有效的激励措施",  # "有效" here is not "in force"
    ],
)
def test_other_questions_about_a_named_regulation_are_left_to_search(
    answerer: RegulationAnswerer, question: str
) -> None:
    assert answerer.answer(question, "zh") is None


def test_a_fact_about_the_regulation_in_focus(answerer: RegulationAnswerer) -> None:
    assert answerer.answer("它是哪天施行的？", "zh") is None
    draft = answerer.answer("它是哪天施行的？", "zh", focus="prov-en")
    assert draft is not None and "2021年10月1日" in draft.text


def _law(answerer: RegulationAnswerer) -> list[RegulationDoc]:
    return [d for d in answerer.regulations() if d.group == "law"]


def test_a_year_names_the_one_regulation_dated_so(answerer: RegulationAnswerer) -> None:
    # "2015年那次修改": only the law has a date in 2015; naming no year, no regulation is meant
    draft = answerer.answer("2015年那次修改后的文本哪天施行的", "zh")
    assert draft is not None and draft.answered and "2015年10月1日" in draft.text, draft
    assert answerer.answer("那次修改后的文本哪天施行的", "zh") is None
    assert answerer.answer("2015年那个对接会哪天发布的", "zh") is None  # no regulation asked of
