"""Follow-ups that ask about one record: an attribute of the record a message names by its title
("KRAS抑制剂那个到什么阶段了"), or of the record pointed at ("第二个在哪开？", "who organizes it?"), or the
sentence of that record that answers ("纯度能到多少").

The attribute answers come from the listing (attributes.py); a detail no attribute holds is the record's
best sentence, read in its prose (`_readable`). Followups (followups.py) decides which record a message
is about; this module answers about it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from retrieval.catalog import Catalog, RecordView
from retrieval.fields import cities_in, city_label
from retrieval.search import HybridSearcher
from retrieval.text import detect_lang, keyword_tokens
from retrieval.types import RECORD_KINDS, Chunk

from ..phrasebook import phrase
from .attributes import (
    NEVER_LISTED,
    asked_attributes,
    attributes_answer,
    names_budget,
    states,
    states_fully,
)
from .comparisons import compare_named
from .detail_text import asked_of, asking_clauses, years_in
from .dialogue import ELLIPSIS, DialogueState, mentions_previous, ordinal_in
from .draft import Draft
from .event_answer_types import EVENT_NEWS_TYPES, answer_type
from .event_names import upcoming_alike
from .field_pick import by_place
from .followup_forms import short
from .measures import measure_sentence, names_measure, states_measure, unit_unstated
from .named import asks_description, named_record, wanted_kind
from .owner_names import owner_named
from .render import record_line, render_record
from .types import Citation
from .unnamed import asks_name, names_something

__all__ = ["ALSO", "about_record", "named_answer", "points_back"]

# "成果呢", "and the achievements?", "what about the budget?": the question before, asked of something else.
ALSO = ELLIPSIS
# The user's own situation ("we only have ...", "我们厂..."): a need to match, not a record's detail.
_OWN_NEED = re.compile(r"\b(?:we|our|us)\b|我们|我厂|我司|咱们|本公司|我公司", re.I)
_SENTENCE_END = re.compile(r"[。！？.!?]\s*$")
_ORDINAL_WORDS = re.compile(
    r"第\s*[一二两三四五六七八九十\d]+\s*[个场项家条]?|最后(?:那|这)?一?[个场项家条]|"
    r"另一[个项场家条]?|另外|\b(?:and|what about|how about|the|one|other)\b|"
    r"\b(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\b|"
    r"\b(?:ok(?:ay)?|so|then|now|also|same for)\b|好的?|那么|还有|呢|那|这|个|吗|[?？!！.。,，]|"
    r"\b(?:after|next|that|this|it)\b|再?下一[个场项家]?|后面|之后",  # "and the one after that?", "下一场呢"
    re.I,
)


def named_answer(
    message: str,
    lang: str,
    dialogue: DialogueState,
    catalog: Catalog,
    searcher: HybridSearcher,
    clock: Callable[[], dt.date],
    best_sentence: Callable[[str, Chunk], str | None] | None = None,
    focus: RecordView | None = None,
) -> Draft | None:
    """An attribute or the description of the one record the message names by its title ("沈阳药科大学
    那个KRAS抑制剂到什么阶段了"), once it is neither a set nor one of the items shown (Followups._named);
    None when it names none clearly, or asks something else of it. With `best_sentence`, a second
    question beside the attribute ("甲醇选择性多少 谁家的") is answered by the record's sentence too; the
    record in `focus` is compared with one named ("跟大化所那个PEM的比哪个成熟度高")."""
    kind = wanted_kind(message)
    if kind is None and names_budget(message):
        kind = "demand"  # "热误差补偿那个预算多少": a budget is a demand's (a technology's price is asked so)
    kinds = [kind] if kind in RECORD_KINDS else list(RECORD_KINDS)
    attributes: dict[str, list[str]] = {k: asked_attributes(message, k) for k in kinds}
    if not any(attributes.values()) and not asks_description(message):
        return None
    if any("organisation" in a for a in attributes.values()):  # "when was that company founded"
        kinds = [k for k in kinds if "organisation" in attributes[k]]
    records = [r for k in kinds for r in catalog.records(k)]
    years = years_in(message)  # "2025年沈阳办的对接会" is not the 2018 one
    if years:
        records = [
            r for r in records if any(y in f"{r.chunk.title} {r.chunk.text} {r.chunk.date}" for y in years)
        ]
    glossary = searcher.glossary
    # "A vs B, which is more mature"; "跟X比哪个成熟度高": X and the record in focus
    compared = compare_named(message, lang, records, glossary.translations, focus, _owner_named_by(catalog))
    if compared is not None:
        return compared
    ahead = clock().isoformat()  # of events named alike, the one to come ("菱镁对接会收费吗")
    to_come = lambda r: r.chunk.kind == "event" and str(r.get("start_date") or "") >= ahead  # noqa: E731
    record = named_record(message, glossary.translations(message), records, glossary.translations, to_come)
    # "Dalian IC event venue", "the anshan steel matchmaking in may": an event by its city and its field;
    # with no kind word, only where what is asked is an event's (not "大连的氢能项目在哪")
    of_event = kind == "event" or (kind is None and bool(set(attributes.get("event") or []) & _OF_EVENTS))
    if record is None and of_event:
        record = by_place(message, [r for r in records if r.chunk.kind == "event"], ahead)
    if record is None or (_OWN_NEED.search(message) and record.chunk.kind != "event"):
        return None  # "we only have ammonia: how can we get hydrogen on site?" is a need to match
    events = catalog.records("event")  # "菱镁对接会哪天开": the one to come, not the 2024 one named alike
    record = upcoming_alike(message, record, events, glossary.translations, clock()) or record
    citation = Citation.of(1, record.chunk)
    elsewhere = _elsewhere(message, record, catalog.institutions())
    if elsewhere:  # "the 2027 Shenyang hydrogen conference": there is a Dalian one, none in Shenyang
        line = record_line(record, lang, 1)
        city = city_label(elsewhere, lang)
        return Draft(phrase("event.none_in_city", lang, city=city, nearest=line), [citation], False)
    asked_type = answer_type(message).kind
    if (
        record.chunk.kind == "event"
        and asked_type in EVENT_NEWS_TYPES
        and not _fee_asked(asked_type, attributes)
    ):
        return None  # "how many companies have registered so far?" asks no registration (event_details)
    asked = _described(message, attributes.get(str(record.chunk.kind)) or [])
    if record.chunk.kind == "event" and str(record.get("start_date") or "") < clock().isoformat():
        # "who attended the 2023 summit?" asks what happened there, not how to register
        asked = [a for a in asked if a not in ("registration", "deadline", "fee")]
    if asked:
        if not any(states(record, a, lang, clock()) for a in asked):
            # "DICP液流电池转让价格多少": no listing says, and the answer says so
            if set(asked) <= NEVER_LISTED and not names_budget(message):
                text = f"{attributes_answer(record, asked, lang, clock())} [1]"
                return Draft(text, [citation], False)
            return None  # the listing lacks it: the passages may hold it (or the planner declines)
        dialogue.attribute = asked[0]
        text = attributes_answer(record, asked, lang, clock())
        other = _other_question(message, record, asked, best_sentence) if best_sentence else ""
        text = f"{text}{'' if lang == 'zh' or not other else ' '}{other} [1]"
        return Draft(text, [citation], any(states_fully(record, a, lang, clock(), message) for a in asked))
    if not asks_description(message):
        return None
    return Draft(render_record(record, lang, 1, full=True), [citation], True)


def _owner_named_by(catalog: Catalog) -> Callable[[RecordView, str], bool]:
    """Whether a text names a record's owner as people say it ("大化所", "DICP"), in either language."""

    def named(record: RecordView, text: str) -> bool:
        words = {w.lower() for w in keyword_tokens(text) if len(w) > 1}
        owner = record.owner_name
        twin = catalog.institution_twin(owner) or ""
        return owner_named(owner, text, words) or owner_named(twin, text, words)

    return named


def _other_question(
    message: str, record: RecordView, asked: list[str], best_sentence: Callable[[str, Chunk], str | None]
) -> str:
    """The record's sentence that answers the message's other question, beside the attribute answered:
    "谁家的" is the owner, "甲醇选择性多少" a sentence; "" when there is none, or it finds none."""
    clauses = asking_clauses(message)
    if len(clauses) < 2:
        return ""
    kind, readable = str(record.chunk.kind), _readable(record)
    found: list[str] = []
    for clause in clauses:
        if set(asked_attributes(clause, kind)) & set(asked):
            continue  # the attribute's own question, answered
        sentence = best_sentence(clause, readable)
        if sentence is None or states_measure(clause, sentence, readable) is False:
            sentence = measure_sentence(clause, readable) or sentence  # "在哪用过": where it runs
        if sentence and sentence not in found:
            found.append(sentence)
    return " ".join(found)


def _fee_asked(asked_type: str | None, attributes: dict[str, list[str]]) -> bool:
    """ "大连集成电路对接会收费不 多少钱", "how much is the ticket": the money (or "how much") asked of an
    event is what it costs to attend."""
    return asked_type in ("money", "number") and "fee" in attributes.get("event", [])


def _elsewhere(message: str, record: RecordView, organisations: list[str]) -> str:
    """The city the message places an event in, where the event named by its title is in none of the
    places named (its city, venue or title): "" when it is where the message says. A city in the name of
    an organisation ("Shenyang University of Technology", an organiser) places nothing."""
    if record.chunk.kind != "event":
        return ""
    names = [*organisations, *(str(o) for o in record.get("organizers") or [])]
    text = message.lower()
    for name in sorted((n.split(" (")[0].split("（")[0].lower() for n in names), key=len, reverse=True):
        text = text.replace(name, " ") if len(name) > 3 else text
    places = " ".join([str(record.get("city") or ""), str(record.get("venue") or ""), record.chunk.title])
    own, named = set(cities_in(places)), cities_in(text)
    return named[0] if named and not own & set(named) else ""


def about_record(
    message: str,
    lang: str,
    record: RecordView,
    dialogue: DialogueState,
    clock: Callable[[], dt.date],
    best_sentence: Callable[[str, Chunk], str | None],
    translate: Callable[[str], list[str]] | None = None,
) -> Draft | None:
    """The answer to a follow-up about the record pointed at: the attribute asked ("第二个在哪开？"), the
    record in full ("第一个", or "不是，我说的是储氢的那个": words of its title only, read in both languages
    through `translate`), or the sentence of it that answers ("纯度能到多少"); None when none does."""
    bare = _bare_reference(message) or (
        translate is not None and _bare_reference(asked_of(message, record.chunk.title, translate))
    )
    past = record.chunk.kind == "event" and str(record.get("end_date") or "") < clock().isoformat()
    asked_type = answer_type(message)
    if past and asked_type.kind in EVENT_NEWS_TYPES:
        return None  # "how many people attended?": its news tell (event_details.py), not "registration"
    asked = _described(message, asked_attributes(message, record.chunk.kind))
    if not asked and bare and dialogue.attribute:
        asked = [dialogue.attribute]  # "第一个呢": the attribute asked of the one before
    if asked == ["registration"] and asked_type.kind == "number":
        return None  # "有多少人参加" asks a count, not how to register: the event's sources tell, or not
    if not asked and _of_another_kind(message, str(record.chunk.kind)):
        return None  # "大连那家预算多少" with an event in focus: no sentence of the event is a budget
    held = str(record.get("end_date") or record.get("start_date") or "9999") < clock().isoformat()
    if record.chunk.kind == "event" and held and not asked and ALSO.match(message):
        return None  # "行业专家呢" after what the news said of a past event: the question before, of its news
    citation = Citation.of(1, record.chunk)
    two = len(asking_clauses(message)) > 1  # "成熟度咋样，在哪用过": the attribute, and a sentence
    measured = measure_sentence(message, _readable(record)) if asked == ["maturity"] and not two else None
    if measured is not None:  # "中试做到多大规模了": the stage named, and the scale asked of it
        asked = []
    if asked:
        dialogue.attribute = asked[0]
        text = attributes_answer(record, asked, lang, clock())
        other = _other_question(message, record, asked, best_sentence) if two else ""
        text = f"{text}{'' if lang == 'zh' or not other else ' '}{other}"
        # "the listing does not state a fee" tells the user what is known, yet answers nothing: it is
        # kept as an unanswered question for staff
        stated = any(states_fully(record, a, lang, clock(), message) for a in asked)
        return Draft(f"{text} [1]", [citation], stated)
    if asks_description(message) or bare:  # "tell me more about the second", "第一个", "储氢的那个"
        return Draft(render_record(record, lang, 1, full=True), [citation], True)
    # "单线产能呢" names what it asks (the capacity of one line): its own words first; "成果呢" asks the
    # question before it again, of something else: read with it when its own words find nothing. The
    # registration and the programme are part of what a follow-up asks about ("is the site visit
    # limited?"). Not the title's words: every sentence of the record shares some, and "who is the lead
    # inventor?" was answered with whichever sentence did (the record says nothing of inventors).
    readable = _readable(record)
    sentence = best_sentence(message, readable)
    if sentence is None and ALSO.match(message):
        sentence = best_sentence(f"{dialogue.query} {message}", readable)
    if sentence is None or states_measure(message, sentence, readable) is False:
        # "cycle life?", "这个温室已经建了多少亩" of an English record: the figure in the measure's units,
        # before a sentence that shares a word and states no such figure
        sentence = measure_sentence(message, readable) or sentence
    if sentence is None and len(keyword_tokens(message)) <= _KIN_WORDS:
        # "registered yet?" of "Class II device registration is being prepared": a word or two, read in
        # the forms the record writes them (more words ask more than a form of one of them answers)
        kin = kindred_words(message, readable.text)
        sentence = best_sentence(kin, readable) if kin else None
    if unit_unstated(message, readable):
        # "能用多少年", "its capacity in MW?": no figure in that unit, and "单件节拍≤3秒" is none
        return _measure_unstated(record, lang)
    if sentence is None and points_back(message) and detect_lang(message) != record.chunk.lang:
        # "what payloads does it cover?" of a Chinese record: no word of it is there to find; with the
        # title's, the sentence nearest in meaning is quoted (as before the title was left out)
        sentence = best_sentence(f"{record.chunk.title} {message}", readable)
    if sentence is None:
        if names_measure(message) and short(message):  # "寿命呢" of a record that states no life
            return _measure_unstated(record, lang)
        return None
    if past and asked_type.kind is not None and not asked_type.holds(sentence):
        # "what was the total investment?" of a past event is not answered by its sentence that shares
        # a word ("investment and financing institutions took part"): its news are read by the type of
        # answer asked (event_details.py), or they do not state it
        return None
    title = f"「{record.chunk.title}」" if lang == "zh" else f'"{record.chunk.title}"'
    if asks_name(message) and not names_something(sentence, message, translate(message) if translate else []):
        # "参观的那个修复矿区叫啥名": the record mentions it, names it nowhere
        unnamed = phrase("attr.unnamed", lang, name=title, sentence=sentence)
        return Draft(f"{unnamed} [1]", [citation], False)
    return Draft(f"{sentence} [1]\n{title}", [citation], True)


def _measure_unstated(record: RecordView, lang: str) -> Draft:
    name = f"「{record.chunk.title}」" if lang == "zh" else f'"{record.chunk.title}"'
    return Draft(
        phrase("attr.measure_unstated", lang, name=name) + " [1]", [Citation.of(1, record.chunk)], False
    )


# What is asked of an event, not of a technology or a demand: when, what it costs, how to register
_OF_EVENTS = frozenset({"date", "fee", "deadline", "registration", "organizers", "pitch"})

# Attributes only listings of some kinds have, asked in words no other question uses: asked of a record
# of another kind, its sentences answer none ("预算多少" or "what's its TRL?" of an event). Not "where"
# (a venue, or where a technology is installed) nor "by when".
_KIND_ATTRIBUTES = frozenset({"budget", "maturity", "ip_status", "transfer_modes"})


def _of_another_kind(message: str, kind: str) -> bool:
    """The message asks an attribute that records of another kind have, and this one has not."""
    other = {a for k in RECORD_KINDS if k != kind for a in asked_attributes(message, k)}
    return bool(other & _KIND_ATTRIBUTES)


_WORD = re.compile(r"[a-z]{6,}")
_HYPHENATED = re.compile(r"(?<![a-z])[a-z]+(?:-[a-z]+)+")  # (from a word's start: linear)
_STEM = 6  # letters two forms of one word share at least ("registered", "registration")
_KIN_WORDS = 2


def kindred_words(message: str, text: str) -> str:
    """The record's words that share a stem with the message's English words ("registration" for
    "registered", "certified" for "certification") or write them with a hyphen ("by-product" for
    "byproduct"), joined; empty when none do."""
    lowered = text.lower()
    own = set(_WORD.findall(lowered))
    hyphenated = {w.replace("-", ""): w for w in _HYPHENATED.findall(lowered)}
    found = []
    for word in dict.fromkeys(w for w in _WORD.findall(message.lower()) if w not in own):
        if word in hyphenated:
            found.append(hyphenated[word])
            continue
        stem = word[:_STEM]
        found += [w for w in own if w != word and w.startswith(stem)]
    return " ".join(dict.fromkeys(found))


def _readable(record: RecordView) -> Chunk:
    """The record's prose, where a detail is written: the sentences of its text (not the header lines:
    title, date and place, field), and the fields the text leaves out (an event's registration and
    programme)."""
    lines = [line for line in record.chunk.text.splitlines() if _SENTENCE_END.search(line)]
    extra = [str(record.get(k) or "") for k in ("registration", "summary")]
    lines += [e for e in extra if e and e not in record.chunk.text]
    return dataclasses.replace(record.chunk, text="\n".join(lines))


def _described(message: str, asked: list[str]) -> list[str]:
    """ "tell me about the roadshow" asks for the record, not its topics (which "about" alone would ask)."""
    return [a for a in asked if a != "topics"] if asks_description(message) else asked


def _bare_reference(message: str) -> bool:
    """Only an ordinal or a pointer, nothing asked: "第一个呢", "and the second one?", "那个呢"."""
    rest = _ORDINAL_WORDS.sub("", message)
    return not keyword_tokens(rest)


def points_back(message: str) -> bool:
    return mentions_previous(message) or ordinal_in(message) is not None
