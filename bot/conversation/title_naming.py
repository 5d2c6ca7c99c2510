"""How a message names records by their titles, in either language (record_details.py picks the record
and its sentence): the message's words, each with its translations (the glossary's terms and the corpus
dictionary's words) and its synonyms of its own language ("BMS" is "battery management system"), and a
glossary term of several words read whole ("vibrating screen" is 振动筛). A title holds a word when it
holds one of its forms; a word more than a few titles hold names none of them.

Every record's title is searched joined, once per form (`_holding`): at 2,000 records a membership test
per title was ~3 million a message.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Callable

from retrieval.dictionary import corpus_dictionary
from retrieval.glossary import Glossary
from retrieval.search import HybridSearcher
from retrieval.text import keyword_tokens

from .evidence import GENERIC, province_word

__all__ = ["title_naming"]

_COMMON = 5  # a word in more titles than this names none of them (as in named.py)


def title_naming(
    message: str, titles: tuple[str, ...], searcher: HybridSearcher
) -> tuple[Callable[[str, bool], int], set[int], set[int]]:
    """How many of the message's words a title holds, itself or translated (the glossary's terms and
    the corpus dictionary's words): "铁铬液流电池" names "Low-cost iron-chromium flow battery ...".
    A word in more than a few titles ("技术", "对接会", "Liaoning") names none of them. With the
    counter, the rows of `titles` (every record's, lowered) that a rare word names, and those that a
    word names alone (no other title holds it)."""
    index = searcher.keyword_index()
    dictionary = corpus_dictionary(index)
    glossary = searcher.glossary
    words = [w for w in dict.fromkeys(keyword_tokens(message)) if len(w) > 1 and w not in GENERIC]
    words = [w for w in words if not any(w != o and w in o for o in words)]  # "催化" of "催化剂"
    words = [w for w in words if not province_word(w)]  # every record is Liaoning's
    # a term of several words is read whole as well: "vibrating screen" is 振动筛, which neither
    # "vibrating" nor "screen" is
    terms = [t.lower() for t in glossary.concepts(message).values() if " " in t]
    parts = {t: {w for w in words if any(w.startswith(p) for p in keyword_tokens(t))} for t in terms}
    words += [t for t in terms if t not in words]
    # a word's translations, and its synonyms of its own language ("BMS" is "battery management
    # system" in a title)
    forms = [
        {
            w.lower(),
            *(t.lower() for t in [*glossary.translations(w), *dictionary.lookup(w)]),
            *(t.lower() for t in _synonyms(glossary, w)),
        }
        for w in words
    ]
    # the glossary's forms alone: the corpus dictionary's senses are loose ("重点" is "point",
    # "实验室" "test": the sepsis test's title)
    strict = {
        w: {w.lower(), *(t.lower() for t in [*glossary.translations(w), *_synonyms(glossary, w)])}
        for w in words
    }
    joined = _joined(titles)
    # a word held by more than _COMMON titles names none: where they are, past that, is not read
    holders = [_holding(joined, fs, _COMMON) for fs in forms]
    rare = [(w, fs) for w, fs, held in zip(words, forms, holders, strict=True) if len(held) <= _COMMON]
    # the rows a rare word names, found while counting: `find` reads no title again
    named = {i for held in holders if len(held) <= _COMMON for i in held}
    only = {held[0] for held in holders if len(held) == 1}

    terms_of = {a + b for a, b in itertools.pairwise(words) if _synonyms(glossary, a + b)}

    def count(title: str, loose: bool) -> int:
        """Words held, where two the message writes together and the title holds together are one
        ("加工" "中心": 加工中心 in "立式加工中心..." is one thing, as "machining centre" is), and a
        term of several words only where the title holds none of them alone. Not `loose`: by the
        glossary's forms alone, and no year ("2027年最后一场对接会" names no 2027 event)."""
        low = title.lower()
        kept = {w: fs if loose else strict[w] for w, fs in rare if loose or not w.isdigit()}
        held = {w: any(f in low for f in fs) for w, fs in kept.items()}
        alone = [w for w in held if w not in parts]

        def together(a: str, b: str) -> bool:
            # the two words written together in the message as one glossary term, and held
            # together by the title in either language ("加工" "中心": "加工中心", "machining centre";
            # not "全钒" "液流", two things)
            if not (held[a] and held[b] and a + b in message.lower() and a + b in terms_of):
                return False
            pairs = itertools.product(kept[a], kept[b])
            return any(f"{x}{y}" in low or f"{x} {y}" in low for x, y in pairs)

        joined = sum(together(a, b) for a, b in itertools.pairwise(alone))
        whole = sum(held[t] and not any(held.get(w) for w in parts[t]) for t in parts if t in held)
        return sum(held[w] for w in alone) - joined + whole

    return count, named, only


def _synonyms(glossary: Glossary, word: str) -> list[str]:
    """Every term of the glossary entries that hold the word itself as a term ("bms": "battery
    management system", "电池管理系统"); not those of entries it merely contains or starts."""
    low = word.lower()
    terms = (glossary.terms(entry) for entry in glossary.concepts(word))
    return [t for zh, en in terms if low in {x.lower() for x in [*zh, *en]} for t in [*zh, *en]]


@functools.lru_cache(maxsize=4)
def _joined(titles: tuple[str, ...]) -> tuple[str, list[int], int]:
    """The titles joined by newlines, where each starts, and how many: built once per listing."""
    starts = list(itertools.accumulate((len(t) + 1 for t in titles[:-1]), initial=0))
    return "\n".join(titles), starts, len(titles)


def _holding(joined: tuple[str, list[int], int], forms: set[str], most: int | None = None) -> list[int]:
    """The rows of the titles that hold one of the forms, by searching them joined: one scan of the text
    per form instead of one membership test per title (~3 million a message at 2,000 records). With
    `most`, the search stops at the first `most + 1` rows found: only whether there are more counts."""
    text, starts, count = joined
    if "" in forms:
        return list(range(count))
    rows: set[int] = set()
    for form in forms:
        if "\n" in form:
            continue
        at = text.find(form)
        while at != -1:
            rows.add(bisect.bisect_right(starts, at) - 1)
            if most is not None and len(rows) > most:
                return sorted(rows)
            at = text.find(form, at + 1)
    return sorted(rows)
