"""An article asked for by its subject ("哪条讲技术市场"), a definition ("职务科技成果指啥") and the level of
the regulation an article is in ("这是国家的还是省里的"), over the shipped regulations."""

from __future__ import annotations

import pytest

from bot.services import Services
from tests.support.dialogues import ask_in_turn


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        # the article on the ways of transformation, though "方式" is a request word elsewhere
        ("转化法里规定成果转化有哪几种方式的是第几条", "《中华人民共和国促进科技成果转化法》第十六条"),
        ("which article of the law lists the ways to commercialize an achievement", "Article 16 of the Law"),
        # the definitions article, not the first one that uses the term (the province's rewards)
        ("职务科技成果到底指啥，哪条规定的", "《中华人民共和国促进科技成果转化法》第二条"),
        ("whats a job-related achievement under the national law", "Article 2 of the Law"),
        # the router places it elsewhere; asked for an article, its heading answers
        ("辽宁哪条管中试基地", "《辽宁省科技创新条例》第二十五条"),
        # planned as a count ("几"), it asks for an article
        ("技术经理人在辽宁条例里是第几条啊", "《辽宁省科技创新条例》第二十四条"),
        # a heading naming part of it (职务成果) is not the answer: the article on leaving the unit is
        ("员工离职后能不能私自转让职务成果 哪一条管", "《中华人民共和国促进科技成果转化法》第四十二条"),
    ],
)
def test_the_article_asked_for_by_its_subject(
    shared_corpus_services: Services, question: str, lead: str
) -> None:
    [(answer, answered)] = ask_in_turn(shared_corpus_services, question)
    assert answered and answer.startswith(lead), answer


def test_the_level_and_an_article_of_the_other_regulation_by_subject(
    shared_corpus_services: Services,
) -> None:
    (_, _), (level, answered), (market, found) = ask_in_turn(
        shared_corpus_services,
        "辽宁条例第二十二条讲的啥",
        "这是国家的还是省里的",
        "那国家法里讲技术市场的是哪条",
    )
    assert answered and "《辽宁省科技创新条例》" in level and "省级地方性法规" in level, level
    # the law's Article 18 mentions a technology exchange market; Article 30 is headed so
    assert found and market.startswith("《中华人民共和国促进科技成果转化法》第三十条"), market
    (_, _), (national, _) = ask_in_turn(
        shared_corpus_services, "what does article 45 of the law say", "is that national or provincial?"
    )
    assert national.startswith("Article 45 is from the Law") and "national law" in national, national
