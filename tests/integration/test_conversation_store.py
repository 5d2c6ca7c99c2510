"""The conversation store, one implementation on SQLite (embedded default) and on PostgreSQL (server
set-up), held to the same behaviour by one set of tests.

The PostgreSQL tier runs on a real server from Debian's binaries (the `pg_server` fixture, conftest.py and
tests/support/servers.py's `start_postgres`); without the binaries or the driver those tests skip and say
why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy.exc import IntegrityError

from bot.storage.conversations import ConversationStore, Message, SqlConversationStore, new_id
from bot.storage.db import Database
from retrieval.errors import NotFoundError


# ---- one store, both databases --------------------------------------------------------------------------
@pytest.fixture
def make_store(make_database: Callable[[], Database]) -> Callable[[], ConversationStore]:
    """A factory of stores over one database: calling it twice gives two 'workers' sharing the data."""
    return lambda: SqlConversationStore(make_database())


@pytest.fixture
def store(make_store: Callable[[], ConversationStore]) -> ConversationStore:
    return make_store()


def exchange(
    store: ConversationStore, sid: str, question: str, answer: str, answered: bool = True
) -> tuple[Message, Message]:
    q = store.add_message(Message(new_id(), sid, "user", question, "en"))
    a = store.add_message(
        Message(
            new_id(),
            sid,
            "assistant",
            answer,
            "en",
            answered,
            "extractive",
            [{"n": 1, "doc_id": "d1", "title": "某条例"}],
        )
    )
    return q, a


def test_a_channel_user_keeps_one_session_and_a_web_session_id_is_its_own(store: ConversationStore) -> None:
    first = store.ensure_session(None, "slack", "U1")
    assert store.ensure_session(None, "slack", "U1") == first
    assert store.ensure_session(None, "slack", "U2") != first
    assert store.ensure_session(None, "telegram", "U1") != first  # same user id, other platform
    assert store.ensure_session("web-abc") == "web-abc"
    assert store.ensure_session("web-abc") == "web-abc"
    assert store.ensure_session(None) != store.ensure_session(None)  # anonymous web: a new session each time


def test_history_is_in_order_and_limited_to_the_latest(store: ConversationStore) -> None:
    sid = store.ensure_session(None)
    for i in range(4):
        exchange(store, sid, f"question {i}", f"answer {i}")
    history = store.history(sid, limit=3)
    assert [m.content for m in history] == ["answer 2", "question 3", "answer 3"]
    last = history[-1]
    assert last.role == "assistant" and last.answered is True and last.mode == "extractive"
    assert last.citations == [{"n": 1, "doc_id": "d1", "title": "某条例"}]
    assert last.created_at.endswith("+00:00")
    assert store.history("no-such-session") == []


def test_added_message_comes_back_as_stored(store: ConversationStore) -> None:
    sid = store.ensure_session(None)
    saved = store.add_message(Message(new_id(), sid, "user", "有哪些氢能技术？", "zh"))
    (again,) = store.history(sid)
    assert again == saved and saved.created_at
    assert again.answered is None and again.lang == "zh"


def test_state_round_trips(store: ConversationStore) -> None:
    sid = store.ensure_session(None)
    assert store.get_state(sid) == {}
    store.set_state(sid, {"plan": {"intent": "events", "city": "大连"}})
    assert store.get_state(sid) == {"plan": {"intent": "events", "city": "大连"}}
    assert store.get_state("unknown") == {}


def test_feedback_only_on_an_answer_of_that_session(store: ConversationStore) -> None:
    sid, other = store.ensure_session(None), store.ensure_session(None)
    question, answer = exchange(store, sid, "q", "a")
    saved = store.add_feedback(sid, answer.id, "up", "clear")
    assert (saved.rating, saved.comment, saved.message_id) == ("up", "clear", answer.id)
    with pytest.raises(NotFoundError):
        store.add_feedback(sid, question.id, "up", None)  # a user message
    with pytest.raises(NotFoundError):
        store.add_feedback(other, answer.id, "down", None)  # another session's answer
    with pytest.raises(NotFoundError):
        store.add_feedback(sid, "no-such-message", "down", None)
    second = store.add_feedback(sid, answer.id, "down", None)
    assert [f.id for f in store.feedback()] == [second.id, saved.id]  # newest first
    assert len(store.feedback(limit=1)) == 1


def test_unanswered_and_rated_down_list_the_questions(store: ConversationStore) -> None:
    sid = store.ensure_session(None)
    exchange(store, sid, "what is TRL?", "TRL is ...")
    exchange(store, sid, "is there a space elevator?", "no answer", answered=False)
    q3, a3 = exchange(store, sid, "Article 45?", "Article 45 says ...")
    exchange(store, sid, "seafood restaurants in Dalian?", "no answer", answered=False)
    assert [m.content for m in store.unanswered()] == [
        "seafood restaurants in Dalian?",
        "is there a space elevator?",
    ]
    assert [m.role for m in store.unanswered()] == ["user", "user"]
    store.add_feedback(sid, a3.id, "down", "wrong article")
    ((question, feedback),) = store.rated_down()
    assert question.id == q3.id and (feedback.rating, feedback.comment) == ("down", "wrong article")


def test_unanswered_in_the_same_millisecond_keep_their_order(store: ConversationStore) -> None:
    sid = store.ensure_session(None)
    stamp = "2026-11-22T10:00:00.123+00:00"
    for question in ("first?", "second?", "third?"):
        store.add_message(Message(new_id(), sid, "user", question, "en", created_at=stamp))
        store.add_message(Message(new_id(), sid, "assistant", "no answer", "en", False, created_at=stamp))
    assert [m.content for m in store.unanswered()] == ["third?", "second?", "first?"]


def test_stats_count_by_channel(store: ConversationStore) -> None:
    web, slack = store.ensure_session(None), store.ensure_session(None, "slack", "U1")
    exchange(store, web, "q1", "a1")
    exchange(store, web, "q2", "a2", answered=False)
    _, answer = exchange(store, slack, "q3", "a3")
    store.add_feedback(slack, answer.id, "up", None)
    assert store.stats() == {
        "sessions": 2,
        "questions": 3,
        "answers": 3,
        "unanswered": 1,
        "feedback_up": 1,
        "feedback_down": 0,
        "by_channel": {"web": 2, "slack": 1},
    }


def test_a_channel_event_is_claimed_once(store: ConversationStore) -> None:
    assert store.claim_event("slack", "Ev1") is True
    assert store.claim_event("slack", "Ev1") is False
    assert store.claim_event("telegram", "Ev1") is True


def test_two_workers_share_sessions_and_number_messages_without_gaps(
    make_store: Callable[[], ConversationStore],
) -> None:
    """Two store instances over one database, as two uvicorn workers: a channel user still has one session,
    an event is claimed once, and messages written at the same time to one session keep a clean order."""
    one, two = make_store(), make_store()
    sessions: list[str] = []
    claims: list[bool] = []
    barrier = threading.Barrier(8)

    def worker(store: ConversationStore, i: int) -> None:
        barrier.wait()
        sessions.append(store.ensure_session(None, "wecom", "zhangsan"))
        claims.append(store.claim_event("wecom", "msg-1"))
        for j in range(5):
            store.add_message(Message(new_id(), sessions[-1], "user", f"{i}-{j}", "zh"))

    threads = [threading.Thread(target=worker, args=(one if i % 2 else two, i)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(set(sessions)) == 1 and len(sessions) == 8
    assert claims.count(True) == 1
    history = one.history(sessions[0], limit=100)
    assert len(history) == 40
    for i in range(8):  # each writer's messages in the order it wrote them
        assert [m.content for m in history if m.content.startswith(f"{i}-")] == [f"{i}-{j}" for j in range(5)]


def test_a_turn_opens_its_session_by_reading_and_stores_it_whole_in_one_write(
    store: ConversationStore,
) -> None:
    """A new session is only named when its turn starts, and created with the turn's messages and state;
    the turn after reads that state; a channel user's first session is made as it is opened."""
    opened = store.open_session(None)
    assert opened.create == "web" and opened.state == {} and store.history(opened.id) == []
    q = Message(new_id(), opened.id, "user", "有哪些氢能技术？", "zh")
    a = Message(new_id(), opened.id, "assistant", "有三项。", "zh", True, "extractive")
    saved = store.save_turn(opened.id, [q, a], {"plan": {"intent": "search"}}, create=opened.create)
    assert [m.id for m in saved] == [q.id, a.id] and all(m.created_at for m in saved)
    assert [(m.role, m.content) for m in store.history(opened.id)] == [
        ("user", q.content),
        ("assistant", a.content),
    ]
    again = store.open_session(opened.id)
    assert again.create is None and again.state == {"plan": {"intent": "search"}}
    assert store.open_session("never-seen").create == "web"
    slack = store.open_session(None, "slack", "U1")
    assert slack.create is None and slack.id == store.ensure_session(None, "slack", "U1")


def test_a_turn_that_cannot_be_stored_leaves_nothing_behind(store: ConversationStore) -> None:
    """The question, the answer and the state are one transaction: when the answer cannot be written
    (here its id is taken), neither is the question nor the new state."""
    sid = store.ensure_session(None)
    store.set_state(sid, {"plan": {"intent": "events"}})
    taken = store.add_message(Message(new_id(), sid, "user", "first", "en"))
    q = Message(new_id(), sid, "user", "second", "en")
    a = Message(taken.id, sid, "assistant", "answer", "en", True)
    with pytest.raises(IntegrityError):
        store.save_turn(sid, [q, a], {"plan": {"intent": "search"}})
    assert [m.content for m in store.history(sid)] == ["first"]
    assert store.get_state(sid) == {"plan": {"intent": "events"}}
