"""The chat service every entry point uses (HTTP, OpenAI-compatible API, CLI, the bots): understand the
message with its conversation, answer it, store the exchange, and emit it as events.

    understand: the conversation's state (conversation/dialogue.py), the plan and its slots
                (intents.py), a correction, a capture turn, the standalone question (with an LLM):
                turns.py
    decide:     small talk and follow-ups (conversation/followups.py), the router's corrections,
                a regulation's own facts (conversation/regulations.py), a structured answer
                (answering.py: listings, counts, events, articles, matchmaking) or passages
    answer:     the passages quoted (answering.py) or, with an LLM, written from them and grounded
                (model_turns.py, generative.py); no answer when the evidence is too weak
    remember:   the exchange and what it showed, for the next follow-up
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any

from retrieval.catalog import Catalog
from retrieval.embedders import Embedder
from retrieval.errors import UpstreamError
from retrieval.search import HybridSearcher
from retrieval.stores.base import VectorStore
from retrieval.types import RECORD_KINDS

from ..conversation.accounts import Accounts
from ..conversation.article_status import ArticleNotices
from ..conversation.attributes import never_listed_answer
from ..conversation.dialogue import SOURCE_ASKED
from ..conversation.draft import Draft, source_reply
from ..conversation.event_details import EventDetails
from ..conversation.followup_forms import Rewrite, items_of
from ..conversation.followups import Followups
from ..conversation.news_facts import NewsFacts
from ..conversation.news_listing import NewsListing
from ..conversation.owners import OwnerDetails
from ..conversation.people import People
from ..conversation.record_details import RecordDetails
from ..conversation.regulation_articles import RegulationArticles, focus_article
from ..conversation.regulations import RegulationAnswerer
from ..conversation.router import IntentRouter
from ..conversation.smalltalk import smalltalk_reply
from ..conversation.subscribe import parse_request
from ..conversation.types import ChatResponse
from ..phrasebook import phrase
from ..security.redaction import redact
from ..settings import LLMSettings
from ..storage.conversations import ConversationStore, Message, new_id
from .answering import Answers, Passages
from .curated import CuratedDraft, CuratedMatcher
from .llm import ChatModel
from .model_turns import generated, standalone
from .scope import out_of_scope
from .semantic_intent import SemanticIntent
from .thresholds import Thresholds
from .turns import Turn, reads_on, understand
from .unanswered import held_technologies, within_focus
from .value_types import missing_kind, unstated

if TYPE_CHECKING:
    from retrieval.matching import Matcher

    from ..matching.capture import DemandCapture
    from ..storage.regulation_status import RegulationStatusStore

__all__ = ["ChatService", "Thresholds"]

log = logging.getLogger(__name__)
MAX_SAID = 500  # of the last message kept in the dialogue state: a follow-up reads its words, not a page
Event = tuple[str, dict[str, Any]]


class ChatService:
    def __init__(
        self,
        searcher: HybridSearcher,
        catalog: Catalog,
        store: VectorStore,
        embedder: Embedder,
        conversations: ConversationStore,
        llm_settings: LLMSettings,
        chat_model: ChatModel | None = None,
        clock: Callable[[], dt.date] = dt.date.today,
        thresholds: Thresholds | None = None,
        matcher: Matcher | None = None,
        capture: DemandCapture | None = None,
        router: IntentRouter | None = None,
        accounts: Accounts | None = None,
        curated: CuratedMatcher | None = None,
        article_status: RegulationStatusStore | None = None,
    ) -> None:
        self.catalog = catalog
        self.conversations = conversations
        self.llm_settings = llm_settings
        self.chat_model = chat_model
        self.clock = clock
        self.capture = capture  # "好的，登记": the need becomes a lead for staff review
        self.accounts = accounts  # subscriptions and one person across channels (conversation/accounts.py)
        self.answers = Answers(searcher, catalog, store, embedder, clock, thresholds, matcher)
        self.semantic = SemanticIntent(router, self.answers.thresholds.route_margin)  # what rules miss
        self.regulations = RegulationAnswerer(store)  # named regulations: their facts, a search kept to them
        # situation questions about regulations and follow-ups inside the article shown
        self.articles = RegulationArticles(searcher, router, self.answers.quotes, self.regulations)
        details = RecordDetails(searcher, catalog, self.answers.quotes, clock)  # a detail of a named record
        self.followups = Followups(catalog, searcher, clock, self.answers.best_sentence, matcher, details)
        self.people = People(searcher)  # who a person the news name is
        self.news_facts = NewsFacts(searcher)  # who published an article, and when
        self.news = NewsListing(searcher)  # the articles themselves ("any news about magnesium?")
        self.owners = OwnerDetails.of(catalog, searcher)  # "when was Dalian Lanhai founded": not listed
        self.event_details = EventDetails(catalog, searcher, self.answers.sentences, clock)  # past events
        self.curated = curated  # staff-written answers to questions asked before (console)
        self.notices = ArticleNotices(article_status, self.regulations)  # articles marked amended/repealed

    def warm(self) -> None:
        """Read now what the first question of its kind would wait for: the regulation articles' table
        (~0.8 s over the benchmark's 5k chunks, on the first situation question otherwise)."""
        self.articles.table.articles()

    @property
    def mode(self) -> str:
        return self.llm_settings.mode if self.chat_model is not None else "extractive"

    @property
    def thresholds(self) -> Thresholds:
        return self.answers.thresholds

    @thresholds.setter
    def thresholds(self, value: Thresholds) -> None:
        self.answers.thresholds = value

    # ---- public API ------------------------------------------------------------------------------
    def answer(
        self,
        message: str,
        session_id: str | None = None,
        lang: str | None = None,
        channel: str = "web",
        user: str | None = None,
        prior: list[str] | None = None,
    ) -> ChatResponse:
        done: ChatResponse | None = None
        for name, data in self.stream(
            message, session_id, lang, channel, user, prior=prior, raise_errors=True
        ):
            if name == "done":
                done = ChatResponse.model_validate(data)
        assert done is not None
        return done

    def stream(
        self,
        message: str,
        session_id: str | None = None,
        lang: str | None = None,
        channel: str = "web",
        user: str | None = None,
        prior: list[str] | None = None,
        raise_errors: bool = False,
    ) -> Iterator[Event]:
        """Events: ("token", {"text"}) ..., ("citations", {"citations"}), ("done", ChatResponse) or
        ("error", {"detail"}). The exchange is stored before "done" is sent. `prior` are earlier user
        messages of a stateless client (OpenAI API): they set the context a follow-up is read in."""
        turn = understand(
            message,
            session_id,
            lang,
            channel,
            user,
            prior,
            conversations=self.conversations,
            catalog=self.catalog,
            clock=self.clock,
            accounts=self.accounts,
            capturer=self.capture,
            standalone=self._standalone,
        )
        try:
            draft, mode = yield from self._respond(turn)
        except BaseException as exc:
            # No answer (an error, or a client gone mid-stream): the question is still kept, as asked.
            self.conversations.save_turn(turn.sid, [turn.asked], create=turn.create)
            if raise_errors or not isinstance(exc, Exception):
                raise
            log.exception("answer failed")
            detail = redact(str(exc)) if isinstance(exc, UpstreamError) else "internal error"
            yield "error", {"detail": detail}
            return
        response = self._remember(turn, draft, mode)
        yield "citations", {"citations": [c.model_dump() for c in draft.citations]}
        yield "done", response.model_dump()

    # ---- decide ------------------------------------------------------------------------------------
    def _decide(self, turn: Turn) -> Draft | Passages | None:
        """What answers: a finished draft, passages already searched, or None (search the passages)."""
        if turn.capture is not None:
            return turn.capture.draft
        if SOURCE_ASKED.search(turn.message):  # "source?": of the answer before, not passages of the word
            source = self._source_of_answer(turn)
            if source is not None:
                return source
        if self.accounts is not None and turn.prior is None:
            # "有新的氢能成果请通知我", "my subscriptions", "link my account": the account (accounts.py)
            request = parse_request(turn.message, self.catalog.institutions())
            if request is not None:
                return self.accounts.answer(request, turn.lang, *turn.origin)
        meant = self.people.meant(turn.message, turn.dialogue.person) if turn.capture is None else None
        if meant is not None:  # "which university is he at?": the person the conversation is about
            turn.message = turn.question = meant
            turn.plan = dataclasses.replace(turn.plan, query=meant)
        if turn.capture is None and turn.corrected is None:
            step = self.articles.step(turn.message, turn.lang, turn.dialogue)  # "下一条呢" after an article
            if step is not None:
                return step
        if reads_on(turn):  # "who published that article?": the news article the answer before quoted
            turn.followup = self.news_facts.of_focus(
                turn.message, turn.lang, turn.dialogue
            ) or self.followups.answer(turn.message, turn.lang, turn.dialogue)
        elif turn.corrected is not None and turn.capture is None:  # "不对，我是说第二个"
            turn.followup = self.followups.corrected_item(turn.corrected, turn.lang, turn.dialogue)
        elif turn.plan.intent == "match" and turn.capture is None and turn.corrected is None:
            # "那有企业提过这个需求吗" reads like a need, but asks for the counterpart of what was shown
            followups, said = self.followups, (turn.message, turn.lang, turn.dialogue)
            turn.followup = followups.counterpart(*said) or followups.nothing_shown(*said)
        if reads_on(turn) and not isinstance(turn.followup, Draft):  # "what has to be in that report?"
            turn.followup = self.articles.followup(turn.message, turn.lang, turn.dialogue) or turn.followup
        if turn.followup is None and turn.corrected is None and turn.plan.intent == "search":
            small_talk = self.semantic.small_talk(turn.message)
            if small_talk is not None:
                reply = smalltalk_reply(small_talk, turn.lang, self.catalog, self.clock())
                turn.followup = Draft(reply, [], True, small_talk=True)
        if turn.followup is None and turn.corrected is None and self.curated is not None:
            # Staff answered this question (or one it paraphrases): their answer, before any search and
            # before the router may decline it (a question left unanswered is what staff curate).
            curated = self.curated.answer(turn.question, turn.lang)
            if curated is not None:
                return curated
        if turn.followup is None and turn.capture is None and turn.corrected is None:
            turn.plan, refuse = self.semantic.reroute(turn.message, turn.plan)
            if refuse:
                return Draft(phrase("refusal", turn.lang), [], False)
            # "Zang Ximin是哪个大学的副校长": the role the news give a person; "who co-organised the 2024
            # liaoyang magnesite conference?": the event's record and news
            turn.followup = (
                self.owners.answer(turn.question, turn.lang)
                or self.people.answer(turn.question, turn.lang)
                or self.news_facts.answer(turn.question, turn.lang)  # "那篇新闻是哪家媒体发的"
                or self.news.answer(turn.question, turn.lang)  # "最近有什么科技成果转化的新闻"
                or self.event_details.answer(turn.question, turn.lang, turn.dialogue)
            )
        if not isinstance(turn.followup, Draft) and turn.plan.intent in ("search", "article", "count"):
            # "辽宁科技创新条例什么时候施行的", "它是谁制定的": a fact of the regulation as a document
            dialogue = turn.dialogue
            fact = self.regulations.answer(turn.question, turn.lang, dialogue.regulation, dialogue.query)
            turn.followup = fact or turn.followup
        if not isinstance(turn.followup, Draft):  # a situation in everyday words (regulation_articles.py)
            situation = self.articles.situation(turn.question, turn.lang, turn.plan.intent, turn.dialogue)
            turn.followup = situation or turn.followup
        if isinstance(turn.followup, Rewrite):
            turn.plan = dataclasses.replace(turn.plan, intent="search", query=turn.followup.query)
            turn.prefer_doc = turn.followup.doc_id
        elif isinstance(turn.followup, Draft):
            return turn.followup
        if out_of_scope(turn.message):
            return Draft(phrase("refusal", turn.lang), [], False)
        return self.answers.structured(turn.plan, turn.lang, turn.question, turn.state)

    # ---- answer ------------------------------------------------------------------------------------
    def _respond(self, turn: Turn) -> Generator[Event, None, tuple[Draft, str]]:
        """Token events of the answer; returns the answer and the mode that gave it."""
        decided = self._decide(turn)
        # A curated answer is the staff's own text: given as is, never rewritten by a model.
        mode = "curated" if isinstance(decided, CuratedDraft) else "extractive"
        if isinstance(decided, Draft):
            draft = self.answers.safe(decided)
            if mode != "curated" and draft.answered:  # "考试费多少": an article that states no fee
                draft = unstated(turn.question, turn.lang, draft) or draft
        else:
            # A question naming a regulation is searched in it ("what does the law say about tax?").
            named = self.regulations.filter_for(turn.question)
            found = decided or self.answers.passages(turn.plan.query, named, turn.prefer_doc)
            if not self.answers.answers(found, turn.question) and decided is None:
                found = within_focus(self.answers, turn) or found  # "which yr" of the article quoted
            if not self.answers.answers(found, turn.question):
                held = held_technologies(self.answers, self.catalog, turn)  # "bin picking, anyone?"
                draft = held or Draft(phrase("refusal", turn.lang), [], False)
            elif (unlisted := self._unlisted(turn, found)) is not None:
                draft = unlisted
            elif missing_kind(turn.question, evidence := self.answers.evidence(found)) is not None:
                # "收率是多少": the record quoted states no yield (value_types.py)
                extract = self.answers.safe(self.answers.extract(turn.lang, found, turn.question))
                draft = unstated(turn.question, turn.lang, extract, evidence) or extract
            elif self.chat_model is not None:
                try:
                    draft, mode = self._generate(turn, found)
                except UpstreamError as exc:
                    if not self.llm_settings.fallback_to_extractive:
                        raise
                    log.warning("LLM failed, answering extractively: %s", exc)
                    draft = self.answers.safe(self.answers.extract(turn.lang, found, turn.question))
            else:
                draft = self.answers.safe(self.answers.extract(turn.lang, found, turn.question))
        draft = self.notices.apply(draft, turn.lang)
        yield from self._tokens(draft.text)
        return draft, mode

    def _unlisted(self, turn: Turn, found: Passages) -> Draft | None:
        """ "what's the warranty period on the DUT five-axis machining centre": the record quoted first
        does not state what no listing holds (attributes.py NEVER_LISTED), and the answer says so instead
        of quoting its sentence that shares a word; None for anything a passage may answer."""
        best = found.quotes[0].chunk if found.quotes else None
        if best is not None and best.kind == "regulation":  # "income tax rate?" of the tax article
            chunks = [q.chunk for q in found.quotes] + [h.chunk for h in found.hits]
            return self.articles.unstated(turn.question, turn.lang, chunks)
        if best is None or best.kind not in RECORD_KINDS:
            return None
        record = self.catalog.record(best.kind, best.doc_id)
        return None if record is None else never_listed_answer(record, turn.question, turn.lang, self.clock())

    def _standalone(self, turn: Turn) -> str:
        """With an LLM, a follow-up rewritten as a standalone question (model_turns.py); else the message."""
        if self.chat_model is None:
            return turn.message
        return standalone(self.chat_model, self.conversations, turn)

    def _generate(self, turn: Turn, found: Passages) -> tuple[Draft, str]:
        """The model's answer (model_turns.py) and the mode that answered."""
        assert self.chat_model is not None

        def extractive() -> Draft:
            return self.answers.safe(self.answers.extract(turn.lang, found, turn.question))

        draft, fell_back = generated(
            self.chat_model, self.llm_settings, self.conversations, turn, found, extractive
        )
        return draft, "extractive" if fell_back else self.mode

    @staticmethod
    def _tokens(text: str) -> Iterator[Event]:
        # Stream the answer in small pieces: a word in English, a few characters in Chinese.
        for piece in re.findall(r"\s*\S+|\s+", text):
            for start in range(0, len(piece), 8):
                yield "token", {"text": piece[start : start + 8]}

    # ---- remember ----------------------------------------------------------------------------------
    def _source_of_answer(self, turn: Turn) -> Draft | None:
        """ "source?" after an answer: that it cited nothing, or the listing it was about; None for an
        article or a passage (their own answerers tell)."""
        focus = turn.dialogue.focus
        record = (
            self.catalog.record(focus.kind, focus.doc_id) if focus and focus.kind in RECORD_KINDS else None
        )
        return source_reply(turn.state.get("cited") is False, record, turn.lang)

    def _remember(self, turn: Turn, draft: Draft, mode: str) -> ChatResponse:
        """Store the question, the answer and what it showed (the next follow-up points at it), in one
        transaction."""
        citations = [c.model_dump() for c in draft.citations]
        reply = Message(
            new_id(), turn.sid, "assistant", draft.text, turn.lang, draft.answered, mode, citations
        )
        if draft.small_talk:  # "thanks" after a list: "the second one?" still points into it
            state = {**turn.state, "lang": turn.lang}
            self.conversations.save_turn(turn.sid, [turn.asked, reply], state, create=turn.create)
            return self._response(turn, reply, draft, mode)
        dialogue = turn.dialogue
        shown = {i.doc_id for i in dialogue.items}
        about_shown = isinstance(turn.followup, Draft) and all(c.doc_id in shown for c in draft.citations)
        dialogue.shown(items_of(draft.citations), turn.plan.query, about_shown, items_of(draft.members))
        # A list: the item the question named is the focus. Not after a need matched: its words describe
        # the need (a place, a field: "a chemical company in Panjin" names the Panjin chemicals event
        # listed below the matches), and "who developed it?" asks of the best match
        if not about_shown and len(draft.citations) > 1 and turn.plan.intent != "match":
            dialogue.focus_named(self.followups.with_translations(turn.message))
        dialogue.article = focus_article(draft.citations, dialogue.article)
        dialogue.said = turn.message[:MAX_SAID]  # "循环寿命要求多少" -> "大化所那个满足吗" (fit_check.py)
        # "who is Pan Fusheng" or an answer naming one person ("who gave the opening speech?") -> "his role?"
        dialogue.person = self.people.named(turn.question) or self.people.named(draft.text)
        state = {**turn.state, "plan": turn.plan.state(), "dialogue": dialogue.to_json(), "lang": turn.lang}
        state["cited"] = bool(draft.citations)  # "source?" after an answer that had none (_decide)
        self.conversations.save_turn(turn.sid, [turn.asked, reply], state, create=turn.create)
        return self._response(turn, reply, draft, mode)

    @staticmethod
    def _response(turn: Turn, reply: Message, draft: Draft, mode: str) -> ChatResponse:
        return ChatResponse(
            session_id=turn.sid,
            message_id=reply.id,
            answer=draft.text,
            answered=draft.answered,
            mode=mode,
            lang=turn.lang,
            citations=draft.citations,
            suggestions=draft.suggestions,
        )
