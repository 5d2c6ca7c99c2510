"""The institution a question names, by its name or by the short form people use: "大连化物所" for
中国科学院大连化学物理研究所, "DICP" for Dalian Institute of Chemical Physics, "金属所", "沈阳自动化所". A
short form counts only where it fits one institution of the catalog."""

from __future__ import annotations

import re

__all__ = ["institution_named", "institution_short_form"]


def _core(name: str) -> str:
    return name.split("(")[0].split("（")[0].strip()


def institution_named(text: str, institutions: list[str]) -> str | None:
    """The institution a question names: its name, or the short form people use ("大连化物所" for
    中国科学院大连化学物理研究所, "DICP" for Dalian Institute of Chemical Physics) when it fits only one."""
    low = text.lower()
    for name in sorted(institutions, key=len, reverse=True):
        core = _core(name)
        if core and core.lower() in low:
            return core
    short = _abbreviated(text, institutions)
    return short[0] if short else None


def institution_short_form(text: str, institutions: list[str]) -> str | None:
    """The short form by which the text names an institution ("化物所", "DICP"), if it does."""
    short = _abbreviated(text, institutions)
    return short[1] if short else None


_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{3,}")
_NAME_STOP = frozenset(["of", "the", "and", "for", "cas"])
_SHORT_END = "所院校"  # 化物所, 金属所, 自动化所: a research institute's short name keeps its last character


def _acronym(name: str) -> str:
    words = re.findall(r"[A-Za-z]+", name.split(",")[0])
    return "".join(w[0] for w in words if w.lower() not in _NAME_STOP).upper()


def _subsequence(short: str, name: str) -> bool:
    rest = iter(name)
    return all(ch in rest for ch in short)


def _abbreviated(text: str, institutions: list[str]) -> tuple[str, str] | None:
    """(the institution, the short form the text names it by), where the short form fits one only."""
    cores = [_core(n) for n in institutions]
    for acronym in _ACRONYM.findall(text):
        found = [c for c in cores if c.isascii() and _acronym(c) == acronym]
        if len(found) == 1:
            return found[0], acronym
    for run in _HAN_RUN.findall(text):
        for end in range(len(run), 2, -1):
            if run[end - 1] not in _SHORT_END:
                continue
            for start in range(max(0, end - 6), end - 2):
                short = run[start:end]
                found = [c for c in cores if short not in c and _subsequence(short, c)]
                if len(found) == 1:
                    return found[0], short
    return None
