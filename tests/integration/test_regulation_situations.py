"""Situation questions about the shipped regulations, in everyday words of either language, answered with
the article that covers them (its number first), follow-ups read inside the article in focus, and the
near misses no article answers left to the other answers (bot/conversation/regulation_articles.py)."""

from __future__ import annotations

import pytest

from bot.conversation.dialogue import DialogueState
from bot.services import Services
from tests.support.dialogues import ask_in_turn


@pytest.mark.parametrize(
    ("question", "lead", "fact"),
    [
        ("can we pledge our patents to get a bank loan in liaoning?", "Article 26 of the Liaoning", "pledge"),
        (
            "if my lab licenses a patent, how much of the income must go to the researchers?",
            "Article 45",
            "50%",
        ),
        (
            "我们实验室许可了一项专利，收入里要拿多少给科研人员",
            "《中华人民共和国促进科技成果转化法》第四十五条",
            "50%",
        ),
        (
            "科研人员离职后还能带走单位的技术秘密吗",
            "《中华人民共和国促进科技成果转化法》第四十二条",
            "技术秘密",
        ),
        (
            "does our university need approval from the ministry to sell a patent?",
            "Article 18",
            "on their own",
        ),
        # names the regulation: searched in it whatever the router makes of it
        ("辽宁的条例里有知识产权质押贷款的内容吗", "《辽宁省科技创新条例》第二十六条", "质押"),
        # "trade secrets" is another concept of the glossary than the article's "technical secrets"
        ("does the law say anything about keeping trade secrets when staff quit?", "Article 42", "secrets"),
        # planned as an enterprise's need ("we want ..."), placed among regulation topics by the router
        ("we want to spin off a startup, can our professor keep his university job?", "Article 27", "post"),
        # everyday words for the law's: a dean is a head, cheap is a price, trouble is liability
        (
            "the president of our uni sold a patent too cheaply and now it is worth a lot, "
            "will he be in trouble?",
            "Article 28 of the Liaoning",
            "liable",
        ),
        ("学校把专利卖掉了，完成人至少能拿多少", "《中华人民共和国促进科技成果转化法》第四十五条", "50%"),
        (
            "at minimum, what share do inventors get if their job-related patent is licensed?",
            "Article 45",
            "50%",
        ),
        (
            "单位没有定奖励办法，成果转让了，科研人员最少分多少",
            "《中华人民共和国促进科技成果转化法》第四十五条",
            "50%",
        ),
        # taking a job-related achievement to a new employer: the article on leaving the unit
        (
            "我准备跳槽，能不能把单位的职务成果带到新东家去卖",
            "《中华人民共和国促进科技成果转化法》第四十二条",
            "离职",
        ),
        ("if I quit, can I take my work invention to my new employer and sell it?", "Article 42", "leave"),
        # a price that was fair then, a director blamed now: "fair" is no matchmaking fair here
        (
            "we licensed a patent at a fair price years ago, now it is worth far more and people say "
            "the director should be punished. any protection in liaoning?",
            "Article 28 of the Liaoning",
            "liable",
        ),
        # paying tax on a licence's income is the law's tax article, no listing of licensable technologies
        ("专利许可收入要交税吗", "《中华人民共和国促进科技成果转化法》第三十四条", "税收优惠"),
    ],
)
def test_a_situation_is_answered_with_its_article_number_first(
    shared_corpus_services: Services, question: str, lead: str, fact: str
) -> None:
    [(answer, answered)] = ask_in_turn(shared_corpus_services, question)
    assert answered and answer.startswith(lead) and fact in answer, answer


def test_an_article_that_applies_another_is_quoted_with_it(shared_corpus_services: Services) -> None:
    # The Liaoning regulations' Article 20 applies the national law's Article 45 where a unit has no rules
    [(answer, answered)] = ask_in_turn(
        shared_corpus_services, "what do researchers at a liaoning university get if it has no reward rules?"
    )
    assert answered and answer.startswith("Article 20 of the Liaoning"), answer
    assert "\nArticle 45 of the Law" in answer and "at least 50%" in answer, answer


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("what subsidies does Jiangsu give universities for buying patents?", "en"),  # another province
        ("How much salary does the law guarantee technology managers?", "en"),  # no article sets a salary
        ("浙江省对技术经理人有什么奖励", "zh"),
        ("what did the press conference say the liaoning regulations clarify about rewards?", "en"),
    ],
)
def test_no_article_answers_a_near_miss(shared_corpus_services: Services, question: str, lang: str) -> None:
    articles = shared_corpus_services.chat.articles
    assert articles.situation(question, lang, "search") is None


def test_follow_ups_read_the_article_in_focus(shared_corpus_services: Services) -> None:
    (first, _), (stake, answered), (years, answered_years) = ask_in_turn(
        shared_corpus_services,
        "if my lab licenses a patent, how much of the income must go to the researchers?",
        "那如果是作价入股呢？",  # a listing's slot word ("equity"), asked of the article shown
        "多少年？",  # nothing of its own: read with the question before it
    )
    assert first.startswith("Article 45"), first
    assert (
        answered and stake.startswith("《中华人民共和国促进科技成果转化法》第四十五条") and "股份" in stake
    ), stake
    assert answered_years and "3至5年" in years, years


def test_a_follow_up_on_another_topic_leaves_the_article(shared_corpus_services: Services) -> None:
    (_, _), (tax, answered) = ask_in_turn(
        shared_corpus_services,
        "if my lab licenses a patent, how much of the income must go to the researchers?",
        "are there tax breaks for that?",
    )
    assert answered and tax.startswith("Article 34"), tax


def test_the_article_in_focus_survives_the_state_round_trip() -> None:
    state = DialogueState(regulation="reg-x-en", article="reg-x-en#3")
    assert DialogueState.from_json(state.to_json()).article == "reg-x-en#3"
    assert DialogueState.from_json({"items": [], "regulation": "reg-x-en"}).article is None


def test_which_article_after_an_article_is_its_number(shared_corpus_services: Services) -> None:
    (first, _), (number, answered) = ask_in_turn(
        shared_corpus_services,
        "can a liaoning university give its researchers ownership of a job-related achievement?",
        "which article was that?",
    )
    assert first.startswith("Article 19 of the Liaoning"), first
    assert answered and number.startswith("Article 19") and "Liaoning" in number, number


def test_a_figure_the_article_does_not_state_is_not_answered(shared_corpus_services: Services) -> None:
    asked = ask_in_turn(shared_corpus_services, "成果转化有税收优惠吗", "具体能减免多少钱")
    (first, _), (figure, answered) = asked
    assert "第三十四条" in first, first
    assert not answered and "第三十四条" in figure and "没有写明具体数字" in figure, figure


def test_the_provincial_rule_asked_for_by_comparison(shared_corpus_services: Services) -> None:
    # "anything different" compares: the question before, asked of the Liaoning regulation
    (first, _), (provincial, answered) = ask_in_turn(
        shared_corpus_services,
        "what's the least the inventors get when their unit licenses a patent out?",
        "do the liaoning rules say anything different?",
    )
    assert first.startswith("Article 45"), first
    assert answered and provincial.startswith("Article 20 of the Liaoning") and "Article 45" in provincial


def test_a_joint_development_is_the_article_on_cooperative_ownership(
    shared_corpus_services: Services,
) -> None:
    [(answer, answered)] = ask_in_turn(
        shared_corpus_services,
        "if a company and an institute come up with something new together while commercializing, "
        "whose is it?",
    )
    assert answered and answer.startswith("Article 40") and "ownership" in answer, answer


def test_and_a_subject_the_article_shown_lacks_is_asked_alone(shared_corpus_services: Services) -> None:
    # after the article on transfer offices, "and ...?" names technology managers: their own article
    (first, _), (managers, answered) = ask_in_turn(
        shared_corpus_services,
        "what do the liaoning regulations say about technology transfer offices at universities?",
        "and about training technology managers?",
    )
    assert first.startswith("Article 23 of the Liaoning"), first
    assert answered and managers.startswith("Article 24 of the Liaoning"), managers


@pytest.mark.parametrize(
    ("question", "article", "said"),
    [
        ("what is the income tax rate for technology transfer income?", "Article 34", "states no tax rate"),
        ("技术转让收入的所得税税率是多少", "第三十四条", "没有写明税率"),
        ("违反辽宁省科技创新条例会受到什么处罚", "第二十八条", "没有规定处罚"),
        ("技术经理人评高级职称要满足哪些条件", "第二十四条", "没有写明具体条件"),
    ],
)
def test_an_article_on_the_topic_that_does_not_state_what_is_asked_is_no_answer(
    shared_corpus_services: Services, question: str, article: str, said: str
) -> None:
    [(answer, answered)] = ask_in_turn(shared_corpus_services, question)
    assert not answered and article in answer and said in answer, answer


def test_the_standard_an_article_applies_leads_when_a_figure_is_asked(
    shared_corpus_services: Services,
) -> None:
    # Liaoning's Article 20 applies the national Article 45 where a unit has no rules: asked how much,
    # Article 45 holds the figure and is the article a follow-up's "which article?" asks about
    (first, _), (number, answered) = ask_in_turn(
        shared_corpus_services, "我是老师 学校没定奖励办法 成果转让了我能拿多少", "出自哪一条"
    )
    assert first.startswith("《中华人民共和国促进科技成果转化法》第四十五条") and "第二十条" in first, first
    assert answered and number.startswith("第四十五条"), number


def test_does_that_apply_to_another_party_too(shared_corpus_services: Services) -> None:
    # the article shown names them: its sentence that does
    (_, _), (soe, answered) = ask_in_turn(
        shared_corpus_services,
        "what's the least the inventors get when their unit licenses a patent out?",
        "would that also apply to SOEs?",
    )
    assert answered and soe.startswith("Article 45") and "wage bill" in soe and "50%" not in soe, soe
    # it does not: the article on its subject that does (the province's rewards in SOEs)
    (_, _), (_, _), (provincial, answered) = ask_in_turn(
        shared_corpus_services,
        "我是老师 学校没定奖励办法 成果转让了我能拿多少",
        "辽宁的规定呢",
        "那国企员工也适用吗",
    )
    assert answered and provincial.startswith("《辽宁省科技创新条例》第二十一条"), provincial
    # no article on that subject names them: the article shown does not mention them
    # no article on that subject names them: the article shown does not mention them, and says whom it
    # speaks of (its first sentence: state-established institutions and universities)
    asked = ask_in_turn(shared_corpus_services, "高校能自主决定转让成果吗", "那国企也可以吗")
    (_, _), (autonomy, answered) = asked
    assert answered and "第十八条" in autonomy and "没有提到国企" in autonomy, autonomy
    assert "国家设立的研究开发机构、高等院校" in autonomy, autonomy
    (_, _), (income, _) = ask_in_turn(
        shared_corpus_services,
        "what does Article 43 of the transformation law say",
        "does that apply to private companies too?",
    )
    assert "does not mention private companies" in income and "state-established" in income, income


def test_successive_follow_ups_about_one_article_and_its_neighbour(shared_corpus_services: Services) -> None:
    (_, _), (use, used), (report, reported), (whom, answered) = ask_in_turn(
        shared_corpus_services, "大学转化专利的收入归谁", "这笔钱主要拿来干嘛", "每年要不要报告", "交给谁"
    )
    assert used and "第四十三条" in use and "研究开发" in use, use  # "干嘛": what for, no topic
    # a count to the router, right after an article: the one article holding all of it
    assert reported and "第二十一条" in report and "年度报告" in report, report
    assert answered and "第二十一条" in whom and "主管部门" in whom, whom  # "谁": a detail of the article


def test_a_story_naming_two_subjects_is_the_article_holding_more(shared_corpus_services: Services) -> None:
    # approval (autonomy to transfer) and liability (due-diligence exemption): no article holds both
    [(answer, answered)] = ask_in_turn(shared_corpus_services, "院长批准把专利便宜卖了 现在值钱了 他要担责吗")
    assert answered and answer.startswith("《辽宁省科技创新条例》第二十八条"), answer


def test_a_sale_kept_from_the_unit_is_the_article_on_announcing_the_price(
    shared_corpus_services: Services,
) -> None:
    # "without telling anyone": the negotiated price the unit must announce; "super", "anyone" no topic
    [(answer, answered)] = ask_in_turn(
        shared_corpus_services,
        "my boss sold our institute's patent super cheap to his friend's company without telling anyone. "
        "is that even allowed?",
    )
    assert answered and answer.startswith("Article 18 of the Law") and "publicly announce" in answer, answer
    # "有啥要求" asks what the law requires of pricing: the same article, in the regulation named
    [(pricing, priced)] = ask_in_turn(shared_corpus_services, "那国家的法对定价有啥要求")
    assert priced and pricing.startswith("《中华人民共和国促进科技成果转化法》第十八条") and "公示" in pricing


def test_a_sum_of_money_the_law_sets_only_as_shares_is_not_answered(shared_corpus_services: Services) -> None:
    [(answer, answered)] = ask_in_turn(
        shared_corpus_services, "does the law set a minimum reward in yuan, like a fixed amount"
    )
    assert not answered and "Article 45" in answer and "sets no amount of money" in answer, answer
