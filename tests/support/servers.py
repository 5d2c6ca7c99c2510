"""The one way tests start a server: an ASGI app on a loopback thread (`serve`), or a program in a child
process that is ready when a URL answers 200 (`start_process`); both on a free loopback port."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import httpx
import uvicorn

__all__ = ["free_port", "serve", "start_chroma", "start_process", "stop_process"]


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
