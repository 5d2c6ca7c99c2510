"""The extractive answerer: quotes the sentences of the retrieved passages that best answer the question.

Each candidate sentence is scored by its embedding similarity to the question plus the share of the
question's keywords it contains; the best one is taken, with the next ones that come close, up to a
length budget. Sentences keep their passage's citation number. No LLM involved.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from retrieval.embedders import Embedder
from retrieval.text import detect_lang, keyword_tokens, split_sentences
from retrieval.types import Chunk, Hit

from ..numbers import CN_NUMERAL, EN_NUMBER
from .news_naming import named_period, naming_words
from .outcomes import ASKS_TARGET, STATES_TARGET

__all__ = ["Quote", "SentenceVectors", "asks_count", "has_number", "select_quotes"]

_MAX_CHUNKS = 16  # passages read for sentences
# Sentences embedded per question, the costly step (~1.3 ms a sentence on one core), picked by a cheap
# pre-score: keyword coverage plus the passage's score, plus the answer-type and cross-lingual terms below
# (a sentence of the other language covers the question's terms only through glossary translations).
# With 32 sentences and the plain pre-score, evals/answers scored 0.917; with these 10, 0.90 (8: 0.883;
# the one question lost was won by a list item at 0.131 similarity, a near-tie). /api/chat at 100k
# chunks spends ~30 ms less on a question answered from passages (scripts/bench.py).
_MAX_EMBEDDED = 10
_PRE_TYPE = 0.3
_PRE_CROSS = 0.2
_MAX_QUOTES = 3
_MAX_CHARS = 700
_DATELINE_EXTRA = 24  # letters beside the title in a dateline ("date20230806title")
# A web page's footer, kept in news taken from the web: quoted, it answered "how many contracts ...?".
_BOILERPLATE = re.compile(r"copyright\s*©|©\s*\d{4}|all rights reserved|版权所有|公网安备|icp[备证]", re.I)
_DATELINE_REST = re.compile(r"(?:date|title|source|published|日期|标题|来源|发布|\d)+")
_CLOSE = 0.85  # a further sentence is quoted when it scores at least this share of the best one
_KEYWORD_WEIGHT = 0.3
# A sentence of the other language than the question's gets this much added: cross-lingual cosines of the
# multilingual model run about 0.1 lower than same-language ones for sentences of equal relevance.
_CROSS_LINGUAL_BONUS = 0.08
# Answer type: a "how many / 多少" question is answered by a sentence with a number, a "when" question by
# one with a date; such sentences get this much added.
_ANSWER_TYPE_BONUS = 0.08
_ASKS_QUANTITY = re.compile(
    r"多少|几[个项场家次年位名]|比例|多快|多久|多长|多大|多高|"
    r"\bhow (many|much|fast|long|quickly|large|big|high|accurate)\b|"
    r"\bwhat (share|percentage|proportion|rate)\b|"
    r"\bnumber of\b|\btotal\b",
    re.I,
)
_ASKS_TIME = re.compile(r"什么时候|何时|哪天|哪一天|几月|日期|\bwhen\b|\bwhat (date|day|time)\b", re.I)
_HAS_NUMBER = re.compile(r"\d")
# Words that only make a message a question or point back in it ("叫啥", "都有啥", "那个"), which
# retrieval/text.py keeps: no sentence holds them, so counted as terms they held a colloquial question's
# coverage down (its answer's sentence covered "辽宁那6个重大专项都有啥" 0.49 with them, 0.74 without, and
# "辽宁的6个重大专项是哪些" 1.0). Fewer than evidence.py's GENERIC, whose request words ("项目", "需求")
# are topics in a sentence. A longer list (with 那, 这, 谁, 给, 说) let an unanswerable question through.
# Words that steer the conversation ("btw", "顺便问下") are no terms either.
_ASKING = frozenset(["啥", "叫", "叫啥", "都", "那个", "这个", "btw", "anyway", "顺便", "顺便问", "对了"])


def asks_count(question: str) -> bool:
    """How many of something: a number answers ("哪几种方式" asks for the kinds, not a count)."""
    return bool(_ASKS_COUNT.search(question)) and not _WHICH_KINDS.search(question)


def has_number(text: str) -> bool:
    found = _HAS_NUMBER.search(text) or EN_NUMBER.search(text) or _CN_COUNT.search(text)
    found = found or _LISTED.search(text)
    return bool(found or _EN_AMOUNT.search(text))


_ASKS_COUNT = re.compile(
    r"\bhow many\b|\bnumber of\b|(?:多少|几)(?:个|项|家|名|位|所|种|条|次|场|批|人)", re.I
)
_WHICH_KINDS = re.compile(r"哪几")
# An enumeration counts too: "（一）……（二）……" answers "有几种方式".
_LISTED = re.compile(r"[（(][一二三四五六七八九十]{1,3}[)）]")
_CN_COUNT = re.compile(
    rf"[{CN_NUMERAL}]+(?:个|项|家|名|位|所|次|条|种|年|倍|成|余|多|万|亿|批|届|场|天|小时)"
)
# Amounts in words: "dozens of", "hundreds of", "several", "a third", "double", "half".
_EN_AMOUNT = re.compile(
    r"\b(?:dozens?|hundreds|thousands|millions|billions|several|multiple|numerous|double[ds]?|doubling|"
    r"tripled?|half|third|quarter|percent|twice|thrice)\b",
    re.I,
)
# "Who spoke?" is answered by a sentence that names a person: a title before a name, or a Chinese title.
_ASKS_PERSON = re.compile(r"\bwho\b|\bwhom\b|谁|哪位|哪几位", re.I)
_HAS_PERSON = re.compile(
    r"\b(Prof|Mr|Ms|Mrs|Dr)\.\s*[A-Z]|\b(Academician|Director|President|Chairman|Secretary|"
    r"Mayor|Professor|Engineer)\b|院士|教授|主任|局长|书记|总工程师|董事长|市长"
)
_DATES = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s*\d{4})?|\b\d{4}-\d{2}-\d{2}|\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|"
    r"\b(?:19|20)\d\d\b",
    re.I,
)
_HAS_DATE = re.compile(
    r"\d{4}|\d{1,2}月|\d{1,2}日|\b(January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\b",
    re.I,
)


@dataclass(frozen=True)
class Quote:
    chunk: Chunk
    text: str
    score: float
    position: int  # sentence index within its passage, to keep reading order
    similarity: float = 0.0  # cosine similarity of the sentence to the question
    coverage: float = 0.0  # share of the question's keywords (and their translations) in the sentence


class SentenceVectors:
    """The embedder, with the vectors of recent sentences kept (LRU, ~2 KiB each): a count question reads
    the news twice (does the news answer it? then the answer), and the passages people ask about are
    quoted again and again. Questions go to the embedder, which keeps its own."""

    def __init__(self, embedder: Embedder, size: int = 8192) -> None:
        self.embedder = embedder
        self.size = size
        self._kept: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.embedder.name

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.vectors(texts).tolist()

    def vectors(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            found = {t: self._kept[t] for t in texts if t in self._kept}
            for t in found:
                self._kept.move_to_end(t)
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            made = np.asarray(self.embedder.embed_documents(missing), dtype=np.float32)
            found.update(zip(missing, made, strict=True))
            with self._lock:
                self._kept.update(zip(missing, made, strict=True))
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[t] for t in texts])


_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NOT_LETTERS = re.compile(r"[\W_]+")
_ENDS_PUNCTUATED = re.compile(r"[。！？；.!?;]$")
_NON_CHINESE_WORD = re.compile(r"[^\W\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _words(lowered: str, chinese_terms: set[str]) -> set[str]:
    words = set(_NON_CHINESE_WORD.findall(lowered))
    words.update(term for term in chinese_terms if term in lowered)
    return words


def _plain(text: str) -> str:
    return _NOT_LETTERS.sub("", text.lower())


def _candidates(hits: list[Hit]) -> list[tuple[Hit, int, str]]:
    out = []
    for hit in hits[:_MAX_CHUNKS]:
        for i, sentence in enumerate(split_sentences(hit.chunk.text)):
            if hit.chunk.locator and sentence.startswith(hit.chunk.locator):
                out.append((hit, -1, sentence))  # "Article 16 Ways of ...": a heading, evidence only
                continue
            # A headline restates the question's topic: it shows the passage is relevant (evidence) but
            # answers nothing, so it is never quoted.
            if _dateline(sentence, hit.chunk.title) or _BOILERPLATE.search(sentence):
                continue
            if _event_line(sentence, hit.chunk):
                continue
            title = bool(_plain(sentence)) and _plain(sentence) in _plain(hit.chunk.title)
            if title:
                out.append((hit, -1, sentence))
                continue
            letters = sum(ch.isalnum() for ch in sentence)
            # A heading ("第二十一条 国有企业科技成果转化奖励") is not an answer: short and unpunctuated.
            heading = len(sentence) < 40 and not _ENDS_PUNCTUATED.search(sentence.rstrip("”\"'）)"))
            if letters >= 8 and not heading and not sentence.rstrip().endswith(":"):
                out.append((hit, i, sentence))
    return out


def _event_line(sentence: str, chunk: Chunk) -> bool:
    """An event listing's line of its date, city and venue (retrieval/records.py Event.index_text): its
    fields, which the event's own answers give; quoted as prose, a question naming a year or a place
    ("what were Liaoning's 2024 commercialization targets") found it nearer than the report that answers."""
    start = str(chunk.meta.get("start_date") or "")
    return chunk.kind == "event" and bool(start) and sentence.startswith(start)


def _dateline(sentence: str, title: str) -> bool:
    """The title with a date or a source beside it ("date 2023-08-06 Title: <the title>", the head of
    news taken from feeds): neither an answer nor evidence that the passage answers, since every question
    about the article's topic matches its title."""
    plain, head = _plain(sentence), _plain(title)
    if len(head) < 8 or head not in plain or len(plain) > len(head) + _DATELINE_EXTRA:
        return False
    # beside the title only a date and labels: "Magnesite tailings are recycled in Liaoyang." is a
    # sentence that begins with its article's title, no dateline
    return bool(_DATELINE_REST.fullmatch(plain.replace(head, "", 1)))


def _coverage(
    terms: set[str], translated: set[str], words: set[str], weight: Callable[[str], float]
) -> float:
    """IDF-weighted share of the question's terms the sentence contains; terms of the other language
    (glossary translations) can stand in for the question's own terms that are missing."""
    total = sum(weight(t) for t in terms)
    if not total:
        return 0.0
    own = sum(weight(t) for t in terms & words)
    via_translation = sum(weight(t) for t in translated & words)
    return min(1.0, (own + min(via_translation, total - own)) / total)


def select_quotes(
    question: str,
    hits: list[Hit],
    embedder: Embedder,
    translations: list[str] | None = None,
    idf: Callable[[str], float] | None = None,
) -> list[Quote]:
    """The quotes to answer with, best first; `translations` are glossary terms of the other language,
    so that an English sentence can cover a Chinese question's keywords."""
    cands = _candidates(hits)
    if not cands:
        return []
    terms = set(keyword_tokens(question)) - _ASKING
    translated = set(keyword_tokens(" ".join(translations or []))) - terms
    question_lang = detect_lang(question)
    weight = idf or (lambda term: 1.0)
    # The question's terms a sentence holds: its words where they are not Chinese, and the Chinese terms
    # it contains (jieba-segmenting the ~100 candidate sentences took ~5 ms of a passage answer).
    chinese = {t for t in terms | translated if _CHINESE.search(t)}
    # the words naming an article are held by its every sentence ("the aug 2023 report": news_naming.py)
    named = {hit.chunk.id: naming_words(hit.chunk, question) for hit, _, _ in cands}
    words_of = [_words(s.lower(), chinese) | named[hit.chunk.id] for hit, _, s in cands]
    coverage = [_coverage(terms, translated, w, weight) for w in words_of]
    wants = (
        _HAS_NUMBER
        if _ASKS_QUANTITY.search(question)
        else _HAS_DATE
        if _ASKS_TIME.search(question)
        else _HAS_PERSON
        if _ASKS_PERSON.search(question)
        else STATES_TARGET
        if ASKS_TARGET.search(question)
        else None
    )
    if len(cands) > _MAX_EMBEDDED:  # embed only the sentences a cheap pre-score keeps

        def prescore(i: int) -> float:
            hit, _, sentence = cands[i]
            score = coverage[i] + hit.score
            if wants is not None and wants.search(sentence):
                score += _PRE_TYPE
            if hit.chunk.lang != question_lang:
                score += _PRE_CROSS
            return score

        order = sorted(range(len(cands)), key=prescore, reverse=True)
        keep = sorted(order[:_MAX_EMBEDDED])
        cands, coverage = [cands[i] for i in keep], [coverage[i] for i in keep]
    q = np.asarray(embedder.embed_query(_less_naming(question, named)), dtype=np.float32)
    vecs = np.asarray(embedder.embed_documents([s for _, _, s in cands]), dtype=np.float32)
    sims = vecs @ q
    scored = []
    for (hit, pos, sentence), sim, overlap in zip(cands, sims, coverage, strict=True):
        # The passage's own rank counts a little: a sentence from the best passage wins a near-tie.
        score = float(sim) + _KEYWORD_WEIGHT * overlap + 0.1 * hit.score
        if hit.chunk.lang != question_lang:
            score += _CROSS_LINGUAL_BONUS
        if _holds(wants, sentence):
            score += _ANSWER_TYPE_BONUS
        scored.append(Quote(hit.chunk, sentence, score, pos, float(sim), overlap))
    scored.sort(key=lambda x: x.score, reverse=True)
    return choose(_continued(scored, wants))


def _less_naming(question: str, named: dict[str, set[str]]) -> str:
    """The question less the words by which it names a news article by its date ("what did the July 2024
    press conference say about achievements collected?"): every sentence of the article holds them, yet
    the one that repeats them ("On July 23, ... held a press conference") was the nearest to the whole
    question and answered nothing asked."""
    naming = set().union(*named.values()) if named else set()
    # named by its date, the article is known; "the 4016 figure - which press conference and when" asks
    # for the very sentence that names it
    if not naming or named_period(question) is None:
        return question
    kept = [w for w in re.split(r"(\s+)", question) if _plain(w) not in naming]
    rest = "".join(kept).strip()
    return rest if keyword_tokens(rest) else question


def _holds(wants: re.Pattern[str] | None, sentence: str) -> bool:
    """Whether the sentence holds the answer's type; a date's digits are no answer to "how many" ("On
    July 23, ... held a press conference" answers no count)."""
    return wants is not None and bool(
        wants.search(_DATES.sub(" ", sentence) if wants is _HAS_NUMBER else sentence)
    )


def _continued(scored: list[Quote], wants: re.Pattern[str] | None) -> list[Quote]:
    """The best sentence with the next one of its passage when that one holds what the question asks
    and it does not: "the summit was held in Zhejiang." + "More than 400 experts ... gathered"."""

    def holds(text: str) -> bool:
        return _holds(wants, text)

    if wants is None or not scored or scored[0].position < 0 or holds(scored[0].text):
        return scored
    best = scored[0]
    sentences = split_sentences(best.chunk.text)
    following = sentences[best.position + 1] if best.position + 1 < len(sentences) else ""
    if not following or not holds(following):
        return scored
    text = f"{best.text} {following}" if best.chunk.lang == "en" else best.text + following
    # It now holds the answer's type, as a sentence that held it alone would have been scored.
    joined = dataclasses.replace(best, text=text, score=best.score + _ANSWER_TYPE_BONUS)
    return [joined, *(q for q in scored[1:] if q.text != following)]


def choose(scored: list[Quote]) -> list[Quote]:
    """The best quote and the next ones that come close, up to the length budget. A headline is never
    quoted: where it scored best, its passage's best sentence stands in for it, with its score."""
    if not scored:
        return []
    top = scored[0]
    body = [q for q in scored if q.position >= 0]
    if not body:
        return []
    if top.position < 0:
        same = next((q for q in body if q.chunk.id == top.chunk.id), body[0])
        body = [
            Quote(same.chunk, same.text, top.score, same.position, same.similarity, same.coverage),
            *[q for q in body if q is not same],
        ]
    scored = body
    best = scored[0]
    chosen = [best]
    used = len(best.text)
    for quote in scored[1:]:
        if len(chosen) >= _MAX_QUOTES or quote.score < _CLOSE * best.score:
            break
        if used + len(quote.text) > _MAX_CHARS or any(quote.text == c.text for c in chosen):
            continue
        chosen.append(quote)
        used += len(quote.text)
    return chosen
