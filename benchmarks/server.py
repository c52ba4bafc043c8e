"""A real `gradplay serve` in its own process on a free loopback port, for the load benchmarks."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
# exactly what `gradplay serve --workers N` runs, on loopback only
SERVE = "import sys; from gradplay.serve import serve; serve('127.0.0.1', int(sys.argv[1]), int(sys.argv[2]))"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout_s: float = 60, workers: int = 1) -> None:
    """Until `workers` distinct processes have answered /api/health (each on a new connection, which the
    kernel gives to any worker listening), so that no measurement starts with a worker still importing."""
    deadline = time.monotonic() + timeout_s
    seen: set[str] = set()
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode}")
        try:
            seen.add(json.loads(urllib.request.urlopen(url + "/api/health", timeout=2).read())["instance"])
            if len(seen) >= workers:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server at {url} did not answer within {timeout_s:.0f} s")


@dataclass(frozen=True)
class Server:
    url: str
    pid: int  # the process `gradplay serve` runs in (with --workers N > 1, the workers are its children)


@contextmanager
def served(workers: int = 1, env: dict | None = None) -> Iterator[str]:
    """`gradplay serve --workers N` on 127.0.0.1; yields its base URL, stops it afterwards."""
    with serving(workers, env) as server:
        yield server.url


@contextmanager
def serving(workers: int = 1, env: dict | None = None) -> Iterator[Server]:
    """`gradplay serve --workers N` on 127.0.0.1; yields its URL and process id, stops it afterwards."""
    port = free_port()
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "backend"), os.environ.get("PYTHONPATH", "")]),
               **(env or {})}
    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(port), str(workers)], env=environ,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, workers=workers)
        yield Server(url, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
