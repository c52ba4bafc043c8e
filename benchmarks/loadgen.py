"""A small HTTP/1.1 load generator for loopback only: keep-alive connections, little CPU per request.

The server and this client share the machine's cores, so the client must cost little:
a general-purpose client (httpx) spends about as much CPU per request as the server's
whole 50-step run. This one writes the request bytes itself and reads the response by
Content-Length or chunked encoding. Traffic goes to 127.0.0.1 only, and every load is
bounded in count and in time.
"""

import asyncio
import json
import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

TIMEOUT_S = 30.0  # a request slower than this counts as an error


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


class Pool:
    """Keep-alive connections to one loopback server, opened as needed, at most `size` at once.

    Idle connections are reused oldest first, in turn, as a class's many browsers each send on their
    own: reusing the newest first sent a light load down one connection, so to one of the server's
    worker processes (a connection stays with the worker that accepted it) while the other idled."""

    def __init__(self, url: str, size: int = 256):
        parts = urlsplit(url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"the load generator only talks to loopback, not {parts.hostname}")
        self.host, self.port = parts.hostname, parts.port
        self.idle: deque[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = deque()
        self.slots = asyncio.Semaphore(size)

    async def connect(self, count: int) -> None:
        """Open `count` connections now (a classroom's browsers), used in turn from then on."""
        for _ in range(count):
            self.idle.append(await asyncio.open_connection(self.host, self.port))

    async def request(self, method: str, path: str, body: bytes = b"", keep_alive: bool = True) -> Response:
        async with self.slots:
            if self.idle:
                try:
                    return await self._send(self.idle.popleft(), method, path, body, keep_alive)
                except (ConnectionError, asyncio.IncompleteReadError):
                    pass  # the server closed this idle connection as we reused it: send again on a new one, as browsers do
            conn = await asyncio.open_connection(self.host, self.port)
            return await self._send(conn, method, path, body, keep_alive)

    async def _send(self, conn, method: str, path: str, body: bytes, keep_alive: bool) -> Response:
        reader, writer = conn
        try:
            head = (f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                    f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n")
            writer.write(head.encode() + body)
            response = await asyncio.wait_for(_read_response(reader), TIMEOUT_S)
        except BaseException:
            writer.close()
            raise
        if keep_alive and response.headers.get("connection") != "close":
            self.idle.append(conn)
        else:
            writer.close()
        return response

    async def post_json(self, path: str, data: object) -> Response:
        return await self.request("POST", path, json.dumps(data).encode())

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


async def _read_response(reader: asyncio.StreamReader) -> Response:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        body = await _read_chunked(reader)
    else:
        body = await reader.read()
    return Response(status, headers, body)


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


@dataclass
class Outcome:
    """Latencies (seconds) of the requests that succeeded, and what went wrong with the others."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    wall_s: float = 0.0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


async def _timed(pool: Pool, path: str, body: bytes, started: float, out: Outcome) -> None:
    """One request; its latency counts from `started` (its scheduled time, in an open loop)."""
    try:
        r = await pool.request("POST", path, body)
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
        out.error(type(exc).__name__)
        return
    if r.status == 200:
        out.latencies.append(time.perf_counter() - started)
    else:
        out.error(f"HTTP {r.status}")


async def sequential(url: str, path: str, data: object, count: int) -> Outcome:
    """One client: each request sent as soon as the last one is answered."""
    pool, body, out = Pool(url, 1), json.dumps(data).encode(), Outcome()
    started = time.perf_counter()
    for _ in range(count):
        await _timed(pool, path, body, time.perf_counter(), out)
    out.wall_s = time.perf_counter() - started
    pool.close()
    return out


async def sequential_bodies(url: str, path: str, bodies: list[bytes]) -> Outcome:
    """One client sending each of `bodies` (already encoded) as soon as the last one is answered."""
    pool, out = Pool(url, 1), Outcome()
    started = time.perf_counter()
    for body in bodies:
        await _timed(pool, path, body, time.perf_counter(), out)
    out.wall_s = time.perf_counter() - started
    pool.close()
    return out


async def closed_loop(url: str, path: str, data: object, clients: int, count: int) -> Outcome:
    """`clients` clients, each sending its next request as soon as its last one is answered; `count` in all.
    `data` is one request, or a list of encoded bodies sent in turn."""
    pool, out = Pool(url, clients), Outcome()
    bodies = data if isinstance(data, list) else [json.dumps(data).encode()]
    sent = iter(range(count))

    async def client(n: int) -> None:
        for _ in range(n):
            await _timed(pool, path, bodies[next(sent) % len(bodies)], time.perf_counter(), out)

    started = time.perf_counter()
    await asyncio.gather(*(client(count // clients) for _ in range(clients)))
    out.wall_s = time.perf_counter() - started
    pool.close()
    return out


async def open_loop(url: str, path: str, data: object, rate: float, duration_s: float, clients: int = 32) -> Outcome:
    """Requests at a fixed rate whether or not earlier ones were answered (students do not wait for
    each other); each latency counts from the moment its request was due, so a slow server's
    backlog shows in the numbers instead of silently slowing the sender. `data` is one request
    (sent every time), or a list of encoded bodies sent in turn (distinct requests: no cache hits).
    `clients` connections are open from the start, as a class's browsers are; more open if needed."""
    pool, out = Pool(url), Outcome()
    await pool.connect(clients)
    count = int(rate * duration_s)
    bodies = data if isinstance(data, list) else [json.dumps(data).encode()]
    tasks = []
    start = time.perf_counter()
    for i in range(count):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_timed(pool, path, bodies[i % len(bodies)], due, out)))
    await asyncio.gather(*tasks)
    out.wall_s = time.perf_counter() - start
    pool.close()
    return out


def sse_events(body: bytes) -> list[tuple[str, str]]:
    """(event, data) pairs of a text/event-stream body."""
    events = []
    for block in body.decode().replace("\r\n", "\n").split("\n\n"):
        kind, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                kind = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())
        if data:
            events.append((kind, "\n".join(data)))
    return events


async def streams_with_probe(url: str, data: object, count: int, probe_path: str = "/api/health",
                             probe_every_s: float = 0.02) -> dict:
    """`count` concurrent streams of `data`; meanwhile GET `probe_path` every `probe_every_s` seconds."""
    pool, probe_pool, body = Pool(url, count), Pool(url, 1), json.dumps(data).encode()
    done = asyncio.Event()
    errors: dict[str, int] = {}
    summaries: list[str] = []

    async def one() -> None:
        try:
            r = await pool.request("POST", "/api/runs/stream", body, keep_alive=False)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as exc:
            errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            return
        events = sse_events(r.body) if r.status == 200 else []
        if r.status != 200 or not events or events[-1][0] != "summary":
            key = f"HTTP {r.status}" if r.status != 200 else "no summary"
            errors[key] = errors.get(key, 0) + 1
            return
        summaries.append(json.loads(events[-1][1])["status"])

    async def probe() -> list[float]:
        times = []
        while not done.is_set():
            t = time.perf_counter()
            r = await probe_pool.request("GET", probe_path)
            times.append(time.perf_counter() - t)
            if r.status != 200:
                errors["probe HTTP %d" % r.status] = errors.get("probe HTTP %d" % r.status, 0) + 1
            await asyncio.sleep(probe_every_s)
        return times

    started = time.perf_counter()
    prober = asyncio.create_task(probe())
    await asyncio.gather(*(one() for _ in range(count)))
    total = time.perf_counter() - started
    done.set()
    probes = await prober
    pool.close()
    probe_pool.close()
    return {"total_s": total, "errors": errors, "statuses": summaries, "probe_s": probes}


def run(coro):
    """Run a coroutine on uvloop when it is installed (less client CPU), else on asyncio's loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)
