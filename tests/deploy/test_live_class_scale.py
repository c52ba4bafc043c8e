"""A live class across two replicas: redis-server and nginx (deploy/nginx.conf) in front of two
app instances, all on loopback, as docker-compose.yml arranges them.

50 simulated students (EventSource-like httpx clients, spread by nginx over both instances)
follow the teacher; one instance is killed mid-question; its students reconnect through nginx
with Last-Event-ID, land on the other instance and get the current state first; every answer,
sent before and after the loss, is in the final histogram. Skips where redis-server or nginx is
missing, unless CI=true: then it fails.
"""

import asyncio
import concurrent.futures
import json
import os
import subprocess
import sys
import uuid

import httpx
import pytest

from tests.deploy.test_nginx import NGINX, ROOT, _free_port, _wait, derived_config
from tests.redis_server import redis_server

STUDENTS = 50


def _instance(redis_url: str) -> tuple[str, subprocess.Popen]:
    port = _free_port()
    env = {**os.environ, "GRADPLAY_REDIS_URL": redis_url,
           "PYTHONPATH": os.pathsep.join([str(ROOT / "backend"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "gradplay.api.app:create_app",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"], env=env)
    return f"http://127.0.0.1:{port}", proc


@pytest.fixture
def cluster(tmp_path):
    """redis-server, two instances on it, nginx in front; yields (proxy URL, [(url, process)])."""
    if not os.path.exists(NGINX):
        if os.environ.get("CI") == "true":
            pytest.fail(f"the scale-out test must run in CI: no nginx at {NGINX} (apt-get install nginx)")
        pytest.skip(f"no nginx at {NGINX} (apt-get install nginx)")
    with redis_server(tmp_path) as redis_url:
        instances = [_instance(redis_url), _instance(redis_url)]
        nginx = None
        try:
            for url, proc in instances:
                _wait(url, proc, "a gradplay instance")
            port = _free_port()
            folder = tmp_path / "nginx"
            folder.mkdir()
            conf = folder / "nginx.conf"
            conf.write_text(derived_config([int(u.rsplit(":", 1)[1]) for u, _ in instances], port, folder))
            nginx = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(conf), "-e", "stderr",
                                      "-g", f"daemon off; pid {folder / 'nginx.pid'};"])
            proxy = f"http://127.0.0.1:{port}"
            _wait(proxy, nginx, "nginx")
            yield proxy, instances
        finally:
            for proc in [p for p in [nginx] if p] + [p for _, p in instances]:
                if proc.poll() is None:
                    proc.terminate()
                    proc.wait(10)


class Student:
    """Follows the class like EventSource: on a broken stream, reconnects with Last-Event-ID."""

    def __init__(self, client: httpx.AsyncClient, code: str):
        self.c, self.code, self.id = client, code, str(uuid.uuid4())
        self.events: list[tuple[int, str, dict]] = []
        self.last: int | None = None
        self.reconnects: list[int] = []  # index in self.events of the first event after each reconnect

    def seen(self, kind: str, data=None) -> bool:
        return any(k == kind and (data is None or d == data) for _, k, d in self.events)

    async def run(self) -> None:
        while True:
            headers = {} if self.last is None else {"Last-Event-ID": str(self.last)}
            try:
                async with self.c.stream("GET", f"/api/classes/{self.code}/events", headers=headers) as r:
                    assert r.status_code == 200, await r.aread()
                    fields = {}
                    async for line in r.aiter_lines():
                        if line == "" and "event" in fields:
                            self.last = int(fields["id"])
                            self.events.append((self.last, fields["event"], json.loads(fields["data"])))
                            if fields["event"] == "reveal":
                                return
                            fields = {}
                        elif line and not line.startswith(":"):
                            name, _, value = line.partition(": ")
                            fields[name] = value
            except (httpx.ReadError, httpx.RemoteProtocolError):
                pass
            self.reconnects.append(len(self.events))
            await asyncio.sleep(0.05)  # EventSource waits `retry` ms; the test waits less


async def _until(condition, what: str, timeout: float = 20) -> None:
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"timed out waiting until {what}") from None


async def _class_across_replicas(proxy: str, instances: list) -> int:
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=100)
    async with httpx.AsyncClient(base_url=proxy, timeout=httpx.Timeout(10, read=None), limits=limits) as c:
        created = (await c.post("/api/classes", json={})).json()
        code, auth = created["code"], {"Authorization": f"Bearer {created['token']}"}
        base = f"/api/classes/{code}"
        assert (await c.post(base + "/state", json={"step": 0}, headers=auth)).status_code == 200
        students = [Student(c, code) for _ in range(STUDENTS)]
        tasks = [asyncio.create_task(s.run()) for s in students]
        try:
            await _until(lambda: all(s.seen("state", {"step": 0}) for s in students), "all follow")
            q = (await c.post(base + "/questions", json={"prompt": "next_x", "range": [0, 10]}, headers=auth)).json()
            await _until(lambda: all(s.seen("question") for s in students), "all see the question")
            values = [(i % 10) + 0.5 for i in range(STUDENTS)]  # bins 1, 3, 5, ..., 19

            async def answer(i):
                r = await c.post(f"{base}/questions/{q['id']}/answers", json={"student": students[i].id, "value": values[i]})
                assert r.status_code == 200, r.text

            await asyncio.gather(*(answer(i) for i in range(STUDENTS // 2)))
            lost = instances[0][1]
            lost.kill()
            lost.wait(10)
            assert (await c.post(base + "/state", json={"step": 1}, headers=auth)).status_code == 200
            await _until(lambda: all(s.seen("state", {"step": 1}) for s in students), "all see the new state")
            await asyncio.gather(*(answer(i) for i in range(STUDENTS // 2, STUDENTS)))  # through the survivor
            reveal = (await c.post(f"{base}/questions/{q['id']}/reveal", json={"value": 3.8}, headers=auth)).json()
            await _until(lambda: all(s.seen("reveal") for s in students), "all see the reveal")
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    expected = [0] * 20
    for v in values:
        expected[int(v * 2)] += 1
    assert reveal == {"question": 1, "counts": expected, "n": STUDENTS, "value": 3.8}  # no answer lost
    assert all(s.events[-1][2] == reveal for s in students)
    moved = [s for s in students if s.reconnects]
    assert 0 < len(moved) < STUDENTS  # nginx spread the streams over both; those on the lost one moved
    for s in moved:
        first_id, kind, data = s.events[s.reconnects[0]]
        assert (kind, data) == ("state", {"step": 1})  # the current state first, after the reconnect
        ids = [i for i, k, _ in s.events if k != "state"]
        assert ids == sorted(set(ids))  # no event twice, none out of order
    return len(moved)


def test_fifty_students_follow_across_two_replicas_and_survive_losing_one(cluster):
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _class_across_replicas(*cluster)).result(timeout=120)
