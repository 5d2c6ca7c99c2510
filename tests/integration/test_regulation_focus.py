"""Follow-ups about the article in focus, over the shipped regulations: the document it is from ("哪个文件
规定的"), the year it was passed, its chapter, whether its article numbers may be cited (regulation_focus.py,
regulation_facts.py); its counterpart in the other regulation and the definition of a term it uses
(regulation_articles.py)."""

from __future__ import annotations

from bot.services import Services
from tests.support.dialogues import ask_in_turn


def test_the_document_its_year_and_its_numbering_after_a_situation(shared_corpus_services: Services) -> None:
    (_, _), (document, named), (year, dated), (numbers, stated) = ask_in_turn(
        shared_corpus_services,
        "国企搞成果转化能给员工股权激励吗",
        "哪个文件规定的",
        "几几年通过的",
        "条文号靠谱吗，我要写进报告",
    )
    assert named and "《辽宁省科技创新条例》" in document, document
    assert dated and "2021年7月27日" in year, year
    # the preamble's own words on its numbering are quoted: for navigation, checked against the official text
    assert stated and "导航" in numbers and "官方文本" in numbers, numbers


def test_which_chapter_the_article_shown_is_in(shared_corpus_services: Services) -> None:
    (_, _), (english, answered) = ask_in_turn(
        shared_corpus_services, "what does Article 43 of the transformation law say", "which chapter is it in"
    )
    assert answered and english.startswith("Article 43 of the Law") and "Chapter IV" in english, english
    (_, _), (chinese, _) = ask_in_turn(shared_corpus_services, "辽宁条例第二十六条讲的啥", "这条在第几章")
    assert "第三章" in chinese and "《辽宁省科技创新条例》第二十六条" in chinese, chinese


def test_the_other_regulations_version_of_an_article_asked_for_by_number(
    shared_corpus_services: Services,
) -> None:
    # the article plan of "what about Article 44" is inherited by the follow-up, which names no article
    (_, _), (_, _), (provincial, answered) = ask_in_turn(
        shared_corpus_services,
        "what does Article 43 of the transformation law say",
        "what about Article 44",
        "and the Liaoning version of this?",
    )
    assert answered and provincial.startswith("Article 20 of the Liaoning"), provincial


def test_what_a_term_of_the_article_shown_means_is_the_definitions_article(
    shared_corpus_services: Services,
) -> None:
    (_, _), (sale, sold), (defined, answered) = ask_in_turn(
        shared_corpus_services,
        "does the law say anything about confidentiality for staff who leave?",
        "can an employee sell a job-related invention on his own",
        "what counts as job-related?",
    )
    assert sold and sale.startswith("Article 42 of the Law") and "without authorization" in sale, sale
    assert answered and defined.startswith("Article 2 of the Law") and "work tasks" in defined, defined
