"""Romanized names: pypinyin's readings, and the alias table's lookups against a small vocabulary."""

from __future__ import annotations

import pytest

from retrieval.aliases import AliasTable, is_pinyin, romanizations
from retrieval.glossary import Glossary

# A corpus's keyword terms as the index holds them: lower-case English words, jieba's Chinese words.
VOCABULARY = [
    # English: names in pinyin, their surnames, and English words that read as pinyin
    "chen", "dongsheng", "pan", "fusheng", "dashiqiao", "haiyue", "ruineng", "xinmei", "huide",
    "jinxing", "panda", "women", "magnesia", "conference",
    # Chinese: names and words of the Chinese documents
    "精锐", "华康", "潘复生", "复生", "恒驰", "辽阳", "进行", "技术",
]  # fmt: skip


@pytest.fixture(scope="module")
def table() -> AliasTable:
    return AliasTable(VOCABULARY)


def test_romanizations_read_words_in_context_and_surnames_as_surnames() -> None:
    assert romanizations("陈东升") == (("chen", "dong", "sheng"),)
    assert romanizations("重庆")[0] == ("chong", "qing")  # 重 zhong elsewhere
    assert romanizations("长春")[0] == ("chang", "chun")
    assert romanizations("吕梁") == (("lu", "liang"),)  # ü written u, as English sources write it
    assert romanizations("曾庆")[0] == ("zeng", "qing")  # the surname; the word reads ceng
    assert ("ceng", "qing") in romanizations("曾庆")
    assert romanizations("镁A") == ()  # not all Chinese: no reading


def test_pinyin_words() -> None:
    assert is_pinyin("dashiqiao", 2) and is_pinyin("chen") and not is_pinyin("chen", 2)
    assert is_pinyin("women", 2)  # a syllable sequence, which is why English words are screened apart
    assert not is_pinyin("magnesia") and not is_pinyin("smith")


@pytest.mark.parametrize(
    "question,expected",
    [
        ("大石桥有哪些企业", ["dashiqiao"]),
        ("陈东升是谁", ["chen dongsheng"]),  # surname and given name, two English terms
        ("潘复生院士说了什么", ["pan fusheng"]),
        ("海跃精密的需求", ["haiyue"]),
        ("铁岭锐能那个SiC需求", ["ruineng"]),
        ("辽阳鑫镁的压铸需求", ["xinmei"]),  # 鑫 + 镁: two of jieba's words make the name
    ],
)
def test_chinese_names_find_their_pinyin_spelling(
    table: AliasTable, question: str, expected: list[str]
) -> None:
    assert table.lookup(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "我们进行了什么",  # 进行 is jinxing, but a common word (as Jinxing Magnesia is a name)
        "盘达是什么",  # pan da: "panda" is an English word, not a romanized name
        "对接会的地点",  # 会 + 的 would be "huide": a function word ends the run
        "张伟是谁",  # no English term spells it
    ],
)
def test_words_that_are_not_the_corpus_names_find_nothing(table: AliasTable, question: str) -> None:
    assert table.lookup(question) == []


def test_pinyin_names_find_the_chinese_terms_that_read_so(table: AliasTable) -> None:
    assert table.lookup("Shenyang Jingrui thermal error demand") == ["精锐"]
    assert table.lookup("Benxi Huakang drug licensing") == ["华康"]
    assert table.lookup("What did Pan Fusheng say?") == ["潘复生", "复生"]
    assert table.lookup("Fusheng Pan") == ["复生", "潘复生"]  # given name first, as some sources write it
    assert table.lookup("women in magnesia technology") == []  # English words, not names
    assert table.lookup("jinxing") == []  # 进行 is a common word, not a name


def test_the_glossary_carries_the_aliases_and_keeps_the_table_for_later_calls(table: AliasTable) -> None:
    glossary = Glossary([(["菱镁"], ["magnesite"])])
    assert glossary.translations("陈东升 菱镁") == ["magnesite"]  # no index searched yet: no names
    assert glossary.translations("陈东升 菱镁", table) == ["magnesite", "chen dongsheng"]
    # quote scoring asks without a table, after the search that handed it over
    assert glossary.translations("陈东升 菱镁") == ["magnesite", "chen dongsheng"]
    other = AliasTable(["dashiqiao"])
    assert glossary.translations("陈东升 大石桥", other) == ["dashiqiao"]  # a new index: its names only
    assert glossary.translations("陈东升 菱镁") == ["magnesite"]


def test_pinyin_syllables_split_a_place_name() -> None:
    from retrieval.aliases import pinyin_syllables

    assert pinyin_syllables("liaoning") == ("liao", "ning")
    assert pinyin_syllables("dalian") == ("da", "lian")
    assert pinyin_syllables("shenyang") == ("shen", "yang")
    assert pinyin_syllables("northeastern") == ()


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        ("shenyang yaoke daxue 有啥成果", "沈阳药科大学", "shenyang yaoke daxue"),  # a Chinese name in pinyin
        ("when does the Dalian-Lanhai stack demand close", "大连蓝海", "Dalian-Lanhai"),
        ("大石桥金星那个需求", "Dashiqiao Jinxing", "大石桥金星"),  # a pinyin name in characters
    ],
)
def test_a_name_spelled_in_the_other_script_is_found_whole(text: str, name: str, words: str) -> None:
    from retrieval.aliases import spelled_as, spells

    assert spells(text, name)
    assert spelled_as(text, name) == words


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("dalian", "大连"),  # two syllables: as often another name, or English words
        ("a man", "阿曼"),
        ("dalian lan", "大连蓝海"),  # part of the name
        ("dalianlanhaiqing", "大连蓝海"),  # inside a longer word
        ("大连理工大学", "Dalian University of Technology"),  # no pinyin name
    ],
)
def test_a_short_name_or_part_of_one_is_not_spelled(text: str, name: str) -> None:
    from retrieval.aliases import spells

    assert not spells(text, name)
