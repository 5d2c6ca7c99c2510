"""Pushes to subscribers when new records are indexed: whatever ingested them (`techbridge ingest`, the
admin upload, the console, an approved lead), each subscriber whose subscriptions a new record meets gets
one digest through the channel they subscribed in.

    ingest -> new achievement/demand/event ids (the report's `added`; an update is not news)
           -> matching subscriptions -> claim (subscription, record) once across replicas
           -> per subscriber: over the hourly limit? held : digest (with what was held) -> push, retried
           -> sent | failed | outside_window | held, one notifications row per record, none silent

Matching is one query in the ingest's own call; claims and sends run on one background thread per process
(a ThreadPoolExecutor, started by the first push: the ingest returns at once, and at interpreter exit the
queued pushes still run, so a CLI ingest delivers before it exits). Each try is
one adapter.push, which has its platform client's own retries for 429 and 5xx; a try that still fails is
tried again after settings.push.backoff_s, doubled each time, up to settings.push.tries.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol

from retrieval.ingest import Ingestor, IngestReport
from retrieval.types import Document

from ..phrasebook import phrase
from ..storage.subscriptions import Subscription, SubscriptionStore

if TYPE_CHECKING:
    from ..settings import PushSettings

__all__ = ["Pusher", "PushingIngestor", "digest"]

log = logging.getLogger(__name__)
DIGEST_MAX = 8  # records listed in one message; the rest are counted ("... and 3 more")
Item = tuple[Subscription, Document]


class Sender(Protocol):
    def push(self, user_key: str, text: str) -> bool: ...


def entry(doc: Document) -> str:
    """A record as a digest lists it: its title, who offers or holds it, and where it comes from."""
    meta = doc.meta
    who = meta.get("institution") or meta.get("enterprise") or ", ".join(meta.get("organizers") or [])
    when = meta.get("start_date") if doc.kind == "event" else ""
    details = " · ".join(str(v) for v in (who, when) if v)
    cite = doc.url or doc.source or doc.id
    return doc.title + (f" — {details}" if details else "") + f"\n    {cite} ({doc.id})"


def digest(entries: Sequence[str], lang: str) -> str:
    """One message: the new records, numbered, then how to stop them."""
    entries = list(dict.fromkeys(entries))  # a record two subscriptions met is listed once
    lines = [phrase("push.head", lang, n=len(entries))]
    lines += [f"[{i}] {e}" for i, e in enumerate(entries[:DIGEST_MAX], start=1)]
    if len(entries) > DIGEST_MAX:
        lines.append(phrase("more", lang, n=len(entries) - DIGEST_MAX))
    return "\n".join([*lines, phrase("push.tail", lang)])


class Pusher:
    def __init__(
        self,
        subscriptions: SubscriptionStore,
        sender_of: Callable[[str], Sender | None],
        settings: PushSettings,
        translate: Callable[[str], Iterable[str]] | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.subscriptions = subscriptions
        self.sender_of = sender_of  # channel name -> its adapter, None while disabled
        self.settings = settings
        self.translate = translate
        self.clock = clock
        self.sleep = sleep
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="push")

    def ingested(self, docs: Sequence[Document], report: IngestReport) -> Future[Any] | None:
        """Queue the pushes of the records this ingest added; None when none meets a subscription."""
        added = set(report.added)
        new = [d for d in docs if d.id in added and d.is_record]
        met = self.subscriptions.matching(new, self.translate) if new else []
        return self._worker.submit(self._guarded, met) if met else None

    def drain(self) -> None:
        """Wait for every push queued so far (one worker: a no-op queued last runs last)."""
        self._worker.submit(lambda: None).result()

    def _guarded(self, met: list[Item]) -> None:
        try:
            self.push(met)
        except Exception:  # the ingest has returned: nothing above this thread would see it
            log.exception("push: pushing %d (subscription, record) pair(s) failed", len(met))

    def push(self, met: Sequence[Item]) -> None:
        """Claim each (subscription, record) and send each subscriber the ones this process claimed."""
        by_subscriber: dict[tuple[str, str], list[Item]] = {}
        for sub, doc in met:
            if self.subscriptions.claim(sub.id, doc.id):
                by_subscriber.setdefault((sub.channel, sub.user_key), []).append((sub, doc))
        for (channel, user_key), items in by_subscriber.items():
            self._send(channel, user_key, items)

    def _send(self, channel: str, user_key: str, items: list[Item]) -> None:
        hour_ago = self.clock() - dt.timedelta(hours=1)
        if self.subscriptions.sent_since(channel, user_key, hour_ago) >= self.settings.per_hour:
            # Held, each row keeping its digest entry: the subscriber's next digest carries them.
            log.info("push: %s %s over %d an hour: held", channel, user_key, self.settings.per_hour)
            self.subscriptions.hold([(sub.id, doc.id, entry(doc)) for sub, doc in items])
            return
        held = self.subscriptions.held(channel, user_key)
        pairs = [(sub.id, doc.id) for sub, doc in items] + [(s, r) for s, r, _ in held]
        sender = self.sender_of(channel)
        if sender is None:
            self.subscriptions.record(pairs, "failed", f"the {channel} channel is disabled")
            return
        text = digest([e for _, _, e in held] + [entry(doc) for _, doc in items], items[0][0].lang)
        problem = ""
        for attempt in range(self.settings.tries):
            if attempt:
                self.sleep(self.settings.backoff_s * 2 ** (attempt - 1))
            try:
                delivered = sender.push(user_key, text)
            except NotImplementedError as exc:  # a bot that can only answer: no try will do
                self.subscriptions.record(pairs, "failed", str(exc))
                return
            except Exception as exc:
                problem = f"{type(exc).__name__}: {exc}"
                log.warning("push: %s %s, try %d: %s", channel, user_key, attempt + 1, problem)
                continue
            if delivered:  # the rows of one message share its id: the hourly limit counts messages
                self.subscriptions.record(pairs, "sent", f"message {uuid.uuid4().hex}")
            else:
                self.subscriptions.record(pairs, "outside_window", "the platform will not deliver now")
            return
        log.error("push: %s %s failed after %d tries: %s", channel, user_key, self.settings.tries, problem)
        self.subscriptions.record(pairs, "failed", f"{self.settings.tries} tries: {problem}")


class PushingIngestor(Ingestor):
    """The ingestor every path uses, telling `after` which documents each ingest read and what it did."""

    def __init__(self, *args: Any, after: Callable[[Sequence[Document], IngestReport], object], **kw: Any):
        super().__init__(*args, **kw)
        self._after = after

    def ingest_documents(self, docs: Iterable[Document], *args: Any, **kw: Any) -> IngestReport:
        docs = list(docs)
        report = super().ingest_documents(docs, *args, **kw)
        try:
            self._after(docs, report)
        except Exception:  # the records are indexed whatever happens to their pushes (database down...)
            log.exception("push: the subscribers of %d new document(s) could not be found", len(report.added))
        return report
