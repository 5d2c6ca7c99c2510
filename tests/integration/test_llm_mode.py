"""The `llm` answer mode end to end: the app (real Chroma, the real embedded model) talks through the
`openai` client to tests/support/fake_llm.py, an OpenAI-compatible server on loopback that answers from
the prompt's sources. Covers grounding, citation hygiene, refusal, streaming, upstream errors and timeouts."""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.chat.generative import REFUSAL_MARKER, generate_answer
from bot.chat.llm import OpenAIChatModel
from bot.chat.prompts import render_prompt
from bot.chat.rewrite import rewrite_question
from bot.chat.service import Thresholds
from bot.conversation.draft import Draft
from bot.services import Services
from bot.settings import LLMSettings
from retrieval.embedders import UseEmbedder
from retrieval.types import Hit
from tests.support.config import TODAY, make_settings
from tests.support.fake_llm import EVIL_IMAGE, REFUSAL, FakeLLM, best_sentence, parse_prompt, parse_rewrite

RATE_Q = (
    "What local conversion rate of scientific and technological achievements is Liaoning aiming to exceed "
    "in 2024?"
)
COUNT_Q = "How many highly mature and convertible achievements has Liaoning collected in recent years?"
ZH_Q = "以职务科技成果作价投资，完成人能拿多少股份？"
SLOW_S = 20.0  # the fake's delay: far beyond the 1 s client timeout, so waiting for it would show
BOUND_S = SLOW_S / 2  # a request cut by the timeout ends well within this (~3 s: 2 tries of 1 s + backoff)

ClientFactory = Callable[..., TestClient]


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    with FakeLLM(delay_s=SLOW_S).running() as server:
        yield server


@pytest.fixture(autouse=True)
def _answer_normally(fake: FakeLLM) -> None:
    fake.switch("answer", delay_s=SLOW_S)


def _app_client(data: Path, fake: FakeLLM, embedder: UseEmbedder, **llm: Any) -> TestClient:
    settings = make_settings(
        data, llm={"mode": "llm", "base_url": fake.base_url, "model": "fake", "timeout_s": 10.0, **llm}
    )
    return TestClient(create_app(settings, embedder=embedder, clock=lambda: TODAY))


@pytest.fixture(scope="module")
def llm_client(
    corpus_dir: Path, use_embedder: UseEmbedder, fake: FakeLLM, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ClientFactory]:
    """`llm_client(**llm_settings)`: a started TestClient of the app in llm mode against the fake, one per
    settings variant, each on its own copy of the ingested corpus, kept for the module."""
    clients: dict[tuple[tuple[str, Any], ...], TestClient] = {}
    with ExitStack() as stack:

        def build(**llm: Any) -> TestClient:
            key = tuple(sorted(llm.items()))
            if key not in clients:
                data = tmp_path_factory.mktemp("llm") / "data"
                shutil.copytree(corpus_dir, data)
                clients[key] = stack.enter_context(_app_client(data, fake, use_embedder, **llm))
            return clients[key]

        yield build


# ---- helpers -----------------------------------------------------------------------------------------------
def _services(client: TestClient) -> Services:
    return cast(Services, cast(FastAPI, client.app).state.services)


def _chunk_texts(client: TestClient) -> dict[str, str]:
    store = _services(client).store
    return {chunk.id: chunk.text for _, chunk, _ in store.scan() if chunk is not None}


def _sse(client: TestClient, path: str, body: dict[str, Any]) -> list[tuple[str, Any]]:
    """POST and read the whole event stream: [(event, data)]."""
    events: list[tuple[str, Any]] = []
    with client.stream("POST", path, json=body) as resp:
        assert resp.status_code == 200, resp.read()
        assert resp.headers["content-type"].startswith("text/event-stream")
        name = "message"
        for line in resp.iter_lines():
            if line.startswith("event:"):
                name = line.partition(":")[2].strip()
            elif line.startswith("data:"):
                events.append((name, json.loads(line.partition(":")[2].strip())))
                name = "message"
    return events


def _assert_grounded(resp: dict[str, Any], fake: FakeLLM, client: TestClient) -> str:
    """The answer's citation numbers are 1..k, each maps to a citation, each citation is a chunk TechBridge
    retrieved and sent, and the cited chunk holds the sentence the model quoted. Returns that sentence."""
    answer, citations = resp["answer"], resp["citations"]
    used = [int(n) for n in re.findall(r"\[(\d+)\]", answer)]
    assert used, answer
    assert [c["n"] for c in citations] == list(range(1, len(citations) + 1))
    assert set(used) == {c["n"] for c in citations}, (answer, citations)

    request = fake.requests[-1]
    sources, question = parse_prompt(request["messages"])
    assert sources, "TechBridge sent no <sources> block"
    found = best_sentence(sources, question)
    assert found is not None
    model_n, sentence = found
    quoted = re.search(r'"(.+)"', answer, re.S)
    assert quoted and quoted.group(1) == sentence, answer

    texts = _chunk_texts(client)
    by_n = {c["n"]: c for c in citations}
    shown = re.search(r'"\s*\[(\d+)\]', answer)  # the number right after the quote
    assert shown, answer
    cited = by_n[int(shown.group(1))]
    assert cited["chunk_id"] in texts, "a citation names a chunk that is not in the store"
    full = texts[cited["chunk_id"]]
    assert sentence in full
    # It is the very source the model cited by number, not just any chunk holding the words.
    assert full.replace('"""', "'''") == sources[model_n - 1].text
    return sentence


# ---- the stand-in itself -----------------------------------------------------------------------------------
def test_fake_speaks_the_openai_wire_format(fake: FakeLLM) -> None:
    """The official client parses the fake's JSON and its SSE stream, and its errors map to the client's
    exception types: the stand-in is faithful enough for the tests below to mean something."""
    import openai

    assert REFUSAL == REFUSAL_MARKER
    client = openai.OpenAI(base_url=fake.base_url, api_key="k", max_retries=0, timeout=5)
    prompt = (
        '<sources>\n[1] Magnesium (news, 2024-01-01)\n"""\nLiaoyang holds most magnesite reserves. '
        'The weather was fine.\n"""\n[2] Policy (regulation, n.d.)\n"""\nInventors receive at least 50% '
        'of the net income.\n"""\n</sources>\n\nQuestion: What share of net income do inventors receive?'
    )
    messages: Any = [{"role": "system", "content": "rules"}, {"role": "user", "content": prompt}]
    reply = client.chat.completions.create(model="fake", messages=messages)
    assert reply.choices[0].message.content == '"Inventors receive at least 50% of the net income." [2]'
    pieces = [
        c.choices[0].delta.content or ""
        for c in client.chat.completions.create(model="fake", messages=messages, stream=True)
        if c.choices
    ]
    assert len(pieces) > 5 and "".join(pieces) == reply.choices[0].message.content
    off_topic = [
        messages[0],
        {
            "role": "user",
            "content": prompt.replace(
                "What share of net income do inventors receive?", "Who won the football match yesterday?"
            ),
        },
    ]
    refusal = client.chat.completions.create(model="fake", messages=off_topic)
    assert refusal.choices[0].message.content == REFUSAL
    for model, error in [
        ("fake:error-500", openai.InternalServerError),
        ("fake:error-429", openai.RateLimitError),
        ("fake:error-401", openai.AuthenticationError),
    ]:
        with pytest.raises(error):
            client.chat.completions.create(model=model, messages=messages)
    # The control endpoint switches every later request.
    assert (
        httpx.post(f"http://127.0.0.1:{fake.port}/_control", json={"behaviour": "image"}).status_code == 200
    )
    assert EVIL_IMAGE in (
        client.chat.completions.create(model="fake", messages=messages).choices[0].message.content or ""
    )
    assert httpx.post(f"http://127.0.0.1:{fake.port}/_control", json={"behaviour": "nope"}).status_code == 422


# ---- answers -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "fact"),
    [(RATE_Q, "57%"), (COUNT_Q, "4,016"), (ZH_Q, "50%")],
    ids=["en-rate", "en-count", "zh-equity"],
)
def test_llm_answers_with_citations_of_retrieved_chunks(
    llm_client: ClientFactory, fake: FakeLLM, question: str, fact: str
) -> None:
    client = llm_client()
    resp = client.post("/api/chat", json={"message": question})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["mode"] == "llm" and body["answered"] is True
    assert len(fake.requests) == 1
    request = fake.requests[0]
    assert request["model"] == "fake" and request["stream"] is True
    assert request["messages"][0]["role"] == "system" and REFUSAL_MARKER in request["messages"][0]["content"]
    sentence = _assert_grounded(body, fake, client)
    assert fact in sentence


def test_nonexistent_citation_number_never_reaches_the_user(llm_client: ClientFactory, fake: FakeLLM) -> None:
    fake.switch("bad-cite")
    client = llm_client()
    body = client.post("/api/chat", json={"message": RATE_Q}).json()
    assert body["answered"] is True
    assert "[9]" not in body["answer"]
    _assert_grounded(body, fake, client)
    assert [c["n"] for c in body["citations"]] == [1]  # the real source, renumbered; nothing for [9]
    events = _sse(client, "/api/chat/stream", {"message": RATE_Q})
    streamed = "".join(d["text"] for name, d in events if name == "token")
    assert "[9]" not in streamed and "9]" not in streamed


def test_markdown_image_from_the_model_is_dropped(llm_client: ClientFactory, fake: FakeLLM) -> None:
    fake.switch("image")
    client = llm_client()
    body = client.post("/api/chat", json={"message": COUNT_Q}).json()
    assert (
        "evil.example" not in body["answer"] and "![" not in body["answer"] and "secret" not in body["answer"]
    )
    _assert_grounded(body, fake, client)
    # Streamed in 4-character pieces the image arrives split; no piece of it may leak either.
    events = _sse(client, "/api/chat/stream", {"message": COUNT_Q})
    streamed = "".join(d["text"] for name, d in events if name == "token")
    assert "evil" not in streamed and "secret" not in streamed and "](" not in streamed
    assert "4,016" in streamed


@pytest.mark.parametrize("behaviour", ["answer", "wordy"])
def test_model_refusal_becomes_an_unanswered_reply(
    llm_client: ClientFactory, fake: FakeLLM, behaviour: str
) -> None:
    """With the evidence gate opened, an off-topic question reaches the model; nothing in the sources
    shares a word with it, the model says NO_ANSWER (bare, or after some words), and the user gets a plain
    refusal without the marker."""
    fake.switch(behaviour)
    client = llm_client()
    service = _services(client).chat
    saved = service.thresholds
    service.thresholds = Thresholds(
        evidence=-1.0, passage_floor=-1.0, prose_first=saved.prose_first, record_share=0.0
    )
    question = "Is quantum teleportation of kittens feasible?"
    try:
        body = client.post("/api/chat", json={"message": question}).json()
        events = _sse(client, "/api/chat/stream", {"message": question})
    finally:
        service.thresholds = saved
    assert len(fake.requests) == 2, "both questions should have reached the model"
    sources, asked = parse_prompt(fake.requests[0]["messages"])
    assert sources and asked == question, "the model should have been given sources and the question"
    assert best_sentence(sources, asked) is None  # so the fake answered NO_ANSWER
    assert body["answered"] is False and body["citations"] == []
    assert REFUSAL_MARKER not in body["answer"] and body["answer"].strip()
    assert body["mode"] == "llm"
    # Streamed, the marker arrives in pieces ("NO_A", "NSWE", "R"); none may show.
    streamed = "".join(d["text"] for name, d in events if name == "token")
    assert "NO_" not in streamed and "ANSWER" not in streamed
    assert events[-1][0] == "done" and events[-1][1]["answered"] is False
    assert streamed.strip() == events[-1][1]["answer"] == body["answer"]


# ---- streaming ---------------------------------------------------------------------------------------------
def test_stream_yields_tokens_then_citations_then_done(llm_client: ClientFactory, fake: FakeLLM) -> None:
    client = llm_client()
    events = _sse(client, "/api/chat/stream", {"message": RATE_Q})
    names = [name for name, _ in events if name != "message"]
    first_other = next(i for i, n in enumerate(names) if n != "token")
    assert first_other > 3, names  # the model's answer arrives in many pieces
    assert names[first_other:] == ["citations", "done"], names
    done = events[-1][1]
    streamed = "".join(d["text"] for name, d in events if name == "token")
    assert streamed.strip() == done["answer"]
    assert events[-2][1]["citations"] == done["citations"]
    assert done["mode"] == "llm" and done["answered"] is True
    _assert_grounded(done, fake, client)


# ---- upstream failures -------------------------------------------------------------------------------------
@pytest.mark.parametrize("behaviour", ["error-500", "error-429", "error-401"])
def test_upstream_error_falls_back_to_the_extractive_answer(
    llm_client: ClientFactory, fake: FakeLLM, behaviour: str
) -> None:
    fake.switch(behaviour)
    client = llm_client()
    start = time.monotonic()
    body = client.post("/api/chat", json={"message": COUNT_Q}).json()
    assert time.monotonic() - start < BOUND_S
    assert fake.requests, "the model should have been asked first"
    assert body["mode"] == "extractive" and body["answered"] is True
    assert "4,016" in body["answer"] and body["citations"]
    events = _sse(client, "/api/chat/stream", {"message": COUNT_Q})
    assert [n for n, _ in events][-2:] == ["citations", "done"]
    assert "4,016" in events[-1][1]["answer"]


def test_upstream_error_without_fallback_is_a_clear_error(llm_client: ClientFactory, fake: FakeLLM) -> None:
    fake.switch("error-500")
    client = llm_client(fallback_to_extractive=False)
    resp = client.post("/api/chat", json={"message": COUNT_Q})
    assert resp.status_code == 502
    assert resp.headers["content-type"].startswith("application/json")
    detail = resp.json()["detail"]
    assert "LLM endpoint failed" in detail and "InternalServerError" in detail

    events = _sse(client, "/api/chat/stream", {"message": COUNT_Q})
    assert events[-1][0] == "error", events
    assert "LLM endpoint failed" in events[-1][1]["detail"]
    assert all(name != "done" for name, _ in events)


def test_slow_model_hits_the_timeout_set_in_the_environment(
    corpus_dir: Path,
    use_embedder: UseEmbedder,
    fake: FakeLLM,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """TECHBRIDGE_LLM__TIMEOUT_S=1 bounds each attempt: the reply (falling back, or a 502 / error event
    without fallback) comes long before the model would have answered."""
    fake.switch("slow")
    monkeypatch.setenv("TECHBRIDGE_LLM__TIMEOUT_S", "1")
    data = tmp_path / "data"
    shutil.copytree(corpus_dir, data)
    settings = make_settings(data, llm={"mode": "llm", "base_url": fake.base_url, "model": "fake"})
    assert settings.llm.timeout_s == 1.0
    with TestClient(create_app(settings, embedder=use_embedder, clock=lambda: TODAY)) as client:
        start = time.monotonic()
        body = client.post("/api/chat", json={"message": COUNT_Q}).json()
        elapsed = time.monotonic() - start
        assert elapsed < BOUND_S, f"took {elapsed:.1f} s: the timeout did not cut the wait"
        assert body["mode"] == "extractive" and "4,016" in body["answer"]

    monkeypatch.setenv("TECHBRIDGE_LLM__FALLBACK_TO_EXTRACTIVE", "false")
    settings = make_settings(data, llm={"mode": "llm", "base_url": fake.base_url, "model": "fake"})
    with TestClient(create_app(settings, embedder=use_embedder, clock=lambda: TODAY)) as client:
        start = time.monotonic()
        resp = client.post("/api/chat", json={"message": COUNT_Q})
        assert time.monotonic() - start < BOUND_S
        assert resp.status_code == 502 and "Timeout" in resp.json()["detail"]
        start = time.monotonic()
        events = _sse(client, "/api/chat/stream", {"message": COUNT_Q})
        assert time.monotonic() - start < BOUND_S
        assert events[-1][0] == "error"


def test_local_mode_runs_on_the_base_url_alone(
    corpus_dir: Path,
    use_embedder: UseEmbedder,
    fake: FakeLLM,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The command scripts/local_llm.sh prints is enough: TECHBRIDGE_LLM__MODE=local and
    TECHBRIDGE_LLM__BASE_URL, no model name; the answers say mode "local"."""
    monkeypatch.setenv("TECHBRIDGE_LLM__MODE", "local")
    monkeypatch.setenv("TECHBRIDGE_LLM__BASE_URL", fake.base_url)
    data = tmp_path / "data"
    shutil.copytree(corpus_dir, data)
    with TestClient(create_app(make_settings(data), embedder=use_embedder, clock=lambda: TODAY)) as client:
        body = client.post("/api/chat", json={"message": RATE_Q}).json()
        assert body["mode"] == "local" and body["answered"] is True
        assert fake.requests[-1]["model"] == "local"
        assert "57%" in _assert_grounded(body, fake, client)


def test_model_stalling_mid_stream_ends_the_stream(llm_client: ClientFactory, fake: FakeLLM) -> None:
    """The model sends a few chunks and goes silent: the read timeout ends the wait, and the stream closes
    with a final event instead of hanging."""
    fake.switch("stall")
    client = llm_client(timeout_s=1.0, fallback_to_extractive=False)
    start = time.monotonic()
    events = _sse(client, "/api/chat/stream", {"message": COUNT_Q})
    assert time.monotonic() - start < BOUND_S
    assert events[-1][0] == "error", events


def test_stall_mid_stream_with_fallback_streams_one_consistent_answer(
    llm_client: ClientFactory, fake: FakeLLM
) -> None:
    """Whatever the service does when the model dies part way (fall back, or end with `error`), the token
    events must spell the answer that `done` reports: a client rendering tokens shows what was stored."""
    fake.switch("stall")
    client = llm_client(timeout_s=1.0)
    events = _sse(client, "/api/chat/stream", {"message": COUNT_Q})
    streamed = "".join(d["text"] for name, d in events if name == "token")
    assert events[-1][0] in ("done", "error")
    if events[-1][0] == "done":
        assert streamed.strip() == events[-1][1]["answer"]


def test_wordy_refusal_streams_the_refusal_that_done_reports(
    llm_client: ClientFactory, fake: FakeLLM
) -> None:
    fake.switch("wordy")
    client = llm_client()
    service = _services(client).chat
    saved = service.thresholds
    service.thresholds = Thresholds(
        evidence=-1.0, passage_floor=-1.0, prose_first=saved.prose_first, record_share=0.0
    )
    try:
        events = _sse(
            client, "/api/chat/stream", {"message": "Is quantum teleportation of kittens feasible?"}
        )
    finally:
        service.thresholds = saved
    streamed = "".join(d["text"] for name, d in events if name == "token")
    assert events[-1][0] == "done" and events[-1][1]["answered"] is False
    assert streamed.strip() == events[-1][1]["answer"]


# ---- follow-up rewriting (bot/chat/rewrite.py) through the endpoint ----------------------------------------
def _model(fake: FakeLLM) -> OpenAIChatModel:
    return OpenAIChatModel(LLMSettings(mode="llm", base_url=fake.base_url, model="fake", timeout_s=5.0))


DUT_HISTORY = [
    ("user", "Which technologies does Dalian University of Technology offer for transfer?"),
    ("assistant", 'Here is what the knowledge base says: "A PEM electrolyzer stack is offered." [1]'),
]


@pytest.mark.parametrize(
    ("history", "question", "lang", "standalone"),
    [
        (
            DUT_HISTORY,
            "What does it charge for a licence?",
            "en",
            "What does Dalian University of Technology charge for a licence?",
        ),
        (
            [("user", "辽阳市有哪些菱镁产业对接活动？"), ("assistant", "根据知识库中的资料：…… [1]")],
            "那里下个月还有吗？",
            "zh",
            "辽阳市下个月还有吗？",
        ),
    ],
    ids=["en", "zh"],
)
def test_follow_up_is_rewritten_as_a_standalone_question(
    fake: FakeLLM, history: list[tuple[str, str]], question: str, lang: str, standalone: str
) -> None:
    assert rewrite_question(_model(fake), history, question, lang, "") == standalone
    (request,) = fake.requests
    system, user = request["messages"][0]["content"], request["messages"][-1]["content"]
    assert system == render_prompt(f"rewrite_system_{lang}")
    assert f"User: {history[0][1]}" in user and user.rstrip().endswith(f"Message: {question}")


def test_rewriting_keeps_a_standalone_question_and_skips_the_model_without_history(fake: FakeLLM) -> None:
    standalone = "What does Shenyang Institute of Automation offer?"
    assert rewrite_question(_model(fake), DUT_HISTORY, standalone, "en", "") == standalone
    assert len(fake.requests) == 1  # asked, and it had nothing to resolve
    fake.switch("answer")
    assert rewrite_question(_model(fake), [], "What does it charge?", "en", "") == "What does it charge?"
    assert fake.requests == []
    # The state summary alone is enough to resolve against.
    topic = "Dalian University of Technology"
    assert (
        rewrite_question(_model(fake), [], "What does it charge?", "en", topic)
        == f"What does {topic} charge?"
    )


@pytest.mark.parametrize("behaviour", ["error-500", "error-401", "empty", "wordy"])
def test_rewriting_returns_the_question_unchanged_when_the_model_fails(fake: FakeLLM, behaviour: str) -> None:
    """An upstream error, an empty reply and a long chatty one (`wordy` wraps the right question in a
    sentence about it) all leave the follow-up as the user typed it."""
    fake.switch(behaviour)
    question = "What does it charge for a licence?"
    assert rewrite_question(_model(fake), DUT_HISTORY, question, "en", "") == question
    assert fake.requests, "the model should have been asked"


# ---- grounding through the endpoint (bot/chat/generative.py generate_answer) -------------------------------
def _context(client: TestClient, question: str) -> list[Hit]:
    return _services(client).searcher.search(question, k=5).hits


def test_generate_answer_removes_what_its_sources_do_not_hold(
    llm_client: ClientFactory, fake: FakeLLM
) -> None:
    context = _context(llm_client(), COUNT_Q)
    fake.switch("embellish")
    out = generate_answer(_model(fake), COUNT_Q, "en", context, [("user", "Earlier question?")])
    assert out.outcome == "answered" and "4,016" in out.draft.text and "9,999" not in out.draft.text
    assert out.removed and "9,999" in out.removed[0]
    assert "Conversation so far:\nUser: Earlier question?" in fake.requests[-1]["messages"][-1]["content"]
    fake.switch("invent")
    fallback = Draft("the extractive answer", [], True)
    out = generate_answer(_model(fake), COUNT_Q, "en", context, fallback=lambda: fallback)
    assert out.outcome == "ungrounded" and out.fell_back and out.draft is fallback


# ---- the service streams only what it stores ---------------------------------------------------------------


def test_made_up_sentence_never_reaches_the_user(llm_client: ClientFactory, fake: FakeLLM) -> None:
    fake.switch("embellish")
    client = llm_client()
    body = client.post("/api/chat", json={"message": COUNT_Q}).json()
    assert body["mode"] == "llm" and body["answered"] and "9,999" not in body["answer"]
    _assert_grounded(body, fake, client)
    events = _sse(client, "/api/chat/stream", {"message": COUNT_Q})
    streamed = "".join(d["text"] for name, d in events if name == "token")
    assert "9,999" not in streamed and streamed.strip() == events[-1][1]["answer"]


def test_misquoted_answer_falls_back_to_the_extractive_one(llm_client: ClientFactory, fake: FakeLLM) -> None:
    fake.switch("invent")
    client = llm_client()
    events = _sse(client, "/api/chat/stream", {"message": COUNT_Q})
    done = events[-1][1]
    assert fake.requests and done["mode"] == "extractive" and done["answered"]
    assert "4,016" in done["answer"] and "4,017" not in done["answer"]
    assert "".join(d["text"] for name, d in events if name == "token").strip() == done["answer"]


def test_follow_up_is_searched_and_answered_as_its_standalone_question(
    llm_client: ClientFactory, fake: FakeLLM
) -> None:
    client = llm_client()
    first = client.post("/api/chat", json={"message": RATE_Q}).json()
    fake.switch("answer")
    follow_up = "How many highly mature and convertible achievements has it collected in recent years?"
    body = client.post("/api/chat", json={"message": follow_up, "session_id": first["session_id"]}).json()
    rewrite, answer = fake.requests
    assert parse_rewrite(rewrite["messages"]) is not None
    _, asked = parse_prompt(answer["messages"])
    # "it" is the last name the user gave
    assert (
        asked == "How many highly mature and convertible achievements has Liaoning collected in recent years?"
    )
    assert f"User: {RATE_Q}" in answer["messages"][-1]["content"]  # the history reached the prompt
    assert body["answered"] and "4,016" in body["answer"]


def test_openai_route_gives_the_model_the_earlier_turns(llm_client: ClientFactory, fake: FakeLLM) -> None:
    client = llm_client()
    messages = [
        {"role": "user", "content": RATE_Q},
        {"role": "assistant", "content": "57% [1]"},
        {"role": "user", "content": COUNT_Q},
    ]
    resp = client.post("/v1/chat/completions", json={"model": "techbridge", "messages": messages})
    assert resp.status_code == 200 and "4,016" in resp.json()["choices"][0]["message"]["content"]
    assert f"Conversation so far:\nUser: {RATE_Q}\n" in fake.requests[-1]["messages"][-1]["content"]
