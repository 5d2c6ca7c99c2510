"""Whether the article in focus applies to someone else too: "那国企员工也适用吗", "does that apply to
state-owned companies too?", "科研院所也可以吗".

The question names only the other party; what is asked of it is the article shown last. The answer is
that article's sentence naming the party where it has one (its scope sentence: "国有企业、事业单位 ...
计入当年本单位工资总额"), else the article of the same subject that names the party (the province's
rewards in state-owned enterprises, after its rewards at universities): regulation_articles.py reads
both.

    scope_subject(message)          -> the party a "does that apply to X too?" asks about; "" for any other
                                       message
    subject_units(subject, glossary) -> the party's words, each held only by its own terms
    naming(unit)                    -> Quotes: the sentences of an article that name the party
    not_named(subject, chunk, name) -> Draft: the article shown does not name the party, and whom it speaks
                                       of (its first sentence)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.chunking import article_text
from retrieval.glossary import Glossary
from retrieval.text import split_sentences
from retrieval.types import Chunk, Hit

from .draft import Draft
from .regulation_evidence import Unit, covers, question_units
from .regulation_quote import Quotes
from .regulation_unstated import article_lacks
from .regulation_words import legal_forms, regulation_terms

__all__ = ["naming", "not_named", "scope_subject", "subject_units"]

_CJK = re.compile(r"[\u4e00-\u9fff]")

# "也适用吗", "同样适用吗", "也可以吗", "适用于...吗", "还能这样吗"
_ZH_ASK = re.compile(
    r"(?:也|还|同样|一样)(?:都)?(?:适用|可以|能|行|算|管用|有效)(?:这样|这条|吗|么|嘛|不|呢)*[?？。!！\s]*$|"
    r"(?:适不适用|适用不适用|能不能适用)[?？。\s]*$"
)
_ZH_APPLIES_TO = re.compile(r"^(.{1,16}?)(?:也|是否|能否)?适用(?:于)?(.{1,16}?)(?:吗|么|嘛)?[?？。\s]*$")
_ZH_LEAD = re.compile(r"^\s*(?:那|那么|那如果|如果是|如果|要是|那要是)?\s*(?:对于|对)?")
_ZH_POINTER = re.compile(r"这条规定|这个规定|该规定|上述规定|这条|这个|这些|那条|规定|条款")
# "does that apply to state-owned companies too", "would the same hold for research institutes as well",
# "is that also true for SOEs?", "what about private companies, does it apply to them?"
_EN_ASK = re.compile(
    r"^\s*(?:and\s+|so\s+|but\s+)?(?:does|do|would|will|is|can|could)\s+"
    r"(?:that|this|it|the same|the rule|this rule|that rule|these rules|those rules)\s+(?:also\s+)?"
    r"(?:apply|applies|hold|holds|cover|covers|count|be true|true)\s+(?:to|for)?\s*(.+?)\s*"
    r"(?:too|also|as well)?\s*[?.!]*\s*$",
    re.I,
)
_EN_TOO = re.compile(r"\b(?:too|also|as well)\b", re.I)
# "state-owned companies": the law's state-owned enterprises, not "state" and "owned" apart
_STATE_OWNED = re.compile(
    r"\bstate[- ](?:owned|run)(?: (?:compan(?:y|ies)|firms?|enterprises?|businesses|corporations?))?", re.I
)


def scope_subject(message: str) -> str:
    """The party named in a "does that apply to X too?" follow-up ("国企员工", "state-owned companies");
    "" when the message asks no such thing."""
    text = message.strip()
    en = _EN_ASK.match(text)
    if en:
        # "does that apply to them?" with no one named, or no "too": a question of its own
        subject = en.group(1).strip()
        if not _EN_TOO.search(text) or subject.lower() in ("them", "us", "me", "it", "that", "this"):
            return ""
        return subject
    if _ZH_ASK.search(text):
        subject = _ZH_ASK.sub("", text)
    else:
        applies = _ZH_APPLIES_TO.match(text)
        if applies is None:
            return ""
        subject = applies.group(2) or applies.group(1)
    subject = _ZH_POINTER.sub("", _ZH_LEAD.sub("", subject, count=1)).strip(" ，,。？?")
    return subject if len(subject) >= 2 else ""


def subject_units(subject: str, glossary: Glossary) -> list[Unit]:
    """The party's words as units, each held only by its glossary terms and the law's words for it
    ("国企": 国有企业, state-owned enterprises; not the dictionary's "state" or "own", which
    "state-established" and "on their own" hold), and every word kept, even one no article holds
    ("private companies": no article names them)."""
    subject = _STATE_OWNED.sub("SOEs", subject)
    spans = []
    for entry, matched in glossary.concepts(subject).items():
        zh, en = glossary.terms(entry)
        spans.append((matched, [*zh, *en, *legal_forms(matched)]))
    return question_units(
        regulation_terms(subject), spans, lambda t: [*glossary.translations(t), *legal_forms(t)]
    )


@dataclass(frozen=True)
class _Sentence:
    text: str
    position: int


def naming(unit: Unit) -> Quotes:
    """The sentences of a passage that name the party (`unit`: in Chinese, or in English by a term of
    several words or an abbreviation): its scope sentence, not the ones the question's words rank first."""
    english = [f for f in unit.forms if not _CJK.search(f)]
    phrases = [f for f in english if re.search(r"[\s-]", f)] or english

    def quotes(question: str, hits: list[Hit]) -> Sequence[_Sentence]:
        sentences = split_sentences(hits[0].chunk.text) if hits else []
        forms = [*(f for f in unit.forms if _CJK.search(f)), *phrases]
        return [_Sentence(t, i) for i, t in enumerate(sentences) if any(covers(f, t.lower()) for f in forms)]

    return quotes


def not_named(subject: str, chunk: Chunk, name: str) -> Draft:
    """ "那国企也可以吗" of the article on state-established universities' autonomy, which no article on
    that subject extends to them: the article shown does not mention them, and its first sentence, which
    says whom it speaks of ("Research and development institutions and universities established by the
    state may ..."), so the asker sees to whom it does apply; not another article that names them on
    another subject. Answered false where the article has no sentence to show."""
    lacks = article_lacks(chunk, name, f"没有提到{subject}", f"does not mention {subject}")
    body = article_text(chunk.text).split("\n", 1)[-1].strip()  # less the heading line
    sentences = split_sentences(body)
    if not sentences:
        return lacks
    head = lacks.text.rsplit(" [", 1)[0].rstrip("。.")
    said = (
        f"{head}；该条规定：“{sentences[0]}” [1]"
        if chunk.lang == "zh"
        else f'{head}; it says: "{sentences[0]}" [1]'
    )
    return Draft(said, lacks.citations, True)
