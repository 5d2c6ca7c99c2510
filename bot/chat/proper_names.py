"""The proper names a sentence states, and the forms a source may hold them in, for the grounding check
(grounding.py): a romanized Chinese name ("Chen Dongsheng", "Dalian") is keyed by its letters
("chendongsheng", "dongshengchen") and found in a source holding 陈东升 or 大连 by their pinyin; a hanzi
name (a known place, a person beside a title) by itself and its pinyin; any other capitalized word by
itself ("Kainer"), folded as a source's words are ("Enterprises" -> "enterprise").

    names_in(text)      -> [Name("Chen Dongsheng", {"chendongsheng", "dongshengchen"}, "latin"), ...]
    plain(word), fold(word), spellings(hanzi), LATIN_WORD, HANZI: the same forms of a source's text
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from retrieval.aliases import is_pinyin, romanizations
from retrieval.fields import CITIES, OTHER_PLACES
from retrieval.text import encoding

__all__ = ["HANZI", "LATIN_WORD", "Name", "fold", "names_in", "plain", "spellings"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][A-Za-z]+|-[A-Za-z]+)*")
HANZI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# Capitalized at the start of a sentence by grammar, not because they name anything.
_FUNCTION_WORDS = _words(
    "the a an in on at for by as to of and but or according this that these those it its there their each "
    "all under with from since after before during if when while our we you yes no both some many more most "
    "also other such here"
)
# Titles, generic nouns and codes, capitalized inside names but naming nothing by themselves.
_GENERIC = _words(
    "prof professor dr mr mrs ms academician president vice deputy director mayor chairman secretary "
    "article chapter section part province provincial city municipal county district people government "
    "china chinese cny rmb usd eur yuan "
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
)
_TITLES = _words(
    "教授 副教授 院士 博士 研究员 主任 副主任 局长 副局长 市长 副市长 省长 副省长 书记 副书记 "
    "主席 副主席 院长 副院长 校长 副校长 所长 副所长 总经理 董事长 理事长 会长 秘书长 处长 部长 "
    "厅长 司长 先生 女士 同志 工程师 总工 专家 团队 课题组"
)
# The common surnames (about 85% of people in China), and the compound ones.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温"
    "康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍"
    "涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑"
    "景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_COMPOUND_SURNAMES = _words("欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 司徒 夏侯 长孙 宇文 端木")
_PLACES = dict([*CITIES.values(), *OTHER_PLACES.values(), ("辽宁", "Liaoning")])
_PLACE_SUFFIX = re.compile(r"(?:省|市|区|县)$")


def plain(word: str) -> str:
    """Lower-case letters only: "Xi'an" -> "xian", "Liaoning's" -> "liaoning", "Lü" -> "lu"."""
    decomposed = unicodedata.normalize("NFD", re.sub(r"['’]s$", "", word).lower())
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


def fold(word: str) -> str:
    """A word as compared with a source's words: "Enterprises" -> "enterprise"."""
    letters = plain(word)
    return (
        letters[:-1] if len(letters) > 3 and letters.endswith("s") and not letters.endswith("ss") else letters
    )


@functools.lru_cache(maxsize=4096)
def _one_token(word: str) -> bool:
    """An English word cl100k holds whole (" base", " area", " chinese", and " wang", " pan"): the rule of
    retrieval/aliases.py, where romanized names take two to five tokens (" dalian", " dongsheng")."""
    return len(encoding().encode(f" {word}")) == 1


def _name_part(word: str) -> bool:
    """A word of a romanized Chinese name: pinyin syllables, and no English word unless one syllable
    (a surname or a given name beside another part: "Wang Gang", "Sun Qian")."""
    letters = plain(word)
    if not word[:1].isupper() or not re.sub(r"['’-]", "", word[1:]).islower() or not is_pinyin(letters):
        return False
    return not _one_token(letters) or not is_pinyin(letters, syllables=2)


def spellings(hanzi: str) -> set[str]:
    """A hanzi word's pinyin spellings ("陈东升" -> "chendongsheng"; a surname's own reading too)."""
    return {"".join(reading) for reading in romanizations(hanzi)}


@dataclass(frozen=True)
class Name:
    shown: str  # as the sentence writes it
    keys: frozenset[str]  # any one of them found in a source holds the name
    how: Literal["latin", "word", "hanzi"]  # which forms of a source it is looked up in (SourceFacts.holds)


def _latin_names(text: str) -> Iterator[Name]:
    """Runs of capitalized words: their romanized Chinese parts as one name each ("Pan Fusheng"), their
    other words one by one ("Kainer")."""
    runs: list[list[re.Match[str]]] = []
    for m in LATIN_WORD.finditer(text):
        if not m.group()[0].isupper():
            continue
        if runs and text[runs[-1][-1].end() : m.start()] == " ":
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        if not re.search(r"[\w\u3400-\u9fff]", text[: run[0].start()]):  # it opens the sentence
            if len(run) == 1:
                continue  # one capitalized word opening a sentence: grammar, not a name
            if run[0].group().lower() in _FUNCTION_WORDS:
                run = run[1:]
        chinese: list[str] = []
        for word in [*(m.group() for m in run), ""]:
            if word and _name_part(word):
                chinese.append(word)
                continue
            # One English word alone ("Base", "Long") is no name; two parts are one ("Wang Gang").
            if len(chinese) > 1 or (chinese and not _one_token(plain(chinese[0]))):
                parts = [plain(w) for w in chinese]
                keys = {"".join(parts), "".join(parts[1:] + parts[:1])}  # "Dongsheng Chen" too
                yield Name(" ".join(chinese), frozenset(keys), "latin")
            elif chinese and plain(chinese[0]) not in _GENERIC:
                yield Name(chinese[0], frozenset({fold(chinese[0])}), "word")
            chinese = []
            if word and plain(word) not in _GENERIC and len(plain(word)) > 1:
                yield Name(word, frozenset({fold(word)}), "word")


@functools.cache
def _posseg() -> Any:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def _hanzi_names(text: str) -> Iterator[Name]:
    """Known places (retrieval/fields.py) and person names with a title beside them."""
    tokens = [(w.word, w.flag) for w in _posseg().cut(text)]
    for i, (word, flag) in enumerate(tokens):
        place = _PLACE_SUFFIX.sub("", word)
        if place in _PLACES:
            keys = {place, plain(_PLACES[place]), *spellings(place)}
            yield Name(word, frozenset(keys), "hanzi")
            continue
        if flag not in ("nr", "nrfg") or not 2 <= len(word) <= 4:
            continue
        surname = 2 if word[:2] in _COMPOUND_SURNAMES else 1 if word[0] in _SURNAMES else 0
        beside = {tokens[j][0] for j in (i - 1, i + 1) if 0 <= j < len(tokens)}
        if surname and beside & _TITLES:
            readings = romanizations(word)
            keys = {
                word,
                *("".join(r) for r in readings),
                *("".join(r[surname:] + r[:surname]) for r in readings),
            }
            yield Name(word, frozenset(keys), "hanzi")


def names_in(text: str) -> list[Name]:
    """The names a sentence states: runs of capitalized words, then (where it has hanzi) places and
    titled persons."""
    names = list(_latin_names(text))
    if HANZI.search(text):
        names += _hanzi_names(text)
    return names
