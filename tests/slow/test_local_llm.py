"""Opt-in tier (marker `local_llm`): the `local` answer mode against a real llama.cpp server running the
Qwen2.5-Coder-1.5B-Instruct GGUF that `make local-llm` assembles.

    make local-llm && .venv/bin/python -m pytest -m local_llm

Skips, with the reason, unless it was selected with `-m local_llm`, the model file exists and llama_cpp is
importable. TECHBRIDGE_LOCAL_GGUF (a model path) and TECHBRIDGE_LLAMA_PYTHON (an interpreter that has
llama-cpp-python, if not this one) override the defaults. About a minute on 2 cores: ~10 s a question.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.chat.generative import REFUSAL_MARKER
from bot.evaluation.answers import AnswerCase, load_answer_cases
from retrieval.embedders import UseEmbedder
from tests.support.config import ROOT, TODAY, make_settings
from tests.support.servers import free_port, start_process, stop_process

GGUF = Path(
    os.environ.get("TECHBRIDGE_LOCAL_GGUF") or ROOT / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
)
PYTHON = os.environ.get("TECHBRIDGE_LLAMA_PYTHON") or sys.executable


def _llama_importable() -> bool:
    return subprocess.run([PYTHON, "-c", "import llama_cpp.server"], capture_output=True).returncode == 0


# Checked in this order, before any fixture runs (skipif strings see `config` and this module's globals);
# the opt-in check first, so the default run costs nothing.
pytestmark = [
    pytest.mark.local_llm,
    pytest.mark.skipif(
        "'local_llm' not in (config.getoption('markexpr') or '')",
        reason="opt-in tier: run `pytest -m local_llm` after `make local-llm`",
    ),
    pytest.mark.skipif(
        "not GGUF.is_file()",
        reason=f"no local model at {GGUF}: run `make local-llm` (or set TECHBRIDGE_LOCAL_GGUF)",
    ),
    pytest.mark.skipif(
        "not _llama_importable()",
        reason=f"llama_cpp is not importable by {PYTHON}: run `make local-llm` "
        "(or set TECHBRIDGE_LLAMA_PYTHON)",
    ),
]

# A few answer-eval questions (evals/answers) that reach passage search, English and Chinese, plus one the
# knowledge base cannot answer.
QUESTIONS = (
    "What local conversion rate of scientific and technological achievements",
    "Who delivered the opening speech at the International Summit",
    "以职务科技成果作价投资",
    "有没有用量子计算机做饭的技术",
)


def _cases() -> list[AnswerCase]:
    cases = [c for c in load_answer_cases(ROOT / "evals" / "answers") if c.q.startswith(QUESTIONS)]
    assert len(cases) == len(QUESTIONS), [c.q for c in cases]
    return cases


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The llama.cpp server on a free loopback port; yields its base URL."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    base_url = f"http://127.0.0.1:{port}/v1"
    # n_ctx 4096: the prompt (sources within context_tokens, rules, question) plus the answer.
    cmd = [PYTHON, "-m", "llama_cpp.server", "--model", str(GGUF), "--host", "127.0.0.1", "--port", str(port)]
    try:
        proc = start_process([*cmd, "--n_ctx", "4096"], f"{base_url}/models", timeout_s=180, log=log_path)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield base_url
    finally:
        stop_process(proc, timeout_s=15)


@pytest.fixture(scope="module")
def local_client(
    llama_server: str, corpus_dir: Path, use_embedder: UseEmbedder, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("local") / "data"
    shutil.copytree(corpus_dir, data)
    # No fallback: a failing model must fail the test, not hide behind the extractive answer. A smaller
    # context budget keeps the prompt near 1,500 tokens: ~10 s to the first token on 2 cores (DESIGN.md).
    settings = make_settings(
        data,
        llm={
            "mode": "local",
            "base_url": llama_server,
            "timeout_s": 300,
            "context_tokens": 1200,
            "max_tokens": 256,
            "fallback_to_extractive": False,
        },
    )
    with TestClient(create_app(settings, embedder=use_embedder, clock=lambda: TODAY)) as client:
        yield client


def _chunk_texts(client: TestClient) -> dict[str, str]:
    store = client.app.state.services.store  # type: ignore[attr-defined]
    return {chunk.id: chunk.text for _, chunk, _ in store.scan() if chunk is not None}


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def test_local_model_answers_with_valid_citations(local_client: TestClient) -> None:
    texts = _chunk_texts(local_client)
    grounded = 0
    report: list[str] = []
    for case in _cases():
        started = time.monotonic()
        resp = local_client.post("/api/chat", json={"message": case.q})
        assert resp.status_code == 200, resp.text
        body: dict[str, Any] = resp.json()
        answer, citations = body["answer"], body["citations"]
        report.append(
            f"{time.monotonic() - started:5.1f} s answered={body['answered']} {case.q}\n    {answer!r}"
        )
        assert REFUSAL_MARKER not in answer and "![" not in answer
        if not case.answerable:
            assert body["answered"] is False and citations == []
            continue
        assert body["mode"] == "local", body  # the question reached the model
        if not body["answered"]:
            continue  # a small model may refuse; a refusal must just be clean
        # Valid citations: the numbers in the text are exactly 1..k, each a chunk of the store.
        used = {int(n) for n in re.findall(r"\[(\d+)\]", answer)}
        assert [c["n"] for c in citations] == list(range(1, len(citations) + 1)), citations
        assert used == {c["n"] for c in citations}, (answer, citations)
        assert all(c["chunk_id"] in texts for c in citations)
        cited = " ".join(_norm(texts[c["chunk_id"]]) for c in citations)
        if any(_norm(f) in _norm(answer) and _norm(f) in cited for f in case.facts):
            grounded += 1
    print("\n".join(report))
    assert grounded >= 1, "no answer quoted an expected fact from a chunk it cited:\n" + "\n".join(report)
