"""The one past event a message names: "the mg summit in lanxi", "2018年沈阳那次大会", "辽阳菱镁会",
"who co-organised the 2024 liaoyang magnesite conference". People name a past event by a few words of
its title (often in the other language: past events are recorded from English news), its city, its year,
or a short form ("mg summit"), never by its full title.

Each event is scored by the words of the message, and their translations (glossary, dictionary), that its
title holds (a word counts by how rare it is among the events' titles, as in named.py), plus its city and
its year. A year the message names rules out the events of other years ("2019年沈阳大会" names none). A
message naming only a city and "event" names each event of that city alike: the past one is meant when
the message asks about the past ("who spoke", "来了多少人"); an upcoming event is left to the listings
and the attribute answers (registration, venue, fee), which answer it already.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from retrieval.catalog import RecordView
from retrieval.dictionary import stem
from retrieval.fields import cities_in
from retrieval.text import keyword_tokens

__all__ = ["NamedEvent", "asks_about_past", "is_kind_word", "name_event", "upcoming_alike"]

# A kind word of an event: with a city or a year it points at one event ("2018年沈阳那次大会").
_KIND = re.compile(
    r"对接会|推介会|洽谈会|发布会|大会|峰会|论坛|路演|展会|会议|活动|会上|"
    r"\b(?:events?|conferences?|summits?|forums?|roadshows?|meetings?|meetups?|fairs?|expos?|matchmaking)\b",
    re.I,
)
# A press conference is reported in the news; it is no event of the listings ("2024年新闻发布会说收集了多少项
# 成果" asks the July 2024 press report, not the 2024 magnesite conference).
_PRESS = re.compile(r"新闻发布会|(?<!成果)发布会|\b(?:press|news) (?:conferences?|briefings?)\b", re.I)
# The asker's past tense: what happened there, which only a past event's news can tell.
_PAST = re.compile(
    r"了|过|那次|那场|上次|当时|曾|\b(?:was|were|did|had|gave|spoke|signed|attended|held|came|took|went|"
    r"presented|released|launched|showed|co-?organi[sz]ed|organi[sz]ed|hosted|sponsored|made)\b",
    re.I,
)
# Symbols and acronyms people use for an event's subject ("the mg summit"): what its title spells out.
_SHORT_FORMS = {"mg": "magnesium", "h2": "hydrogen", "ic": "integrated circuit", "nev": "new energy vehicle"}
# The province's name is in many titles and most questions ("辽宁科技创新条例"): it names no event.
_PROVINCE = frozenset(["辽宁", "辽宁省", "liaoning", "省", "province", "provincial", "china", "中国"])
_DISTINCT = 2  # a title word in at most this many titles is the event's own (not a word of the detail)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_MIN_SCORE = 1.0  # a word one title alone holds, or a city and a common title word, or a city and a year
_LEAD = 1.5  # the event named scores this much more than the next (as named.py)
_CITY, _YEAR_MATCH = 1.0, 1.0


@dataclass(frozen=True)
class NamedEvent:
    record: RecordView
    words: frozenset[str]  # the message's tokens that named it (title words, city, year, kind words)
    past: bool  # over before today
    score: float = 0.0  # how well the message names it


def asks_about_past(message: str) -> bool:
    return bool(_PAST.search(message))


def is_kind_word(token: str) -> bool:
    """ "峰会", "conference", "会上": a word naming an event as an event, no detail of it."""
    return bool(_KIND.fullmatch(token))


def _norm(word: str) -> str:
    return stem(word.lower()) if word.isascii() else word


# Asked on every question: a title's words and an event's places are computed once (jieba and the place
# patterns over every event's title on each message cost more than the rest of the naming).
@functools.lru_cache(maxsize=16384)
def _words_of(title: str) -> frozenset[str]:
    return frozenset(_norm(w) for w in keyword_tokens(title) if len(w) > 1 and not w.isdigit())


@functools.lru_cache(maxsize=16384)
def _places_of(text: str) -> frozenset[str]:
    return frozenset(cities_in(text))


def _title_words(record: RecordView) -> frozenset[str]:
    return _words_of(record.chunk.title)


def _places(record: RecordView) -> frozenset[str]:
    return _places_of(
        " ".join([str(record.get("city") or ""), str(record.get("venue") or ""), record.chunk.title])
    )


def name_event(
    message: str,
    records: list[RecordView],
    translate: Callable[[str], Iterable[str]],
    today: dt.date,
) -> list[NamedEvent]:
    """The events the message names, best first: one, or several named alike (the caller chooses among
    them by what the message asks); [] when it names none clearly."""
    kinds = [m.group() for m in _KIND.finditer(_PRESS.sub(" ", message))]
    cities, years = set(cities_in(message)), set(_YEAR.findall(message))
    if not kinds and not (cities and years):
        return []  # an event is named as one ("峰会", "conference"), or by its city and year
    # "对接会" is segmented "对接", "会", "对接会": the kind word names no title ("Joint Meeting")
    tokens = [t for t in dict.fromkeys(keyword_tokens(message)) if not any(t in k != t for k in kinds)]
    # each token of the message with the words it may stand for in a title (its own, its translations)
    meanings: dict[str, set[str]] = {}
    for token in tokens:
        if cities_in(token) or token in _PROVINCE:
            continue  # a city counts once, as the event's city, even where the title holds it too
        spelled = _SHORT_FORMS.get(token, token)
        words = {_norm(w) for w in keyword_tokens(spelled)} | {_norm(token)}
        # "ic" is spelled "integrated circuit", whose translation a Chinese title holds (集成电路)
        for phrase in {*translate(token), *translate(spelled)}:
            words.update(_norm(w) for w in keyword_tokens(phrase))
        meanings[token] = words
    titles = {r.id: _title_words(r) for r in records}
    df = Counter(w for ws in titles.values() for w in ws)
    kind = bool(kinds)
    scored: list[tuple[float, RecordView, frozenset[str]]] = []
    for record in records:
        year = str(record.get("start_date") or "")[:4]
        if years and year not in years:
            continue  # "2019年沈阳大会": not the 2018 one
        hits = {t: ws & titles[record.id] for t, ws in meanings.items()}
        signals = sum(1 for ws in hits.values() if ws)
        score = sum(max(1 / df[w] for w in ws) for ws in hits.values() if ws)
        # the tokens that name it and say nothing of the detail: its own rare title words, city, year
        named = {t for t, ws in hits.items() if ws and min(df[w] for w in ws) <= _DISTINCT}
        own = cities & _places(record)
        if cities and not own:
            continue  # "下周成都有对接会吗": an event of another city
        if own:
            score, signals = score + _CITY, signals + 1
            named |= {t for t in tokens if set(cities_in(t)) & own}
        if years:
            score, signals = score + _YEAR_MATCH, signals + 1
            named |= {t for t in tokens if t in years}
        if not kind and not (own and years):
            continue  # an event is named as one ("峰会", "conference"), or by its city and year
        if kind:
            signals += 1  # "the liaoyang event": a city and a kind word name an event of that city
        if signals >= 2 and score >= _MIN_SCORE:
            scored.append(
                (score, record, frozenset(named | {t for t in keyword_tokens(message) if t in years}))
            )
    scored.sort(key=lambda s: s[0], reverse=True)
    if not scored:
        return []
    best = scored[0][0]
    return [
        NamedEvent(r, words, str(r.get("end_date") or r.get("start_date") or "") < today.isoformat(), score)
        for score, r, words in scored
        if score * _LEAD > best
    ]


def upcoming_alike(
    message: str,
    record: RecordView,
    events: list[RecordView],
    translate: Callable[[str], Iterable[str]],
    today: dt.date,
) -> RecordView | None:
    """The event still to come that the message names as well as the past one it was read as ("菱镁对接会哪天
    开": the 2026 matchmaking, not the 2024 conference), the soonest of several; None where the message
    names a year or asks about the past ("那次", "was held"), or no upcoming event is named alike."""
    over = str(record.get("end_date") or record.get("start_date") or "") < today.isoformat()
    if record.chunk.kind != "event" or not over or _YEAR.search(message) or asks_about_past(message):
        return None
    named = name_event(message, events, translate, today)
    mine = next((n for n in named if n.record.id == record.id), None)
    ahead = [n.record for n in named if mine is not None and not n.past and n.score >= mine.score]
    return min(ahead, key=lambda r: str(r.get("start_date") or "")) if ahead else None
