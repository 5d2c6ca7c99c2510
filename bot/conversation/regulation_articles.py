"""Situation questions about regulations, answered with the article that covers them, and follow-ups
inside the article in focus.

    RegulationArticles(searcher, router, quotes, regulations)
        .followup(message, lang, dialogue) -> Draft | None: a follow-up inside the article shown last
            ("what has to be in that report?", "多少年？", "如果是作价投资，奖励怎么算"): its sentences
            that answer it; "does that apply to SOEs too?" (regulation_scope.py): its sentence naming
            them, or the article on its subject that does
        .situation(question, lang, intent, dialogue) -> Draft | None: a question in everyday words the
            router places among regulation topics ("if the tech we licensed loses value later, is the
            university head liable?"): the regulation articles searched (only the regulation named, if
            one is), the one that holds the question's content (regulation_reading.py reads it,
            regulation_evidence.py weighs it) quoted, its number first ('Article 45 of the ... Law
            (...): "... at least 50% ..." [1]'), with the article of another regulation it applies, or
            said to give no figure when one is asked of it; None when no article holds it (the other
            answers are tried)
        .step(message, lang, dialogue) -> Draft | None: the next or previous article, which regulation
            or which article the one in focus is ("which article is that", "辽宁条例第几条说的")
        .unstated(question, lang, chunks) -> Draft | None: a searched answer led by an article that does
            not state the kind of answer asked ("what's the income tax rate ..."): said so
    focus_article(citations, current) -> the chunk id of the article an answer showed
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from retrieval.types import Chunk, Hit, SearchFilters

from .dialogue import DialogueState, follow_up_query, mentions_previous
from .draft import Draft
from .regulation_asks import asked_facts
from .regulation_docs import RegulationDoc
from .regulation_evidence import (
    ArticleText,
    article_coverage,
    holds,
)
from .regulation_focus import ArticleSteps
from .regulation_followup_forms import (
    ANOTHER_CASE,
    ARTICLE_NUMBER,
    ASKS_DETAIL,
    LEVEL_ALONE,
    REG_NOUN,
    SIMILAR,
    short_followup,
)
from .regulation_headings import HeadingFinder, asks_article_for, asks_definition
from .regulation_names import by_level, named_regulation, names_level, other_province
from .regulation_quote import cross_reference, quote_article
from .regulation_reading import QuestionReading
from .regulation_scope import naming, not_named, scope_subject, subject_units
from .regulation_table import ArticleTable, article_key
from .regulation_unstated import asks_figure, unstated
from .regulations import about_other_sources
from .types import Citation

if TYPE_CHECKING:
    from retrieval.search import HybridSearcher

    from .regulation_quote import Quotes
    from .regulations import RegulationAnswerer
    from .router import IntentRouter

__all__ = ["RegulationArticles", "focus_article"]

# The plans a situation question may get from the rules: a search; a listing when it names what was
# licensed ("if the tech we licensed ..."); a need when it says what "we want" ("we want to spin off a
# startup, can our professor keep his job?"). An article number, a count or events stand alone.
_SITUATION_PLANS = ("search", "technologies", "demands", "match")
# An article holding this weighted share of the question's content (in either language version; rarer
# among the articles, heavier: regulation_evidence.py) answers it. Measured on the dev split of
# evals/conversations and on evals/answers' near misses ("what minimum salary does the law set for
# technology managers?").
_COVERAGE = 0.5
_POINTING_COVERAGE = 0.3  # ... or this share, for a follow-up that points back at it ("that report")
_SCORE_FLOOR = 0.25  # the article's search score (hybrid: cosine plus keyword bonus)
# Among the first articles found, the one holding most of the question wins unless another ranks far
# ahead ("how much of licensing income goes to researchers?" ranks ownership rights first).
_RERANK_WEIGHT = 1.0
_CANDIDATES = 5
# The router's regulation score this close behind the best intent's: the question may be either, and an
# article holding its content answers it ("anything protecting uni leaders if a tech they sold ...")
_NEAR_ROUTE = 0.02
# Right after an article, a question the router places elsewhere is one when an article holds all of it
# and is found well ("要不要每年报告" after the article on income the unit keeps: the annual report's)
_HOLDS_ALL, _SCORE_AFTER_ARTICLE = 0.99, 0.4
_BOUND = frozenset(
    ["minimum", "maximum", "at least", "at most", "不低于", "不高于", "最少", "最多", "最低", "最高"]
)
_EVERY_ARTICLE = 200  # more than the regulations' articles in both languages: each one's score


def focus_article(citations: Sequence[Citation], current: str | None) -> str | None:
    """The article a follow-up may ask about: the first article an answer cites; an answer citing
    anything else leaves none; an answer citing nothing (a refusal) keeps the one before."""
    if not citations:
        return current
    first = min(citations, key=lambda c: c.n)
    return first.chunk_id if first.kind == "regulation" and first.locator else None


class RegulationArticles:
    """Regulation articles for situation questions and for follow-ups inside the article in focus."""

    def __init__(
        self,
        searcher: HybridSearcher,
        router: IntentRouter | None,
        quotes: Quotes,
        regulations: RegulationAnswerer,
    ) -> None:
        self.searcher = searcher
        self.router = router  # what a message asks (regulation_topic), by its nearest prototypes
        self.quotes = quotes  # the chat's sentence scoring: the sentences of passages that answer best
        self.regulations = regulations
        self.table = ArticleTable(searcher.store, searcher.glossary, regulations)
        self.reading = QuestionReading(searcher, regulations, self.table)  # what a question asks about
        self.headings = HeadingFinder(self.reading, self.table)  # the article asked for by its subject
        self.steps = ArticleSteps(self.table, regulations)  # where the article in focus sits

    def step(self, message: str, lang: str, dialogue: DialogueState) -> Draft | None:
        """ "下一条呢", "which chapter is that in", "is that national or provincial?" right after an article
        (regulation_focus.py)."""
        return self.steps.step(message, lang, dialogue)

    def _by_level(self, message: str, lang: str) -> list[RegulationDoc]:
        """ "and in liaoning?", "国家的呢" right after an article: the regulation of the region or level
        the message names alone, in the message's language first."""
        alone = ANOTHER_CASE.match(message) or LEVEL_ALONE.match(message)  # "the provincial one?"
        return by_level(message, self.regulations.regulations(), lang) if alone else []

    def _groups(self, question: str, lang: str, filters: SearchFilters) -> set[str]:
        """The regulations a question is asked of: the one searched, else the level it names ("国家法里")."""
        docs = self.regulations.regulations()
        named = [d for d in docs if d.doc_id == filters.doc_id] or by_level(question, docs, lang)
        return {d.group for d in named}

    def _name(self, chunk: Chunk) -> str:
        return self.steps.name(chunk)

    def followup(self, message: str, lang: str, dialogue: DialogueState) -> Draft | None:
        article = self.table.by_chunk_id(dialogue.article) if dialogue.article else None
        if article is None or not short_followup(message) or asked_facts(message):
            return None  # "它什么时候施行的" asks the regulation's facts (regulation_asks.py)
        if asks_definition(message):  # "what counts as job-related?": the article defining it, where one does
            defined = self.headings.article(message, ())
            if defined is not None and defined != article:
                return self._quote(message, lang, defined)
        subject = scope_subject(message)
        if subject:  # "那国企员工也适用吗" ("state-owned" names no regulation): the article shown, or the
            return self._applies(subject, lang, article, dialogue)  # one on its subject, for them
        named = self.regulations.named(message) or self._by_level(message, lang)  # "and in liaoning?"
        if named and not {d.doc_id for d in named} & {c.doc_id for c in article.versions.values()}:
            # "辽宁省的条例怎么规定的", "does the liaoning regulation have something similar?": the question
            # before, asked of the regulation named; one with a topic of its own is searched as it stands
            own = self.reading.units(message, self.searcher.glossary.concepts(message))
            # (a regulation's noun is none: "国家法律里有吗")
            topical = [
                u
                for u in own
                if not SIMILAR.search(u.forms[0])
                and not names_level(u.forms[0], named)
                and not REG_NOUN.fullmatch(u.forms[0])
            ]
            if topical:
                return None
            question = f"{SIMILAR.sub(' ', message)} {self._heading(article, lang)}"  # a comparison, no topic
            within = SearchFilters(kind=("regulation",), doc_id=named[0].doc_id)
            return self.situation(question, lang, "search", dialogue, within)
        concepts = self.searcher.glossary.concepts(message)
        units = self.reading.units(message, concepts)
        if units:
            coverage = article_coverage(units, self.reading.weights(units), article)
            # "what is that money used for?" points at the article shown: its words may differ more
            if coverage < (_POINTING_COVERAGE if mentions_previous(message) else _COVERAGE):
                if ANOTHER_CASE.match(message):  # "那作价投资呢": the question before, of another case
                    # ... unless the article shown lacks its weightiest word ("and training tech managers?"
                    # after the article on transfer offices): a subject of its own, asked alone first
                    heaviest = max(zip(self.reading.weights(units), units, strict=True), key=lambda p: p[0])[
                        1
                    ]
                    if not holds(heaviest, article):
                        alone = self.situation(message, lang, "search", dialogue)
                        if alone is not None:
                            return alone
                    question = follow_up_query(dialogue.query, message)
                    # or the case in the subject of the article shown, where the question before holds
                    # words no article does ("能分多少")
                    return self.situation(question, lang, "search", dialogue) or self.situation(
                        f"{message} {self._heading(article, lang)}", lang, "search", dialogue
                    )
                return None  # a topic of its own: searched as any question
            return self._quote(message, lang, article)
        if not ASKS_DETAIL.search(message):
            return None
        # "多少年？" says nothing but what it asks: read with the question before it
        return self._quote(follow_up_query(dialogue.query, message), lang, article)

    def _applies(
        self, subject: str, lang: str, article: ArticleText, dialogue: DialogueState
    ) -> Draft | None:
        """ "does that apply to state-owned companies too?": the sentences of the article shown naming them
        where it names them (the weightiest of what `subject` says), else the article on the same subject
        that does ("国企员工" after the province's rewards at universities: its rewards in
        state-owned enterprises); else that the article shown does not mention them."""
        units = subject_units(subject, self.searcher.glossary)
        if not units:
            return None
        weights = self.reading.weights(units)
        heaviest = max(zip(weights, units, strict=True), key=lambda p: p[0])[1]
        if holds(heaviest, article):  # the article shown names them: its sentences that do
            return quote_article(subject, lang, article, self._name(article.version(lang)), naming(heaviest))
        heading = self._heading(article, lang)
        topic = self.reading.units(heading, self.searcher.glossary.concepts(heading))
        # in the regulation shown first ("that" is its rule), then in any: an article naming them on the
        # same subject (not the province's SOE rewards after the autonomy to transfer)
        own = SearchFilters(kind=("regulation",), doc_id=article.version(lang).doc_id)
        for within in (own, None):
            found = self.situation(f"{subject} {heading}", lang, "search", dialogue, within)
            cited = found.citations[0].chunk_id if found and found.citations else None
            shown = self.table.by_chunk_id(cited) if cited else None
            if shown is None or shown == article or not holds(heaviest, shown):
                continue
            if article_coverage(topic, self.reading.weights(topic), shown) >= _COVERAGE:
                return found
        return not_named(subject, article.version(lang), self._name(article.version(lang)))

    @staticmethod
    def _heading(article: ArticleText, lang: str) -> str:
        """The article's subject: its heading without the number ("奖励和报酬的法定标准")."""
        heading = article.version(lang).text.split("\n", 1)[0]  # "第四十五条 奖励和报酬的法定标准"
        return ARTICLE_NUMBER.sub(" ", heading).strip()

    def situation(
        self,
        question: str,
        lang: str,
        intent: str,
        dialogue: DialogueState | None = None,
        within: SearchFilters | None = None,
    ) -> Draft | None:
        router = self.router
        # "技术经理人在辽宁条例里是第几条" is planned as a count ("几"): it asks for an article
        asked_for = intent == "count" and asks_article_for(question)
        if (intent not in _SITUATION_PLANS and not asked_for) or router is None:
            return None
        routing = router.route(question)
        # Right after an article, "are there tax breaks for that?" is a regulation question even where the
        # router puts it a close second; one that names a regulation ("辽宁的条例里有质押贷款的内容吗") is one
        after_article = dialogue is not None and dialogue.article is not None
        close = routing.runner_up if after_article else None
        near = routing.behind("regulation_topic") <= _NEAR_ROUTE  # a toss-up: the articles decide
        named = bool(self.regulations.named(question))
        routed = "regulation_topic" in (routing.intent, close) or near or named
        if not routed and not after_article and not asks_article_for(question):
            return None  # "辽宁哪条管中试基地" asks for an article whatever the router makes of it
        # "广东省规定的奖励比例是多少": another province's rules are not in the knowledge base; "what did the
        # press conference say the regulations clarify?": the news answers
        if other_province(question, self.regulations.regulations()) or about_other_sources(question):
            return None
        filters = within or self.regulations.filter_for(question) or SearchFilters(kind=("regulation",))
        headed = self.headings.article(question, self._groups(question, lang, filters))
        if headed is not None:  # "哪条讲技术市场", "职务科技成果指啥": the article headed so
            return self._quote(question, lang, headed)
        hits = self._search(question, filters)
        concepts = self.searcher.glossary.concepts(question)
        units = self.reading.units(question, concepts)
        if not hits or not units:
            return None
        # a search within another regulation reads the article in focus's heading: no words of the asker's
        weights = self.reading.weights(units)
        specific = self.reading.specific_units(question, concepts, everyday=within is None)
        found = [
            (h, a) for h, best in hits if best >= _SCORE_FLOOR and (a := self.table.of(h.chunk)) is not None
        ]
        held = [sum(holds(u, a) for u in specific) for _, a in found]
        # a bound asked ("minimum", "不低于") is what the question wants, no subject of its story: an
        # article holding only it ("what minimum salary does the law set for technology managers?": the
        # inventors' minimum rewards) holds none of the story
        subjects = [sum(holds(u, a) for u in specific if not _BOUND & set(u.forms)) for _, a in found]
        # "technology managers" is another article's subject: one that lacks it answers something else.
        # A story naming two articles' subjects ("the SOE head approved a cheap sale, is he liable?":
        # approval, liability), which no article holds both of: the one holding all but one of them
        need = max(held, default=0) if len(specific) > 1 else len(specific)
        need = max(need, len(specific) - 1, 1) if specific else 0
        scored = []
        for (hit, article), count, own in zip(found, held, subjects, strict=True):
            if count < need or (count < len(specific) and own == 0):
                continue
            coverage = article_coverage(units, weights, article)
            scored.append((hit.score + _RERANK_WEIGHT * coverage, coverage, article))
        if not scored:
            return None
        rank, coverage, article = max(scored, key=lambda s: s[0])
        if not routed and (coverage < _HOLDS_ALL or rank - coverage < _SCORE_AFTER_ARTICLE):
            return None  # after an article, "要不要每年报告" (a count to the router): one article holds it
        return self._quote(question, lang, article) if coverage >= _COVERAGE else None

    def unstated(self, question: str, lang: str, chunks: Sequence[Chunk]) -> Draft | None:
        """A searched answer led by an article: that the article among those found (`chunks`) holding most
        of the question does not state what it asks (a rate, a penalty: regulation_unstated.py), naming
        it; None when it may, or none is an article."""
        articles = [a for a in (self.table.of(c) for c in chunks) if a is not None]
        if not articles:
            return None
        units = self.reading.units(question, self.searcher.glossary.concepts(question))
        weights = self.reading.weights(units)
        article = max(articles, key=lambda a: article_coverage(units, weights, a))  # the first of equals
        return unstated(question, article, lang, self._name(article.version(lang)))

    # ---- the articles that may answer ------------------------------------------------------------------
    def _search(self, question: str, filters: SearchFilters) -> list[tuple[Hit, float]]:
        """The first articles found for the question as asked, then those found for it in the law's words
        ("the dean" ... the head, liability): each with its score for the question as asked, which ranks
        it (the law's words find an article the question's own do not; they do not rank it above the ones
        those find), and its better score of the two, which must clear the floor. Only the law's words few
        articles hold are added: "researchers", "科技成果" are in most, and would find any."""
        asked = self.searcher.search(question, k=_EVERY_ARTICLE, filters=filters).hits
        extra = self.reading.law_words(question)
        query = " ".join([question, *extra])
        found = self.searcher.search(query, k=_CANDIDATES, filters=filters).hits if extra else []
        better = {h.chunk.id: h.score for h in found}
        return [
            (h, max(h.score, better.get(h.chunk.id, 0.0)))
            for i, h in enumerate(asked)
            if i < _CANDIDATES or h.chunk.id in better
        ]

    def _quote(self, question: str, lang: str, article: ArticleText) -> Draft | None:
        """The article quoted; where the quote applies an article of another regulation ("where there are
        no rules, the standards of Article 45 of the national Law apply"), that article quoted after it."""
        doc_id = article.version(lang).doc_id
        doc = next((d for d in self.regulations.regulations() if d.doc_id == doc_id), None)
        missing = unstated(question, article, lang, doc.name if doc else "")
        if missing is not None:  # "具体能减免多少" of the article on tax incentives, which names no sum
            return missing
        draft = self._quoted(question, lang, article, 1)
        if draft is None:
            return None
        reference = cross_reference(draft.citations[0].snippet)
        target = self._referred(reference, article) if reference else None
        then = self._quoted(question, lang, target, 2) if target is not None else None
        if then is None:
            return draft
        if target is not None and asks_figure(question):
            # "我能拿多少" of "没有规定的，执行第四十五条规定的标准": the standard it applies holds the
            # figure, and leads (the article a follow-up's "which article is that?" asks about)
            first, second = self._quoted(question, lang, target, 1), self._quoted(question, lang, article, 2)
            if first is not None and second is not None:
                draft, then = first, second
        return Draft(f"{draft.text}\n{then.text}", [*draft.citations, *then.citations], True)

    def _quoted(self, question: str, lang: str, article: ArticleText, n: int) -> Draft | None:
        doc_id = article.version(lang).doc_id
        doc = next((d for d in self.regulations.regulations() if d.doc_id == doc_id), None)
        # its sentences that say what the question asks in the law's words ("does it cover SOEs too?")
        question = " ".join([question, *self.reading.law_words(question)])
        return quote_article(question, lang, article, doc.name if doc else "", self.quotes, n)

    def _referred(self, reference: tuple[int, str], article: ArticleText) -> ArticleText | None:
        number, naming = reference
        docs = self.regulations.regulations()
        groups = {d.group for d in docs if d.doc_id in set(named_regulation(naming, docs))}
        own = {article_key(c)[0] for c in article.versions.values()}
        if len(groups) != 1 or groups == own:
            return None
        return self.table.articles().get((groups.pop(), number))
