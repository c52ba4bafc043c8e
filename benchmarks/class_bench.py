"""Live-class fan-out: from a teacher's change to 200 followers' screens, and the server CPU it costs.

- `w1_200`: one `gradplay serve` process (the embedded store), 200 followers on it;
- `redis_2x100`: two processes on one redis-server (GRADPLAY_REDIS_URL), 100 followers on each,
  the teacher publishing to the first (so half the deliveries cross Redis's pub/sub);
- `answer_burst`: one process, 200 followers, and 200 students answering at once: the time
  until every follower's histogram shows all 200 (200 x 200 `answers` deliveries), and its CPU.
The teacher publishes `changes` states, one every `gap_s`; each follower notes when every state
arrives (a raw socket reading the SSE stream: a light client, so the numbers are the server's);
latency = arrival - the moment just before the POST was sent (CLOCK_MONOTONIC, shared by the
processes of one machine). Server CPU = the servers' user + system time over the measurement
(/proc/PID/stat), per delivered event. Followers and servers share this machine's cores.
"""

import asyncio
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator

import httpx

from benchmarks.server import free_port, serving
from benchmarks.stats import percentile

FOLLOWERS = 200
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
SEQ = re.compile(rb'"seq":(\d+)')
N_SEEN = re.compile(rb'"n":(\d+)')
TICKS = os.sysconf("SC_CLK_TCK")


@contextmanager
def server(env: dict | None = None) -> Iterator[tuple[str, int]]:
    """One `gradplay serve` process of the app on loopback; yields (URL, pid)."""
    with serving(1, env) as one:
        yield one.url, one.pid


@contextmanager
def redis(folder: str) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", folder], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                import socket
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


class Joined:
    """How many followers have their first `state`; `ready` once all have."""

    def __init__(self, expected: int):
        self.count, self.expected, self.ready = 0, expected, asyncio.Event()

    def one(self) -> None:
        self.count += 1
        if self.count == self.expected:
            self.ready.set()


async def follower(url: str, code: str, arrivals: dict, joined: Joined, pattern: re.Pattern = SEQ) -> None:
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(f"GET /api/classes/{code}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 "Accept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"follower refused: {head[:300]!r}")
    buffer, first = b"", True
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                return
            now = time.monotonic()
            buffer += data
            if first:
                if b"event: state" in buffer:
                    first = False
                    joined.one()
            for match in pattern.finditer(buffer):
                arrivals.setdefault(int(match.group(1)), []).append(now)
            buffer = buffer[buffer.rfind(b"\n") + 1:]
    finally:
        writer.close()


async def fan_out(teacher_url: str, follower_urls: list[str], changes: int, gap_s: float, pids: list[int]) -> dict:
    async with httpx.AsyncClient(base_url=teacher_url, timeout=30) as c:
        created = (await c.post("/api/classes", json={})).json()
        code, auth = created["code"], {"Authorization": f"Bearer {created['token']}"}
        arrivals: dict[int, list[float]] = {}
        joined = Joined(FOLLOWERS)
        tasks = [asyncio.create_task(follower(follower_urls[i % len(follower_urls)], code, arrivals, joined))
                 for i in range(FOLLOWERS)]
        await asyncio.wait_for(joined.ready.wait(), 60)
        await asyncio.sleep(0.5)
        for seq in range(-3, 0):  # warm-up changes, not counted
            await c.post(f"/api/classes/{code}/state", json={"seq": seq}, headers=auth)
            await asyncio.sleep(gap_s)
        sent, cpu_before = {}, sum(cpu_s(p) for p in pids)
        for seq in range(changes):
            sent[seq] = time.monotonic()
            r = await c.post(f"/api/classes/{code}/state", json={"seq": seq, "lesson": "parabola", "step": seq,
                                                                  "playing": True}, headers=auth)
            assert r.status_code == 200, r.text
            await asyncio.sleep(gap_s)
        await asyncio.sleep(0.5)
        cpu = sum(cpu_s(p) for p in pids) - cpu_before
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    ms = [(arrived - sent[seq]) * 1e3 for seq in sent for arrived in arrivals.get(seq, [])]
    delivered = len(ms)
    return {"followers": FOLLOWERS, "changes": changes, "delivered": delivered,
            "missing": FOLLOWERS * changes - delivered, "p50": round(percentile(ms, 50), 2),
            "p95": round(percentile(ms, 95), 2), "max": round(max(ms), 2) if ms else None,
            "server_cpu_us_per_event": round(cpu / delivered * 1e6, 1) if delivered else None,
            "server_cpu_s": round(cpu, 2)}


async def answer_burst(url: str, pid: int) -> dict:
    """200 answers posted at once; seconds until every follower has seen n = 200, and server CPU."""
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=httpx.Limits(max_connections=50)) as c:
        created = (await c.post("/api/classes", json={})).json()
        code, auth = created["code"], {"Authorization": f"Bearer {created['token']}"}
        await c.post(f"/api/classes/{code}/questions", json={"prompt": "next_x", "range": [0, 10]}, headers=auth)
        arrivals: dict[int, list[float]] = {}
        joined = Joined(FOLLOWERS)
        tasks = [asyncio.create_task(follower(url, code, arrivals, joined, pattern=N_SEEN)) for _ in range(FOLLOWERS)]
        await asyncio.wait_for(joined.ready.wait(), 60)
        await asyncio.sleep(0.5)
        cpu_before, started = cpu_s(pid), time.monotonic()
        answers = await asyncio.gather(*(c.post(f"/api/classes/{code}/questions/1/answers",
                                                json={"student": str(uuid.uuid4()), "value": i % 10})
                                         for i in range(FOLLOWERS)))
        posted = time.monotonic() - started
        deadline = time.monotonic() + 30
        while len(arrivals.get(FOLLOWERS, ())) < FOLLOWERS and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        seen = arrivals.get(FOLLOWERS, [])
        cpu = cpu_s(pid) - cpu_before
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return {"answers": FOLLOWERS, "followers": FOLLOWERS, "refused": sum(r.status_code != 200 for r in answers),
            "posted_s": round(posted, 2), "all_seen_s": round(max(seen) - started, 2) if len(seen) == FOLLOWERS else None,
            "followers_missing_the_last": FOLLOWERS - len(seen), "server_cpu_s": round(cpu, 2),
            "server_cpu_us_per_event": round(cpu / FOLLOWERS**2 * 1e6, 1)}


def measure(quick: bool = False) -> dict:
    changes, gap_s = (5, 0.1) if quick else (40, 0.25)
    out = {}
    with server() as (url, pid):
        out["w1_200"] = asyncio.run(fan_out(url, [url], changes, gap_s, [pid]))
    with server() as (url, pid):
        out["answer_burst"] = asyncio.run(answer_burst(url, pid))
    if not Path(REDIS_SERVER).exists():
        out["redis_2x100"] = {"skipped": f"no redis-server at {REDIS_SERVER} (apt-get install redis-server)"}
        return out
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        redis_url = stack.enter_context(redis(folder))
        (a, pa), (b, pb) = (stack.enter_context(server({"GRADPLAY_REDIS_URL": redis_url})) for _ in range(2))
        out["redis_2x100"] = asyncio.run(fan_out(a, [a, b], changes, gap_s, [pa, pb]))
    return out
