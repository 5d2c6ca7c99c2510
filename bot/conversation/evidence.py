"""Evidence decides the answer: a listing is the answer only when its items share the question's key
concept. "Is there a technology for graphene desalination?" must not be answered with whatever
technologies rank first: when no record holds the question's distinctive terms (in either language),
the answer says no listing matches and offers the nearest, clearly labelled.

Distinctive terms are the question's keywords less the words every listing question has ("technology",
"有没有", the field and city slots), weighted by their IDF in the index; a record matches when it holds
at least half of that weight, a term counting when it or its glossary translation is in the record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable

from retrieval.catalog import RecordView
from retrieval.dictionary import known, stem, topic_word
from retrieval.text import keyword_tokens

__all__ = [
    "GENERIC",
    "OWNER_WORDS",
    "WISHES",
    "concept_terms",
    "joined_phrases",
    "matches_concept",
    "our_listings",
    "province_scope",
    "province_word",
]

# Who offers a record, not what it is ("magnesium technologies from universities"); a regulation's
# situation keeps them (regulation_words.py: "I work at a state university TTO").
OWNER_WORDS = frozenset(
    ["university", "universities", "uni", "institute", "institutes", "college", "colleges", "高校", "大学",
     "院校", "科研院所"]
)  # fmt: skip
# Words of the request, not of its topic.
# fmt: off
GENERIC = frozenset([
    "技术", "成果", "科技成果", "科技", "项目", "方案", "相关", "方面", "领域", "企业", "需求", "技术需求",
    "方向", "direction",
    "转让", "转化", "可以", "可转化", "可转让", "提供", "能够", "推荐", "找", "想", "要", "需要", "介绍",
    "有没有", "有无", "什么", "哪些", "吗", "啥", "目前", "现在", "一下", "工艺", "做", "搞", "做法",
    "technology", "technologies", "tech", "techs", "achievement", "achievements", "solution", "solutions",
    "project", "projects", "listing", "listings", "available", "offer", "offered", "transfer", "license",
    "licence", "any", "have", "has", "do", "you", "there", "is", "are", "for", "find", "need", "needs",
    "looking", "want", "demand", "demands", "enterprise", "enterprises", "company", "companies", "list",
    "show", "me", "some", "related", "based", "new", "using", "use", "got", "pls", "please", "no", "meant",
    "mean", "specifically", "posted", "post", "technical", "requirement", "requirements", "budget",
    "deadline", "contact", "kind", "kinds", "sort", "type", "types", "help", "ok", "okay", "like", "good",
    "多久", "多少", "多大", "哪用", "哪里", "怎么", "如何", "怎样", "是不是", "不是", "我说", "说的是",
    "时候", "时间", "地方", "情况", "东西", "问题", "办法", "哪儿", "哪天", "几号", "信息", "资料", "详细",
    "info", "information", "details", "detail", "thing", "things", "stuff", "way", "ways", "time", "when",
    "没有", "有", "适合", "预算", "截止", "联系", "联系方式", "请问", "帮忙", "看看", "告诉", "我们", "你们",
    "listed", "give", "gives", "given", "provide", "provides", "exist", "exists", "existing", "sell",
    "selling", "buy", "buying", "tell", "know", "currently", "right", "now", "today", "yet", "still",
    "already", "all", "every", "whole", "everything", "都", "全部", "所有", "一共", "可以转让", "可转让的",
    # a company's legal form names no topic ("Shenyang Aircraft Corporation" is about aircraft)
    "corporation", "corporations", "corp", "ltd", "inc", "co", "公司", "有限公司", "集团",
    # a greeting or the speaker's small talk before the question ("Hello! I run a small chemical plant")
    "hello", "hi", "hey", "你好", "您好", "run", "runs", "small", "make", "makes",
    # a question word written without its apostrophe ("whats the cnc system from ...")
    "whats", "hows", "wheres", "whos", "thats",
    # a level's direction ("TRL 7以上"): the slot's, not a topic
    "以上", "以下", "及以上", "或以上", "above", "below", "higher", "lower", "least", "more",
    "up",
    # narrowing what was asked ("only the chip-related ones", "只要储能的"), no topic
    "only", "just", "只要", "只看", "仅",
    # where a thing is, asked ("在哪些地方装了"), or the place of the user ("锦州本地有什么"): no topic
    "哪些地方", "什么地方", "哪个地方", "本地", "当地", "local", "locally",
    "方式",  # of 联系方式, 转化方式: how, no topic
    # what the topic is tied to, not the topic ("跟尾矿综合利用有关的技术", "anything regarding SiC")
    "有关", "关于", "涉及", "相关的", "regarding", "about", "concerning", "around",
    # steering the conversation ("换个话题，锦州有哪些成果", "by the way, any ...", "顺便问下"): no topic
    "话题", "换个话题", "顺便", "顺便问", "另外", "对了", "topic", "subject", "btw", "anyway", "also",
    # where the user is ("who makes RV reducers around here", "我们这边有什么"): every listing is Liaoning's
    "here", "nearby", "near", "附近", "这边", "这里", "周边", "我们这边",
    # who is asked for, no topic ("anyone in Liaoning doing that?", "有谁在做")
    "anyone", "anybody", "someone", "somebody", "anything", "something", "doing", "working",
]) | OWNER_WORDS
# fmt: on
# What the user would like the thing to be, no topic of a listing ("need cheap ... hydrogen", "靠谱的技术");
# in a regulation's situation they are ("the director sold it cheap": regulation_words.py keeps them).
# fmt: off
WISHES = frozenset([
    "cheap", "cheaper", "affordable", "inexpensive", "best", "great", "nice", "reliable", "cool", "smart",
    "便宜", "靠谱", "好用",
])
# fmt: on
GENERIC = GENERIC | WISHES
# "How many ... in Liaoning", "全省": a figure about the province (in the news), never a count of our
# own sample listings.
_PROVINCE = re.compile(
    r"辽宁|全省|全市|全国|我国|\bliaoning\b|\bprovince|\bnational|\bchina\b|\bnationwide", re.I
)
_OUR_LISTINGS = re.compile(r"知识库|平台|你们|您这|收录|列出|\byou\b|\byour\b|\blisted\b|\bdatabase\b", re.I)
_HAN = re.compile(r"[\u4e00-\u9fff]")
# An institution's name, and the words of its kind that its translations share with every other one.
_OWNER_KIND = OWNER_WORDS | {"colleges", "higher", "education", "institution", "institutions", "research"}
_INSTITUTION = re.compile(r"^[\u4e00-\u9fff]{2,}(?:大学|学院|研究院|研究所|科学院)$")
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")


def _same_script(term: str, lang: str) -> bool:
    """Whether `term` is written in the script of a text in `lang`."""
    return bool(_HAN.search(term)) == (lang == "zh")


# The province as one word: every record and article is Liaoning's, so it names where, never what.
_PROVINCE_WORD = re.compile(r"辽宁|辽宁省|全省|省内|liaoning|province", re.I)


def province_word(word: str) -> bool:
    return bool(_PROVINCE_WORD.fullmatch(word))


def our_listings(question: str) -> bool:
    """The question asks about our own listings ("how many achievements do you have", "平台上有几项")."""
    return bool(_OUR_LISTINGS.search(question))


def province_scope(question: str) -> bool:
    return bool(_PROVINCE.search(question)) and not _OUR_LISTINGS.search(question)


def concept_terms(question: str, slot_words: set[str], in_corpus: Callable[[str], bool]) -> list[str]:
    """The question's distinctive keywords (no request words, no slot words), in order. A term the corpus
    never uses is the surest sign that no listing matches ("锂电池" in "有没有锂电池回收的技术", "vaccine",
    "Harbin"), so it is kept when it names a topic: a Chinese noun of two or more characters, or an
    English topic word (retrieval/dictionary.py); chat ("pls", "还是"), everyday words and typos are not."""
    seen: list[str] = []
    nouns = _nouns(question) if _HAN.search(question) else ""
    plain = keyword_tokens(question)
    tokens = _joined_characters(question, plain, nouns.split())
    nouns += " " + " ".join(t for t in tokens if t not in plain)  # a joined run is a noun ("锂矿")
    for term in tokens:
        if term in GENERIC or term in slot_words or term.isdigit() or term in seen:
            continue
        if _HAN.fullmatch(term):
            continue  # one Chinese character ("热") is a piece of a word, not a concept
        if not in_corpus(term):
            term = _corpus_form(term, in_corpus)
        if not in_corpus(term) and not (_chinese_topic(term, nouns) or _english_topic(term)):
            continue
        if term not in seen:
            seen.append(term)
    # jieba's search cut adds the pieces of a compound ("碳化硅" -> 碳化, 化硅): the compound is the concept,
    # its pieces would let a record about carbonisation hold half of it
    return [t for t in seen if not (_HAN.search(t) and any(t != o and t in o for o in seen))]


def joined_phrases(
    terms: list[str],
    phrases: Iterable[str],
    in_corpus: Callable[[str], bool] | None = None,
    slot_words: Collection[str] = (),
) -> list[str]:
    """The terms with the words of each glossary phrase the question holds ("saline-alkali land") joined
    into that phrase, where every word of it is a term: one concept, held where the phrase or its
    translation ("盐碱地") is, though no record holds "saline" or "alkali" alone; elsewhere its words count
    as they did (matches_concept: "cold-rolled" holds "cold" of "cold rolling"). Also where a word of the
    phrase was left out for being one the corpus never uses (`in_corpus`): "bin picking" is the concept
    of "any bin picking robots" (a Chinese record's 无序分拣), not the "bin" left alone."""
    out = list(terms)
    for phrase in sorted(set(phrases), key=len, reverse=True):
        words = [w for w in keyword_tokens(phrase) if w not in GENERIC]
        # "joint modules" is the glossary's "joint module": a word is in the terms as written or plural
        held = {w: next((t for t in out if t in (w, w + "s", w + "es")), None) for w in words}
        missing = [w for w in words if held[w] is None]
        unknown = in_corpus is not None and all(not in_corpus(w) for w in missing)
        if len(words) == 1 and missing and in_corpus is not None and phrase.isascii():
            # "cobot": a glossary term the corpus never writes (its records say 协作机器人) is a topic
            inside = any(words[0] in keyword_tokens(t) for t in out)  # "picking" of "bin picking"
            slot = words[0] in slot_words  # "semiconductor" names the field: a slot, no topic
            if not in_corpus(words[0]) and words[0] not in GENERIC and not inside and not slot:
                out.append(phrase.lower())
            continue
        if not phrase.isascii() or len(words) < 2 or len(missing) == len(words) or (missing and not unknown):
            continue
        taken = {t for t in held.values() if t is not None}
        at = min(out.index(t) for t in taken)
        out = [t for t in out if t not in taken and t not in words]
        out.insert(at, phrase.lower())
    return out


def _corpus_form(term: str, in_corpus: Callable[[str], bool]) -> str:
    """The form the corpus writes an English word in, where the question inflects it otherwise: "storing"
    is the "storage" of a record, "coated" its "coating" (the concept match reads words as written)."""
    if not term.isascii() or not term.isalpha() or len(term) < 6:
        return term
    base = stem(term)
    undoubled = [base[:-1]] if base[-1:] == base[-2:-1] else []  # "cutting" -> "cut"
    forms = [base, base + "e", *undoubled, *(base + end for end in ("age", "ing", "ion", "ment", "er"))]
    return next((f for f in forms if len(f) >= 4 and f != term and in_corpus(f)), term)


def _joined_characters(question: str, tokens: list[str], nouns: list[str]) -> list[str]:
    """The tokens, with each run of one-character nouns the question writes together joined into one
    term: "锂矿" is tokenized as 锂 + 矿, and one character is no concept, yet lithium ore is the topic
    of "有锂矿开采的技术吗" (a magnesite record, holding 矿, must not answer it)."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and _HAN.fullmatch(token) and token in nouns:
            run.append(token)
            continue
        joined = "".join(run)
        if len(run) >= 2 and joined in question:
            out.append(joined)
        out.extend(run)
        run = []
        if token:
            out.append(token)
    return out


def _nouns(question: str) -> str:
    """The nouns of a Chinese question (jieba's part-of-speech tags), joined: "还是", "很大", "建个" are
    none ("我们化工厂硝化还是间歇釜" -> 化工厂 硝化 间歇)."""
    import jieba.posseg

    return " ".join(w.word for w in jieba.posseg.cut(question) if w.flag.startswith(("n", "vn", "eng")))


def _chinese_topic(term: str, nouns: str) -> bool:
    return bool(_HAN_WORD.fullmatch(term)) and term in nouns


def _english_topic(term: str) -> bool:
    return term.isalpha() and len(term) >= 4 and not term.endswith("ly") and topic_word(term)


def matches_concept(
    record: RecordView,
    terms: list[str],
    idf: Callable[[str], float],
    translate: Callable[[str], list[str]],
    share: float = 0.5,
    strict: bool = False,
) -> bool:
    """The record holds at least `share` of the IDF weight of the terms (a term or its translation);
    `strict`: only what it holds counts, never a term of the other language that cannot be translated."""
    if not terms:
        return True
    text = " ".join(
        [
            record.chunk.title,
            record.chunk.text,
            str(record.get("institution") or ""),
            str(record.get("enterprise") or ""),
        ]
    ).lower()
    total = found = 0.0
    for term in terms:
        words = keyword_tokens(term) if " " in term or "-" in term else []
        if len(words) > 1:  # a phrase joined (joined_phrases): whole where it or its translation is,
            weight = sum(idf(w) for w in words)  # else each of its words as the terms they were
            total += weight
            others = [t.lower() for t in translate(term) if t]
            if _holds_word(text, term) or any(_holds_word(text, t) for t in others):
                found += weight
            else:
                held = [w for w in words if matches_concept(record, [w], idf, translate, 1.0, strict)]
                found += sum(idf(w) for w in held)
            continue
        weight = idf(term)
        total += weight
        others = [t.lower() for t in translate(term) if t]
        if _INSTITUTION.search(term):  # "清华大学" is a name: "university", its translation, names no one
            others = [t for t in others if any(w not in _OWNER_KIND for w in keyword_tokens(t))]
            if not others and term not in text:
                continue
        if _holds_word(text, term) or any(_holds_word(text, t) for t in others):
            found += weight
        elif strict:
            continue
        elif not others and not known(term) and not _same_script(term, record.chunk.lang):
            # Across languages only a translation can say a term is there: a term the dictionary cannot
            # translate is not ruled out (one it can, whose translations the corpus lacks, is).
            found += weight
    return total == 0 or found / total >= share


def _holds_word(text: str, term: str) -> bool:
    """`term` in `text`; a Latin term as a word or the start of one ("sic" of silicon carbide is not in
    "basic"; "mosfet" is in "mosfets", "electroly" in "electrolyser"). A phrase also where its words
    stand a few words apart, in any order: "thick plate" (厚板) is in "plates up to 80 mm thick"."""
    if not term.isascii():
        return term in text
    if re.search(rf"(?<![a-z0-9]){re.escape(term)}", text) is not None:
        return True
    words = re.findall(r"[a-z0-9]+", term)
    return len(words) > 1 and _near(re.findall(r"[a-z0-9]+", text), words)


_NEAR = 6  # the words of a phrase found within a window of this many words


def _near(tokens: list[str], words: list[str]) -> bool:
    """Every one of `words` starts a token, all within a window of _NEAR tokens."""
    places = [[i for i, t in enumerate(tokens) if t.startswith(w)] for w in words]
    if not all(places):
        return False
    starts = {p for at in places for p in at}  # the window opens at the first of the words it holds
    return any(all(any(0 <= p - start < _NEAR for p in at) for at in places) for start in starts)
