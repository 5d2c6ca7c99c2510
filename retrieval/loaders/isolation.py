"""Files are parsed in child processes with memory and time limits, so that no file can take the server down.

A parser process is a fresh interpreter (`python -c`, not fork: the server's threads, model and open
Chroma files stay out of it) that imports only the loaders. It caps its own address space (RLIMIT_AS) and
the CPU time of each file (RLIMIT_CPU, raised per file from what it has used so far), and answers one file
at a time over a pipe, in JSON: a compromised parser can send wrong documents, never code to run. The
parent gives each file `wall_s` seconds and kills the process past that. A process that dies (SIGXCPU at
the CPU limit, MemoryError at the memory limit, SIGKILL past the wall clock, a crash in a C parser)
becomes that file's ParseLimitError or SourceError, and the other files carry on in other processes.

Processes are reused across files and calls (starting one costs ~0.2 s of imports) and leave by
themselves after `_IDLE_S` without work, so an idle server holds none.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import json
import os
import select
import selectors
import signal
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import ParseLimitError, SourceError
from ..types import Document
from .base import LoadContext
from .formats import parse_file
from .limits import DEFAULT_LIMITS, ParseLimits

__all__ = ["FileLoad", "ParserPool", "default_pool", "load_files"]

Job = tuple[Path, Path, str | None]  # (file, ingest root, origin or None for the path under the root)

_IDLE_S = 60.0  # a parser process with nothing to do for this long exits
_IDLE_EXIT = 75  # its exit status then (EX_TEMPFAIL): the file sent meanwhile was never started
_SPAWN_AFTER_S = 0.25  # another process joins a batch once the running ones have been busy this long
_HEADER = struct.Struct(">I")  # each message: its length, then that much JSON
_PACKAGE = Path(__file__).resolve().parents[1]  # retrieval/
# The parser process imports the loaders without running retrieval/__init__.py, which imports Chroma and
# the embedders (0.7 s and ~100 MB that a parser never uses).
_BOOT = (
    "import importlib.util, sys\n"
    "spec = importlib.util.spec_from_file_location(\n"
    "    'retrieval', sys.argv[1], submodule_search_locations=[sys.argv[2]])\n"
    "sys.modules['retrieval'] = importlib.util.module_from_spec(spec)\n"
    "from retrieval.loaders.isolation import serve\n"
    "serve(sys.argv[3])\n"
)


@dataclass(frozen=True)
class FileLoad:
    """What one file gave: its documents and its errors, in the order its loader produced them."""

    path: Path
    origin: str
    items: tuple[Document | SourceError, ...]

    @property
    def documents(self) -> list[Document]:
        return [item for item in self.items if isinstance(item, Document)]

    @property
    def errors(self) -> list[SourceError]:
        return [item for item in self.items if isinstance(item, SourceError)]

    @property
    def failed(self) -> bool:
        """Nothing could be taken from the file: refused, crashed, unreadable, or every row invalid."""
        return bool(self.errors) and not self.documents


class ParserPool:
    """Up to `workers` parser processes per `load` call, all held to `limits`. Thread-safe: concurrent
    calls use separate processes."""

    def __init__(self, workers: int | None = None, limits: ParseLimits = DEFAULT_LIMITS) -> None:
        # Parsing competes with answering questions: half the cores, at least two (one hostile file then
        # holds up only half of a batch), at most four.
        self.workers = workers or max(2, min(4, (os.cpu_count() or 2) // 2))
        self.limits = limits
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def load(self, jobs: Sequence[Job]) -> list[FileLoad]:
        """One FileLoad per job, in the jobs' order, whatever happens to the parsers."""
        return _Batch(self, jobs).run()

    def close(self) -> None:
        """Let the idle parser processes go (each exits when its pipe closes)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.close()

    def _take(self, start: bool) -> _Worker | None:
        """An idle parser process, else a new one if `start`."""
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
                worker.kill()
        return _Worker(self.limits) if start else None

    def _give_back(self, workers: list[_Worker]) -> None:
        with self._lock:
            self._idle.extend(workers)


class _Batch:
    """One `load` call: its files, their results, and the parser processes working on them. A second
    process starts only when the first has been busy for `_SPAWN_AFTER_S`: the shipped corpus's dozen
    small files take ~40 ms in one process, and each more costs ~0.2 s of start-up."""

    def __init__(self, pool: ParserPool, jobs: Sequence[Job]) -> None:
        self.pool, self.jobs, self.limits = pool, jobs, pool.limits
        self.results: list[FileLoad | None] = [None] * len(jobs)
        self.queue = deque(range(len(jobs)))
        self.running: dict[_Worker, tuple[int, float]] = {}  # process -> (file, when it was sent)
        self.free: list[_Worker] = []

    def run(self) -> list[FileLoad]:
        with selectors.DefaultSelector() as self.selector:
            try:
                while self.queue or self.running:
                    self._dispatch()
                    if self.running:
                        self._collect(self.selector.select(self._timeout()))
                        self._expire()
            finally:
                for worker in self.running:
                    worker.kill()
                self.pool._give_back(self.free)
        done = [result for result in self.results if result is not None]
        assert len(done) == len(self.jobs), "every file has its result"
        return done

    def _dispatch(self) -> None:
        while self.queue and len(self.running) < self.pool.workers:
            worker = self.free.pop() if self.free else self.pool._take(start=self._may_start())
            if worker is None:
                return
            index = self.queue.popleft()
            if not worker.send(_job_message(self.jobs[index])):
                worker.kill()
                if worker.answers:  # it exited while idle: the next one takes the file
                    self.queue.appendleft(index)
                else:
                    self.results[index] = _failure(self.jobs[index], SourceError, "the parser did not start")
                continue
            self.running[worker] = (index, time.monotonic())
            self.selector.register(worker.stdout, selectors.EVENT_READ, worker)

    def _may_start(self) -> bool:
        now = time.monotonic()
        return all(now - sent >= _SPAWN_AFTER_S for _, sent in self.running.values())

    def _timeout(self) -> float:
        """Until the next file passes the wall clock, or until another process may start."""
        sent = [at for _, at in self.running.values()]
        wake = min(sent) + self.limits.wall_s
        if self.queue and len(self.running) < self.pool.workers:
            wake = min(wake, max(sent) + _SPAWN_AFTER_S)
        return max(0.0, wake - time.monotonic())

    def _collect(self, events: list[tuple[selectors.SelectorKey, int]]) -> None:
        for key, _ in events:
            worker = key.data
            message = worker.receive()
            if message is None:
                continue  # more of the message to come
            self.selector.unregister(worker.stdout)
            index, _ = self.running.pop(worker)
            if message == _IDLE_EXIT and worker.answers:
                self.queue.appendleft(index)  # it left before reading the file: another one takes it
            elif isinstance(message, int):
                self.results[index] = _death(self.jobs[index], message, self.limits)
            else:
                self.results[index] = _decode(self.jobs[index], message)
                worker.answers += 1
                if message.get("retire"):
                    worker.close()
                else:
                    self.free.append(worker)

    def _expire(self) -> None:
        now = time.monotonic()
        for worker, (index, sent) in list(self.running.items()):
            if now - sent >= self.limits.wall_s:
                self.selector.unregister(worker.stdout)
                del self.running[worker]
                worker.kill()
                reason = f"parsing took longer than {self.limits.wall_s:g} s; the parser was stopped"
                self.results[index] = _failure(self.jobs[index], ParseLimitError, reason)


_default: ParserPool | None = None
_default_lock = threading.Lock()


def default_pool() -> ParserPool:
    """The process-wide pool (created on first use; its processes are let go at exit)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = ParserPool()
            atexit.register(_default.close)
        return _default


def load_files(jobs: Sequence[Job], pool: ParserPool | None = None) -> list[FileLoad]:
    """Parse files in parser processes: one FileLoad per (file, root, origin), in order. A file that fails
    whole (too large, killed, unreadable) has `failed` set and one error naming it and the reason."""
    return (pool or default_pool()).load(jobs)


def _job_message(job: Job) -> dict[str, Any]:
    path, root, origin = job
    return {"path": str(path), "root": str(root), "origin": origin}


def _origin(job: Job) -> str:
    return LoadContext.for_file(*job).origin


def _failure(job: Job, kind: type[SourceError], reason: str) -> FileLoad:
    """The result of a file that failed whole: one error naming it and the reason."""
    origin = _origin(job)
    return FileLoad(path=job[0], origin=origin, items=(kind(origin, reason),))


def _death(job: Job, status: int, limits: ParseLimits) -> FileLoad:
    """The result of a file whose parser process ended without answering (exit status `status`)."""
    if status == -signal.SIGXCPU:
        reason = f"parsing used more than {limits.cpu_s} s of CPU time; the parser was stopped"
        return _failure(job, ParseLimitError, reason)
    if status == -signal.SIGKILL:  # not by us (that is the wall clock): the kernel's OOM killer
        return _failure(job, ParseLimitError, "the parser was killed (out of memory?)")
    if status < 0:
        with contextlib.suppress(ValueError):
            return _failure(job, SourceError, f"the parser crashed ({signal.Signals(-status).name})")
        return _failure(job, SourceError, f"the parser crashed (signal {-status})")
    return _failure(job, SourceError, f"the parser exited unexpectedly (status {status})")


def _decode(job: Job, message: dict[str, Any]) -> FileLoad:
    """The parser's answer as documents and errors; an answer that does not fit is the file's error."""
    try:
        items: list[Document | SourceError] = []
        for item in message["items"]:
            if "doc" in item:
                fields = dict(item["doc"])
                fields["date"] = dt.date.fromisoformat(fields["date"]) if fields["date"] else None
                items.append(Document(**fields))
            else:
                err = item["error"]
                kind = ParseLimitError if err["limit"] else SourceError
                items.append(kind(str(err["path"]), str(err["message"]), err["row"]))
        return FileLoad(path=job[0], origin=_origin(job), items=tuple(items))
    except (KeyError, TypeError, ValueError) as exc:
        return _failure(job, SourceError, f"the parser sent an invalid answer ({exc})")


def _encode(item: Document | SourceError) -> dict[str, Any]:
    if isinstance(item, SourceError):
        limit = isinstance(item, ParseLimitError)
        return {"error": {"path": item.path, "message": item.message, "row": item.row, "limit": limit}}
    doc = asdict(item)
    doc["date"] = item.date.isoformat() if item.date else None
    return {"doc": doc}


class _Worker:
    """One parser process, seen from the parent."""

    def __init__(self, limits: ParseLimits) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _BOOT,
                str(_PACKAGE / "__init__.py"),
                str(_PACKAGE),
                json.dumps(asdict(limits)),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,  # a Ctrl-C meant for the server does not reach it; EOF on stdin ends it
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin = self.proc.stdin
        self.stdout = self.proc.stdout
        os.set_blocking(self.stdout.fileno(), False)
        self._buffer = bytearray()
        self.answers = 0
        self._max = limits.memory_mb << 20  # no honest answer is larger than the parser's memory

    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, message: dict[str, Any]) -> bool:
        data = json.dumps(message).encode()
        try:
            self.stdin.write(_HEADER.pack(len(data)) + data)
            self.stdin.flush()
        except (BrokenPipeError, OSError):
            return False
        return True

    def receive(self) -> dict[str, Any] | int | None:
        """The answer when it is complete, the exit status when the process ended, None for more to come."""
        try:
            chunk = os.read(self.stdout.fileno(), 1 << 20)
        except BlockingIOError:
            return None
        if not chunk:
            self.kill()
            return int(self.proc.returncode)
        self._buffer += chunk
        if len(self._buffer) < _HEADER.size:
            return None
        (size,) = _HEADER.unpack_from(self._buffer)
        if size > self._max:
            self.kill()
            return -signal.SIGKILL
        if len(self._buffer) < _HEADER.size + size:
            return None
        try:
            message = json.loads(bytes(self._buffer[_HEADER.size : _HEADER.size + size]))
        except ValueError:
            message = {}  # not an answer: _decode makes it the file's error
        del self._buffer[: _HEADER.size + size]
        return message if isinstance(message, dict) else {}

    def close(self) -> None:
        try:
            self.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
        self.stdout.close()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for pipe in (self.stdin, self.stdout):
            with contextlib.suppress(OSError):
                pipe.close()


# --- inside the parser process ------------------------------------------------------------------------


def serve(limits_json: str) -> None:
    """The parser process's loop: read a file's job from stdin, answer on stdout, until stdin closes."""
    import resource

    limits = ParseLimits(**json.loads(limits_json))
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a library's print() goes to stderr, not into the answers
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    memory = limits.memory_mb << 20 if hard == resource.RLIM_INFINITY else min(limits.memory_mb << 20, hard)
    with contextlib.suppress(ValueError, OSError):  # macOS may refuse RLIMIT_AS; CPU and wall clock remain
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGXCPU would dump core
    while True:
        if not select.select([0], [], [], _IDLE_S)[0]:
            os._exit(_IDLE_EXIT)
        header = _read_exact(0, _HEADER.size)
        if header is None:
            return  # the parent closed the pipe
        job = json.loads(_read_exact(0, _HEADER.unpack(header)[0]) or b"{}")
        _limit_cpu(resource, limits.cpu_s)
        try:
            answer = _answer(job, limits)
            data = json.dumps(answer).encode()  # ASCII: lone surrogates survive the trip
        except MemoryError:
            answer = _memory_error(job, limits)
            data = json.dumps(answer).encode()
        answers.write(_HEADER.pack(len(data)) + data)
        answers.flush()
        if answer["retire"]:
            return


def _read_exact(fd: int, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _limit_cpu(resource: Any, seconds: int) -> None:
    """RLIMIT_CPU counts the whole life of the process: allow `seconds` more than it has used so far.
    The hard limit stays where it is (lowering it could not be undone for the next file)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(usage.ru_utime + usage.ru_stime) + 1 + seconds
    resource.setrlimit(
        resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard)
    )


def _answer(job: dict[str, Any], limits: ParseLimits) -> dict[str, Any]:
    """The file's documents and errors. A process that hit a limit retires: the next file gets a fresh one."""
    found = parse_file(Path(job["path"]), Path(job["root"]), job["origin"], limits)
    items = [_encode(item) for item in found]
    return {"items": items, "retire": any(item.get("error", {}).get("limit") for item in items)}


def _memory_error(job: dict[str, Any], limits: ParseLimits) -> dict[str, Any]:
    origin = LoadContext.for_file(Path(job["path"]), Path(job["root"]), job["origin"]).origin
    error = ParseLimitError(origin, f"parsing it needs more than {limits.memory_mb} MB of memory")
    return {"items": [_encode(error)], "retire": True}
