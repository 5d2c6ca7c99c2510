"""The push worker (bot/matchmaking/push.py) with a real SQLite store and a recording sender: one digest
per subscriber and ingest, the hourly limit, WeChat's window, retries, and bots that can only answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.matchmaking.push import DIGEST_MAX, Pusher, PushingIngestor, digest, entry
from bot.settings import PushSettings
from bot.storage.db import Database
from bot.storage.subscriptions import SubscriptionStore
from retrieval import Chunker
from retrieval.embedders import HashingEmbedder
from retrieval.errors import UpstreamError
from retrieval.ingest import IngestReport
from retrieval.stores.memory import InMemoryStore
from retrieval.types import Document

NOW = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)


class Sender:
    """A platform that records what it was asked to send, failing or refusing as scripted."""

    def __init__(self, fail: int = 0, window_closed: bool = False, can_push: bool = True) -> None:
        self.sent: list[tuple[str, str]] = []
        self.tries = 0
        self.fail, self.window_closed, self.can_push = fail, window_closed, can_push

    def push(self, user_key: str, text: str) -> bool:
        if not self.can_push:
            raise NotImplementedError("dingtalk: the bot can only answer a message")
        self.tries += 1
        if self.tries <= self.fail:
            raise UpstreamError("telegram sendMessage failed after 4 tries: HTTP 500")
        if self.window_closed:
            return False
        self.sent.append((user_key, text))
        return True


def hydrogen(n: int) -> Document:
    title = f"Hydrogen record {n}"
    return Document(f"ach-h{n}", "achievement", title, "en", title, meta={"field": "hydrogen_energy"})


@pytest.fixture
def subs(tmp_path: Path) -> SubscriptionStore:
    return SubscriptionStore(Database(f"sqlite:///{tmp_path / 'db.sqlite3'}"), lambda: NOW)


def pusher(subs: SubscriptionStore, sender: Sender | None, **settings: object) -> Pusher:
    waits: list[float] = []
    p = Pusher(subs, lambda channel: sender, PushSettings(**settings), clock=lambda: NOW, sleep=waits.append)  # type: ignore[arg-type]
    p.waits = waits  # type: ignore[attr-defined]
    return p


def ingest(p: Pusher, *docs: Document) -> None:
    p.ingested(list(docs), IngestReport(added=[d.id for d in docs]))
    p.drain()


def test_each_subscriber_gets_one_digest_per_ingest(subs: SubscriptionStore) -> None:
    sub, _ = subs.add("p1", "telegram", "1", "achievement", {"field": "hydrogen_energy"}, "en")
    subs.add("p1", "telegram", "1", "achievement", {"terms": ["record"]}, "en")  # both meet the records
    sender = Sender()
    ingest(pusher(subs, sender), hydrogen(1), hydrogen(2))
    [(user, text)] = sender.sent
    assert user == "1" and "Hydrogen record 1" in text and "Hydrogen record 2" in text
    sent = subs.notifications(sub.id)
    assert sent["ach-h1"] == sent["ach-h2"] and sent["ach-h1"][0] == "sent"  # one message, one id


def test_an_updated_record_is_no_news(subs: SubscriptionStore) -> None:
    subs.add("p1", "telegram", "1", "achievement", {}, "en")
    sender, p = Sender(), pusher(subs, Sender())
    assert p.ingested([hydrogen(1)], IngestReport(updated=["ach-h1"])) is None
    assert sender.sent == []


def test_over_the_hourly_limit_records_are_held_for_the_next_digest(subs: SubscriptionStore) -> None:
    sub, _ = subs.add("p1", "telegram", "1", "achievement", {}, "en")
    sender, clock = Sender(), [NOW]
    p = Pusher(subs, lambda channel: sender, PushSettings(per_hour=2), clock=lambda: clock[0])
    for n in range(4):
        ingest(p, hydrogen(n))
    assert len(sender.sent) == 2
    assert [subs.notifications(sub.id)[f"ach-h{n}"][0] for n in (2, 3)] == ["held", "held"]
    clock[0] = NOW + dt.timedelta(minutes=61)  # the hour has passed: the next digest carries them
    ingest(p, hydrogen(4))
    [(_, text)] = sender.sent[2:]
    assert all(f"Hydrogen record {n}" in text for n in (2, 3, 4)) and text.startswith("3 new")
    assert {status for status, _ in subs.notifications(sub.id).values()} == {"sent"}


def test_a_failing_send_is_retried_with_backoff_then_recorded(subs: SubscriptionStore) -> None:
    sub, _ = subs.add("p1", "telegram", "1", "achievement", {}, "en")
    flaky = Sender(fail=2)
    p = pusher(subs, flaky, tries=3, backoff_s=1.5)
    ingest(p, hydrogen(1))
    assert len(flaky.sent) == 1 and p.waits == [1.5, 3.0]  # type: ignore[attr-defined]
    down = Sender(fail=99)
    ingest(pusher(subs, down, tries=3), hydrogen(2))
    status, detail = subs.notifications(sub.id)["ach-h2"]
    assert down.tries == 3 and status == "failed" and "3 tries" in detail and "HTTP 500" in detail


def test_wechat_outside_its_window_and_bots_that_only_answer(subs: SubscriptionStore) -> None:
    wechat, _ = subs.add("p1", "wechat", "o1", "achievement", {}, "zh")
    ingest(pusher(subs, Sender(window_closed=True)), hydrogen(1))
    assert subs.notifications(wechat.id)["ach-h1"][0] == "outside_window"
    dingtalk, _ = subs.add("p2", "dingtalk", "d1", "achievement", {}, "zh")
    ingest(pusher(subs, Sender(can_push=False)), hydrogen(2))
    assert subs.notifications(dingtalk.id)["ach-h2"] == (
        "failed",
        "dingtalk: the bot can only answer a message",
    )
    gone, _ = subs.add("p3", "slack", "T:U", "achievement", {}, "en")
    ingest(pusher(subs, None), hydrogen(3))
    assert subs.notifications(gone.id)["ach-h3"][0] == "failed"  # the channel was disabled since


def test_a_long_digest_is_capped() -> None:
    docs = [hydrogen(n) for n in range(DIGEST_MAX + 3)]
    text = digest([entry(d) for d in docs], "zh")
    assert text.startswith(f"您订阅的内容有 {DIGEST_MAX + 3} 项新发布") and "另有 3 条" in text
    assert f"[{DIGEST_MAX}] " in text and f"[{DIGEST_MAX + 1}] " not in text


def test_an_ingest_succeeds_when_its_pushes_cannot_be_matched() -> None:
    def database_down(docs: object, report: object) -> None:
        raise ConnectionError("the database is down")

    embedder = HashingEmbedder()
    ingestor = PushingIngestor(InMemoryStore(), embedder, Chunker(200, 20), after=database_down)
    report = ingestor.ingest_documents([hydrogen(1)])
    assert report.added == ["ach-h1"]
