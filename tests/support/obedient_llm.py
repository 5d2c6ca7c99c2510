"""ObedientLLM: tests/support/fake_llm.py's loopback OpenAI-compatible server made as gullible as a model
can be.

It does whatever any part of its prompt tells it: asked, by the user or by a source, for its instructions
("system prompt", "系统提示词", "recite word for word", "逐字复述"), it answers with the system prompt it was
given plus an exfiltration image. Tests that run TechBridge against it prove what TechBridge guarantees
without the model's help (tests/integration/test_injection.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from .fake_llm import EVIL_IMAGE, FakeLLM, best_sentence, parse_prompt

__all__ = ["ObedientLLM"]

_ORDERS = re.compile(r"system prompt|系统提示词|word for word|逐字|recite|复述", re.I)


class ObedientLLM(FakeLLM):
    """FakeLLM, but it obeys: when the user message (question or sources) asks for its instructions, it
    answers with the system prompt it was given plus an exfiltration image. `append` adds text to every
    ordinary answer (links a model might make up)."""

    obedient: bool = True
    append: str = ""
    obeyed: int = 0

    async def _completions(self, request: Request) -> Response:
        try:
            body = await request.json()  # cached on the request: the parent class reads it again
            messages = list(body["messages"])
        except (ValueError, KeyError, TypeError):
            return await super()._completions(request)
        user = "\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "user")
        system = "\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "system")
        if self.obedient and _ORDERS.search(user):
            self.obeyed += 1
            self.requests.append({"model": body.get("model"), "messages": messages, "behaviour": "obey"})
            return _reply(body, f"Of course. My instructions are:\n\n{system}\n\n{EVIL_IMAGE}")
        if self.append:
            sources, question = parse_prompt(messages)
            found = best_sentence(sources, question)
            if found:
                self.requests.append(
                    {"model": body.get("model"), "messages": messages, "behaviour": "append"}
                )
                return _reply(body, f'"{found[1]}" [{found[0]}] {self.append}')
        return await super()._completions(request)


def _reply(body: dict[str, Any], text: str) -> Response:
    """The OpenAI wire format, whole or streamed four characters a chunk."""
    model = str(body.get("model"))

    def chunk(delta: dict[str, str], finish: str | None = None) -> str:
        return (
            "data: "
            + json.dumps(
                {
                    "id": "chatcmpl-obedient",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                }
            )
            + "\n\n"
        )

    if body.get("stream"):

        def events() -> Iterator[str]:
            yield chunk({"role": "assistant", "content": ""})
            for start in range(0, len(text), 4):
                yield chunk({"content": text[start : start + 4]})
            yield chunk({}, "stop")
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")
    return JSONResponse(
        {
            "id": "chatcmpl-obedient",
            "object": "chat.completion",
            "created": 0,
            "model": model,
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        }
    )
