"""Who a person named in the news is: "Zang Ximin是哪个大学的副校长", "kainer used to be president of
what", "陈东升是谁" (the news spells him Chen Dongsheng).

News name people with their role right after the name ("Zang Ximin, Vice President of Shenyang University
of Technology; Shi Yanli, ..."). Those appositions are read once per index into a table of names and
roles; a question that names one of them (itself, by its surname alone where that is one person's, or in
Chinese characters through the alias table's pinyin) and asks who they are is answered with the role,
quoted with its article. A question that names nobody of the table is left to the other answerers.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from retrieval.aliases import alias_table
from retrieval.search import HybridSearcher
from retrieval.text import detect_lang
from retrieval.types import Chunk, SearchFilters

from ..phrasebook import phrase
from .draft import Draft
from .types import Citation

__all__ = ["People", "roles_in"]

# "Name, Role" where a list of people or a sentence introduces one: after a start, "; ", ", ", "and ",
# "Mr. " / "Prof. ", or "—" ("seven industry experts—including Kong Lingxu, Secretary-General of ...").
_NAMED = re.compile(
    r"(?:^|[;—]\s*|[,.]\s+|\band\s+|including\s+|(?:Mr|Ms|Mrs|Dr|Prof)\.\s*)"
    # the role is read ahead, not taken: the next person of a list starts inside it
    r"(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}), "
    r"(?=(?P<role>(?:former |deputy |vice )?[A-Z][^;—\n]{6,240}))",
    re.M,
)
# Where the role ends: the next person of the list, or what the person did.
_ROLE_END = re.compile(
    r",\s*(?:and\s+)?(?:Mr|Ms|Mrs|Dr|Prof)\.|,\s+and\s|,\s+(?=[A-Z][a-z]+ [A-Z][a-z]+,)|"
    # (?<!\s): a run of spaces is tried once, from its start, not from each of its spaces
    r"(?<!\s)\s+(?:delivered|made|attended|expressed|pointed|gave|said|presented|shared|respectively)\b|"
    r"\.\s+[A-Z](?![a-z]{0,3}\.)|\.\s*$"
)
_ROLE_WORDS = re.compile(
    r"\b(?:President|Director|Secretary|Chairman|Manager|Engineer|Professor|Academician|Mayor|Head|"
    r"Chief|Dean|Party|Member|Leader|Researcher|Fellow|Officer|Founder|Vice)\b"
)
# The message asks who the person is (their post, their organisation), in either language.
_WHO = re.compile(
    r"是谁|什么身份|身份|职务|头衔|什么职位|哪个(?:公司|大学|单位|机构|学校|协会|部门)|哪家|哪所|是干什么的|"
    r"做什么的|\bwho(?:'s| is| was)\b|\bwhich (?:company|university|organi[sz]ation|org|association|"
    r"institution|firm|school)\b|\bwhat (?:org|organi[sz]ation|company|position|title|role|post)\b|"
    r"\bpresident of what\b|\bwhere (?:is|does) \w+ (?:work|from)\b|"
    # "Karl Ulrich Kainer - what was his role?", "what is Yu Yajun's position"
    r"\b(?:his|her|their|'s) (?:role|position|title|job|post)\b",
    re.I,
)
# The kind of organisation asked ("潘复生是哪个大学的教授") and the words of a role that names one: a role
# that names none ("Academician of the Chinese Academy of Engineering") does not answer it.
_ORG_ASKED = (
    (
        re.compile(r"哪个?(?:大学|学校|高校)|哪所|\b(?:which|what) (?:university|school|college)\b", re.I),
        re.compile(r"\b(?:University|College|School)\b"),
        {"zh": "大学", "en": "university"},
    ),
    (
        re.compile(r"哪个?(?:公司|企业)|哪家公司|\b(?:which|what) (?:company|firm|enterprise)\b", re.I),
        re.compile(r"\b(?:Co\.|Company|Group|Ltd|Corporation|Enterprise)"),
        {"zh": "公司", "en": "company"},
    ),
)
_MAX_CHARS = {"zh": 60, "en": 140}
# One person pointed at: "he", "his", "她" (not "他们", "they").
_PRONOUN = re.compile(r"\b(?:he|she|him|his|her)\b|[他她](?!们)", re.I)


@dataclass(frozen=True)
class Role:
    name: str
    role: str
    chunk: Chunk


def roles_in(text: str) -> list[tuple[str, str]]:
    """(name, role) for every person the text introduces with a role."""
    out: list[tuple[str, str]] = []
    for found in _NAMED.finditer(text):
        role = found.group("role")
        end = _ROLE_END.search(role)
        role = (role[: end.start()] if end else role).strip(" ,")
        if _ROLE_WORDS.search(role) and len(role) <= 160:
            out.append((found.group("name"), role))
    return out


class People:
    def __init__(self, searcher: HybridSearcher) -> None:
        self.searcher = searcher
        self._lock = threading.Lock()
        self._key = ""
        self._table: dict[str, list[Role]] = {}

    def meant(self, message: str, person: str | None) -> str | None:
        """The message with "he", "his", "他" read as the person the conversation is about ("which
        university is he at?" after "who is Zang Ximin"); None when there is none, or it names its own."""
        if not person or not _PRONOUN.search(message) or self._named(message) is not None:
            return None
        return _PRONOUN.sub(lambda m: f"{person}'s" if m.group(0).lower() == "his" else person, message)

    def named(self, message: str) -> str | None:
        """The name of the one person of the news the message names ("Pan Fusheng"), or None."""
        key = self._named(message)
        return self._roles()[key][0].name if key is not None else None

    def _named(self, message: str) -> str | None:
        table = self._roles()
        if not table:
            return None
        # the message's words and the pinyin spellings of the Chinese names in it ("陈东升" -> chen dongsheng)
        spelled = alias_table(self.searcher.keyword_index()).lookup(message)
        text = " ".join([message, *spelled]).lower()
        named = [n for n in table if re.search(rf"(?<![a-z]){re.escape(n)}(?![a-z])", text)]
        named = [n for n in named if not any(n != o and n in o for o in named)]  # the full name, not a part
        return named[0] if len(named) == 1 else None

    def _roles(self) -> dict[str, list[Role]]:
        """Lower-cased names (and surnames that name one person alone) -> their roles, per index."""
        store = self.searcher.store
        key = store.fingerprint()
        with self._lock:
            if key != self._key:
                table: dict[str, list[Role]] = {}
                for _, chunk, _ in store.scan(SearchFilters(kind=("news",))):
                    if chunk is None:
                        continue
                    for name, role in roles_in(chunk.text):
                        roles = table.setdefault(name.lower(), [])
                        if all(r.role != role for r in roles):
                            roles.append(Role(name, role, chunk))
                surnames: dict[str, set[str]] = {}
                for name in table:
                    surnames.setdefault(name.split()[-1], set()).add(name)  # "kainer" of "karl ulrich kainer"
                for last, names in surnames.items():
                    if len(names) == 1 and len(last) > 4 and last not in table:
                        table[last] = table[next(iter(names))]
                self._table, self._key = table, key
            return self._table

    def answer(self, message: str, lang: str) -> Draft | None:
        """The role of the person the message names and asks about; None when it names no one known."""
        if not _WHO.search(message) or len(message) > _MAX_CHARS[detect_lang(message)]:
            return None
        key = self._named(message)
        if key is None:
            return None
        roles = self._roles()[key]
        lines, citations = [], []
        for n, role in enumerate(roles[:2], start=1):
            lines.append(f"{role.name}, {role.role} [{n}]")
            citations.append(Citation.of(n, role.chunk, f"{role.name}, {role.role}"))
        note = phrase("source_other_lang", lang) if roles[0].chunk.lang != lang else ""
        missing = _org_missing(message, [r.role for r in roles[:2]], lang)
        if missing:  # the roles are shown, and the answer counts as none (staff see it)
            head = phrase("person.no_org", lang, name=roles[0].name, what=missing)
            return Draft("\n".join([head, *lines]) + note, citations, False)
        return Draft("\n".join(lines) + note, citations, True)


def _org_missing(message: str, roles: list[str], lang: str) -> str | None:
    """The kind of organisation the message asks of the person, where none of their roles names one."""
    for asked, named, what in _ORG_ASKED:
        if asked.search(message) and not any(named.search(role) for role in roles):
            return what[lang]
    return None
