"""Curated answers and article statuses through the real app (TestClient), on a small knowledge folder
(the two regulations, both languages) ingested with the real embedded model; and both stores on a real
PostgreSQL server.

The paraphrase probes below were written before the thresholds of bot/chat/curated.py were chosen, and
they were chosen from them: no question on an entry's topic that asks something else may get its answer
(a wrong staff answer is worse than the usual one); of the paraphrases, in the entry's language and the
other one, at least the 6 of 11 measured then must find it, and none may find another entry.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.chat.curated import CuratedMatcher
from bot.services import Services
from bot.storage.curated import CuratedAnswerStore
from bot.storage.db import Database, database_url
from bot.storage.regulation_status import RegulationStatusStore
from retrieval.embedders import UseEmbedder
from retrieval.text import detect_lang
from tests.support.config import KNOWLEDGE, TODAY, make_settings
from tests.support.servers import start_postgres
from tests.unit.test_curated_store import check_store as check_curated
from tests.unit.test_regulation_status_store import check_store as check_status

# entry question (as staff saved it) -> (paraphrases, near misses: same topic, another question)
PROBES: dict[str, tuple[list[str], list[str]]] = {
    "Who pays the patent application fees for a university invention?": (
        [
            "Who covers the cost of filing a patent for an invention made at the university?",
            "who pays patent fees for university inventions",
            "大学的发明申请专利的费用由谁承担？",
            "高校发明专利申请费谁来出？",
        ],
        [
            "How long does a patent application take?",
            "Who owns the patent on an invention made at a university?",
            "专利申请需要多长时间？",
            "大学发明的专利归谁所有？",
        ],
    ),
    "How do I submit an invention disclosure to the technology transfer office?": (
        [
            "What is the procedure for disclosing an invention to the tech transfer office?",
            "how to submit an invention disclosure to the TTO",
            "怎样向技术转移办公室提交发明披露？",
        ],
        [
            "What happens after I submit an invention disclosure?",
            "What are the technology transfer office's opening hours?",
            "技术转移办公室的办公时间是什么？",
        ],
    ),
    "发明人能分得多少许可收入？": (
        [
            "科研人员可以获得技术许可收益的多大比例？",
            "发明人可以拿到许可收入的多少？",
            "How much of the licensing income goes to the inventors?",
            "What share of license revenue do inventors receive?",
        ],
        [
            "How are licensing fees negotiated with companies?",
            "许可收入需要缴税吗？",
            "发明人如何找到愿意许可技术的企业？",
        ],
    ),
}


@pytest.fixture(scope="module")
def probe_matcher(tmp_path_factory: pytest.TempPathFactory, use_embedder: UseEmbedder) -> CuratedMatcher:
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('probes') / 'db.sqlite3'}")
    store = CuratedAnswerStore(db)
    for question in PROBES:
        store.add(question, f"The answer to: {question}", author="calibration")
    return CuratedMatcher(store, use_embedder)


def test_paraphrases_in_either_language_find_their_entry_and_none_other(
    probe_matcher: CuratedMatcher,
) -> None:
    found = {q: probe_matcher.match(q) for paraphrases, _ in PROBES.values() for q in paraphrases}
    wrong = [q for e, (ps, _) in PROBES.items() for q in ps if found[q] and found[q][0].question != e]
    assert wrong == []
    hits = [q for q, f in found.items() if f is not None]
    assert len(hits) >= 6, f"paraphrases found: {hits}"
    langs = {(detect_lang(q), f[0].lang) for q, f in found.items() if f is not None}
    assert {("en", "en"), ("zh", "zh"), ("zh", "en")} <= langs  # across languages too


@pytest.mark.parametrize("question", [q for _, misses in PROBES.values() for q in misses])
def test_another_question_on_the_same_topic_finds_none(probe_matcher: CuratedMatcher, question: str) -> None:
    assert probe_matcher.match(question) is None


# ---- through the app --------------------------------------------------------------------------------------
LAW_EN, LAW_ZH = "reg-cn-law-transformation-en", "reg-cn-law-transformation-zh"
FEES = "Who pays the patent application fees for a university invention?"
STAFF = "The university pays the filing fees from its patent budget; inventors pay nothing."


@pytest.fixture(scope="module")
def regulations_dir(tmp_path_factory: pytest.TempPathFactory, use_embedder: UseEmbedder) -> tuple[Path, Path]:
    """(knowledge, data): the two shipped regulations (both languages), ingested once."""
    knowledge = tmp_path_factory.mktemp("knowledge")
    shutil.copytree(KNOWLEDGE / "regulations", knowledge / "regulations")
    shutil.copy(KNOWLEDGE / "glossary.yaml", knowledge / "glossary.yaml")
    data = tmp_path_factory.mktemp("data")
    services = Services(
        make_settings(data, knowledge_dir=knowledge), embedder=use_embedder, clock=lambda: TODAY
    )
    report = services.ingestor.ingest_paths([knowledge])
    assert not report.errors, report.errors
    return knowledge, data


@pytest.fixture
def app(
    regulations_dir: tuple[Path, Path], tmp_path: Path, use_embedder: UseEmbedder
) -> Iterator[tuple[TestClient, Services]]:
    knowledge, ingested = regulations_dir
    data = tmp_path / "data"
    shutil.copytree(ingested, data)
    app = create_app(make_settings(data, knowledge_dir=knowledge), embedder=use_embedder, clock=lambda: TODAY)
    with TestClient(app) as client:
        yield client, app.state.services


def chat(client: TestClient, message: str, session_id: str | None = None) -> dict:
    body = {"message": message} | ({"session_id": session_id} if session_id else {})
    response = client.post("/api/chat", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_curated_answer_is_given_for_its_question_and_paraphrases_in_both_languages(
    app: tuple[TestClient, Services],
) -> None:
    client, services = app
    unrelated = "Who owns the patent on an invention made at a university?"
    before = chat(client, FEES)
    assert before["mode"] == "extractive" and not before["answer"].startswith(STAFF)
    services.curated.add(FEES, STAFF, author="ann", citations=[{"doc_id": LAW_EN, "locator": "Article 45"}])

    for question in (
        FEES,
        "Who covers the cost of filing a patent for an invention made at the university?",
        "大学的发明申请专利的费用由谁承担？",
    ):
        body = chat(client, question)
        assert body["mode"] == "curated" and body["answered"], question
        assert body["answer"].startswith(STAFF + " [1]"), body["answer"]
        assert [(c["doc_id"], c["locator"]) for c in body["citations"]] == [(LAW_EN, "Article 45")]
    assert body["answer"].endswith("（以上为工作人员用英文撰写的答复）")  # asked in Chinese

    other = chat(client, unrelated)
    assert other["mode"] != "curated" and STAFF not in other["answer"]

    entry = services.curated.list()[0]
    services.curated.archive(entry.id, "ann")
    assert chat(client, FEES)["mode"] != "curated"


def test_a_follow_up_resolved_against_the_conversation_is_not_taken_for_a_curated_question(
    app: tuple[TestClient, Services],
) -> None:
    client, services = app
    services.curated.add("它是谁制定的？", "这是工作人员的答复。", author="ann")
    first = chat(client, "What does Article 45 of the technology transfer law say?")
    followup = chat(client, "它是谁制定的？", first["session_id"])  # "it": the law in focus
    assert followup["mode"] != "curated" and "工作人员的答复" not in followup["answer"]
    assert followup["citations"] and {c["doc_id"] for c in followup["citations"]} <= {LAW_EN, LAW_ZH}
    assert chat(client, "它是谁制定的？")["mode"] == "curated"  # a new conversation: nothing in focus


class RecordingModel:
    """A chat model that records what it is asked and rewrites everything (it must not be asked)."""

    name = "recording"

    def __init__(self) -> None:
        self.calls: list[object] = []

    def complete(self, messages: object) -> str:
        self.calls.append(messages)
        return "A model's own words."

    def stream(self, messages: object) -> Iterator[str]:
        yield self.complete(messages)


def test_a_curated_answer_is_given_as_is_with_a_model_too(
    regulations_dir: tuple[Path, Path], tmp_path: Path, use_embedder: UseEmbedder
) -> None:
    knowledge, ingested = regulations_dir
    shutil.copytree(ingested, tmp_path / "data")
    settings = make_settings(
        tmp_path / "data",
        knowledge_dir=knowledge,
        llm={"mode": "llm", "base_url": "http://127.0.0.1:9/v1", "model": "m"},
    )
    services = Services(settings, embedder=use_embedder, clock=lambda: TODAY)
    services.curated.add(FEES, STAFF, author="ann")
    chat_service, model = services.chat, RecordingModel()
    chat_service.chat_model = model
    response = chat_service.answer(FEES)
    assert (response.mode, response.answer) == ("curated", STAFF)
    assert model.calls == []  # neither rewritten nor regenerated
    assert chat_service.answer("What does Article 45 of the technology transfer law say?").mode != "curated"


def test_an_article_marked_repealed_is_flagged_in_answers_that_quote_it(
    app: tuple[TestClient, Services],
) -> None:
    client, services = app
    question = "What does Article 45 of the technology transfer law say?"
    chinese = "促进科技成果转化法第四十五条是怎么规定的？"
    assert "Note: staff marked" not in chat(client, question)["answer"]

    services.regulation_status.set(
        LAW_ZH, "第四十五条", "repealed", note="see the 2026 amendment", author="ed"
    )
    day = services.regulation_status.get(LAW_ZH, 45).updated_at.date().isoformat()  # type: ignore[union-attr]
    body = chat(client, question)
    assert any(c["locator"] == "Article 45" for c in body["citations"])
    assert f"Note: staff marked Article 45 as repealed on {day}: see the 2026 amendment" in body["answer"]
    body = chat(client, chinese)
    assert any(c["locator"] == "第四十五条" for c in body["citations"])
    assert f"注意：工作人员已于 {day} 将第四十五条标记为已废止：see the 2026 amendment" in body["answer"]
    unmarked = chat(
        client,
        "What does Article 43 of the technology transfer law say?",
    )
    assert "Note: staff marked" not in unmarked["answer"]

    services.regulation_status.set(LAW_ZH, 45, "in_force", note="", author="ed")
    assert "Note: staff marked" not in chat(client, question)["answer"]


# ---- both stores on PostgreSQL -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def pg_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    try:
        server = start_postgres()
    except RuntimeError as exc:
        pytest.skip(f"PostgreSQL tier: {exc}")
    db = Database(database_url(server.new_database(), tmp_path_factory.mktemp("pg")))
    yield db
    db.dispose()
    server.stop()


def test_both_stores_on_postgresql(pg_database: Database) -> None:
    check_curated(CuratedAnswerStore(pg_database))
    check_status(RegulationStatusStore(pg_database))
