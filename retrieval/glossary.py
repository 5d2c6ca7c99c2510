"""A bilingual domain glossary (knowledge/glossary.yaml) that carries keyword search across languages.

The multilingual embedder is weak on domain terms across languages ("magnesite tailings" and "菱镁矿尾矿"
land far apart), and BM25 cannot cross languages at all. Expanding a query with the glossary's
translations of the terms it contains lets the keyword signal find the other language's documents.
Names the corpus spells in the other script (陈东升 / Chen Dongsheng) come from the alias table of the
keyword index a search reads (retrieval/aliases.py), added to the glossary's terms.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from .aliases import AliasTable

__all__ = ["Glossary"]


_WORD_START = re.compile(r"\b\w")


def _candidates(index: dict[str, list[int]], keys: set[str]) -> list[int]:
    """The positions filed under any of these keys, in order."""
    found = [index[key] for key in keys if key in index]
    return sorted(set().union(*found)) if len(found) > 1 else (found[0] if found else [])


def _prefix_pattern(term: str) -> re.Pattern[str]:
    """An English term matches where a word starts with it ("achievement" in "achievements")."""
    return re.compile(rf"\b{re.escape(term.lower())}", re.I)


class Glossary:
    def __init__(self, entries: list[tuple[list[str], list[str]]]) -> None:
        self._zh: list[tuple[str, list[str]]] = []
        # (the term lower-cased, its word-prefix pattern, the other language's terms): the substring test
        # runs first, and the pattern only where it passes (a thousand patterns took ~1 ms a question).
        self._en: list[tuple[str, re.Pattern[str], list[str]]] = []
        for zh_terms, en_terms in entries:
            for term in zh_terms:
                self._zh.append((term, en_terms))
            for term in en_terms:
                self._en.append((term.lower(), _prefix_pattern(term), zh_terms))
        self._zh.sort(key=lambda item: len(item[0]), reverse=True)
        # Where each term can start: a term is tested only when the question holds its first character
        # (Chinese) or a word that starts with its first two letters (English), in the order above.
        self._zh_by_first: dict[str, list[int]] = {}
        for i, (term, _) in enumerate(self._zh):
            self._zh_by_first.setdefault(term[0], []).append(i)
        self._en_by_start: dict[str, list[int]] = {}
        for i, (term, _, _) in enumerate(self._en):
            # one that does not start with a letter or digit (".net") can match after one: always tested
            self._en_by_start.setdefault(term[:2] if _WORD_START.match(term) else "", []).append(i)
        # The alias table of the index searched last, and recent texts' translations with it: one tuple,
        # swapped whole, so that a thread never files translations made with one table under another.
        self._names: tuple[AliasTable | None, dict[str, list[str]]] = (None, {})
        # Per entry, its terms longest first, for `concepts` (matching reports which term was found).
        self._entries: list[tuple[list[str], list[tuple[str, re.Pattern[str]]], list[str]]] = []
        for zh_terms, en_terms in entries:
            en_sorted = sorted(en_terms, key=len, reverse=True)
            patterns = [(t.lower(), _prefix_pattern(t)) for t in en_sorted]
            self._entries.append((sorted(zh_terms, key=len, reverse=True), patterns, en_sorted))

    def __len__(self) -> int:
        return len(self._zh) + len(self._en)

    @classmethod
    def load(cls, path: Path | None) -> Glossary:
        if path is None or not path.is_file():
            return cls([])
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        entries = []
        for item in data:
            zh = [str(t) for t in item.get("zh") or [] if str(t).strip()]
            en = [str(t) for t in item.get("en") or [] if str(t).strip()]
            if zh and en:
                entries.append((zh, en))
        return cls(entries)

    def translations(self, text: str, names: AliasTable | None = None) -> list[str]:
        """Terms of the other language for every glossary term found in `text`, then the other script's
        spelling of the names in it that the alias table finds, without repeats.

        `names`: the alias table of the keyword index being searched; it is kept for the calls that
        follow without one (quote scoring and evidence checks read the passages that search found).
        A question is looked up up to three times (keyword search, quote scoring, record ranking):
        recent questions' translations are kept."""
        state = self._names
        if names is not None and names is not state[0]:
            state = self._names = (names, {})  # a new index: its names, not the last one's
        table, recent = state
        kept = recent.get(text)
        if kept is None:
            kept = self._translate(text)
            if table is not None:
                kept = list(dict.fromkeys([*kept, *table.lookup(text)]))
            if len(recent) >= 1024:
                recent.clear()
            recent[text] = kept
        return list(kept)

    def _translate(self, text: str) -> list[str]:
        out: dict[str, None] = {}
        rest = text
        for i in _candidates(self._zh_by_first, set(text)):
            term, others = self._zh[i]
            if term in rest:
                rest = rest.replace(term, " ")  # "菱镁矿尾矿" should not also count as "尾矿" twice
                out.update(dict.fromkeys(others))
        low = text.lower()
        starts = {low[m.start() : m.start() + 2] for m in _WORD_START.finditer(low)} | {""}
        for i in _candidates(self._en_by_start, starts):
            term, pattern, others = self._en[i]
            if term in low and pattern.search(low):
                out.update(dict.fromkeys(others))
        return list(out)

    def abbreviated(self, word: str) -> list[str]:
        """The other language's terms for the Chinese terms a two-character short form abbreviates: its
        first character starts the term and its second is in the rest ("钠电" of 钠离子电池: "sodium-ion
        battery"); none for a word of another length or script, or one that is a term itself."""
        if len(word) != 2 or not all("\u4e00" <= c <= "\u9fff" for c in word):
            return []
        out: dict[str, None] = {}
        for i in self._zh_by_first.get(word[0], []):
            term, others = self._zh[i]
            if term == word:
                return []
            if len(term) > 2 and word[1] in term[2:]:
                out.update(dict.fromkeys(others))
        return list(out)

    def terms(self, entry: int) -> tuple[list[str], list[str]]:
        """The (Chinese, English) terms of a glossary entry, as `concepts` numbers them."""
        zh_terms, _, en_terms = self._entries[entry]
        return list(zh_terms), list(en_terms)

    def concepts(self, text: str) -> dict[int, str]:
        """Glossary entries named in `text` (either language), each with the longest term found there.

        Unlike `translations`, nothing is consumed: "菱镁矿尾矿" names both "magnesite tailings" and
        "tailings", so two texts that share either concept are seen to share it."""
        low = text.lower()
        out: dict[int, str] = {}
        for i, (zh_terms, en_patterns, en_terms) in enumerate(self._entries):
            term = next((t for t in zh_terms if t in text), None)
            if term is None:
                term = next(
                    (
                        t
                        for t, (lowered, rx) in zip(en_terms, en_patterns, strict=True)
                        if lowered in low and rx.search(low)
                    ),
                    None,
                )
            if term is not None:
                out[i] = term
        return out
