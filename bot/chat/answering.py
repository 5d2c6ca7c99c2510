"""Gather the answer and choose it by its evidence: a structured answer (listing, count, events, article,
match), or the passages and the sentences of them that answer best, or nothing.

    plan -> structured (structured.py) | passages -> quotes (extractive.py) -> an extract, or no answer

A listing is the answer only when its records hold the question's key concept (conversation/evidence.py);
a count of our listings never stands for a province-wide figure; a passage answers only when its best
sentence clears the evidence threshold. The chat service (service.py) decides which of these a message
needs and streams what they give. How the passages found are read and quoted is passages.py's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from retrieval.catalog import Catalog, RecordView
from retrieval.dictionary import corpus_dictionary
from retrieval.embedders import Embedder
from retrieval.fields import cities_in, field_names_in, fields_in
from retrieval.search import HybridSearcher
from retrieval.stores.base import VectorStore
from retrieval.text import keyword_tokens
from retrieval.types import RECORD_KINDS, Chunk, Hit, SearchFilters

from ..conversation.draft import Draft, list_records
from ..conversation.evidence import (
    concept_terms,
    joined_phrases,
    matches_concept,
    our_listings,
    province_scope,
    province_word,
)
from ..conversation.institution_names import institution_short_form
from ..phrasebook import phrase
from .extractive import Quote, SentenceVectors, asks_count, has_number, select_quotes
from .intents import DETAIL, asks_a_thing
from .maturity import maturity_words
from .news_naming import named_period
from .outcomes import target_for_outcome
from .passages import Passages, in_language, quoted_extract, safe_draft
from .plan import Plan
from .record_listing import answer_records
from .record_superlatives import answer_superlative
from .sanitize import drop_instructions
from .structured import (
    REGISTER,
    answer_article,
    answer_count,
    answer_events,
    answer_registration,
    on_agenda,
)
from .thresholds import Thresholds
from .year_passages import concept_of_sentence, of_the_year, of_the_year_hits

if TYPE_CHECKING:
    from retrieval.matching import Matcher

__all__ = ["Answers", "Passages"]

_SIBLING_DOCS = 2  # news articles read whole
_QUANTITY_QUOTES = 5  # a quantity asked is answered by one of the first quotes, with a number in it
_RARE = 2  # passages that hold a name at most: "Linglong" is in one
_NAME_LETTERS = 4  # letters (or characters) a name has at least
# the words of a question that asks what something is, and no more of it
_ABOUT = re.compile(
    r"whats?|what's|tell|about|thing|stuff|news|story|reports?|mentioned|says?|said|info|information|no|"
    r"新闻|报道|东西|什么|啥|说|讲|介绍|一下|是",
    re.I,
)
# Words of a listing's TRL and transfer-mode slots (intents.py): what to filter by, not a topic.
_SLOT_WORD = re.compile(
    r"(?:licen[cs]\w*|outright|sale|equity|trl|许可|转让|入股|作价入股|合作开发|买断)$", re.I
)
_LISTING = re.compile(
    r"有没有|有哪些|哪些|是否有|\bis there\b|\bare there\b|\bany\b|\blist\b|\bwhich (technolog|event|demand)",
    re.I,
)


def _body(chunk: Chunk) -> str:
    """A passage's text, less an article's heading ("Article 24 Technology managers": no count in it)."""
    if chunk.kind == "regulation":
        return chunk.text.split("\n", 1)[-1]
    return chunk.text


class Answers:
    def __init__(
        self,
        searcher: HybridSearcher,
        catalog: Catalog,
        store: VectorStore,
        embedder: Embedder,
        clock: Callable[[], dt.date],
        thresholds: Thresholds | None = None,
        matcher: Matcher | None = None,
    ) -> None:
        self.searcher = searcher
        self.catalog = catalog
        self.store = store
        self.embedder = embedder
        self.sentences = SentenceVectors(embedder)  # quote scoring: recent sentences' vectors kept
        self.clock = clock
        self.thresholds = thresholds or Thresholds()
        self.matcher = matcher  # "we need a technology for X" (bot/matching)

    # ---- evidence ----------------------------------------------------------------------------------
    def concept_terms(self, question: str) -> list[str]:
        """The question's distinctive terms, less the words that name its field, city or institution."""
        # The province is everywhere in the corpus: "辽宁" is where, not what ("2026年辽宁科技成果转化奖励").
        slots = {
            t
            for t in keyword_tokens(question)
            if fields_in(t) or cities_in(t) or _SLOT_WORD.match(t) or province_word(t)
        }
        slots.update(maturity_words(question))  # "lab stage", "中试": a slot, no topic
        # the pieces of a name of a whole field are no topic of their own: "电动车" is the field, its
        # "电动" and "动车" would find an electric arc furnace and nothing about vehicles (a topic word
        # within a field, "尾矿", "机器人", stays)
        named = field_names_in(question)
        slots.update(t for t in keyword_tokens(question) if any(t != w and t.lower() in w for w in named))
        institutions = self.catalog.institutions()
        for name in institutions:
            if name and name.lower() in question.lower():
                slots.update(keyword_tokens(name))
        short = institution_short_form(question, institutions)  # "大连化物所", "DICP"
        if short:
            slots.update(keyword_tokens(short))
            # and cut out whole: "沈自所有啥成果" is segmented 沈自/所有, neither of them the short form
            question = question.replace(short, " ")
        index = self.searcher.keyword_index()
        absent = index.idf("\x00")  # the IDF of a word no passage holds

        def in_corpus(term: str) -> bool:
            return index.idf(term) < absent

        terms = concept_terms(question, slots, in_corpus)
        phrases = self.searcher.glossary.concepts(question).values()
        return joined_phrases(terms, phrases, in_corpus, {s.lower() for s in slots})

    def holds(
        self, terms: list[str], share: float = 0.5, strict: bool = False
    ) -> Callable[[RecordView], bool]:
        index, glossary = self.searcher.keyword_index(), self.searcher.glossary
        dictionary = corpus_dictionary(index)
        # The glossary's terms, and the everyday words the dictionary finds in the corpus: with both, a
        # term of one language is seen to be absent from a record of the other. Looked up once here, not
        # for every record the predicate is asked about.
        words = [*terms, *(w for t in terms if " " in t or "-" in t for w in keyword_tokens(t))]  # a phrase's

        # and the glossary's other terms for it in its own language: "cobot" is held as "collaborative robot"
        def synonyms(term: str) -> list[str]:
            return [w for i in glossary.concepts(term) for side in glossary.terms(i) for w in side]

        translations = {
            t: [*glossary.translations(t), *synonyms(t), *dictionary.lookup_term(t)] for t in words
        }
        return lambda r: matches_concept(r, terms, index.idf, translations.__getitem__, share, strict)

    def quotes(self, question: str, hits: list[Hit]) -> list[Quote]:
        # A sentence that orders an assistant about is neither evidence nor a quote (sanitize.py).
        clean = [dataclasses.replace(h.chunk, text=drop_instructions(h.chunk.text)) for h in hits]
        hits = [dataclasses.replace(h, chunk=chunk) for h, chunk in zip(hits, clean, strict=True)]
        index = self.searcher.keyword_index()
        # The glossary's terms and the dictionary's everyday words: "谁在峰会上讲话" is answered by an
        # English sentence about speeches at the summit.
        translations = [
            *self.searcher.glossary.translations(question),
            *corpus_dictionary(index).lookup(question),
        ]
        return select_quotes(question, hits, self.sentences, translations, index.idf)

    def best_sentence(self, question: str, chunk: Chunk) -> str | None:
        """The sentence of one record or passage that best answers a follow-up about it."""
        quotes = self.quotes(question, [Hit(chunk, 1.0, 1.0, 0.0)])
        return quotes[0].text if quotes and quotes[0].coverage > 0 else None

    def passages(
        self, query: str, filters: SearchFilters | None = None, prefer_doc: str | None = None
    ) -> Passages:
        """The passages worth reading for `query` and their best sentences; a follow-up about one
        document (`prefer_doc`) reads it first."""
        hits = self._hits(query, filters)
        period = named_period(query) if filters is None else None
        if period is not None:  # "23年那篇新闻说……": that year's articles first, found by what it asks
            dated = SearchFilters(kind=("news",), date_from=period[0], date_to=period[1])
            named = self._hits(query, dated)
            hits = [*named, *(h for h in hits if all(h.chunk.id != n.chunk.id for n in named))]
        if prefer_doc is not None:
            hits.sort(key=lambda h: h.chunk.doc_id != prefer_doc)
        return self._read(query, self._with_siblings(hits))

    def _read(self, query: str, hits: list[Hit]) -> Passages:
        quotes = in_language(self.store, query, self._on_topic(query, self.quotes(query, hits)))
        kept = of_the_year(query, quotes)
        if quotes and not kept:  # all of other years: those of the year, read alone (year_passages.py)
            kept = self._of_the_year_alone(query, hits)
            quotes = kept or quotes
        return Passages(hits, kept, quotes[0] if quotes else None)

    def _of_the_year_alone(self, query: str, hits: list[Hit]) -> list[Quote]:
        dated = of_the_year_hits(query, hits)
        kept = of_the_year(
            query, in_language(self.store, query, self._on_topic(query, self.quotes(query, dated)))
        )
        if not kept:
            return []
        # "how many patents were granted in 2024" is not answered by the 2024 goals, which name no patent
        terms, sentence = concept_of_sentence(query, kept[0], self.concept_terms(query))
        return kept if not terms or self.holds(terms)(sentence) else []

    def _with_siblings(self, hits: list[Hit]) -> list[Hit]:
        """The hits, with the other passages of the news articles that lead them: an article's facts
        sit in passages about several topics at once, whose vectors a question of the other language
        ranks low ("辽宁从企业征集了多少项科技创新需求" and the English paragraph that says "collected
        1,644 ... needs from local enterprises"), while another passage of the same article ranks. They
        are read by document, not searched (sentences are scored for the question after), and rank
        below the hits."""
        seen = {h.chunk.id for h in hits}
        docs = list(dict.fromkeys(h.chunk.doc_id for h in hits if h.chunk.kind == "news"))[:_SIBLING_DOCS]
        floor = min((h.score for h in hits), default=0.0)
        extra = [
            Hit(chunk, floor, 0.0, 0.0)
            for doc in docs
            for _, chunk, _ in self.store.scan(SearchFilters(doc_id=doc))
            if chunk is not None and chunk.id not in seen
        ]
        return [*hits, *sorted(extra, key=lambda h: (h.chunk.doc_id, h.chunk.index))]

    def _on_topic(self, question: str, quotes: list[Quote]) -> list[Quote]:
        """Quotes of prose, and of the records that hold the question's key concept: a listing quoted
        for "how many students does DUT have?" because it names DUT answers nothing (evidence.py)."""
        if not any(q.chunk.kind in RECORD_KINDS for q in quotes):
            return quotes
        terms = self.concept_terms(question)
        holds = self.holds(terms, self.thresholds.record_share) if terms else None
        return [
            q
            for q in quotes
            if q.chunk.kind not in RECORD_KINDS or holds is None or holds(RecordView(q.chunk))
        ]

    def _hits(self, query: str, filters: SearchFilters | None = None) -> list[Hit]:
        hits = self.searcher.search(query, k=10, filters=filters).hits
        floor, keyword = self.thresholds.passage_floor, self.thresholds.news_keyword
        return [h for h in hits if h.dense >= floor or (h.chunk.kind == "news" and h.keyword >= keyword)]

    def answers(self, passages: Passages, question: str = "") -> bool:
        best = passages.best or (passages.quotes[0] if passages.quotes else None)
        if not passages.quotes or best is None:
            return False
        if not self.thresholds.answered(best, bool(question) and self._names_rarely(question, best)):
            return False
        if question and target_for_outcome(question, passages.quotes[0].text):
            return False  # "did liaoning actually hit 57%": the report sets the target (outcomes.py)
        # "how many certified technology managers are there in liaoning?": the article on technology managers,
        # which counts none, answers no count
        if question and asks_count(question):
            return any(has_number(_body(q.chunk)) for q in passages.quotes[:_QUANTITY_QUOTES])
        return True

    def _names_rarely(self, question: str, quote: Quote) -> bool:
        """The question asks only about a name ("Linglong No. 1", "whats the Linglong thing in the news"):
        the quote holds a word of it that at most _RARE passages hold, and every other word of it but
        those that ask what something is. "Chen Dongsheng's phone number" asks more than the name."""
        index = self.searcher.keyword_index()
        text = quote.text.lower()
        tokens = keyword_tokens(question)
        named = any(
            len(t) >= _NAME_LETTERS and not t.isdigit() and 0 < index.holders(t) <= _RARE and t in text
            for t in tokens
        )
        return named and all(t in text or t.isdigit() or _ABOUT.fullmatch(t) for t in tokens)

    @staticmethod
    def evidence(passages: Passages) -> list[str]:
        """The text a value asked must be in (value_types.py): the first quotes, an article whole (it is
        quoted whole, its heading the best sentence), a record whole but its budget, unless quoted ("how
        much to license the stack" is not answered by a demand's budget)."""

        def shown(quote: Quote) -> str:
            chunk = quote.chunk
            if chunk.kind in RECORD_KINDS:
                budget = str(chunk.meta.get("budget") or "")
                body = chunk.text.replace(budget, "") if budget else chunk.text
                return f"{body}\n{quote.text}"
            return _body(chunk) if chunk.locator else quote.text

        return [shown(q) for q in passages.quotes[:_QUANTITY_QUOTES]]

    # ---- structured answers ---------------------------------------------------------------------------
    def _prose_answers(self, plan: Plan) -> Passages | None:
        """A count or event question about something the news reports ("how many requirements were
        collected for the 2018 Shenyang meeting?") is answered from the news, not by counting records:
        the passages and quotes of the answer, if the news among them answers it."""
        hits = self._hits(plan.query)
        news = [h for h in hits if h.chunk.kind in ("news", "regulation")]
        quotes = self.quotes(plan.query, news)
        if not quotes or quotes[0].score < self.thresholds.prose_first:
            return None
        if not has_number(quotes[0].text):
            return None  # "大连有几项成果": a sentence of the news holding no figure answers no count
        every = self.quotes(plan.query, hits)
        if every and every[0].chunk.kind in RECORD_KINDS:
            return None  # a listing quoted first ("how many magnesium materials achievements"): counted
        return Passages(hits, every)

    def structured(
        self, plan: Plan, lang: str, question: str, state: dict[str, Any] | None = None
    ) -> Draft | Passages | None:
        """A structured answer (listing, count, events, article, match), or the passages already found
        for the answer, or None: search passages and quote them."""
        today = self.clock()
        if plan.intent == "match" and self.matcher is not None:
            from ..matching.chat import answer_match

            draft, offer = answer_match(plan.query, lang, self.matcher, self.catalog, today)
            if state is not None:
                state["match_offer"] = offer
            return draft
        if plan.intent == "events" and REGISTER.search(question):
            registration = answer_registration(plan, self.catalog, lang, today)
            if registration is not None:
                return registration
        elif plan.intent == "events" and DETAIL.search(question):
            return None  # who spoke, who attended: the news and the event's summary, read as passages
        if plan.intent == "count" and province_scope(question):
            return None  # a figure about the province is in the news, never a count of our listings
        # "how many are from DUT", "and how many enterprise demands" after "how many achievements do you
        # have": still our listings, counted
        before = (state or {}).get("plan") or {}
        counted = before.get("intent") == "count" and our_listings(str(before.get("query") or ""))
        ours = our_listings(question) or (plan.follow_up and our_listings(plan.query)) or counted
        if plan.intent == "count" and plan.upcoming is not True and not ours:
            passages = self._prose_answers(plan)  # "how many achievements do YOU have": our listings
            if passages is not None:
                return passages
        if plan.intent == "events":  # "有没有海上风电方面的活动": those with the topic on their agenda
            on_topic: Callable[[RecordView], bool] | None = None
            if not plan.field:  # a field named selects the events already
                told = " ".join([question, *self.searcher.glossary.translations(question)]).lower()
                on_topic = functools.partial(on_agenda, told=told)
            return answer_events(plan, self.catalog, lang, today, on_topic)
        if plan.intent in ("technologies", "demands", "search"):  # "哪个企业需求预算最高"
            terms, holds = self.concept_terms, self.holds
            best = answer_superlative(plan, question, lang, today, self.catalog, terms, holds)
            if best is not None:
                return best
        if plan.intent in ("technologies", "demands"):
            focus = bool(((state or {}).get("dialogue") or {}).get("focus"))  # "any tech" about it
            terms, holds = self.concept_terms, self.holds
            listing = answer_records(plan, question, lang, today, self.catalog, terms, holds, focus)
            thing = plan.intent == "technologies" and asks_a_thing(question)
            if not listing.answered and not plan.follow_up and thing:
                return None  # "any deep-sea fish farming cages?": no listing holds the words; the passages
            return listing
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

    # ---- extracts --------------------------------------------------------------------------------------
    def extract(self, lang: str, found: Passages, question: str = "") -> Draft:
        """The answer quoted from the passages: the sentences that answer, grouped by passage, best first;
        a record whole; a short article whole; records when the question asks for a set of them."""
        hits, quotes = found.hits, found.quotes
        if quotes[0].chunk.kind in RECORD_KINDS and _LISTING.search(question):
            return self._records(lang, hits, quotes, question)
        return quoted_extract(lang, found)

    def _records(self, lang: str, hits: list[Hit], quotes: list[Quote], question: str) -> Draft:
        """ "Is there a technology for ...?": the records, the one holding the best sentence first; when
        none holds the question's key concept, the nearest, labelled as not a match."""
        kind = quotes[0].chunk.kind
        first = {q.chunk.id: h for q in quotes for h in hits if h.chunk.id == q.chunk.id}
        rest = [h for h in hits if h.chunk.kind == kind and h.chunk.id not in first]
        records = [RecordView(h.chunk) for h in [*first.values(), *rest] if h.chunk.kind in RECORD_KINDS][:5]
        terms = self.concept_terms(question)
        if terms and not any(self.holds(terms)(r) for r in records):
            what = phrase(f"what.{kind}", lang) if kind != "event" else phrase("events_any", lang)
            head = phrase("no_match_nearest", lang, terms=" ".join(terms), what=what)
            nearest = list_records(records, lang, head, limit=3)
            return Draft(nearest.text, nearest.citations, False)
        return list_records(records, lang, phrase("intro", lang))

    # Answers.safe: the name the chat service and tests/unit/test_output_filter.py call it by
    safe = staticmethod(safe_draft)
