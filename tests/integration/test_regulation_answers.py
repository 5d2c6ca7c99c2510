"""Regulations with the shipped model and corpus: document-level facts of a named regulation, a search kept
to the regulation a question names, and situation questions reaching their article through the index
terms (retrieval/chunking.py) built from the shipped glossary."""

from __future__ import annotations

import pytest

from bot.conversation.regulations import RegulationAnswerer
from bot.evaluation.conversations import fact_found
from bot.services import Services
from retrieval import Chunker, HybridSearcher, Ingestor
from retrieval.config import SearchSettings
from retrieval.embedders import UseEmbedder
from retrieval.glossary import Glossary
from retrieval.stores import InMemoryStore
from tests.support.config import KNOWLEDGE

_GLOSSARY = Glossary.load(KNOWLEDGE / "glossary.yaml")


@pytest.mark.parametrize(
    ("question", "lang", "facts"),
    [
        ("when did the liaoning sci-tech innovation regulations take effect", "en", [("1 October 2021",)]),
        ("辽宁科技创新条例是谁制定的", "zh", [("辽宁省人民代表大会常务委员会",)]),
        (
            "how many chapters and articles does the liaoning innovation regulation have",
            "en",
            [("seven",), ("56",)],
        ),
        ("辽宁省科技创新条例是哪天通过的？", "zh", [("2021年7月27日",), ("据公开报道",)]),
        ("转化法最早是哪年施行的", "zh", [("1996年10月1日",)]),
        ("When was the transformation law amended?", "en", [("29 August 2015",), ("1 October 2015",)]),
        ("is the provincial regulation still in force?", "en", [("in force",)]),
        ("转化法这里的条文是官方版本吗", "zh", [("非官方摘要",), ("不是法律的正式文本",)]),
        ("Are the Liaoning regulations shown here the authoritative text?", "en", [("unofficial summary",)]),
        ("from when does the provincial regulation apply?", "en", [("1 October 2021",)]),
    ],
)
def test_document_facts_of_the_shipped_regulations(
    shared_corpus_services: Services, question: str, lang: str, facts: list[tuple[str, ...]]
) -> None:
    draft = RegulationAnswerer(shared_corpus_services.store).answer(question, lang)
    assert draft is not None and draft.answered, question
    assert all(fact_found(f, draft.text) for f in facts), draft.text
    assert draft.citations[0].doc_id.startswith("reg-") and draft.citations[0].doc_id.endswith(lang)


@pytest.mark.parametrize(
    ("question", "lang", "focus", "name"),
    [
        ("这一条出自哪部法规？", "zh", "reg-cn-law-transformation-zh", "促进科技成果转化法》"),
        ("which regulation is that from?", "en", "reg-liaoning-innovation-en", "Liaoning Province"),
    ],
)
def test_which_regulation_a_shown_article_came_from(
    shared_corpus_services: Services, question: str, lang: str, focus: str, name: str
) -> None:
    draft = RegulationAnswerer(shared_corpus_services.store).answer(question, lang, focus=focus)
    assert draft is not None and draft.answered and name in draft.text, draft


def test_a_date_the_shipped_law_does_not_state_is_not_invented(shared_corpus_services: Services) -> None:
    draft = RegulationAnswerer(shared_corpus_services.store).answer("转化法一共有多少条？", "zh")
    assert draft is not None and not draft.answered
    assert "知识库没有说明" in draft.text and "第一条至第四十五条" in draft.text


@pytest.mark.parametrize(
    ("question", "doc_id", "article"),
    [
        ("辽宁条例里有没有关于知识产权质押融资的规定", "reg-liaoning-innovation-zh", 26),
        ("what does the transformation law say about tax?", "reg-cn-law-transformation-en", 34),
        ("省里的条例对技术经理人有什么规定", "reg-liaoning-innovation-zh", 24),
    ],
)
def test_a_named_regulation_keeps_the_search_to_it(
    shared_corpus_services: Services, question: str, doc_id: str, article: int
) -> None:
    filters = RegulationAnswerer(shared_corpus_services.store).filter_for(question)
    assert filters is not None and filters.doc_id == doc_id
    hits = shared_corpus_services.searcher.search(question, k=5, filters=filters).hits
    assert {h.chunk.doc_id for h in hits} == {doc_id}
    assert hits[0].chunk.meta["article_no"] == article


@pytest.fixture(scope="module")
def regulation_search(use_embedder: UseEmbedder) -> dict[str, HybridSearcher]:
    """The shipped regulations indexed without and with index terms."""
    out = {}
    for name, glossary in (("plain", None), ("terms", _GLOSSARY)):
        store = InMemoryStore()
        report = Ingestor(store, use_embedder, Chunker(glossary=glossary)).ingest_paths(
            [KNOWLEDGE / "regulations"]
        )
        assert not report.errors
        out[name] = HybridSearcher(store, use_embedder, SearchSettings(), _GLOSSARY)
    return out


@pytest.mark.parametrize(
    ("question", "article"),
    [
        ("who is to blame if a licensed patent later turns out to be worth much more?", 28),
        ("an engineer quits and joins a competitor with our know-how: what applies?", 42),
        ("can a professor launch a startup while keeping his post?", 27),
        ("can we pledge patents to raise money?", 26),
        ("我们的技术经纪人能从转化收益里拿奖励吗", 24),
        ("成果定价吃亏了，领导要不要担责", 28),
        ("员工辞职后到竞争对手那里做同样的转化工作", 42),
    ],
)
def test_situation_questions_reach_their_article(
    regulation_search: dict[str, HybridSearcher], question: str, article: int
) -> None:
    hits = regulation_search["terms"].search(question, k=5).hits
    assert hits[0].chunk.meta["article_no"] == article, [h.chunk.locator for h in hits]


def test_an_everyday_word_reaches_the_article_through_its_index_terms(
    regulation_search: dict[str, HybridSearcher],
) -> None:
    # "blame" is nowhere in the Liaoning regulations' Article 28, only among its index terms (追责's entry)
    question = "who is to blame if a licensed patent later turns out to be worth much more?"
    lead = {}
    for name, searcher in regulation_search.items():
        first, second = searcher.search(question, k=2).hits
        assert first.chunk.locator == "Article 28"
        assert ("blame" in first.chunk.text) == (name == "terms")
        lead[name] = first.score - second.score
    assert lead["terms"] > lead["plain"]


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("what do inventors get by law if the university has no reward policy?", "en"),
        ("高校自己转化成果时，法律规定奖励科研人员多少比例？", "zh"),
    ],
)
def test_an_article_is_quoted_in_the_language_asked(
    shared_corpus_services: Services, question: str, lang: str
) -> None:
    # Both regulations are shipped in both languages: whichever version's sentence scores best, the
    # reader gets the article of the version in the language they asked in.
    response = shared_corpus_services.chat.answer(question)
    regulations = [c for c in response.citations if c.kind == "regulation"]
    assert regulations, response.answer
    assert all(c.doc_id.endswith(f"-{lang}") for c in regulations), [c.doc_id for c in regulations]


def test_a_region_or_level_named_alone_asks_the_question_of_that_regulation(
    shared_corpus_services: Services,
) -> None:
    """ "and in liaoning?" after an article of the national law asks the same of the provincial
    regulation; "and the national one?" back again ("one" and "national" name no topic of their own)."""
    chat = shared_corpus_services.chat
    first = chat.answer("what does the law say about rewards for inventors", session_id="level-1")
    assert first.answer.startswith("Article 45 of the Law")
    provincial = chat.answer("and in liaoning?", session_id="level-1")
    assert provincial.answered and "Liaoning Province Regulations" in provincial.answer.split("\n")[0]
    national = chat.answer("and the national one?", session_id="level-1")
    assert national.answered and national.answer.startswith("Article 4")
    assert "Law of the People's Republic of China" in national.answer.split("\n")[0]
