"""The article next to the one in focus ("下一条呢", "and the next article?") and the numbers held."""

from __future__ import annotations

from bot.conversation.regulation_evidence import ArticleText
from bot.conversation.regulation_steps import (
    article_step,
    asks_which_article,
    asks_which_chapter,
    asks_which_regulation,
    in_chapter,
    in_regulation,
    stepped,
    version_asked,
)
from retrieval.types import Chunk


def _article(number: int, lang: str = "en") -> ArticleText:
    locator = f"Article {number}" if lang == "en" else f"第{number}条"
    chunk = Chunk(
        id=f"reg-{lang}#{number}", doc_id=f"reg-{lang}", index=number,
        text=f"{locator} Heading {number}\nBody {number}.",
        kind="regulation", title="Reg", lang=lang, locator=locator,  # type: ignore[arg-type]
        meta={"translation_group": "reg", "article_no": number, "chapter": "Chapter II Rights"},
    )  # fmt: skip
    return ArticleText.of([chunk], [], frozenset())


def test_next_and_previous_in_both_languages() -> None:
    nexts = ("下一条呢", "再下一条", "那下一条", "and the next article?", "next one", "the following article")
    for message in nexts:
        assert article_step(message) == 1, message
    for message in ("and the one after that", "再后面一条", "后面那条呢"):  # the one after the one shown
        assert article_step(message) == 1, message
    for message in ("上一条呢", "前一条", "and the previous article?", "and the one before that?"):
        assert article_step(message) == -1, message
    for message in ("第二十条讲的什么", "next month events", "what's next for the province"):
        assert article_step(message) == 0, message


def test_the_neighbour_is_quoted_whole_and_a_missing_one_says_what_is_held() -> None:
    articles = {("reg", n): _article(n) for n in (18, 19, 20)}
    draft = stepped(articles, ("reg", 19), 1, "en", "The Regulation")
    assert draft.answered and draft.text.startswith("The Regulation, Article 20 Heading 20")
    assert "Body 20." in draft.text and draft.citations[0].chunk_id == "reg-en#20"
    back = stepped(articles, ("reg", 19), -1, "en", "The Regulation")
    assert "Body 18." in back.text
    missing = stepped(articles, ("reg", 20), 1, "zh", "条例")
    assert not missing.answered and "第21条" in missing.text and "第18条至第20条" in missing.text


def test_which_regulation_the_article_in_focus_is_from() -> None:
    asked = (
        "is that national or provincial",
        "这是国家的还是省里的",
        "which law is that from?",
        "哪个文件规定的",
        "这是什么文件里写的",
        "what document says that",
    )
    for message in asked:
        assert asks_which_regulation(message), message
    assert not asks_which_regulation("what does the national law say about rewards?")
    assert not asks_which_regulation("什么法律规定了中试基地")  # a topic of its own
    chunk = _article(44).version("en")
    draft = in_regulation(chunk, "Law on Promoting", "en")
    assert draft.text.startswith("Article 44 is from the Law on Promoting") and draft.citations[0].n == 1
    # "national or provincial?" is answered with the level, in plain words, after the name
    leveled = in_regulation(chunk, "Law on Promoting", "en", "It is national law.")
    assert leveled.text == "Article 44 is from the Law on Promoting. It is national law. [1]"


def test_the_other_language_version_asked() -> None:
    assert version_asked("中文版是哪一条") == "zh" and version_asked("what's the English version") == "en"
    assert version_asked("英文原文呢") == "en" and version_asked("what does it say in Chinese law") is None


def test_which_article_asked_alone_of_the_article_in_focus() -> None:
    alone = (
        "which article is that",
        "which article?",
        "so what's the article number",
        "第几条",
        "这是哪一条呢",
        "article no?",
        "Article number",
        "条号？",
    )
    for message in (*alone, "辽宁条例第几条说的", "which article of the liaoning regulations is that"):
        assert asks_which_article(message), message
    # a topic of its own: searched, not the number of the article shown
    for message in (
        "辽宁条例里尽职免责是第几条",
        "辽宁条例哪条讲技术经理人",
        "which article covers tech managers",
    ):
        assert not asks_which_article(message), message


def test_which_chapter_the_article_in_focus_is_in() -> None:
    for message in ("which chapter is that in", "what chapter is it in?", "这条在第几章", "在哪一章"):
        assert asks_which_chapter(message), message
    for message in ("which chapter covers tax incentives?", "第三章讲什么"):  # a topic of its own
        assert not asks_which_chapter(message), message
    draft = in_chapter(_article(26).version("en"), "Law on Promoting", "en")
    assert draft.answered and draft.text == "Article 26 of the Law on Promoting is in Chapter II Rights. [1]"
