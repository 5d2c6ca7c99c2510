"""Every pattern run on user text finishes in time linear in it (SECURITY.md, Limits: bounded work on user
text). A regular expression that backtracks holds the GIL for as long as it runs, so one slow pattern on
one long message stalls every request of the worker, /healthz too.

The patterns are collected from the modules that plan, route, capture or quote text (their compiled
re.Pattern attributes, also inside lists, tuples and dicts), so a new one is covered without being named
here. Each runs (search, findall, match) on inputs built to make a backtracking engine rescan: long runs
of what its quantifiers take (spaces, newlines, letters, digits, Chinese, '[', '.', '?'), the words that
start its branches repeated ('need ', 'our ', '我们'), and each of its own words (or a year, a digit, a
bracket) followed by a long run and a character that ends the match. Every input and call is tried at
4 KB; the slowest go on to 64 KB, the slowest of those to 1 MB. Each size has a budget in proportion to
it (1 s of CPU time for one call on 1 MB), so a quadratic pattern fails at a small size instead of
running for hours. A call over the budget passes when it grew linearly from the size before (at most
twice the linear extrapolation, never over 3 s per MB): a slower machine is slower at both sizes, while
a quadratic call grows 16 times faster than that. CPU time of this thread is measured, not wall time: a
busy machine does not fail it.

Also here: the query a follow-up builds stays within the message limit, and contacts in the forms people
write them in China are masked, inside ordinary questions too.
"""

from __future__ import annotations

import gc
import importlib
import re
import time
from collections.abc import Iterator
from types import ModuleType

import pytest

from bot.conversation.dialogue import MAX_QUERY_CHARS, follow_up_query
from bot.matching.need_fields import find_contact, redact

MODULES = (
    "bot.chat.intents",
    "bot.chat.maturity",
    "bot.chat.record_listing",
    "bot.chat.periods",
    "bot.chat.deadlines",
    "bot.conversation.institution_names",
    "bot.chat.extractive",
    "bot.chat.scope",
    "bot.matching.capture",
    "bot.matching.need_fields",
    "bot.conversation.attributes",
    "bot.conversation.dialogue",
    "bot.conversation.followup_forms",
    "bot.conversation.subsets",
    "bot.conversation.record_answers",
    "bot.conversation.smalltalk",
    "bot.conversation.texting",
    "bot.conversation.evidence",
    "bot.conversation.budgets",
    "bot.conversation.news_listing",
    "bot.conversation.people",
    "retrieval.text",
    "retrieval.fields",
)
BIG = 1_000_000  # characters: a 1 MB body of one message, before any limit cuts it
# CPU seconds for one call (search, findall or match) of one pattern on one BIG input. 0.5 s held on the
# machines of earlier rounds; on a slower one every linear pattern took 0.5-0.72 s per MB (the same in the
# code before and after that round), so the budget is 1 s: a quadratic pattern is still over it at 64 KB,
# long before 1 MB.
BUDGET_S = 1.0
# On a slower machine still (CI's: one linear findall took 1.03 s per MB) the budget is not the measure:
# a call may take twice what its time at the size before extrapolates to linearly, up to 3 s per MB.
GROWTH = 2.0
CAP_S = 3.0
# Size, slack over the budget in proportion to the size, and how many of the slowest (input, call) pairs
# go on to the next size: a quadratic pattern is over its budget at 4 or 64 KB, long before 1 MB.
RUNGS = ((4_000, 10.0, 6), (64_000, 4.0, 1), (BIG, 1.0, 0))
CALLS = ("search", "findall", "match")
# What makes a backtracking engine rescan: runs its quantifiers take, and words that open its branches.
UNITS = (
    " ", "\n", "a", "A", "1", "我", "[", ".", "?", "@", "_", "-", "(", "。",
    "need ", "we ", "our ", "我们", "我们需要", "our need ", "company need ", "needs company ", "想找",
    "a.", "A. ", "1-", "+86 ", "x@", "第", "20", "and ",
)  # fmt: skip
FILLERS = (" ", "\n", "a", "1", "我", ".", ":")
HEADS = ("2027", "1", "0", "(", "[", "@")  # written before a run, as the pattern's own words are
# What ends the run so that the match fails after it: a character no positive class here takes, and
# one that the negated classes ([^\s,，;；]) leave out.
ENDS = ("\x01", ",")


def _patterns(value: object, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
        yield value
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _patterns(item, depth + 1)
    elif depth < 3 and isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _patterns(item, depth + 1)


def collect(modules: tuple[ModuleType, ...]) -> dict[str, re.Pattern[str]]:
    """Every compiled pattern the modules hold, by module.attribute (with [index] inside containers); a
    pattern one module imports from another is counted once."""
    found: dict[str, re.Pattern[str]] = {}
    seen: set[int] = set()
    for module in modules:
        for attr, value in vars(module).items():
            for i, pattern in enumerate(_patterns(value)):
                if id(pattern) not in seen:
                    seen.add(id(pattern))
                    index = "" if isinstance(value, re.Pattern) else f"[{i}]"
                    found[f"{module.__name__}.{attr}{index}"] = pattern
    return found


PATTERNS = collect(tuple(importlib.import_module(m) for m in MODULES))


def _words(pattern: re.Pattern[str]) -> list[str]:
    """The pattern's own words (an English word, a run of Chinese), escapes left out."""
    source = re.sub(r"\\[a-zA-Z]", " ", pattern.pattern)
    return sorted(set(re.findall(r"[A-Za-z]{2,}|[\u3400-\u9fff]+", source)))


Input = tuple[str, str, str]  # head, unit, end: the head once, the unit repeated to the size, the end


def inputs(pattern: re.Pattern[str]) -> dict[str, Input]:
    """The adversarial inputs for one pattern, by a name that shows how each is made."""
    out: dict[str, Input] = {f"{u!r}*n": ("", u, "") for u in UNITS}
    out.update({f"{u!r}*n+{end!r}": ("", u, end) for u in FILLERS for end in ENDS})
    words = _words(pattern)
    out.update({f"{f'{word} '!r}*n": ("", f"{word} ", "") for word in words})
    for head in (*words, *HEADS):
        for fill in FILLERS:
            out.update({f"{head!r}+{fill!r}*n+{end!r}": (head, fill, end) for end in ENDS})
    return out


def _text(made: Input, size: int) -> str:
    head, unit, end = made
    return head + unit * ((size - len(head)) // len(unit)) + end


def cpu_seconds(pattern: re.Pattern[str], call: str, text: str) -> float:
    """CPU time of this thread for one call: what the call holds the GIL for, whatever else runs. The
    garbage collector is held off meanwhile: a collection that falls in a 0.5 ms call is not the call's."""
    gc.disable()
    try:
        start = time.thread_time()
        getattr(pattern, call)(text)
        return time.thread_time() - start
    finally:
        gc.enable()


def check_linear(name: str, pattern: re.Pattern[str]) -> None:
    """Run the pattern on its inputs up the rungs; fail on a call over its size's limit (see above)."""
    made = inputs(pattern)
    candidates = [(label, call) for label in made for call in CALLS]
    before: dict[tuple[str, str], float] = {}
    previous = 0
    for size, slack, keep in RUNGS:
        budget = BUDGET_S * size / BIG * slack
        texts = {label: _text(made[label], size) for label in {label for label, _ in candidates}}
        timings = {(label, call): cpu_seconds(pattern, call, texts[label]) for label, call in candidates}
        limits = {
            key: max(budget, min(CAP_S * size / BIG, GROWTH * before[key] * size / previous))
            if key in before
            else budget
            for key in timings
        }
        for key, t in timings.items():  # a slow call is timed twice more: the best of three counts
            if t > limits[key]:
                label, call = key
                timings[key] = min(t, *(cpu_seconds(pattern, call, texts[label]) for _ in range(2)))
        slow = {
            f"{call}({label})": f"{t:.4f} > {limits[label, call]:.3f}"
            for (label, call), t in timings.items()
            if t > limits[label, call]
        }
        assert not slow, f"{name} on {size:,} characters, over its limit (s): {slow}"
        candidates = sorted(timings, key=timings.__getitem__, reverse=True)[:keep]
        before, previous = {key: timings[key] for key in candidates}, size


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_runs_in_linear_time(name: str) -> None:
    check_linear(name, PATTERNS[name])


def test_every_module_is_collected() -> None:
    modules = {name.rsplit(".", 1)[0].split("[")[0] for name in PATTERNS}
    assert modules == set(MODULES), set(MODULES) - modules
    assert "bot.chat.intents.MATCH" in PATTERNS and "bot.matching.need_fields._PHONE" in PATTERNS
    assert any(name.startswith("bot.conversation.attributes.ATTRIBUTES") for name in PATTERNS)
    assert len(PATTERNS) > 100


# ---- the query a follow-up builds ------------------------------------------------------------------------
def test_follow_up_query_is_kept_at_the_message_limit() -> None:
    assert follow_up_query("events in Shenyang", "and in Dalian?") == "events in Shenyang and in Dalian?"
    message = "and " + " ".join(["zq" * 330] * 6)
    query = "What does the law say about rewards for inventors?"
    for _ in range(24):
        query = follow_up_query(query, message)
        assert len(query) <= MAX_QUERY_CHARS
        assert query.endswith(message)  # the message is kept whole
    assert query.split(" ")[0] in message.split(" ")  # the earlier part starts at a word, not inside one
    assert follow_up_query("x" * 5000, "y" * 4000) == "y" * 4000


# ---- contacts masked -------------------------------------------------------------------------------------
CONTACTS = [
    "13800138000",
    "138 0013 8000",
    "138-0013-8000",
    "+86 138 0013 8000",
    "+86-13800138000",
    "+8613800138000",
    "0086 13800138000",
    "(+86) 138 0013 8000",
    "8613800138000",
    "024-23456789",
    "024 2345 6789",
    "(024) 2345 6789",
    "（024）23456789",
    "（0411）8888-1234",
    "0411-8888-1234",
    "024-23456789-801",
    "024-23456789转801",
    "+86 24 2345 6789",
    "+86 (24) 2345 6789",
    "+86-411-8888-1234",
    "400-123-4567",
    "400 123 4567",
    "wang.gong@hm-test.example.com",
    "wang＠lnu.edu.cn",
    "wang(at)lnu.edu.cn",
    "wang (at) lnu.edu.cn",
    "wang[at]lnu.edu.cn",
    "wang（at）lnu.edu.cn",
    "wang(AT)lnu(dot)edu(dot)cn",
    "wang(at)lnu",
]


@pytest.mark.parametrize("contact", CONTACTS)
def test_contacts_are_masked_inside_ordinary_questions(contact: str) -> None:
    digits = re.sub(r"\D", "", contact)
    for text, lang in (
        (f"我们需要镁合金压铸技术，联系电话{contact}，有合适的成果吗？", "zh"),
        (f"联系方式：{contact}。", "zh"),
        (f"We need a magnesium alloy casting technology; reach me at {contact} please.", "en"),
        (contact, "en"),
    ):
        masked = redact(text, lang, mask="[X]")
        assert "[X]" in masked, text
        assert contact not in masked and (not digits or digits[-4:] not in masked), masked
        assert find_contact(text) is not None, text
    assert redact(f"联系电话{contact}，有合适的成果吗？", "zh", mask="[X]") == "联系电话[X]，有合适的成果吗？"


def test_the_contact_is_found_without_its_label() -> None:
    assert find_contact("联系人：李明，电话(024) 2345 6789") == "李明 / (024) 2345 6789"
    assert find_contact("邮箱wang(at)lnu.edu.cn，王工") == "王工 / wang(at)lnu.edu.cn"
    assert find_contact("电话 +86 138 0013 8000") == "+86 138 0013 8000"


@pytest.mark.parametrize(
    "text",
    [
        "2024年、2025年和2026年各有多少项成果？",
        "What happened in 2023 2024 2025?",
        "第45条规定了什么？",
        "TRL 7-8 的技术有哪些？",
        "投资1000-2000万元的项目",
        "年产150000吨的生产线",
        "2027-06-30 之前截止",
        "meet at 3.30 in hall A",
        "Data (at rest) protection technologies",
        "price is 12.5 @ 3 units",
    ],
)
def test_ordinary_numbers_and_words_are_not_contacts(text: str) -> None:
    assert redact(text, "zh", mask="[X]") == text
    assert find_contact(text) is None
