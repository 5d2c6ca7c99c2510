"""The conversation evaluation: single questions and multi-turn conversations as users type them
(evals/conversations/, written from knowledge/ only, before the answerer was changed, and frozen).

Each item is in the dev or the test split by a fixed hash of its text: tune on dev, report both, never
tune on test. A turn passes when:
    answerable fact:  answered, and every fact (or one of its alternatives) is in the answer
    decline:          not answered (the answer says the knowledge base has nothing)
    small talk:       answered, short, in the user's language
A conversation passes when every turn passes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "CLOCK",
    "HOLDOUT_SETS",
    "TUNING_SETS",
    "ConversationReport",
    "Turn",
    "fact_found",
    "load_dialogues",
    "load_singles",
    "run_conversation_eval",
    "split_of",
]

# The date the evaluation was written for (its header): "upcoming" and deadlines are relative to it.
CLOCK = dt.date(2026, 12, 6)
# More sets written by strangers from knowledge/ only, each whole in one split, in the order they were
# written: tuned on, like dev, after their first reading (evals/<name>/conversations).
TUNING_SETS = ("tuning", "tuning2", "tuning3", "tuning4", "tuning5", "tuning6", "tuning7", "tuning8")
# Sets held out whole, never read item by item nor tuned on: evals/holdout; evals/holdout2 and holdout3,
# holdout4 and holdout5, the halves of tuning5's .. tuning8's stranger-written sets (by a hash of each
# item) kept back when they were written.
HOLDOUT_SETS = ("holdout", "holdout2", "holdout3", "holdout4", "holdout5")
_SMALLTALK_MAX_CHARS = 600


def split_of(key: str) -> str:
    """'test' for about a third of the items, by a hash of their text, the same on every machine."""
    return "test" if int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 3 == 0 else "dev"


@dataclass(frozen=True)
class Turn:
    user: str
    lang: str
    kind: str  # fact kinds, "decline" or "smalltalk"
    facts: tuple[tuple[str, ...], ...]
    answerable: bool


@dataclass(frozen=True)
class Conversation:
    key: str
    turns: tuple[Turn, ...]
    split: str


def _facts(raw: list[Any]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(a) for a in f) if isinstance(f, list) else (str(f),) for f in raw or [])


def load_singles(path: Path) -> list[Conversation]:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for item in items:
        kind = str(item.get("kind", "fact"))
        turn = Turn(item["q"], item["lang"], kind, _facts(item.get("facts")), bool(item["answerable"]))
        out.append(Conversation(item["q"], (turn,), split_of(item["q"])))
    return out


def load_dialogues(path: Path) -> list[Conversation]:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for item in items:
        turns = []
        for t in item["turns"]:
            answerable = bool(t.get("answerable", True))
            kind = "smalltalk" if answerable and not t.get("facts") else ("fact" if answerable else "decline")
            turns.append(Turn(t["user"], item.get("lang", "zh"), kind, _facts(t.get("facts")), answerable))
        out.append(Conversation(item["id"], tuple(turns), split_of(item["id"])))
    return out


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\s+", "", text)


def fact_found(fact: tuple[str, ...], answer: str) -> bool:
    """One of the alternatives occurs in the answer (case, width and spacing aside)."""
    norm = _norm(answer)
    return any(_norm(alt) in norm for alt in fact)


def _lang_ok(text: str, lang: str) -> bool:
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    return han >= 4 if lang == "zh" else han <= len(text) * 0.2


def turn_passes(turn: Turn, answer: str, answered: bool) -> bool:
    if turn.kind == "smalltalk":
        return answered and len(answer) <= _SMALLTALK_MAX_CHARS and _lang_ok(answer, turn.lang)
    if not turn.answerable:
        return not answered
    return answered and all(fact_found(f, answer) for f in turn.facts)


@dataclass
class ConversationReport:
    rows: list[dict[str, Any]] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def table(self) -> list[dict[str, object]]:
        """One row per split and group: facts (answerable), declines, small talk, conversations."""
        out: list[dict[str, object]] = []
        for split in ("dev", "test", *TUNING_SETS, *HOLDOUT_SETS):
            rows = [r for r in self.rows if r["split"] == split]
            groups: dict[str, list[dict[str, Any]]] = {}
            for r in rows:
                groups.setdefault(r["group"], []).append(r)
            for group in ("facts", "declines", "smalltalk", "multi-turn", "multi-turn turns"):
                items = groups.get(group, [])
                if items:
                    ok = sum(1 for r in items if r["ok"])
                    rate = round(ok / len(items), 3)
                    out.append({"split": split, "group": group, "n": len(items), "ok": ok, "rate": rate})
        return out

    def by_kind(self, split: str) -> Counter[str]:
        return Counter(r["kind"] for r in self.rows if r["split"] == split and not r["ok"])


def _group(turn: Turn) -> str:
    if turn.kind == "smalltalk":
        return "smalltalk"
    return "facts" if turn.answerable else "declines"


def run_conversation_eval(
    answer: Callable[[str, str | None], tuple[str, bool]],
    singles: list[Conversation],
    dialogues: list[Conversation],
    new_session: Callable[[], str | None],
) -> ConversationReport:
    """`answer(message, session)` -> (text, answered); `new_session()` starts a conversation."""
    report = ConversationReport()
    for conv in singles:
        turn = conv.turns[0]
        text, answered = answer(turn.user, new_session())
        ok = turn_passes(turn, text, answered)
        report.rows.append({"split": conv.split, "group": _group(turn), "kind": turn.kind, "ok": ok})
        if not ok:
            report.misses.append(f"[{conv.split} {turn.kind}] {turn.user} -> {text[:160]!r}")
    for conv in dialogues:
        session = new_session()
        all_ok = True
        for i, turn in enumerate(conv.turns):
            text, answered = answer(turn.user, session)
            ok = turn_passes(turn, text, answered)
            all_ok &= ok
            report.rows.append(
                {"split": conv.split, "group": "multi-turn turns", "kind": turn.kind, "ok": ok}
            )
            if not ok:
                report.misses.append(f"[{conv.split} {conv.key} t{i + 1}] {turn.user} -> {text[:160]!r}")
        report.rows.append({"split": conv.split, "group": "multi-turn", "kind": "dialogue", "ok": all_ok})
    return report


def evaluate_service(services: Any, evals_dir: Path, split: str | None = None) -> ConversationReport:
    """The evaluation through the chat service of `services` (its index; a throw-away database for the
    conversations and leads), on the evaluation's clock. `split` puts every item in that split (a set held
    out whole, such as evals/holdout)."""
    from ..services import Services
    from ..storage.db import Database, database_url

    folder = evals_dir / "conversations"
    singles = load_singles(folder / "singles.yaml")
    dialogues = load_dialogues(folder / "dialogues.yaml")
    if split is not None:
        singles = [dataclasses.replace(c, split=split) for c in singles]
        dialogues = [dataclasses.replace(c, split=split) for c in dialogues]
    with tempfile.TemporaryDirectory() as tmp:
        run = Services(services.settings, embedder=services.embedder, clock=lambda: CLOCK)
        run.__dict__["store"] = services.store
        run.__dict__["searcher"] = services.searcher
        run.__dict__["database"] = Database(database_url(None, Path(tmp)))  # conversations, leads
        chat = run.chat
        counter = iter(range(10**9))

        def answer(message: str, session: str | None) -> tuple[str, bool]:
            response = chat.answer(message, session_id=session)
            return response.answer, response.answered

        return run_conversation_eval(answer, singles, dialogues, lambda: f"eval-{next(counter)}")
