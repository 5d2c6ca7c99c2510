"""CC-CEDICT translations limited to a corpus, and the concept check that uses them to tell a record of
the other language that lacks the question's concept from one that may hold it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest

from bot.conversation.evidence import concept_terms, matches_concept
from retrieval.catalog import Catalog, RecordView
from retrieval.dictionary import CorpusDictionary, known, stem, topic_word
from retrieval.glossary import Glossary
from retrieval.types import Chunk

# A corpus's keyword terms as an index holds them: lower-case English words, jieba's Chinese words.
VOCABULARY = [
    "summit", "speeches", "signed", "media", "professors", "battery", "magnesium",
    "签约", "峰会", "电池", "疫苗接种",
]  # fmt: skip


@pytest.fixture(scope="module")
def dictionary() -> CorpusDictionary:
    return CorpusDictionary(VOCABULARY)


def test_stems_meet_the_dictionary_base_form() -> None:
    assert stem("signed") == stem("signing") == "sign"
    assert stem("speeches") == "speech"
    assert stem("batteries") == "battery"
    assert stem("gas") == "gas"  # too short to lose its s


def test_chinese_words_find_the_english_words_the_corpus_holds(dictionary: CorpusDictionary) -> None:
    found = dictionary.lookup("谁在峰会上讲话了")
    assert "summit" in found and "speeches" in found
    assert "talk" not in found  # a sense of 讲话, but not a word of this corpus
    assert "professors" in dictionary.lookup("四位教授")


def test_english_words_find_the_chinese_words_the_corpus_holds(dictionary: CorpusDictionary) -> None:
    assert "电池" in dictionary.lookup("any battery tech?")
    assert dictionary.lookup("pls thx") == []


def test_topic_words_are_rare_dictionary_words() -> None:
    assert topic_word("vaccine") and topic_word("harbin") and topic_word("blockchain")
    assert not topic_word("reach")  # an everyday verb, in a hundred senses
    assert not topic_word("pls") and not topic_word("regstration")
    assert known("疫苗") and known("vaccine") and not known("xqzv")


def _record(title: str, lang: str) -> RecordView:
    chunk = Chunk(f"{title}#0", title, 0, title, "achievement", title, lang)  # type: ignore[arg-type]
    return RecordView(chunk)


def test_a_term_the_dictionary_translates_but_no_record_holds_rules_records_out() -> None:
    dictionary = CorpusDictionary(["battery", "magnesium", "电池"])
    english = _record("Magnesium battery anode", "en")

    def translate(term: str) -> list[str]:
        return dictionary.lookup(term)

    idf = lambda term: 1.0  # noqa: E731
    # 疫苗 (vaccine): the dictionary knows it, the corpus holds no translation: not in the English record
    assert not matches_concept(english, ["疫苗"], idf, translate)
    # 电池 is "battery", which the record holds
    assert matches_concept(english, ["电池"], idf, translate)
    # a word the dictionary cannot translate is not ruled out across languages
    assert matches_concept(english, ["鑫鑫鑫"], idf, translate)


def test_concept_terms_keep_absent_topic_words_and_drop_chat() -> None:
    in_corpus = {"institute", "technology"}.__contains__
    terms = concept_terms("any achievements from Harbin Institute of Technology pls?", set(), in_corpus)
    assert "harbin" in terms and "pls" not in terms
    assert concept_terms("what achievements are listed in Anshan?", {"anshan"}, in_corpus) == []
    # a greeting and the speaker's small talk before the question are no topic
    chatty = (
        "Hello! I run a small chemical plant in Panjin. Any technologies that could make our nitration safer?"
    )
    corpus = {"nitration", "chemical", "plant", "hello", "run", "small", "make"}.__contains__
    terms = concept_terms(chatty, {"panjin"}, corpus)
    assert "nitration" in terms and not {"hello", "run", "small", "make"} & set(terms)
    # who offers it is no concept: "up for licensing" and "from universities" leave the topic alone
    asked = "magnesium technologies from universities up for licensing?"
    owners = concept_terms(asked, {"licensing"}, corpus)
    assert owners == ["magnesium"]


def test_research_institutes_are_paired_across_languages() -> None:
    from retrieval.dictionary import twin_names

    names = [
        "中国科学院大连化学物理研究所",
        "中国科学院金属研究所",
        "辽宁工业大学",
        "Dalian Institute of Chemical Physics, CAS",
        "Institute of Metal Research, CAS",
        "Liaoning University",
        "Liaoning University of Technology",
    ]
    twins = twin_names(names)
    assert twins["中国科学院大连化学物理研究所"] == "Dalian Institute of Chemical Physics, CAS"
    assert twins["Institute of Metal Research, CAS"] == "中国科学院金属研究所"
    assert "辽宁工业大学" not in twins  # "工业" reads "industry": no university is paired on a guess


def test_one_character_nouns_written_together_are_one_concept() -> None:
    # jieba gives 锂 + 矿 for "锂矿": single characters are no concept, but the run of them is the topic, so
    # a record that holds only 矿 (菱镁矿) is not taken to answer "lithium ore mining".
    terms = concept_terms("有锂矿开采的技术吗", set(), {"技术"}.__contains__)
    assert "锂矿" in terms
    record = RecordView(Chunk("d#0", "d", 0, "菱镁矿浮选尾矿资源化利用", "demand", "菱镁矿尾矿", "zh"))  # type: ignore[arg-type]
    assert not matches_concept(record, terms, lambda t: 1.0, lambda t: [])


def test_a_question_looked_up_again_gets_the_same_words_and_a_copy(dictionary: CorpusDictionary) -> None:
    first = dictionary.lookup("any battery tech?")
    first.append("changed by a caller")
    again = dictionary.lookup("any battery tech?")
    assert "电池" in again and "changed by a caller" not in again
    assert again == dictionary.lookup("any battery tech?")


def test_a_company_s_legal_form_is_no_topic() -> None:
    in_corpus = {"corporation", "aircraft", "公司"}.__contains__
    assert concept_terms(
        "Shenyang Aircraft Corporation has any demands listed?", {"shenyang"}, in_corpus
    ) == ["aircraft"]
    assert "公司" not in concept_terms("沈阳飞机公司有需求吗", set(), in_corpus)


def test_institutions_the_glossary_pairs_whole_are_twins() -> None:
    glossary = Glossary(
        [
            (["东北大学"], ["Northeastern University"]),
            (["沈阳工业大学"], ["Shenyang University of Technology"]),
        ]
    )
    catalog = Catalog(cast(Any, None), cast(Any, SimpleNamespace(glossary=glossary)))
    names = (
        "东北大学",
        "northeastern university",
        "沈阳工业大学辽阳产业技术研究院",
        "shenyang university of technology",
    )
    twins = catalog._glossary_twins(names)
    assert twins["东北大学"] == "northeastern university" and twins["northeastern university"] == "东北大学"
    # a name that holds another is not its twin
    assert "沈阳工业大学辽阳产业技术研究院" not in twins and "shenyang university of technology" not in twins


def test_a_latin_term_is_held_as_a_word_or_its_start() -> None:
    from bot.conversation.evidence import _holds_word

    assert not _holds_word("basic magnesium sulphate", "sic")
    assert _holds_word("1200 v碳化硅(sic) mosfet", "sic")
    assert _holds_word("domestic sic mosfets", "mosfet")
    assert _holds_word("含碳化硅的衬底", "碳化硅")


def test_an_inflected_english_word_is_read_in_the_form_the_corpus_writes() -> None:
    # "storing" is no word of the corpus, "storage" is: the listing asks for storage, not for nothing
    in_corpus = {"storage", "hydrogen", "coating"}.__contains__
    assert concept_terms("any tech for storing hydrogen?", set(), in_corpus) == ["storage", "hydrogen"]
    assert concept_terms("coated tools?", set(), in_corpus)[0] == "coating"
    # a word the corpus has no form of stays as written: the surest sign nothing matches
    assert "vaccines" in concept_terms("any vaccines?", set(), in_corpus)


def test_a_term_is_not_translated_by_the_everyday_words_beside_its_specific_sense() -> None:
    """光刻机 is a photolithography machine: a corpus with machines and no photolithography holds no 光刻机,
    so every record is seen to lack it (the listing says none matches), while a term whose specific sense
    the corpus holds keeps its translations."""
    corpus = CorpusDictionary(["machine", "machines", "battery", "lithium"])
    assert "machine" in corpus.lookup("光刻机")  # word for word, as the keyword search reads it
    assert corpus.lookup_term("光刻机") == []
    assert "lithium" in corpus.lookup_term("锂电池")
    assert corpus.lookup_term("battery") == corpus.lookup("battery")
