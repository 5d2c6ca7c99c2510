"""The components TechBridge runs on, built from settings in one place (the composition root uses it;
so do the CLI and the tests)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from retrieval import ChromaStore, Chunker, HybridSearcher, Ingestor, make_embedder
from retrieval.embedders import Embedder
from retrieval.stores.base import VectorStore

from .settings import Settings

if TYPE_CHECKING:
    from retrieval.catalog import Catalog
    from retrieval.ingest import IngestReport
    from retrieval.matching import Matcher
    from retrieval.types import Document

    from .channels.base import ChannelAdapter
    from .channels.registry import Channels
    from .chat.service import ChatService
    from .conversation.accounts import Accounts
    from .matching.leads import LeadReview, LeadStore
    from .matching.service import MatchService
    from .matchmaking.mail import MailSender
    from .matchmaking.push import Pusher
    from .storage.conversations import ConversationStore
    from .storage.curated import CuratedAnswerStore
    from .storage.db import Database
    from .storage.people import PeopleStore
    from .storage.regulation_status import RegulationStatusStore
    from .storage.subscriptions import SubscriptionStore

__all__ = ["Services"]


class Services:
    """Lazily built components: the embedded model loads on first use, not at import."""

    def __init__(
        self, settings: Settings, embedder: Embedder | None = None, clock: Callable[[], dt.date] | None = None
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self.clock = clock or dt.date.today

    @functools.cached_property
    def embedder(self) -> Embedder:
        return self._embedder or make_embedder(self.settings.embedding)

    @functools.cached_property
    def store(self) -> VectorStore:
        return ChromaStore(self.settings.chroma, Path(self.settings.data_dir), self.embedder)

    @functools.cached_property
    def searcher(self) -> HybridSearcher:
        from retrieval.glossary import Glossary

        glossary = Glossary.load(Path(self.settings.knowledge_dir) / "glossary.yaml")
        # The keyword index is saved under the data dir, keyed by the store's fingerprint: a restart, or the
        # other workers of a multi-worker server, load it instead of re-tokenizing every chunk.
        return HybridSearcher(
            self.store,
            self.embedder,
            self.settings.search,
            glossary,
            cache_dir=Path(self.settings.data_dir) / "cache",
        )

    @functools.cached_property
    def ingestor(self) -> Ingestor:
        chunker = Chunker(self.settings.chunking.chunk_tokens, self.settings.chunking.overlap_tokens)
        from .matchmaking.push import PushingIngestor

        return PushingIngestor(
            self.store, self.embedder, chunker, on_change=self._changed, after=self._ingested
        )

    def _ingested(self, docs: Sequence[Document], report: IngestReport) -> None:
        if report.added:  # new records reach their subscribers (bot/matchmaking/push.py)
            self.pusher.ingested(docs, report)

    def _changed(self) -> None:
        self.searcher.invalidate()
        if "catalog" in self.__dict__:
            self.catalog.invalidate()

    @functools.cached_property
    def catalog(self) -> Catalog:
        from retrieval.catalog import Catalog

        return Catalog(self.store, self.searcher)

    @functools.cached_property
    def matcher(self) -> Matcher:
        from retrieval.matching import Matcher

        return Matcher(self.searcher, self.catalog)

    @functools.cached_property
    def match_service(self) -> MatchService:
        from .matching.service import MatchService

        return MatchService(self.matcher, self.catalog)

    @functools.cached_property
    def lead_review(self) -> LeadReview:
        from .matching.leads import LeadReview

        return LeadReview(self.leads, self.ingestor, self.clock)

    @functools.cached_property
    def database(self) -> Database:
        """The one database every store keeps its rows in (SQLite in the data dir, or DATABASE_URL),
        migrated to the newest schema on first use."""
        from .storage.db import Database

        return Database.from_settings(self.settings)

    @functools.cached_property
    def curated(self) -> CuratedAnswerStore:
        """Staff-written answers the chat gives when their question, or a paraphrase, is asked."""
        from .storage.curated import CuratedAnswerStore

        return CuratedAnswerStore(self.database)

    @functools.cached_property
    def regulation_status(self) -> RegulationStatusStore:
        """Articles editors marked amended or repealed; answers quoting them say so."""
        from .storage.regulation_status import RegulationStatusStore

        return RegulationStatusStore(self.database)

    @functools.cached_property
    def leads(self) -> LeadStore:
        from .matching.leads import SqlLeadStore

        # Beside the conversations: one database to back up, contacts never leave it.
        return SqlLeadStore(self.database)

    @functools.cached_property
    def conversations(self) -> ConversationStore:
        from .storage.conversations import SqlConversationStore

        return SqlConversationStore(self.database)

    @functools.cached_property
    def people(self) -> PeopleStore:
        from .storage.people import PeopleStore

        return PeopleStore(self.database)

    @functools.cached_property
    def subscriptions(self) -> SubscriptionStore:
        from .storage.subscriptions import SubscriptionStore

        return SubscriptionStore(self.database)

    @functools.cached_property
    def accounts(self) -> Accounts:
        from .conversation.accounts import Accounts

        def can_push(channel: str) -> bool:
            adapter = self.sender(channel)
            return adapter is not None and adapter.can_push

        per_hour = self.settings.push.per_hour
        return Accounts(self.people, self.subscriptions, self.conversations, per_hour, can_push)

    @functools.cached_property
    def channels(self) -> Channels:
        """The enabled channels' adapters, shared by the webhook routes and the push worker."""
        from .channels.registry import Channels

        return Channels(self.settings.channels)

    @functools.cached_property
    def pusher(self) -> Pusher:
        from retrieval.glossary import Glossary

        from .matchmaking.push import Pusher

        glossary = Glossary.load(Path(self.settings.knowledge_dir) / "glossary.yaml")
        return Pusher(self.subscriptions, self.sender, self.settings.push, glossary.translations)

    def sender(self, channel: str) -> ChannelAdapter | MailSender | None:
        """What pushes to a channel's users: its adapter, or the e-mail sender; None while disabled."""
        return self.mail if channel == "mail" else self.channels.find(channel)

    @functools.cached_property
    def mail(self) -> MailSender | None:
        """Subscription e-mails for the widget's users, where a mail server is configured."""
        from .matchmaking.mail import MailSender

        return MailSender.from_settings(self.settings)

    @functools.cached_property
    def chat(self) -> ChatService:
        from .chat.curated import CuratedMatcher
        from .chat.llm import make_chat_model
        from .chat.service import ChatService
        from .conversation.router import IntentRouter, load_prototypes
        from .matching.capture import DemandCapture

        return ChatService(
            self.searcher,
            self.catalog,
            self.store,
            self.embedder,
            self.conversations,
            self.settings.llm,
            chat_model=make_chat_model(
                self.settings.llm,
                self.settings.redis_url.get_secret_value() if self.settings.redis_url else None,
            ),
            clock=self.clock,
            matcher=self.matcher,
            capture=DemandCapture(self.leads, self.clock),
            router=IntentRouter(self.embedder, load_prototypes()),
            accounts=self.accounts,
            curated=CuratedMatcher(self.curated, self.embedder, self.store),
            article_status=self.regulation_status,
        )
