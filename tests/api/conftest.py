"""Fixtures for the API tests: an app per test, an in-process client, a real uvicorn."""

import json
import socket
import threading
import time
from contextlib import contextmanager
from typing import Iterator

import httpx
import pytest
import uvicorn

from gradplay.api import create_app
from gradplay.api.settings import Settings

BASE = "http://localhost"


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def app(settings):
    return create_app(settings)


@pytest.fixture
async def client(app) -> Iterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as c:
        yield c


@contextmanager
def live_server(app) -> Iterator[str]:
    """The app under a real uvicorn on a free loopback port, in a thread; yields its URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://localhost:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture
def live(app) -> Iterator[str]:
    with live_server(app) as url:
        yield url


def strict_json(text: str | bytes) -> object:
    """json.loads that refuses NaN and Infinity, as a browser's JSON.parse does."""
    def refuse(name):
        raise ValueError(f"{name} in JSON")
    return json.loads(text, parse_constant=refuse)


def sse_events(text: str) -> list[tuple[str, object]]:
    """Parse a text/event-stream body event by event, independently of the client's parser."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line and not line.startswith(":")]
        if not lines:
            continue
        fields = dict(line.split(": ", 1) for line in lines)
        assert set(fields) <= {"event", "data"}, block
        events.append((fields["event"], strict_json(fields["data"])))
    return events
