"""The chat service: understand the question (with its conversation), answer it from records, articles or
passages, in one of three modes, and store the exchange.

    plan (intents.py) -> structured answer (structured.py) | passages: extractive (extractive.py)
                                                                     | llm/local (generative.py)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from retrieval.catalog import Catalog, RecordView
from retrieval.embedders import Embedder
from retrieval.errors import UpstreamError
from retrieval.fields import cities_in, fields_in
from retrieval.search import HybridSearcher
from retrieval.stores.base import VectorStore
from retrieval.text import detect_lang, keyword_tokens
from retrieval.types import RECORD_KINDS, Chunk, Hit

from ..conversation.dialogue import DialogueState
from ..conversation.draft import Draft, list_records
from ..conversation.evidence import concept_terms, matches_concept, province_scope
from ..conversation.followups import Followups, Rewrite, items_of, strip_correction
from ..conversation.regulations import RegulationAnswerer
from ..conversation.render import render_record
from ..conversation.router import IntentRouter
from ..conversation.types import ChatResponse, Citation
from ..matching.capture import redact as mask_contacts
from ..phrasebook import phrase
from ..security.redaction import redact
from ..settings import LLMSettings
from ..storage.conversations import ConversationStore, Message, new_id
from .extractive import Quote, SentenceVectors, select_quotes
from .generative import generate_answer, prompt_history, select_context
from .intents import DETAIL, Plan, plan_question
from .llm import ChatModel
from .rewrite import rewrite_question
from .sanitize import drop_instructions, strip_markup
from .scope import out_of_scope
from .structured import answer_article, answer_count, answer_events, answer_listing

if TYPE_CHECKING:
    from retrieval.matching import Matcher

    from ..matching.capture import DemandCapture

__all__ = ["ChatService", "Thresholds"]

log = logging.getLogger(__name__)
Event = tuple[str, dict[str, Any]]
_FULL_ARTICLE_CHARS = 900  # articles up to this length are quoted whole
_LISTING = re.compile(
    r"有没有|有哪些|哪些|是否有|\bis there\b|\bare there\b|\bany\b|\blist\b|\bwhich (technolog|event|demand)",
    re.I,
)


@dataclass(frozen=True)
class Thresholds:
    """When the knowledge base counts as having an answer, calibrated on evals/answers (README).

    Passage-level similarity does not separate "is there a space elevator technology?" (unanswerable)
    from real questions; the best quotable sentence does better: on evals/answers its score (similarity
    plus IDF-weighted keyword coverage plus answer-type bonus) was >= 0.53 for every answerable question
    that reaches passage search, and < 0.50 for the unanswerable ones except near misses such as "what
    minimum salary does the law set for technology managers?" (0.63-0.68; the law has articles on
    technology managers, not their pay).
    """

    evidence: float = 0.52  # best sentence score for an answer from passages
    passage_floor: float = 0.12  # passages below this cosine similarity are not even read
    prose_first: float = 0.62  # a count/event question whose answer is plainly in the news goes there
    route_margin: float = 0.1  # the router overrides the rules this far ahead of its runner-up (dev)


_SURROGATE = re.compile("[\ud800-\udfff]")  # a pair is one character in a str: these are all lone


def _thread_id(user: str | None, messages: list[str]) -> str:
    digest = hashlib.sha256(json.dumps([user, messages], ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"thread-{digest[:40]}"


def _unicode(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True)
class _Passages:
    """Passages already searched and quoted while planning the answer: a count question that the news
    answers is answered from the hits and quotes that showed it (searching again cost ~40 ms at 100k)."""

    hits: list[Hit]
    quotes: list[Quote]


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
    ) -> None:
        self.searcher = searcher
        self.catalog = catalog
        self.store = store
        self.embedder = embedder
        self.sentences = SentenceVectors(embedder)  # quote scoring: recent sentences' vectors kept
        self.conversations = conversations
        self.llm_settings = llm_settings
        self.chat_model = chat_model
        self.clock = clock
        self.thresholds = thresholds or Thresholds()
        self.matcher = matcher  # "we need a technology for X" (bot/matching)
        self.capture = capture  # "好的，登记": the need becomes a lead for staff review
        self.router = router  # what a message asks, by its nearest prototype utterances
        self.regulations = RegulationAnswerer(store)  # named regulations: their facts, a search kept to them
        self.followups = Followups(catalog, searcher, clock, self._best_sentence, matcher)

    @property
    def mode(self) -> str:
        return self.llm_settings.mode if self.chat_model is not None else "extractive"

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
        # Lone UTF-16 surrogates ("\ud800" is valid JSON) cannot be stored or encoded: make them U+FFFD.
        message, user = _unicode(message), _unicode(user) if user is not None else None
        prior = [_unicode(p) for p in prior] if prior else prior
        state_of: str | None = None
        if prior is not None and session_id is None:
            # A stateless client (OpenAI API) sends the whole conversation each time: the conversation so
            # far names its state, so "the second one?" reads what this conversation showed, on any replica.
            session_id, state_of = _thread_id(user, [*prior, message]), _thread_id(user, prior)
            user = None
        sid = self.conversations.ensure_session(session_id, channel, user)
        lang = lang or detect_lang(message)
        state = self.conversations.get_state(state_of or sid) if prior or state_of is None else {}
        dialogue = DialogueState.from_json(state.get("dialogue"))
        institutions = self.catalog.institutions()
        previous = Plan.from_state(state.get("plan", {}))
        for earlier in prior if prior and previous is None else []:  # a conversation this server never saw
            previous = plan_question(earlier, self.clock(), previous, institutions)
        # "不是，我说的是氢能": the previous question again, about what the correction names.
        corrected = strip_correction(message) if previous is not None else None
        plan = plan_question(corrected or message, self.clock(), previous, institutions)
        # A demand-capture turn (enterprise, contact, deadline) is answered by the capture; its contact is
        # kept in the lead only, masked in the stored message (bot/matching/capture.py).
        after_match = previous is not None and previous.intent == "match"
        turn = self.capture.step(message, lang, state, sid, after_match) if self.capture is not None else None
        if turn is not None:
            plan = previous or plan
        elif plan.intent == "match":  # the need is kept in the session state: without any contact in it
            plan = dataclasses.replace(plan, query=mask_contacts(plan.query, lang, mask=" "))
        stored = (
            turn.stored_message
            if turn is not None
            else mask_contacts(message, lang)
            if plan.intent == "match"
            else message
        )
        self.conversations.add_message(Message(new_id(), sid, "user", stored, lang))
        # With an LLM, a follow-up ("how many has it collected?") is read as the standalone question it
        # stands for (rewrite.py); what the user typed is what is stored and shown.
        question = message
        if turn is None and corrected is None and plan.intent not in ("article", "match"):
            question = self._standalone(message, lang, sid, prior, dialogue)
            if question != message:
                plan = plan_question(question, self.clock(), None, institutions)
        mode = "extractive"
        prefer_doc: str | None = None
        try:
            followup = (
                self.followups.answer(message, lang, dialogue)
                if turn is None and corrected is None and plan.intent not in ("article", "match")
                else None
            )
            if followup is None and turn is None and corrected is None:
                plan, refuse = self._reroute(message, plan)
                if refuse:
                    followup = Draft(phrase("refusal", lang), [], False)
            if turn is None and not isinstance(followup, Draft) and plan.intent in ("search", "article"):
                # "辽宁科技创新条例什么时候施行的", "它是谁制定的": a fact of the regulation as a document
                followup = self.regulations.answer(question, lang, dialogue.regulation) or followup
            if isinstance(followup, Rewrite):
                plan = dataclasses.replace(plan, intent="search", query=followup.query)
                prefer_doc = followup.doc_id
            planned = (
                turn.draft
                if turn is not None
                else followup
                if isinstance(followup, Draft)
                else Draft(phrase("refusal", lang), [], False)
                if out_of_scope(message)
                else self._structured(plan, lang, question, state)
            )
            if isinstance(planned, Draft):
                draft = self._safe(planned)
                yield from self._tokens(draft.text)
            else:
                if planned is None:
                    # A question naming a regulation is searched in it ("what does the law say about tax?")
                    named = self.regulations.filter_for(question)
                    hits = [
                        h
                        for h in self.searcher.search(plan.query, k=10, filters=named).hits
                        if h.dense >= self.thresholds.passage_floor
                    ]
                    if prefer_doc is not None:  # a follow-up about one document reads it first
                        hits.sort(key=lambda h: h.chunk.doc_id != prefer_doc)
                    quotes = self._quotes(plan.query, hits)
                else:
                    hits, quotes = planned.hits, planned.quotes
                if not quotes or quotes[0].score < self.thresholds.evidence:
                    draft = Draft(phrase("refusal", lang), [], False)
                    yield from self._tokens(draft.text)
                elif self.chat_model is not None:
                    try:
                        draft, mode = self._generate(question, lang, hits, quotes, sid, prior)
                    except UpstreamError as exc:
                        if not self.llm_settings.fallback_to_extractive:
                            raise
                        log.warning("LLM failed, answering extractively: %s", exc)
                        draft = self._safe(self._extract(lang, hits, quotes, question))
                    yield from self._tokens(draft.text)
                else:
                    draft = self._safe(self._extract(lang, hits, quotes, question))
                    yield from self._tokens(draft.text)
        except Exception as exc:
            if raise_errors:
                raise
            log.exception("answer failed")
            detail = redact(str(exc)) if isinstance(exc, UpstreamError) else "internal error"
            yield "error", {"detail": detail}
            return
        reply = self.conversations.add_message(
            Message(
                new_id(),
                sid,
                "assistant",
                draft.text,
                lang,
                draft.answered,
                mode,
                [c.model_dump() for c in draft.citations],
            )
        )
        shown = {i.doc_id for i in dialogue.items}
        about_shown = isinstance(followup, Draft) and all(c.doc_id in shown for c in draft.citations)
        dialogue.shown(items_of(draft.citations), plan.query, about_shown)
        self.conversations.set_state(sid, {**state, "plan": plan.state(), "dialogue": dialogue.to_json()})
        yield "citations", {"citations": [c.model_dump() for c in draft.citations]}
        response = ChatResponse(
            session_id=sid,
            message_id=reply.id,
            answer=draft.text,
            answered=draft.answered,
            mode=mode,
            lang=lang,
            citations=draft.citations,
            suggestions=draft.suggestions,
        )
        yield "done", response.model_dump()

    # ---- answer paths ------------------------------------------------------------------------------
    def _reroute(self, message: str, plan: Plan) -> tuple[Plan, bool]:
        """Where the semantic router is sure, it corrects the rules' plan: a detail of a past event, a
        statistic or a fact from the news is read in the passages, not counted or listed; an enterprise
        describing its problem is matched; a question from outside the domain is declined."""
        if self.router is None:
            return plan, False
        routing = self.router.route(message)
        if routing.margin < self.thresholds.route_margin:
            return plan, False
        if routing.intent == "out_of_scope" and plan.intent == "search":
            return plan, True
        if routing.intent in ("event_detail", "statistic", "passage_fact") and plan.intent in (
            "events",
            "count",
            "technologies",
            "demands",
        ):
            return dataclasses.replace(plan, intent="search"), False
        if routing.intent == "matchmaking_need" and plan.intent in ("search", "technologies", "demands"):
            return dataclasses.replace(plan, intent="match"), False
        return plan, False

    def _concept_terms(self, question: str) -> list[str]:
        """The question's distinctive terms, less the words that name its field, city or institution."""
        slots = {t for t in keyword_tokens(question) if fields_in(t) or cities_in(t)}
        for name in self.catalog.institutions():
            if name and name.lower() in question.lower():
                slots.update(keyword_tokens(name))
        index = self.searcher.keyword_index()
        return concept_terms(question, slots, lambda t: index.idf(t) < index.idf("\x00"))

    def _idf(self, term: str) -> float:
        return self.searcher.keyword_index().idf(term)

    def _translate(self, term: str) -> list[str]:
        return self.searcher.glossary.translations(term)

    def _best_sentence(self, question: str, chunk: Chunk) -> str | None:
        """The sentence of one record or passage that best answers a follow-up about it."""
        quotes = self._quotes(question, [Hit(chunk, 1.0, 1.0, 0.0)])
        return quotes[0].text if quotes and quotes[0].coverage > 0 else None

    def _quotes(self, question: str, hits: list[Hit]) -> list[Quote]:
        # A sentence that orders an assistant about is neither evidence nor a quote (sanitize.py).
        clean = [dataclasses.replace(h.chunk, text=drop_instructions(h.chunk.text)) for h in hits]
        hits = [dataclasses.replace(h, chunk=chunk) for h, chunk in zip(hits, clean, strict=True)]
        return select_quotes(
            question,
            hits,
            self.sentences,
            self.searcher.glossary.translations(question),
            self.searcher.keyword_index().idf,
        )

    def _prose_answers(self, plan: Plan) -> _Passages | None:
        """A count or event question about something the news reports ("how many requirements were
        collected for the 2018 Shenyang meeting?") is answered from the news, not by counting records:
        the passages and quotes of the answer, if the news among them answers it."""
        hits = [
            h for h in self.searcher.search(plan.query, k=10).hits if h.dense >= self.thresholds.passage_floor
        ]
        news = [h for h in hits if h.chunk.kind in ("news", "regulation")]
        quotes = self._quotes(plan.query, news)
        if not quotes or quotes[0].score < self.thresholds.prose_first:
            return None
        return _Passages(hits, self._quotes(plan.query, hits))

    def _structured(
        self, plan: Plan, lang: str, question: str, state: dict[str, Any] | None = None
    ) -> Draft | _Passages | None:
        """A structured answer (listing, count, events, article, match), or the passages already found
        for the answer, or None: search passages and quote them."""
        today = self.clock()
        if plan.intent == "match" and self.matcher is not None:
            from ..matching.chat import answer_match

            draft, offer = answer_match(plan.query, lang, self.matcher, self.catalog, today)
            if state is not None:
                state["match_offer"] = offer
            return draft
        if plan.intent == "events" and DETAIL.search(question):
            return None  # who spoke, who attended: the news and the event's summary, read as passages
        if plan.intent == "count" and province_scope(question):
            return None  # a figure about the province is in the news, never a count of our listings
        if plan.intent == "count" and plan.upcoming is not True:
            passages = self._prose_answers(plan)
            if passages is not None:
                return passages
        if plan.intent == "events":
            return answer_events(plan, self.catalog, lang, today)
        if plan.intent in ("technologies", "demands"):
            terms = self._concept_terms(question)
            keep = (lambda r: matches_concept(r, terms, self._idf, self._translate)) if terms else None
            return answer_listing(plan, self.catalog, lang, plan.query, keep, " ".join(terms))
        if plan.intent == "count":
            return answer_count(plan, self.catalog, lang, today)
        if plan.intent == "article":
            article = answer_article(plan, self.store, self.embedder, lang, question)
            if article is None:
                refs = (
                    "、".join(f"第{n}条" for n in plan.articles)
                    if lang == "zh"
                    else ", ".join(f"Article {n}" for n in plan.articles)
                )
                return Draft(phrase("article_missing", lang, articles=refs), [], False)
            return article
        return None

    def _extract(self, lang: str, hits: list[Hit], quotes: list[Quote], question: str = "") -> Draft:
        if quotes[0].chunk.kind in RECORD_KINDS and _LISTING.search(question):
            # "Is there a technology for ...?": the records, the one holding the best sentence first.
            kind = quotes[0].chunk.kind
            first = {q.chunk.id: h for q in quotes for h in hits if h.chunk.id == q.chunk.id}
            rest = [h for h in hits if h.chunk.kind == kind and h.chunk.id not in first]
            ordered = [*first.values(), *rest]
            terms = self._concept_terms(question)
            records = [RecordView(h.chunk) for h in ordered if h.chunk.kind in RECORD_KINDS][:5]
            if terms and not any(matches_concept(r, terms, self._idf, self._translate) for r in records):
                what = phrase(f"what.{kind}", lang) if kind != "event" else phrase("events_any", lang)
                head = phrase("no_match_nearest", lang, terms=" ".join(terms), what=what)
                nearest = list_records(records, lang, head, limit=3)
                return Draft(nearest.text, nearest.citations, False)
            return self._records_from_hits(lang, ordered)
        numbers: dict[str, int] = {}
        by_chunk: dict[str, list[Quote]] = {}
        for quote in quotes:
            numbers.setdefault(quote.chunk.id, len(numbers) + 1)
            by_chunk.setdefault(quote.chunk.id, []).append(quote)
        lines = [phrase("intro", lang)]
        if any(q.chunk.lang != lang for q in quotes):
            lines[0] += phrase("source_other_lang", lang)
        citations: list[Citation] = []
        for chunk_id, group in by_chunk.items():
            n, chunk = numbers[chunk_id], group[0].chunk
            if chunk.locator and len(chunk.text) <= _FULL_ARTICLE_CHARS:
                body = chunk.text  # staff want the article itself, not a paraphrase or a piece of it
            else:
                body = " ".join(q.text for q in sorted(group, key=lambda q: q.position))
            citations.append(Citation.of(n, chunk, body))
            if chunk.kind in RECORD_KINDS:
                # A record is short: show all of it (institution, dates, venue, summary, registration).
                lines.append(render_record(RecordView(chunk), lang, n, full=True))
                continue
            where = f"{chunk.title} {chunk.locator}".strip()
            if lang == "zh":
                lines.append(f"《{where}》：“{body}” [{n}]" if chunk.locator else f"“{body}” [{n}]")
            else:
                lines.append(f'{where}: "{body}" [{n}]' if chunk.locator else f'"{body}" [{n}]')
        return Draft("\n".join(lines), citations, True)

    def _records_from_hits(self, lang: str, hits: list[Hit]) -> Draft:
        records = [RecordView(h.chunk) for h in hits if h.chunk.kind in RECORD_KINDS][:5]
        return list_records(records, lang, phrase("intro", lang))

    def _history(self, sid: str, prior: list[str] | None) -> list[tuple[str, str]]:
        """The turns before this message: those a stateless client sent (/v1), else the stored ones."""
        stored = [(m.role, m.content) for m in self.conversations.history(sid, 7)[:-1]]
        return prompt_history(stored, prior)

    def _standalone(
        self, message: str, lang: str, sid: str, prior: list[str] | None, dialogue: DialogueState
    ) -> str:
        """With an LLM, a follow-up rewritten as a standalone question (rewrite.py); else the message."""
        if self.chat_model is None:
            return message
        focus = dialogue.focus.title if dialogue.focus is not None else ""
        summary = "; ".join(part for part in (dialogue.query, focus) if part)
        return rewrite_question(self.chat_model, self._history(sid, prior), message, lang, summary)

    def _generate(
        self,
        question: str,
        lang: str,
        hits: list[Hit],
        quotes: list[Quote],
        sid: str,
        prior: list[str] | None,
    ) -> tuple[Draft, str]:
        """The model's answer, read whole, filtered, guarded and grounded before any of it is shown
        (generative.py), and the mode that answered: the extractive answer when no sentence the model
        wrote was grounded in its sources. Raises UpstreamError when the endpoint fails."""
        assert self.chat_model is not None
        context = select_context(hits, self.llm_settings.context_tokens)
        fallback = (
            (lambda: self._safe(self._extract(lang, hits, quotes, question)))
            if self.llm_settings.fallback_to_extractive
            else None
        )
        result = generate_answer(
            self.chat_model, question, lang, context, self._history(sid, prior), fallback=fallback
        )
        if result.outcome == "leaked":
            log.warning("session %s: the model's answer repeated the system prompt; withheld", sid)
        if result.removed:
            log.info("session %s: removed %d sentence(s) their sources do not hold", sid, len(result.removed))
        return result.draft, "extractive" if result.fell_back else self.mode

    @staticmethod
    def _safe(draft: Draft) -> Draft:
        """Stored text is data: no instruction it carries, no markup and no link to anything but the cited
        sources reaches the reader (a chat client that renders markdown would fetch an image URL)."""
        urls = {c.url for c in draft.citations if c.url}
        # Listings are curated records (an event's registration link is the point of it); prose is scraped.
        records = bool(draft.citations) and all(c.kind in RECORD_KINDS for c in draft.citations)

        def clean(text: str) -> str:
            return strip_markup(drop_instructions(text), urls, keep_bare_urls=records)

        citations = [
            c.model_copy(update={"title": strip_markup(c.title, urls), "snippet": clean(c.snippet)})
            for c in draft.citations
        ]
        return dataclasses.replace(draft, text=clean(draft.text), citations=citations)

    @staticmethod
    def _tokens(text: str) -> Iterator[Event]:
        # Stream the extractive answer in small pieces: a word in English, a few characters in Chinese.
        for piece in re.findall(r"\s*\S+|\s+", text):
            for start in range(0, len(piece), 8):
                yield "token", {"text": piece[start : start + 8]}
