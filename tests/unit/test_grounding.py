"""Unit tests of the grounding check (bot/chat/grounding.py) and of the whole llm answer path that uses it
(bot/chat/generative.py generate_answer), the latter against tests/support/fake_llm.py's answers in
process (FakeChatModel)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat.generative import GeneratedAnswer, generate_answer, prompt_history
from bot.chat.grounding import claims_of, ground, split_sentences
from bot.conversation.draft import Draft
from bot.phrasebook import phrase
from retrieval.errors import UpstreamError
from retrieval.types import Chunk, Hit
from tests.support.fake_llm import FakeChatModel

EN = (
    "Liaoning Establishes Regional Sci-Tech Innovation Hub\n2024-07-23\n"
    "On July 23, the Information Office of Liaoning Provincial People's Government held a press conference. "
    "Liaoning has collected 4,016 highly mature and convertible achievements in recent years. "
    "The local conversion rate is to exceed 57%. Prof. Pan Fusheng of Chongqing University spoke. "
    "The subsidy is CNY 3 million per enterprise."
)
ZH = (
    "辽宁省科技成果转化情况发布会\n2024-07-23\n"
    "2024年7月23日，省政府新闻办召开发布会。全省技术合同成交额达到10.8亿元，同比增长12%。"
    "陈东升教授介绍，大连市新建中试基地1,644个，完成人可获得不低于百分之五十的股份。依照第四十五条执行。"
)
SOURCES = [EN, ZH]


def _kept(sentence: str) -> bool:
    return ground(sentence, SOURCES).text != ""


# ---- numbers and amounts --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Liaoning has collected 4,016 achievements [1].", True),
        ("Liaoning has collected 4016 achievements [1].", True),
        ("Liaoning has collected 4,061 achievements [1].", False),
        ("辽宁省近年来征集成果4016项[1]。", True),
        ("The rate is to exceed 57 % [1].", True),
        ("The rate is to exceed 75% [1].", False),
        ("Dalian built 1644 pilot bases [2].", True),  # "1,644" in the source
        ("Dalian built 1,664 pilot bases [2].", False),
        ("成交额同比增长12 %[2]。", True),
        ("成交额同比增长百分之十二[2]。", True),  # in words
        ("成交额同比增长21%[2]。", False),
        ("Inventors get at least 50% of the shares [2].", True),  # 百分之五十 in the source
        ("Inventors get at least 60% of the shares [2].", False),
        ("This follows Article 45 [2].", True),  # 第四十五条
        ("This follows Article 46 [2].", False),
        ("依照第四十五条执行[2]。", True),
        ("依照第五十四条执行[2]。", False),
        ("Liaoning has collected 4,016 achievements [2].", False),  # true, but not in the source it cites
    ],
)
def test_numbers_must_be_in_the_cited_source(sentence: str, kept: bool) -> None:
    assert _kept(sentence) is kept, ground(sentence, SOURCES)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Contracts reached 1.08 billion yuan [2].", True),  # 10.8亿元
        ("Contracts reached CNY 1,080,000,000 [2].", True),
        ("Contracts reached 1,080 million yuan [2].", True),
        ("Contracts reached 10.8 hundred million yuan [2].", True),  # 亿 word for word
        ("技术合同成交额达到10.8亿元[2]。", True),
        ("Contracts reached 10.8 billion yuan [2].", False),  # ten times too much
        ("技术合同成交额达到108亿元[2]。", False),
        ("Contracts reached 1.8 billion yuan [2].", False),
        ("每家企业补贴300万元[1]。", True),  # CNY 3 million
        ("每家企业补贴3000万元[1]。", False),
        ("The subsidy is 3 million yuan per enterprise [1].", True),
        ("The subsidy is 30 million yuan per enterprise [1].", False),
    ],
)
def test_money_units_are_compared_by_value(sentence: str, kept: bool) -> None:
    assert _kept(sentence) is kept, ground(sentence, SOURCES)


# ---- dates ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("The press conference was held on July 23, 2024 [1].", True),
        ("The press conference was held on 23 July 2024 [2].", True),  # 2024年7月23日
        ("发布会于2024年7月23日召开[1]。", True),  # the English source's "2024-07-23"
        ("发布会于2024-07-23召开[2]。", True),
        ("发布会于2024/7/23召开[2]。", True),
        ("The press conference was held in July 2024 [2].", True),  # the month of a full date
        ("The press conference was held on July 24, 2024 [1].", False),
        ("发布会于2024年7月24日召开[2]。", False),
        ("发布会于2023年7月召开[2]。", False),
        ("The press conference was held in 2023 [1].", False),
        ("The press conference was held in 2024 [1].", True),
    ],
)
def test_dates_in_any_notation(sentence: str, kept: bool) -> None:
    assert _kept(sentence) is kept, ground(sentence, SOURCES)


# ---- names ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Professor Chen Dongsheng presented the figures [2].", True),  # 陈东升 in the source
        ("Professor Dongsheng Chen presented the figures [2].", True),  # given name first
        ("Professor Chen Dongshan presented the figures [2].", False),
        ("Professor Li Ming presented the figures [2].", False),
        ("Professor Wang Gang presented the figures [2].", False),  # two English-looking parts: a name
        ("The new Pilot Base opened in Dalian [2].", True),  # "Base" alone is English, unchecked here
        ("潘复生教授在会上发言[1]。", True),  # "Pan Fusheng" in the source
        ("王建国教授在会上发言[1]。", False),
        ("The new bases are in Dalian [2].", True),  # 大连市
        ("The new bases are in Shenyang [2].", False),
        ("新的中试基地建在大连市[2]。", True),
        ("新的中试基地建在沈阳市[2]。", False),
        ("Prof. Pan Fusheng of Chongqing University spoke [1].", True),
        ("Prof. Pan Fusheng of Tsinghua University spoke [1].", False),  # not in this English source
        ("陈东升 presented Pan Fusheng's work [1][2].", True),  # each name in one of the two
    ],
)
def test_names_match_across_pinyin_and_hanzi(sentence: str, kept: bool) -> None:
    assert _kept(sentence) is kept, ground(sentence, SOURCES)


def test_words_that_name_nothing_are_not_claims() -> None:
    """A capitalized first word, titles and generic nouns are grammar, not names; jieba's "names" such as
    许可 without a title beside them are not checked either (see the module docstring)."""
    assert claims_of("According to the sources, the office agreed [1].") == []
    assert claims_of("Professor Chen spoke for the Provincial Government [1].")[0].shown == "Chen"
    assert claims_of("许可使用费由双方协商确定[1]。") == []
    assert claims_of("See [the notice](https://kb.example/2024/07/23) [1].") == []  # a URL's digits


# ---- sentences with no citation -------------------------------------------------------------------------
def test_an_uncited_sentence_is_cited_to_the_source_that_holds_it() -> None:
    out = ground("Liaoning has collected 4,016 achievements.", SOURCES)
    assert out.text == "Liaoning has collected 4,016 achievements. [1]" and out.cited
    out = ground("全省技术合同成交额达到10.8亿元。", SOURCES)
    assert out.text == "全省技术合同成交额达到10.8亿元。[2]"


def test_an_uncited_sentence_that_no_source_holds_is_removed() -> None:
    out = ground("Liaoning has collected 9,999 achievements. The rate is to exceed 57% [1].", SOURCES)
    assert out.text == "The rate is to exceed 57% [1]."
    assert out.removed == ["Liaoning has collected 9,999 achievements."]
    assert out.sentences[0].missing == ("9,999",)


def test_an_uncited_sentence_is_read_against_what_its_paragraph_cites() -> None:
    text = "Liaoning has collected 4,016 achievements. The rate is to exceed 57% [1].\n\nHere is all."
    assert ground(text, SOURCES).text == text
    # In the other source, the paragraph's citation does not cover it: it is cited to its own source.
    text = "Contracts reached 1.08 billion yuan. The rate is to exceed 57% [1]."
    assert (
        ground(text, SOURCES).text
        == "Contracts reached 1.08 billion yuan. [2] The rate is to exceed 57% [1]."
    )


def test_a_sentence_without_claims_stays_and_nothing_grounded_is_no_answer() -> None:
    out = ground(
        "Here is what I found:\n1. Liaoning has 9,999 achievements [1]\n2. It has 5,000 more [1]", SOURCES
    )
    assert out.text == "Here is what I found:" and not out.cited
    assert len(out.removed) == 2


def test_sentences_split_on_their_ends_not_on_abbreviations_or_decimals() -> None:
    text = 'Prof. Pan Fusheng spoke [1]. It grew 10.8% in the U.S. market. "Quoted." [2]\n发布会召开。[1]好。'
    pieces = [p.text for p in split_sentences(text) if not p.separator]
    assert pieces == [
        "Prof. Pan Fusheng spoke [1].",
        " It grew 10.8% in the U.S. market.",
        ' "Quoted." [2]',
        "发布会召开。[1]",
        "好。",
    ]
    assert "".join(p.text for p in split_sentences(text)) == text


# ---- the whole answer path --------------------------------------------------------------------------------
def _hit(n: int, text: str, lang: str = "en") -> Hit:
    chunk = Chunk(
        id=f"c{n}",
        doc_id=f"d{n}",
        index=0,
        text=text,
        kind="news",
        title=f"Source {n}",
        lang=lang,  # type: ignore[arg-type]
        date=dt.date(2024, 7, 23),
    )
    return Hit(chunk, 1.0, 1.0, 0.0)


CONTEXT = [
    _hit(1, "The weather in Shenyang was fine. The office held a meeting."),
    _hit(2, "Liaoning has collected 4,016 highly mature and convertible achievements in recent years."),
]
QUESTION = "How many highly mature and convertible achievements has Liaoning collected?"
SENTENCE = "Liaoning has collected 4,016 highly mature and convertible achievements in recent years."
EXTRACTIVE = Draft(f'"{SENTENCE}" [1]', [], True)


def _answer(behaviour: str, **kwargs: object) -> GeneratedAnswer:
    return generate_answer(FakeChatModel(behaviour), QUESTION, "en", CONTEXT, **kwargs)  # type: ignore[arg-type]


def test_a_grounded_answer_is_kept_and_renumbered() -> None:
    out = _answer("answer")
    assert out.outcome == "answered" and out.removed == ()
    assert out.draft.text == f'"{SENTENCE}" [1]'  # the model's [2] is the first source shown
    assert [(c.n, c.chunk_id) for c in out.draft.citations] == [(1, "c2")]


def test_a_made_up_sentence_is_removed_and_the_rest_kept() -> None:
    out = _answer("embellish")
    assert out.outcome == "answered" and out.draft.answered
    assert out.draft.text == f'"{SENTENCE}" [1]' and "9,999" not in out.draft.text
    assert out.removed == ("It also holds 9,999 patents [2].",)


def test_a_misquoted_number_leaves_nothing_and_falls_back() -> None:
    out = _answer("invent", fallback=lambda: EXTRACTIVE)
    assert out.outcome == "ungrounded" and out.fell_back and out.draft is EXTRACTIVE
    assert out.removed == (
        '"Liaoning has collected 4,017 highly mature and convertible achievements in recent years." [2]',
    )
    without = _answer("invent")
    assert (
        without.draft.text == phrase("refusal", "en") and not without.draft.answered and not without.fell_back
    )


def test_refusals_and_failures() -> None:
    wordy = _answer("wordy", fallback=lambda: EXTRACTIVE)
    assert wordy.outcome == "answered"  # "According to the sources, ..." holds nothing made up
    off_topic = generate_answer(FakeChatModel("wordy"), "Are kittens teleportable?", "en", CONTEXT)
    assert off_topic.outcome == "refused" and off_topic.draft.text == phrase("refusal", "en")
    assert _answer("empty").outcome == "refused"
    with pytest.raises(UpstreamError, match="ReadTimeout"):
        _answer("stall")  # half the reply read, nothing returned: the caller falls back or errs whole
    with pytest.raises(UpstreamError):
        _answer("error-500")


def test_history_reaches_the_prompt_from_a_stateless_client() -> None:
    model = FakeChatModel()
    history = prompt_history([], ["Which province is this about?"])
    generate_answer(model, QUESTION, "en", CONTEXT, history)
    assert "Conversation so far:\nUser: Which province is this about?\n" in model.requests[-1][-1]["content"]
    stored = [("user", "Stored question?"), ("assistant", "Stored answer.")]
    assert prompt_history(stored) == stored  # a client with a session
    assert prompt_history(stored, []) == []  # a stateless client's first turn, whatever a replay stored
