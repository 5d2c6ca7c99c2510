"""The one way tests start a server: an ASGI app on a loopback thread (`serve`), or a program in a child
process that is ready when a URL answers 200 (`start_process`); both on a free loopback port. Servers the
app uses: a Chroma server (`start_chroma`) and Redis (`start_redis`, Debian's `redis-server`)."""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import httpx
import uvicorn

__all__ = ["free_port", "redis_ping", "serve", "start_chroma", "start_process", "start_redis", "stop_process"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(app: Any, startup_timeout_s: float = 60.0) -> Iterator[int]:
    """Run `app` with uvicorn on 127.0.0.1 until the block ends; yields the port. The app's lifespan runs
    (startup finishes before the block starts); requests still in flight at the end get 1 s, then are
    cancelled."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="auto", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout_s
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError(f"uvicorn on port {port} exited during startup")
        if time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"uvicorn on port {port} did not start in {startup_timeout_s} s")
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def start_process(
    cmd: Sequence[str],
    ready_url: str,
    *,
    timeout_s: float = 60.0,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    log: Path | None = None,
) -> subprocess.Popen[bytes]:
    """Start `cmd` and wait until `ready_url` answers 200. A process that exits, or is not ready within
    `timeout_s`, raises RuntimeError with the end of its log (when one is kept)."""
    out: IO[bytes] | int = log.open("ab") if log is not None else subprocess.DEVNULL
    proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)

    def tail() -> str:
        return log.read_text(errors="replace")[-3000:] if log is not None and log.exists() else ""

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{cmd[0]} exited with {proc.returncode}: {tail()}")
        try:
            if httpx.get(ready_url, timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop_process(proc)
    raise RuntimeError(f"{cmd[0]} was not ready at {ready_url} within {timeout_s} s: {tail()}")


def stop_process(proc: subprocess.Popen[bytes], timeout_s: float = 20.0) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `timeout_s`."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def start_chroma(path: Path, port: int) -> subprocess.Popen[bytes]:
    """A Chroma server (`chroma run`, shipped in the chromadb package) on loopback, over `path`."""
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    return start_process(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        f"http://127.0.0.1:{port}/api/v2/heartbeat",
    )


def redis_ping(port: int) -> bool:
    """Whether a Redis server answers PING on 127.0.0.1:`port` (RESP, no client library needed)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis(port: int, log: Path | None = None, timeout_s: float = 30.0) -> subprocess.Popen[bytes]:
    """Debian's `redis-server` (or `valkey-server`) on 127.0.0.1:`port`, nothing saved to disk; ready when
    it answers PING. RuntimeError when neither binary is installed (scripts/test-deps.sh installs one)."""
    binary = shutil.which("redis-server") or shutil.which("valkey-server")
    if binary is None:
        raise RuntimeError("no redis-server or valkey-server on PATH (apt-get install redis-server)")
    out: IO[bytes] | int = log.open("ab") if log is not None else subprocess.DEVNULL
    cmd = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{binary} exited with {proc.returncode}")
        if redis_ping(port):
            return proc
        time.sleep(0.05)
    stop_process(proc)
    raise RuntimeError(f"{binary} did not answer PING on port {port} within {timeout_s} s")


# ---- a real PostgreSQL server ------------------------------------------------------------------------
def _pg_bindir() -> Path | None:
    """Debian keeps the server binaries in /usr/lib/postgresql/<version>/bin (not on PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


class PgServer:
    """A throw-away PostgreSQL cluster on 127.0.0.1:<free port>, trust auth, fsync off (tests only), its
    unix socket in its temporary directory; run as the `postgres` user when the tests run as root
    (PostgreSQL refuses root)."""

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
        """A fresh, empty database on this server: its URL (TECHBRIDGE_DATABASE_URL's form)."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def start_postgres() -> PgServer:
    """A started PgServer from Debian's `postgresql` binaries (scripts/test-deps.sh installs them when it
    can), stopped at exit if not before. RuntimeError says why there is none: no driver (psycopg, the
    `postgres` extra), no binaries, or a server that did not start (with the end of its log)."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise RuntimeError("psycopg is not installed (pip install 'techbridge[postgres]')") from exc
    bindir = _pg_bindir()
    if bindir is None:
        raise RuntimeError(
            "no server binaries (apt-get install postgresql, or run scripts/test-deps.sh as root)"
        )
    server = PgServer(bindir)
    atexit.register(server.stop)  # also when the session dies before the caller stops it
    try:
        server.start()
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        log = server.root / "log"
        detail = log.read_text()[-1000:] if log.exists() else ""
        server.stop()
        raise RuntimeError(f"the server did not start: {exc} {detail}") from exc
    return server
