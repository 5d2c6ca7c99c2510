"""Names written in the other language's script: 陈东升 / Chen Dongsheng, 大石桥 / Dashiqiao.

English sources spell Chinese people, places and organisations in pinyin, and neither the embedder nor
BM25 sees that "陈东升" and "Chen Dongsheng" are one name; the glossary holds only the names someone wrote
down. An `AliasTable` is built from the keyword index's terms (its vocabulary of both languages) and finds
in a question the names the corpus spells in the other script:

- Chinese -> pinyin: the question's jieba words (and runs of up to three of them, "鑫" + "镁"), romanized,
  that an English passage holds as one word ("dashiqiao", "ruineng") or as surname and given name
  ("chen dongsheng");
- pinyin -> Chinese: the question's words that read as pinyin (a syllable sequence, or surname and given
  name, "pan fusheng") and that romanize a Chinese term of the corpus ("jingrui" -> 精锐).

What is not taken for a name: a common Chinese word (jieba's dictionary frequency at or above
`_COMMON`: 进行 54,355 is "jinxing" as in "Jinxing Magnesia"), an English word that cl100k holds whole as
one lower-case token (women, change, panda: the romanized names of the corpus are 2-5 tokens: dalian,
dongsheng, wafangdian), and a name of one syllable (pan, long, men) except as a surname beside a given name.
The aliases reach BM25 and quote scoring as the glossary's translations do (`Glossary.translations`).
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .text import _STOP, _jieba, encoding

if TYPE_CHECKING:
    from .keyword import KeywordIndex
    from .keyword_live import LiveKeywordIndex

__all__ = [
    "AliasTable",
    "alias_table",
    "is_pinyin",
    "pinyin_syllables",
    "romanizations",
    "spelled_as",
    "spelled_in",
    "spellings",
    "spells",
]

# Toneless pinyin syllables, ü written u (English sources write 吕 Lu or Lyu, never Lü); the interjections
# (hm, ng, ê) and a few readings no name uses (biang, fiao) are left out.
# fmt: off
_SYLLABLE_LIST = """
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce
cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun
chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei deng di dia dian diao die ding diu dong
dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen
geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai
huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao
ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang
liao lie lin ling liu long lou lu luan lue lun luo ma mai man mang mao mei men meng mi mian miao mie min
ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu
nuan nue nuo o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang
qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru ruan rui run ruo sa
sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan
shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting
tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong
xiu xu xuan xue xun ya yan yang yao ye yi yin ying yong you yu yuan yue yun za zai zan zang zao ze zei
zen zeng zha zhai zhan zhang zhao zhe zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun
zhuo zi zong zou zu zuan zui zun zuo
"""
# The hundred-odd commonest surnames (over 85% of the population), and the surname readings pypinyin's
# default misses (曾 is Zeng as a surname, ceng as a word).
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
    "孔向汤臧常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
    "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简"
    "车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝"
)
_SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "查": "zha", "覃": "qin", "缪": "miao",
}
# fmt: on
_SYLLABLES = frozenset(_SYLLABLE_LIST.split())
# jieba's dictionary frequency from which a word is a word, not a name: 进行 54,355, 交通 10,908 and 一家
# 5,441 collide with romanized names (Jinxing, Jiaotong, Yijia); 大石桥 29, 陈东升 256, 沈阳 1,487 do not
# reach it. Cities above it (广东 4,256, 浙江 3,022) are glossary entries.
_COMMON = 3000
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CJK_ONLY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,4}")
_LATIN_WORD = re.compile(r"[a-z]+")
_SYLLABLE = "|".join(sorted(_SYLLABLES, key=len, reverse=True))
_PINYIN = re.compile(rf"(?:{_SYLLABLE})+")
_PINYIN_2 = re.compile(rf"(?:{_SYLLABLE})(?:{_SYLLABLE})+")  # at least two syllables


def is_pinyin(word: str, syllables: int = 1) -> bool:
    """Whether a lower-case word is a run of pinyin syllables, at least `syllables` (1 or 2) of them."""
    return (_PINYIN_2 if syllables > 1 else _PINYIN).fullmatch(word) is not None


@functools.lru_cache(maxsize=1024)
def pinyin_syllables(word: str) -> tuple[str, ...]:
    """ "liaoning" -> ("liao", "ning"), "dalian" -> ("da", "lian"): a lower-case run of pinyin split into
    its syllables, the longest that lets the rest split first; () when it is no run of pinyin."""
    for size in range(min(6, len(word)), 0, -1):  # "zhuang", "shuang": six letters at most
        head = word[:size]
        if head in _SYLLABLES:
            tail = pinyin_syllables(word[size:]) if size < len(word) else ()
            if size == len(word) or tail:
                return (head, *tail)
    return ()


@functools.cache
def _pinyin_data() -> tuple[dict[int, str], dict[str, list[list[str]]]]:
    """pypinyin's readings of characters ("zhǎng,cháng", commonest first) and of phrases (重庆: chóng qìng),
    read directly: its `lazy_pinyin` took 33 us a word (3.3 s for a vocabulary of 100k Chinese terms),
    this 6 us, with the same reading for all but 24 of those 100k (letters in the word: "4S店")."""
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict, phrases_dict


@functools.lru_cache(maxsize=4096)
def _toneless(syllable: str) -> str:
    """ "lǘ" -> "lu", "zhǎng" -> "zhang": the tone marks and the diaeresis dropped."""
    return "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=16384)
def _char_reading(char: str) -> str:
    reading = _pinyin_data()[0].get(ord(char))
    return _toneless(reading.split(",", 1)[0]) if reading else ""


def _reading(word: str) -> tuple[str, ...]:
    """A word's reading as pypinyin gives it: the longest phrase of its dictionary from each position
    (up to 4 characters), else the character's commonest reading."""
    phrases = _pinyin_data()[1]
    out: list[str] = []
    i = 0
    while i < len(word):
        for end in range(min(len(word), i + 4), i + 1, -1):
            phrase = phrases.get(word[i:end])
            if phrase:
                out.extend(_toneless(syllables[0]) for syllables in phrase)
                i = end
                break
        else:
            out.append(_char_reading(word[i]))
            i += 1
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def romanizations(word: str) -> tuple[tuple[str, ...], ...]:
    """The readings of a Chinese word as syllable tuples: a surname's own reading first where its first
    character reads otherwise as a word (曾庆 zeng qing, not ceng qing), then pypinyin's reading in context
    (重庆 chong qing, 长春 chang chun). Not every reading of every character: their products turned
    沈阳 into "chenyang" and 百万 into "baimo", homophones of other names. () when a character has no
    reading."""
    reading = _reading(word)
    if len(reading) != len(word) or not all(r in _SYLLABLES for r in reading):
        return ()
    if word[0] in _SURNAME_READINGS and reading[0] != _SURNAME_READINGS[word[0]]:
        return ((_SURNAME_READINGS[word[0]], *reading[1:]), reading)
    return (reading,)


# A name spelled in the other script is compared whole, at three syllables at least: "Dalian Lanhai" is
# 大连蓝海, while two ("an shan", "he long") are as often English words or another name's.
_MIN_SPELLED = 3
_MAX_SPELLED = 8  # syllables of a name compared: 沈阳药科大学 has six, 大石桥金星 five
_LATIN_RUN = re.compile(r"[A-Za-z]+(?:[\s-]+[A-Za-z]+)*")
_ASCII_WORD = re.compile(r"[A-Za-z]+")


def spells(text: str, name: str) -> bool:
    """Whether `text` writes `name` in the other script, whole words or characters only: a Chinese name
    in pinyin ("shenyang yaoke daxue" 沈阳药科大学, "dalian lanhai" 大连蓝海), a pinyin name in characters
    (大石桥金星 "Dashiqiao Jinxing"). Names of fewer than three syllables are not compared."""
    return spelled_as(text, name) is not None


def spelled_as(text: str, name: str) -> str | None:
    """The words or characters of `text` that write `name` in the other script ("shenyang yaoke daxue"),
    if any."""
    latin, han = _spelled(text)
    spans = han if name.isascii() else latin  # a Chinese name in Latin letters, a pinyin one in Chinese
    return next((spans[s] for s in spellings(name) if s in spans), None)


@functools.lru_cache(maxsize=16384)
def spellings(name: str) -> frozenset[str]:
    """The letters, joined, by which the other script writes a name: 大连蓝海 -> {"dalianlanhai"},
    "Dashiqiao Jinxing" -> {"dashiqiaojinxing"}; none for a name of under three syllables or of words
    that are no pinyin ("Dalian University of Technology")."""
    if _CJK_RUN.fullmatch(name):
        return frozenset("".join(r) for r in romanizations(name) if _MIN_SPELLED <= len(r) <= _MAX_SPELLED)
    words = _LATIN_WORD.findall(name.lower())
    syllables = [pinyin_syllables(w) for w in words]
    if not words or not all(syllables) or not _MIN_SPELLED <= sum(map(len, syllables)) <= _MAX_SPELLED:
        return frozenset()
    return frozenset(["".join(words)])


def spelled_in(text: str) -> frozenset[str]:
    """What `spellings` of a name the text may hold: the joined letters of every run of consecutive pinyin
    words ("shenyang yaoke daxue" -> "shenyang", "shenyangyaoke", ..., "daxue") and of Chinese characters,
    read ("大石桥金星的" -> "da", "dashi", ..., "dashiqiaojinxing", ...)."""
    latin, han = _spelled(text)
    return frozenset(latin) | frozenset(han)


@functools.lru_cache(maxsize=1024)
def _spelled(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """`spelled_in`'s letters, each with the text's words, then characters, that spell it."""
    latin: dict[str, str] = {}
    han: dict[str, str] = {}
    for run in _LATIN_RUN.finditer(text):
        words = [
            (w.group().lower(), run.start() + w.start(), run.start() + w.end())
            for w in _ASCII_WORD.finditer(run.group())
        ]
        _spans(latin, text, [(pinyin_syllables(w), start, end) for w, start, end in words])
    for run in _CJK_RUN.finditer(text):
        reading = _reading(run.group())
        if len(reading) == len(run.group()):
            at = run.start()
            units: list[tuple[tuple[str, ...], int, int]] = [
                ((r,) if r in _SYLLABLES else (), at + i, at + i + 1) for i, r in enumerate(reading)
            ]
            _spans(han, text, units)
    return latin, han


def _spans(out: dict[str, str], text: str, units: list[tuple[tuple[str, ...], int, int]]) -> None:
    """Every run of consecutive units (a word's or a character's syllables, with where it stands) that is
    pinyin throughout, up to _MAX_SPELLED syllables: its letters joined -> its text."""
    for i, (_, start, _) in enumerate(units):
        joined, count = "", 0
        for syllables, _, end in units[i:]:
            count += len(syllables)
            if not syllables or count > _MAX_SPELLED:
                break
            joined += "".join(syllables)
            out.setdefault(joined, text[start:end])


@functools.lru_cache(maxsize=65536)
def _english_word(word: str) -> bool:
    """cl100k holds common English words whole (" women", " change", " panda"); the romanized names of
    the corpus take 2-5 of its tokens (" dalian", " dongsheng", " wafangdian")."""
    return len(encoding().encode(f" {word}")) == 1


def _common(word: str) -> bool:
    return (_jieba().get_FREQ(word) or 0) >= _COMMON


class AliasTable:
    """The romanized names of a corpus, from its keyword terms: lower-case English words and jieba's
    Chinese words. Immutable; `lookup` takes a question."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._syllables: set[str] = set()  # one-syllable English terms (surnames of "Chen Dongsheng")
        self._names: set[str] = set()  # English terms of two or more syllables that are not English words
        self._chinese: dict[str, list[str]] = {}  # a romanization, syllables joined -> Chinese terms
        for term in terms:
            if term.isascii():
                if not term.isalpha() or not is_pinyin(term):
                    continue
                if term in _SYLLABLES:
                    self._syllables.add(term)
                elif is_pinyin(term, 2) and not _english_word(term):
                    self._names.add(term)
            elif _CJK_ONLY.fullmatch(term) and not _common(term):
                for reading in romanizations(term):
                    self._chinese.setdefault("".join(reading), []).append(term)

    def __len__(self) -> int:
        return len(self._names) + len(self._chinese)

    def lookup(self, text: str) -> list[str]:
        """The other script's spellings of the names in `text` that the corpus holds, without repeats:
        "陈东升是谁" -> ["chen dongsheng"]; "Shenyang Jingrui" -> ["精锐"] where the corpus holds 精锐."""
        found = dict.fromkeys(self._pinyin_of(text))
        found.update(dict.fromkeys(self._chinese_of(text)))
        return list(found)

    def _pinyin_of(self, text: str) -> Iterable[str]:
        """Chinese words and runs of up to three of them (2-4 characters, no function word among them)
        that an English term spells."""
        jieba = _jieba()
        for run in _CJK_RUN.findall(text):
            words = jieba.lcut(run) if len(run) > 1 else []
            for i in range(len(words)):
                span = ""
                for word in words[i : i + 3]:
                    if word in _STOP:  # "会" + "的" is not Huide
                        break
                    span += word
                    if len(span) > 4:
                        break
                    if len(span) > 1 and not _common(span):
                        name = self._spelling(span)
                        if name:
                            yield name

    def _spelling(self, span: str) -> str | None:
        for reading in romanizations(span):
            joined = "".join(reading)
            if joined in self._names:
                return joined
            # surname and a given name of two syllables: 陈东升 "chen dongsheng" (or "Dongsheng Chen")
            given = "".join(reading[1:])
            surname = len(reading) == 3 and span[0] in _SURNAMES and reading[0] in self._syllables
            if surname and given in self._names:
                return f"{reading[0]} {given}"
        return None

    def _chinese_of(self, text: str) -> Iterable[str]:
        """Words (or surname and given name, either order) that read as the pinyin of a Chinese term."""
        words = _LATIN_WORD.findall(text.lower())
        for i, word in enumerate(words):
            if is_pinyin(word, 2) and not _english_word(word):
                yield from self._chinese.get(word, ())
            if i + 1 < len(words):
                for surname, given in ((word, words[i + 1]), (words[i + 1], word)):
                    if surname in _SYLLABLES and is_pinyin(given, 2) and not _english_word(given):
                        yield from (t for t in self._chinese.get(surname + given, ()) if t[0] in _SURNAMES)


_TABLES: weakref.WeakKeyDictionary[KeywordIndex, AliasTable] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def alias_table(index: KeywordIndex | LiveKeywordIndex) -> AliasTable:
    """The alias table of a keyword index, built once per index (an index is one store fingerprint's
    snapshot; the searcher replaces it when the store changes)."""
    index = index.origin  # a view of an index (keyword_live.py) has its vocabulary
    with _LOCK:
        table = _TABLES.get(index)
        if table is None:
            # The index's vocabulary: its document frequencies' terms (KeywordIndex has no public
            # accessor for them yet).
            table = AliasTable(index._df)
            _TABLES[index] = table
        return table
