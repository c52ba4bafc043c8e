"""Latency of a 50-step parabola `POST /api/runs` on a real `gradplay serve`, at 1 and 30 clients.

    python benchmarks/http_latency.py [--clients 1,30] [--requests 600] [--workers 1] [--json out.json]

Each client sends its next request as soon as the last one is answered (closed loop), so
at 30 clients the numbers include the wait for one of the cores. The server runs in its
own process, started exactly as `gradplay serve` starts it; the clients share the machine.
"""

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import time

import httpx

BODY = {"problem": "parabola", "steps": 50}
SERVE = "import sys; from gradplay.serve import serve; serve('127.0.0.1', int(sys.argv[1]), int(sys.argv[2]))"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(port), str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/health").status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start within 60 s")


async def closed_loop(url: str, clients: int, requests: int) -> list[float]:
    """`requests` in all, from `clients` clients each sending one after the other; seconds each."""
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as c:
        async def client(n: int) -> None:
            for _ in range(n):
                started = time.perf_counter()
                r = await c.post("/api/runs", json=BODY)
                latencies.append(time.perf_counter() - started)
                if r.status_code != 200:
                    raise SystemExit(f"request failed: {r.status_code} {r.text[:200]}")

        await asyncio.gather(*(client(requests // clients) for _ in range(clients)))
    return latencies


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", default="1,30", help="comma-separated client counts (default 1,30)")
    parser.add_argument("--requests", type=int, default=600, help="requests per measurement (default 600)")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (default 1)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    proc, url = start_server(args.workers)
    results = {}
    try:
        asyncio.run(closed_loop(url, 4, 200))  # warm up: torch's first calls, the thread pool, connections
        for clients in map(int, args.clients.split(",")):
            started = time.perf_counter()
            lat = asyncio.run(closed_loop(url, clients, max(args.requests, clients)))
            wall = time.perf_counter() - started
            results[clients] = {"p50_ms": percentile(lat, 50) * 1e3, "p95_ms": percentile(lat, 95) * 1e3,
                                "p99_ms": percentile(lat, 99) * 1e3, "requests": len(lat), "req_per_s": len(lat) / wall}
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"50-step parabola POST /api/runs, {args.workers} worker(s), {__import__('os').cpu_count()} cores")
    print(f"{'clients':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8}")
    for clients, r in results.items():
        print(f"{clients:>8} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['req_per_s']:>8.0f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"workers": args.workers, "clients": results}, f, indent=1)


if __name__ == "__main__":
    main()
