"""The official `openai` client against TechBridge's own OpenAI-compatible API (/v1), over real HTTP: the
app runs under uvicorn on a loopback port with the shipped corpus ingested; in extractive mode, and in llm
mode in front of tests/support/fake_llm.py."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from openai import OpenAI

from bot.app import create_app
from retrieval.embedders import UseEmbedder
from tests.support.config import TODAY, make_settings
from tests.support.fake_llm import FakeLLM
from tests.support.servers import serve

COUNT_Q = "How many highly mature and convertible achievements has Liaoning collected in recent years?"


@pytest.fixture(scope="module")
def client(
    corpus_dir: Path, use_embedder: UseEmbedder, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OpenAI]:
    data = tmp_path_factory.mktemp("openai") / "data"
    shutil.copytree(corpus_dir, data)
    app = create_app(make_settings(data), embedder=use_embedder, clock=lambda: TODAY)
    with serve(app) as port:
        yield OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="x", max_retries=0, timeout=60)


def _split_sources(content: str) -> tuple[str, list[str]]:
    """(answer, source lines) of a reply that ends with its sources list."""
    answer, sep, tail = content.rpartition("\n\nSources:\n")
    assert sep, f"no sources list at the end of: {content!r}"
    lines = tail.splitlines()
    assert lines and all(re.match(r"^\[\d+\] \S", line) for line in lines), tail
    return answer, lines


def _check_cited(answer: str, sources: list[str]) -> None:
    numbers = {int(line[1 : line.index("]")]) for line in sources}
    used = {int(n) for n in re.findall(r"\[(\d+)\]", answer)}
    assert used and used <= numbers, (answer, sources)


def test_models_list(client: OpenAI) -> None:
    models = client.models.list()
    assert [m.id for m in models.data] == ["techbridge"]


def test_completion_answers_with_its_sources(client: OpenAI) -> None:
    reply = client.chat.completions.create(
        model="techbridge", messages=[{"role": "user", "content": COUNT_Q}]
    )
    assert reply.object == "chat.completion" and reply.model == "techbridge"
    choice = reply.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    content = choice.message.content or ""
    answer, sources = _split_sources(content)
    assert "4,016" in answer
    _check_cited(answer, sources)
    assert any("Liaoning Establishes Regional Sci-Tech Innovation Hub" in line for line in sources)
    # The extra fields TechBridge adds survive in the client's model (pydantic extra="allow").
    extra = reply.model_extra or {}
    assert extra.get("answered") is True
    assert [c["n"] for c in extra["citations"]] == list(range(1, len(sources) + 1))
    assert reply.usage is not None and reply.usage.total_tokens > 0


def test_streamed_completion_answers_with_its_sources(client: OpenAI) -> None:
    stream = client.chat.completions.create(
        model="techbridge", stream=True, messages=[{"role": "user", "content": COUNT_Q}]
    )
    pieces: list[str] = []
    finishes: list[str] = []
    for chunk in stream:
        assert chunk.object == "chat.completion.chunk"
        for choice in chunk.choices:
            pieces.append(choice.delta.content or "")
            if choice.finish_reason:
                finishes.append(choice.finish_reason)
    assert finishes == ["stop"]
    assert len([p for p in pieces if p]) > 5  # really streamed, not one block
    answer, sources = _split_sources("".join(pieces))
    assert "4,016" in answer
    _check_cited(answer, sources)


@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_follow_up_reads_earlier_user_messages(client: OpenAI, stream: bool) -> None:
    """A stateless client sends the whole conversation; after a question about upcoming events in
    Liaoyang, "And in Dalian?" means upcoming events in Dalian: only Dalian event records are cited."""
    messages: Any = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What matchmaking events are coming up in Liaoyang?"},
        {"role": "assistant", "content": "(an earlier answer about Liaoyang)"},
        {"role": "user", "content": "And in Dalian?"},
    ]
    citations: list[dict[str, str]] = []
    if stream:
        pieces: list[str] = []
        for chunk in client.chat.completions.create(model="techbridge", messages=messages, stream=True):
            pieces.extend(c.delta.content or "" for c in chunk.choices)
            citations.extend((chunk.model_extra or {}).get("citations", []))
        content = "".join(pieces)
    else:
        reply = client.chat.completions.create(model="techbridge", messages=messages)
        content = reply.choices[0].message.content or ""
        citations = (reply.model_extra or {})["citations"]
    answer, sources = _split_sources(content)
    _check_cited(answer, sources)
    assert len(citations) == len(sources) >= 1
    assert {c["kind"] for c in citations} == {"event"}, citations
    assert all("Dalian" in c["title"] or "大连" in c["title"] for c in citations), citations
    assert "Liaoyang" not in answer and "辽阳" not in answer


def test_request_errors_come_in_openai_shape(client: OpenAI) -> None:
    """The client reads the message of an error from {"error": {"message"}}: it must say what is wrong."""
    with pytest.raises(openai.UnprocessableEntityError, match="must contain a user message"):
        client.chat.completions.create(model="techbridge", messages=[{"role": "system", "content": "hi"}])


# ---- llm mode: TechBridge between the client and a model ---------------------------------------------
@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    with FakeLLM().running() as server:
        yield server


@pytest.fixture(scope="module")
def llm_client(
    corpus_dir: Path, use_embedder: UseEmbedder, tmp_path_factory: pytest.TempPathFactory, fake: FakeLLM
) -> Iterator[OpenAI]:
    data = tmp_path_factory.mktemp("openai-llm") / "data"
    shutil.copytree(corpus_dir, data)
    llm = {
        "mode": "llm",
        "base_url": fake.base_url,
        "model": "fake",
        "timeout_s": 10,
        "fallback_to_extractive": False,
    }
    app = create_app(make_settings(data, llm=llm), embedder=use_embedder, clock=lambda: TODAY)
    with serve(app) as port:
        yield OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="x", max_retries=0, timeout=60)


@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_llm_mode_answer_reaches_the_client_with_sources(
    llm_client: OpenAI, fake: FakeLLM, stream: bool
) -> None:
    fake.switch("answer")
    messages: Any = [{"role": "user", "content": COUNT_Q}]
    if stream:
        content = "".join(
            c.delta.content or ""
            for chunk in llm_client.chat.completions.create(
                model="techbridge", messages=messages, stream=True
            )
            for c in chunk.choices
        )
    else:
        content = (
            llm_client.chat.completions.create(model="techbridge", messages=messages)
            .choices[0]
            .message.content
        )
    answer, sources = _split_sources(content or "")
    assert "4,016" in answer and fake.requests, "the answer should come from the model"
    _check_cited(answer, sources)


@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_llm_failure_reaches_the_client_as_an_error_with_its_reason(
    llm_client: OpenAI, fake: FakeLLM, stream: bool
) -> None:
    """With no fallback, a failing model is an error the client raises, naming the cause: a 502 for a
    plain request, an `error` event in a stream (the openai client raises APIError on it)."""
    fake.switch("error-500")
    messages: Any = [{"role": "user", "content": COUNT_Q}]
    if stream:
        with pytest.raises(openai.APIError, match="LLM endpoint failed"):
            for _ in llm_client.chat.completions.create(model="techbridge", messages=messages, stream=True):
                pass
    else:
        with pytest.raises(openai.InternalServerError, match="LLM endpoint failed") as caught:
            llm_client.chat.completions.create(model="techbridge", messages=messages)
        assert caught.value.status_code == 502


def test_a_follow_up_points_at_what_the_same_conversation_showed(client: OpenAI) -> None:
    """A stateless client sends the whole conversation: "the second one" is the second event this
    conversation listed, and another conversation that asked something else does not change that."""
    first = [{"role": "user", "content": "沈阳明年有哪些对接会"}]
    listing = client.chat.completions.create(model="techbridge", messages=first)  # type: ignore[arg-type]
    shown = (listing.model_extra or {})["citations"]
    assert len(shown) >= 2 and all(c["kind"] == "event" for c in shown)
    client.chat.completions.create(  # another conversation in between
        model="techbridge", messages=[{"role": "user", "content": "有哪些氢能方面的科技成果？"}]
    )
    follow = [
        *first,
        {"role": "assistant", "content": listing.choices[0].message.content or ""},
        {"role": "user", "content": "第二个在哪开？"},
    ]
    reply = client.chat.completions.create(model="techbridge", messages=follow)  # type: ignore[arg-type]
    cited = (reply.model_extra or {})["citations"]
    assert [c["doc_id"] for c in cited] == [shown[1]["doc_id"]]
    assert "地点" in (reply.choices[0].message.content or "")
