"""The error tree of bot/errors.py: one root, and every error's HTTP status and exit code from its tables."""

from __future__ import annotations

import pytest

import bot.errors as errors
from bot.errors import exit_code, http_status
from retrieval.errors import TechBridgeError


def test_every_error_of_the_tree_has_one_root() -> None:
    classes = [getattr(errors, name) for name in errors.__all__]
    tree = [c for c in classes if isinstance(c, type) and issubclass(c, BaseException)]
    assert len(tree) == 15  # the boxes drawn in its docstring
    assert all(issubclass(c, TechBridgeError) for c in tree)


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (errors.NotFoundError("no lead 'x'"), 404, 6),
        (errors.SourceError("a.csv", "bad row", 3), 422, 7),
        (errors.ConfigError("no such mode"), 500, 2),
        (errors.EmbedderMismatchError("re-index"), 503, 3),
        (errors.StoreUnavailableError("down"), 503, 4),
        (errors.UpstreamError("LLM endpoint failed"), 502, 5),
        (errors.PlatformError("slack chat.postMessage: not ok", 400), 502, 5),
        (errors.Malformed("body is not JSON"), 400, 1),
        (errors.Unauthorized("bad sign"), 401, 1),
        (errors.CryptoError("bad padding"), 401, 1),
        (errors.RequestError("messages must contain a user message"), 422, 1),
        (errors.RequestTooLarge("too long"), 413, 1),
        (errors.LeadStatusError("lead 'x' is rejected"), 409, 1),
    ],
)
def test_status_and_exit_code(error: TechBridgeError, status: int, code: int) -> None:
    assert http_status(error) == status
    assert exit_code(error) == code
