"""The pieces a situation question about a regulation is read with (no model): the law's words for
everyday ones, a question's content terms, concepts held whole, enumerated items and cross-references."""

from __future__ import annotations

from bot.conversation.regulation_articles import focus_article
from bot.conversation.regulation_evidence import (
    ArticleText,
    Unit,
    article_coverage,
    holds,
    question_units,
    unit_weights,
)
from bot.conversation.regulation_quote import cross_reference, items_block
from bot.conversation.regulation_words import legal_forms, regulation_terms
from bot.conversation.types import Citation
from retrieval.types import Chunk


def _chunk(text: str, cid: str = "reg-a-en#1", kind: str = "regulation", locator: str = "Article 1") -> Chunk:
    return Chunk(
        id=cid, doc_id=cid.split("#")[0], index=0, text=text, kind=kind, title="A", lang="en",
        date=None, source="s", url="", locator=locator, meta={"translation_group": "reg-a", "article_no": 1},
    )  # fmt: skip


def test_everyday_words_have_the_regulations_words() -> None:
    assert "achievement" in legal_forms("patents") and "科技成果" in legal_forms("专利")
    assert "transfer" in legal_forms("sell") and "liability" in legal_forms("blamed")
    assert legal_forms("magnesium") == ()
    # a director is a head; protection from blame is the exemption; a new employer is left for (原单位)
    assert "head" in legal_forms("director") and "exemption" in legal_forms("protection")
    assert "原单位" in legal_forms("新东家") and "former unit" in legal_forms("new employer")
    # confidentiality is the technical secrets kept; a deal kept from the unit is one not announced in it
    assert "technical secrets" in legal_forms("confidentiality") and "公示" in legal_forms("私下")


def test_everyday_phrasings_of_the_laws_conditions_are_terms() -> None:
    # the statutory floor, a unit without rules of its own, whose it is (of money: the income kept)
    assert "不低于" in legal_forms("最少") and "at least" in legal_forms("minimum")
    assert "没有规定" in regulation_terms("单位没规定的话 科研人员能分多少")
    assert "没有规定" in regulation_terms("what if the university has no reward rules?")
    assert "归属" in regulation_terms("员工上班时候搞出来的发明算谁的")
    assert "留归" in regulation_terms("高校转化成果赚的钱归谁")
    assert "归属" in regulation_terms("my engineer made it at work, is it his or ours?")
    assert "minimum" in regulation_terms("what's the least the team gets?")
    assert "state-owned enterprises" in legal_forms("SOEs") and "liability" in legal_forms("trouble")


def test_content_terms_drop_modals_and_pieces_of_longer_words() -> None:
    assert regulation_terms("must the lab sell it herself?") == ["lab", "sell"]
    # "its own rules" is whose, not ownership (nor the dictionary's state-owned); "有啥要求", "super",
    # "anyone", "合规吗" ask or stress, and name no topic
    assert regulation_terms("what if the uni does have its own rules?") == ["uni", "rules"]
    assert regulation_terms("国家的法对定价有啥要求") == ["国家", "定价"]
    assert "super" not in regulation_terms("sold super cheap without telling anyone, is that legal?")
    assert "合规" not in regulation_terms("低价卖给朋友的公司，合规吗")
    terms = regulation_terms("实验室许可的专利收入")
    assert "实验室" in terms and "实验" not in terms


def test_a_concept_of_several_words_is_held_only_whole() -> None:
    article = ArticleText.of(
        [_chunk("Technology rewards for inventors: at least 50% of the net income.")], [], frozenset()
    )
    units = question_units(
        ["technology", "managers", "income"], [("technology managers", ["技术经理人"])], lambda t: []
    )
    assert [u.forms[0] for u in units] == ["technology managers", "income"]
    assert article_coverage(units, [1.0, 1.0], article) == 0.5


def test_what_every_article_holds_weighs_nothing() -> None:
    articles = [
        ArticleText.of([_chunk(f"The unit rewards researchers. {extra}")], [], frozenset())
        for extra in ("tax", "loan", "")
    ]
    units = [Unit(("researchers",)), Unit(("tax",)), Unit(("salary",))]
    common, rare, none = unit_weights(units, lambda u: sum(holds(u, a) for a in articles), len(articles))
    assert common < rare < none


def test_an_item_comes_with_the_sentence_introducing_it() -> None:
    text = (
        "Article 45 Rewards\nRewarded as follows:\n\n(1) at least 50% of income;\n(2) at least 5%.\n\nMore."
    )
    assert items_block(text) == "Rewarded as follows:\n(1) at least 50% of income;\n(2) at least 5%."
    assert items_block("Article 3 Principles\nNo items here.") == ""


def test_a_reference_to_another_regulations_article_is_read() -> None:
    assert cross_reference("the standards of Article 45 of the national Law on Promoting X apply") == (
        45,
        "national Law on Promoting X apply",
    )
    assert cross_reference("执行《中华人民共和国促进科技成果转化法》第四十五条规定的标准") == (
        45,
        "中华人民共和国促进科技成果转化法",
    )
    assert cross_reference("no reference") is None


def test_the_article_in_focus_follows_the_answers() -> None:
    article = Citation.of(1, _chunk("text"))
    record = Citation.of(1, _chunk("text", "ach-1#0", kind="achievement", locator=""))
    assert focus_article([article], None) == "reg-a-en#1"
    assert focus_article([], "reg-a-en#1") == "reg-a-en#1"  # a refusal keeps it
    assert focus_article([record], "reg-a-en#1") is None
