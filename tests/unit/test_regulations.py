"""Regulations: index terms on article chunks (retrieval/chunking.py), and the regulation answerer
(bot/conversation/regulations.py): which regulation a question names, document-level facts, filters."""

from __future__ import annotations

from retrieval.chunking import INDEX_TERMS_LABEL, Chunker, article_text
from retrieval.glossary import Glossary
from retrieval.types import Document

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
