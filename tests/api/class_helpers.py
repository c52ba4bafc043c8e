"""Helpers for the live-class tests: an app on either store, a teacher, an SSE reader."""

import asyncio
import uuid

import httpx

from gradplay.api import create_app
from gradplay.api.settings import Settings


def make_app(redis_url: str | None, **overrides):
    return create_app(Settings(redis_url=redis_url or "", **overrides))


def student() -> str:
    return str(uuid.uuid4())


class Teacher:
    def __init__(self, client: httpx.AsyncClient, created: dict):
        self.c, self.code, self.token = client, created["code"], created["token"]
        self.created = created
        self.auth = {"Authorization": f"Bearer {self.token}"}

    @classmethod
    async def start(cls, client: httpx.AsyncClient) -> "Teacher":
        r = await client.post("/api/classes", json={})
        assert r.status_code == 201, r.text
        return cls(client, r.json())

    async def state(self, state: dict) -> int:
        r = await self.c.post(f"/api/classes/{self.code}/state", json=state, headers=self.auth)
        assert r.status_code == 200, r.text
        return r.json()["event"]

    async def ask(self, **body) -> dict:
        r = await self.c.post(f"/api/classes/{self.code}/questions", json=body, headers=self.auth)
        assert r.status_code == 201, r.text
        return r.json()

    async def reveal(self, qid: int, value: float) -> dict:
        r = await self.c.post(f"/api/classes/{self.code}/questions/{qid}/reveal", json={"value": value},
                              headers=self.auth)
        assert r.status_code == 200, r.text
        return r.json()

    async def answer(self, qid: int, who: str, value: float) -> httpx.Response:
        return await self.c.post(f"/api/classes/{self.code}/questions/{qid}/answers",
                                 json={"student": who, "value": value})


class Events:
    """One follower's SSE stream, parsed into (id, event, data) without the client's EventSource."""

    def __init__(self, response: httpx.Response):
        self.response, self.lines = response, response.aiter_lines()

    async def next(self, timeout: float = 10) -> tuple[int, str, object]:
        import json
        fields: dict[str, str] = {}
        async with asyncio.timeout(timeout):
            while True:
                line = await anext(self.lines)
                if line == "":
                    if "event" in fields:
                        return int(fields["id"]), fields["event"], json.loads(fields["data"])
                    fields = {}
                    continue
                if line.startswith(":"):
                    continue
                name, _, value = line.partition(": ")
                fields[name] = value

    async def take(self, n: int, timeout: float = 10) -> list[tuple[int, str, object]]:
        return [await self.next(timeout) for _ in range(n)]


async def follow(client: httpx.AsyncClient, code: str, last_event_id: int | None = None):
    """Open the stream (an async context manager yielding the response)."""
    headers = {} if last_event_id is None else {"Last-Event-ID": str(last_event_id)}
    return client.stream("GET", f"/api/classes/{code}/events", headers=headers)
