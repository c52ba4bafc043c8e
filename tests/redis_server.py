"""Debian's redis-server on a free loopback port, for the tests that need Redis.

No persistence (--save '' --appendonly no), its files in a temporary folder. Where
redis-server is missing the tests skip, unless CI=true: then they fail (.ci/run installs it).
"""

import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_redis() -> None:
    if not Path(REDIS_SERVER).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the Redis tests must run in CI: no redis-server at {REDIS_SERVER} (apt-get install redis-server)")
        pytest.skip(f"no redis-server at {REDIS_SERVER} (apt-get install redis-server)")


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A fresh redis-server; yields its URL (redis://127.0.0.1:PORT/0), stops it afterwards."""
    require_redis()
    port = free_port()
    proc = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(folder), "--protected-mode", "yes"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("redis-server did not start")
        time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)
