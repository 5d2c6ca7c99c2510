"""Who published a news article and when: the article's own fields, found by what the message says of it."""

from __future__ import annotations

from bot.conversation.news_facts import dated
from bot.services import Services


def test_the_publisher_and_date_of_the_article_asked_about(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    reply = chat.answer("2023年8月那篇辽宁科研平台的新闻是哪家媒体发的")
    assert reply.answered and "Liaoning Daily" in reply.answer and reply.citations[0].kind == "news"
    when = chat.answer("when was the news about the liaoyang magnesite conference released")
    assert "2024-12-04" in when.answer
    # the date the message names picks the article: the July 2024 press conference, not December's
    held = chat.news_facts.answer("24年7月23号那场成果转化新闻发布会是谁办的", "zh")
    assert held is not None and "Information Office" in held.text
    # neither a publisher nor a date asked, or no news named: left to the other answerers
    assert chat.news_facts.answer("what did the news say about key laboratories?", "en") is None
    assert chat.news_facts.answer("who published the regulation?", "en") is None


def test_the_year_and_month_a_message_names() -> None:
    assert dated("2023年8月那篇新闻") == (2023, 8)
    assert dated("24年7月23号的发布会") == (2024, 7)
    assert dated("the aug 2023 report") == (2023, 8)
    assert dated("the news about magnesium") == (None, None)


def test_a_chinese_question_reaches_the_english_reports_words(shared_corpus_services: Services) -> None:
    """The glossary's words of the provincial reports (重大专项, 本地转化率, 专题展区, 韩国): the English
    sentence that holds them answers, where the question shared too few words with any sentence."""
    chat = shared_corpus_services.chat
    halls = chat.answer("2018年沈阳那个会有哪些专题展区")
    assert halls.answered and "11 special exhibition areas" in halls.answer
    first = chat.answer("2024年辽宁新闻发布会说收集了多少项成果", session_id="news-rate")
    assert first.answered and "4,016" in first.answer
    rate = chat.answer("本地转化率目标呢", session_id="news-rate")
    assert rate.answered and "57%" in rate.answer


def test_the_publisher_of_the_article_the_conversation_is_about(shared_corpus_services: Services) -> None:
    """ "who published that article?" after an answer quoted from one article: that article's source,
    not a sentence of it; "when?" its date; a press conference's holder is its report's source."""
    chat = shared_corpus_services.chat
    sid = "news-focus-publisher"
    first = chat.answer(
        "which leading enterprises did Liaoning work with to set up industry-university-research "
        "platforms in the Liaoning laboratories?",
        sid,
    )
    assert "ZWZ" in first.answer
    who = chat.answer("who published that article?", sid)
    assert who.answered and "Liaoning Daily" in who.answer and who.citations[0].kind == "news"
    when = chat.answer("when?", sid)
    assert "2023-08-06" in when.answer
    chat.answer("辽宁2024年发布会说了什么转化目标", "news-focus-held")
    held = chat.answer("那次发布会是谁开的", "news-focus-held")
    assert "Information Office" in held.answer


def test_a_source_that_is_no_articles_is_no_publisher_question(shared_corpus_services: Services) -> None:
    chat = shared_corpus_services.chat
    sid = "news-focus-light-source"
    chat.answer("which pre-research projects did the 2023 liaoning news mention?", sid)
    light = chat.answer("when will the light source be finished", sid)
    assert "Liaoning Daily" not in light.answer


def test_a_website_no_text_gives_is_not_stated(shared_corpus_services: Services) -> None:
    """ "what's the website of that system?" after the article that builds the achievement information
    system: it names no site, so the answer says so (unanswered), not the article again."""
    chat = shared_corpus_services.chat
    sid = "website-unstated"
    chat.answer("which article says the state builds an achievement information system?", sid)
    reply = chat.answer("what's the website of that system?", sid)
    assert not reply.answered and "does not state a website" in reply.answer


def test_a_turn_to_the_news_and_who_announced_it(shared_corpus_services: Services) -> None:
    """ "btw what were Liaoning's 2024 commercialization targets" after questions about a stack is a new
    topic (not searched with "iridium loading"): the report's goals, though a 2026 event's summary reads
    nearer to the words; "who announced that" is the press conference's office, the report's source."""
    sid = "news-turn-announced"
    chat = shared_corpus_services.chat
    chat.answer("the DICP PEM electrolyser, what's the cell voltage", sid)
    chat.answer("iridium loading", sid)
    goals = chat.answer("btw what were Liaoning's 2024 commercialization targets", sid)
    assert goals.answered and "4,000" in goals.answer and "57%" in goals.answer
    who = chat.answer("who announced that", sid)
    assert who.answered and "Information Office" in who.answer
