"""The conversation stores, SQLite (embedded default) and PostgreSQL (server set-up), held to the same
behaviour by one set of tests.

The PostgreSQL tier starts a real server from Debian's binaries (`postgresql` package; scripts/test-deps.sh
installs it when it can): initdb into a temporary directory, pg_ctl on a free loopback port with its unix
socket in that directory, run as the `postgres` user when the tests run as root (PostgreSQL refuses root).
Without the binaries or the driver those tests skip and say why; the server is stopped at the end.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.services import Services
from bot.storage.conversations import ConversationStore, Message, SqliteConversationStore, new_id
from retrieval.errors import ConfigError, NotFoundError
from tests.support.config import make_settings
from tests.support.servers import free_port


# ---- a real PostgreSQL server ------------------------------------------------------------------------
def _pg_bindir() -> Path | None:
    """Debian keeps the server binaries in /usr/lib/postgresql/<version>/bin (not on PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


class PgServer:
    """A throw-away PostgreSQL cluster on 127.0.0.1:<free port>, trust auth, fsync off (tests only)."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="techbridge-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            runuser = shutil.which("runuser")
            if (
                runuser is None
                or subprocess.run(["id", "-u", "postgres"], capture_output=True).returncode != 0
            ):
                raise RuntimeError(
                    "running as root without `runuser` or a `postgres` user to run the server as"
                )
            shutil.chown(self.root, "postgres", "postgres")
            self.as_user = [runuser, "-u", "postgres", "--"]
        self.started = False

    def _run(self, *args: str, timeout: float = 120) -> None:
        proc = subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(
                f"{Path(args[0]).name} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}"
            )

    def start(self) -> None:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "techbridge",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        )
        self.started = True
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        if self.started:
            self.started = False
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self._run(
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                    timeout=60,
                )
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://techbridge@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError:
        pytest.skip("PostgreSQL tier: psycopg is not installed (pip install 'techbridge[postgres]')")
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL tier: no server binaries (apt-get install postgresql, or run scripts/test-deps.sh "
            "as root)"
        )
    try:
        server = PgServer(bindir)
    except RuntimeError as exc:
        pytest.skip(f"PostgreSQL tier: {exc}")
    atexit.register(server.stop)  # also when the session dies before the fixture's teardown
    try:
        server.start()
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        log = server.root / "log"
        detail = log.read_text()[-1000:] if log.exists() else ""
        server.stop()
        pytest.skip(f"PostgreSQL tier: the server did not start: {exc} {detail}")
    yield server
    server.stop()


# ---- both stores, one behaviour ----------------------------------------------------------------------
@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], ConversationStore]]:
    """A factory of stores over one database: calling it twice gives two 'workers' sharing the data."""
    opened: list[Any] = []
    if request.param == "sqlite":

        def factory() -> ConversationStore:
            return SqliteConversationStore(tmp_path / "conversations.sqlite3")
    else:
        from bot.storage.postgres import PostgresConversationStore

        url = request.getfixturevalue("pg_server").new_database()

        def factory() -> ConversationStore:
            store = PostgresConversationStore(url, max_connections=20)
            opened.append(store)
            return store

    yield factory
    for store in opened:
        store.close()


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


# ---- choice by settings ---------------------------------------------------------------------------------
@pytest.mark.integration
def test_services_use_postgres_when_a_database_url_is_set(pg_server: PgServer, tmp_path: Path) -> None:
    from bot.storage.postgres import PostgresConversationStore

    url = pg_server.new_database()
    services = Services(make_settings(tmp_path, embedding={"provider": "hashing"}, database_url=url))
    store = services.conversations
    try:
        assert isinstance(store, PostgresConversationStore)
        sid = store.ensure_session(None, "web")
        assert store.stats()["sessions"] == 1 and sid
        assert not (tmp_path / "conversations.sqlite3").exists()
    finally:
        store.close()


def test_sqlite_is_the_embedded_default(tmp_path: Path) -> None:
    services = Services(make_settings(tmp_path, embedding={"provider": "hashing"}))
    assert isinstance(services.conversations, SqliteConversationStore)


def test_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_psycopg(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in ("psycopg", "psycopg_pool"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    from bot.storage.postgres import PostgresConversationStore

    with pytest.raises(ConfigError, match=r"techbridge\[postgres\]"):
        PostgresConversationStore("postgresql://nobody@127.0.0.1:1/none")
