"""The one record a message names: "沈阳药科大学那个KRAS抑制剂到什么阶段了", "tell me about the ship
collision-avoidance tech". A follow-up about it needs no list before it: the record is named by the words
of its title (in either language, through the glossary's translations) and, as a tie-break, its owner.

A title word counts by how rare it is among the titles (1 / the number of titles that hold it): "KRAS"
names one record, "技术" or "system" names none. The best record must score at least `_MIN_SCORE` and
clearly ahead of the next (`_LEAD`), with two title words at least (the owner or the city may be one),
else nothing is named and the planner answers as before.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable

from retrieval.catalog import RecordView
from retrieval.fields import cities_in
from retrieval.text import keyword_tokens

__all__ = ["asks_description", "asks_two", "named_record", "names_a_document", "wanted_kind"]

_MIN_SCORE = 1.0  # e.g. a word only this title holds and a common one, or two words two titles share
_MIN_WORDS = 2  # one word ("hydrogen", "成熟度") names a topic or an attribute, not a record; the owner
# named counts as one, and so does an event's kind word: "菱镁对接会" is the event about 菱镁 (an event's
# title is its place, topic and kind), where "钙钛矿技术" is still a topic
_LEAD = 1.5  # the best record scores half as much again as the next
_OWNER_BONUS = 0.5  # the institution or enterprise, or the city, named as well
_COMMON = 5  # a word in more titles than this ("技术", "需求", "system") names none of them

# "介绍一下", "tell me about", "what is": the record itself is asked for, not one attribute of it.
_DESCRIBE = re.compile(
    r"介绍|讲讲|说说|详细|\btell me (?:more )?about\b|\bdescribe\b|\bdetails? (?:of|on|about)\b|"
    r"\bmore about\b|"
    # "do you know the 2018 shenyang meeting?", "你知道营口镁路演吗": the thing named, not a question about it
    r"\b(?:do|did) you know (?:about |of |anything about )?"
    r"(?!(?:who|whom|what|when|where|which|how|whether|if|why)\b)|"
    r"\bhave you heard (?:of|about)\b|\bwhat do you know about\b|"
    r"你(?:知道|了解|听说过)(?!.{0,30}(?:谁|什么|啥|哪|多少|几|怎么|为什么))|"
    # its specifications as a whole ("what are their specs", "技术指标有哪些"): the record in full
    r"\bspecs\b|\bspecifications\b|技术指标|技术参数|"
    # the thing as a whole, asked by what it is like: "whats the welding robot from SUT like", "what's the
    # FCC spent catalyst regeneration thing"
    r"^\W*what(?:'s|s| is| are)?\s+(?:the|that|this|their|its)\s+[^?？]{3,80}?\s+"
    r"(?:like|thing|stuff)\s*[?？.]*\s*$",
    re.I,
)
# Two questions in one message ("哪所学校研发的？传动误差是多少？", "how fast is it and which university
# developed it?"): the attribute answers one, the record's best sentence the other.
_TWO_QUESTIONS = re.compile(
    r"\band (?:what|which|who|when|where|how|is|are|does|do)\b|"
    r"[,，；;]\s*(?:是|有|要|能)?(?:哪|什么|多少|谁|几|怎么)",
    re.I,
)
_QUESTION_MARK = re.compile(r"[?？]")
_DOCUMENT = re.compile(
    r"条例|法规|法律|办法|规定|政策|第[一二三四五六七八九十百\d]+条|\blaws?\b|\bregulations?\b|\bpolic(?:y|ies)\b|"
    r"(?:转化|促进|专利|著作权|合同)法|民法典|"
    r"\barticles? \d",
    re.I,
)
_SET = re.compile(
    r"\b(?:events|conferences|forums|technologies|techs|achievements|demands|listings|upcoming)\b|即将|近期|哪些",
    re.I,
)
_ORGANISATION = re.compile(
    r"universit|institut|college|academy|compan|\bco\.|\bltd\b|大学|学院|研究院|研究所|公司|集团", re.I
)
_KIND_WORDS = [
    (
        "event",
        re.compile(
            r"对接会|活动|会议|论坛|峰会|路演|展会|洽谈会|推介会|"
            r"\b(?:events?|conferences?|forums?|summits?|roadshows?|meetups?|meetings?|fairs?|expos?)\b",
            re.I,
        ),
    ),
    ("demand", re.compile(r"需求|\bdemands?\b|\bneeds?\b|\brequirements?\b", re.I)),
    (
        "achievement",
        re.compile(r"技术|成果|\btech(?:nolog(?:y|ies))?\b|\bachievements?\b|\binventions?\b", re.I),
    ),
]


def names_a_document(message: str) -> bool:
    """A regulation, a law or an article is named, or a set of records ("upcoming events about ..."): the
    message is not about one record."""
    return bool(_DOCUMENT.search(message) or _SET.search(message))


def asks_two(message: str) -> bool:
    # two question marks with words between, found in one pass ("[?？].*\S.*[?？]" rescans: quadratic)
    marks = [m.start() for m in _QUESTION_MARK.finditer(message)]
    between = any(message[a + 1 : b].strip() for a, b in itertools.pairwise(marks))
    return between or bool(_TWO_QUESTIONS.search(message))


def asks_description(message: str) -> bool:
    return bool(_DESCRIBE.search(message))


def wanted_kind(message: str) -> str | None:
    """The kind of record the message names by a kind word, if any ("tech" -> achievement)."""
    return next((kind for kind, rx in _KIND_WORDS if rx.search(message)), None)


def _stem(word: str) -> str:
    """ "robots" and "robot" are one word (titles use either)."""
    return word[:-1] if word.isascii() and len(word) > 3 and word.endswith("s") else word


@functools.lru_cache(maxsize=65536)
def _words_of(title: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in keyword_tokens(title) if len(w) > 1 and not w.isdigit())


def _title_words(record: RecordView) -> frozenset[str]:
    return _words_of(record.chunk.title)


# The title words of the records last asked about, their document frequencies and which records hold each
# word: the same listing is asked about on every message (segmenting 2,000 titles with jieba took ~70 ms a
# question, profiled), and only the records holding a word of the message are scored (scoring all 2,000
# took ~2.5 ms a question).
# Kept for the last few listings: messages ask one kind's records or every kind's, alternately (with one
# kept, 26 of 34 bench-corpus questions that reached here rebuilt it, ~4 ms each).
_Titles = tuple[dict[str, frozenset[str]], Counter[str], dict[str, list[int]]]
_KEPT: OrderedDict[tuple[str, ...], _Titles] = OrderedDict()
_LISTINGS = 4  # every kind's records, and each kind's alone
_KEPT_LOCK = threading.Lock()


def _titles(records: list[RecordView]) -> _Titles:
    key = tuple(f"{r.id}\n{r.chunk.title}" for r in records)  # a title edited is indexed anew
    with _KEPT_LOCK:
        found = _KEPT.get(key)
        if found is not None:
            _KEPT.move_to_end(key)
            return found
    titles = {r.id: _title_words(r) for r in records}
    holders: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        for w in titles[r.id]:
            holders.setdefault(w, []).append(i)
    built = (titles, Counter(w for ws in titles.values() for w in ws), holders)
    with _KEPT_LOCK:
        _KEPT[key] = built
        while len(_KEPT) > _LISTINGS:
            _KEPT.popitem(last=False)
    return built


def _owner(record: RecordView) -> str:
    return record.owner_name.lower()


def _concepts(
    own: set[str],
    translations: list[str],
    forms: Callable[[str], Iterable[str]] | None,
    rare: set[str],
) -> dict[str, str]:
    """The message's title words that name one thing, each mapped to one word of its group: a word and
    the longer one it is part of ("碳化" of "碳化硅"), a word and its translation ("碳化硅", "sic"), the
    words of one glossary term in either language ("集成电路", "integrated circuit"). Only
    rare words join: through a common one ("hydrogen") every hydrogen term would be one thing."""
    parent: dict[str, str] = {}

    def root(word: str) -> str:
        while parent.get(word, word) != word:
            word = parent[word]
        return word

    def join(a: str, b: str) -> None:
        parent[root(b)] = root(a)

    def join_all(words: Iterable[str]) -> None:
        kept = [w for w in words if w in rare]
        for w in kept[1:]:
            join(kept[0], w)

    def words_of(*terms: str) -> list[str]:
        return [_stem(w) for t in terms for w in keyword_tokens(t)]

    for a in own:
        for b in own:
            if a != b and a in b:
                join(b, a)
        join_all([a, *words_of(*(forms(a) if forms is not None else ()))])
    for term in translations:  # "全钒液流电池" with "vanadium flow battery": one thing, in both languages
        join_all(words_of(term, *(forms(term) if forms is not None else ())))
    return {w: root(w) for w in rare}


def _common_concepts(
    message: str,
    translations: list[str],
    forms: Callable[[str], Iterable[str]] | None,
    holders: dict[str, list[int]],
) -> set[str]:
    """The words of a thing the message names in one language and the glossary in the other, that more
    than `_COMMON` titles hold in either: "对接会" is in most Chinese titles, its "matchmaking
    conference" in two English ones, and names no event in either language. A phrase is held by the
    titles holding all of its words ("制氢技术" is no common thing for its common "技术"); each form is
    counted alone ("镁材料" and the message's "magnesium" are in three titles each, not six)."""
    if forms is None:
        return set()
    low = message.lower()

    def holding(term: str) -> tuple[set[str], set[int]]:
        words = {_stem(w) for w in keyword_tokens(term) if len(w) > 1 and not w.isdigit()}
        held = [set(holders.get(w, ())) for w in words]
        return words, set.intersection(*held) if held else set()

    common: set[str] = set()
    rest: list[tuple[set[str], set[str]]] = []
    for term in translations:
        said = [f for f in forms(term) if f.lower() in low]  # the message's own words for it
        groups = [holding(t) for t in (term, *said)]
        if max(len(titles) for _, titles in groups) > _COMMON:
            common |= set().union(*(words for words, _ in groups))
        else:
            rest.append((groups[0][0], set().union(*(words for words, _ in groups[1:]))))
    # a longer form of a common thing ("技术对接会" for "matchmaking") is no rarer for its added word
    for words, said_words in rest:
        if said_words and said_words <= common:
            common |= words
    return common


# a run of capitals, as a university's initials are written ("SUT", "DUT", "NEU")
_ACRONYM_ONLY = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,6}(?![A-Za-z0-9])")


def named_record(
    message: str,
    translations: Iterable[str],
    records: list[RecordView],
    owner_forms: Callable[[str], Iterable[str]] | None = None,
    prefer: Callable[[RecordView], bool] | None = None,
) -> RecordView | None:
    """The record whose title the message names, or None when none is named clearly. `owner_forms` gives
    an owner's names in the other language (the glossary's: "Dalian Institute of Chemical Physics, CAS"
    is 大连化物所, DICP): an owner named in either counts. Of records named exactly alike, the one
    `prefer` holds for, where it holds for one."""
    translations = list(translations)
    # An organisation's name in the other language ("shenyang pharmaceutical university") is no title's
    # words: the owner is matched on its own
    text = " ".join([message, *(t for t in translations if not _ORGANISATION.search(t))])
    words = {_stem(w) for w in keyword_tokens(text)}
    own = {_stem(w) for w in keyword_tokens(message)}
    # A translated phrase names a title that holds most of it: "magnesia-carbon brick" (镁碳砖) is not the
    # "fused magnesia" record's for the one word they share
    phrases = [{_stem(w) for w in keyword_tokens(t)} for t in translations if not _ORGANISATION.search(t)]

    def held(word: str, title: set[str]) -> bool:
        return word in own or any(word in p and 2 * len(p & title) >= len(p) for p in phrases)

    full = " ".join([message, *translations]).lower()
    owners = {_owner(r) for r in records}
    initials = set(_ACRONYM_ONLY.findall(message))

    def owner_named(owner: str) -> bool:
        if owner in full:  # its name in the message, or the glossary's for the message's name of it
            return True
        # by its initials: "the welding robot from SUT" (Shenyang University of Technology)
        words = [w for w in re.findall(r"[a-z]+", owner.split(",")[0]) if w not in ("of", "the", "and")]
        if initials and "".join(w[0] for w in words).upper() in initials:
            return True
        # another owner's name, that the glossary pairs with this one (not its words: "university")
        forms = [f.lower() for f in owner_forms(owner)] if owner_forms is not None else []
        return any(f in owners and f in full for f in forms)

    cities = set(cities_in(text))
    event_said = "event" if wanted_kind(message) == "event" else None
    titles, df, holders = _titles(records)
    # A city is where a record is, not what it is: named, it counts once beside the title's words (as the
    # owner does), never as a rare title word ("大连明年有啥对接会" names no one Dalian event)
    places = {w for w in words if cities_in(w)}
    common = _common_concepts(message, translations, owner_forms, holders)
    rare_words = {w for w in words if df[w] <= _COMMON and w not in places and w not in common}
    concept = _concepts(own & rare_words, translations, owner_forms, rare_words)
    scored: list[tuple[tuple[float, float], RecordView]] = []  # (things named, words named), record
    # A record none of whose title words the message holds is never named: only the holders are scored,
    # in the listing's order (ties keep it).
    for r in (records[i] for i in sorted({i for w in rare_words | places for i in holders.get(w, ())})):
        title = set(titles[r.id])
        rare = [w for w in titles[r.id] if w in rare_words and held(w, title)]
        owner = _owner(r)
        # the owner ("沈阳药科大学那个KRAS抑制剂") or the city ("the Anshan welding robot demand") named too
        city = str(r.get("city") or "") in cities or bool(title & places)
        also = (bool(owner) and owner_named(owner)) + city
        if not rare or len(rare) + also + (r.chunk.kind == event_said) < _MIN_WORDS:
            continue
        # one thing named in several words weighs once ("碳化硅" with "碳化", "化硅" and "sic"), by its
        # rarest word: a title holding more of the things named is the one named
        weight: dict[str, float] = {}
        for w in rare:
            key = concept.get(w, w)
            weight[key] = max(weight.get(key, 0.0), 1 / df[w])
        bonus = _OWNER_BONUS * also
        scored.append(((sum(weight.values()) + bonus, sum(1 / df[w] for w in rare) + bonus), r))
    if not scored or max(score[1] for score, _ in scored) < _MIN_SCORE:
        return None
    # the record that holds the most things named, clearly; where two are close, the one that holds
    # clearly the most of the message's words ("大连集成电路对接会": the Chinese title holds 集成电路 in
    # four words, "Dalian ... Matchmaking Conference" the city and the kind in two languages)
    for by in (0, 1):
        scored.sort(key=lambda row: row[0][by], reverse=True)
        if len(scored) == 1 or scored[0][0][by] >= _LEAD * scored[1][0][by]:
            return scored[0][1] if scored[0][0][1] >= _MIN_SCORE else None
    # named exactly alike ("菱镁对接会": the 2026 matchmaking and the 2024 conference): the one preferred,
    # where one is (the event still to come)
    tied = [r for score, r in scored if score == scored[0][0]]
    preferred = [r for r in tied if prefer is not None and prefer(r)]
    return preferred[0] if len(preferred) == 1 and scored[0][0][1] >= _MIN_SCORE else None
