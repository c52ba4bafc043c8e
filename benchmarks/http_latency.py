"""Closed-loop latency of a 50-step parabola `POST /api/runs` on a real `gradplay serve`, at N clients.

    python -m benchmarks.http_latency [--clients 1,30] [--requests 600] [--workers 1] [--json out.json]

Each client sends its next request as soon as the last one is answered (closed loop), so at 30
clients the numbers include the wait for a core. `python -m benchmarks` measures the open-loop
load (requests on schedule, as a class sends them) and the rest; this answers "how fast with N
clients hammering it".
"""

import argparse
import json
import os

from benchmarks import loadgen
from benchmarks.http_bench import distinct_runs, warm
from benchmarks.server import served
from benchmarks.stats import percentile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", default="1,30", help="comma-separated client counts (default 1,30)")
    parser.add_argument("--requests", type=int, default=600, help="requests per measurement (default 600)")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (default 1)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    results = {}
    with served(args.workers) as url:
        warm(url)
        for clients in map(int, args.clients.split(",")):
            count = max(args.requests, clients)
            out = loadgen.run(loadgen.closed_loop(url, "/api/runs", distinct_runs(count), clients, count))
            ms = [x * 1e3 for x in out.latencies]
            results[clients] = {"p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95), "p99_ms": percentile(ms, 99),
                                "requests": len(ms), "errors": out.error_count, "req_per_s": len(ms) / out.wall_s}
    print(f"50-step parabola POST /api/runs, {args.workers} worker(s), {os.cpu_count()} cores")
    print(f"{'clients':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'errors':>7}")
    for clients, r in results.items():
        print(f"{clients:>8} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['req_per_s']:>8.0f} {r['errors']:>7}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"workers": args.workers, "clients": results}, f, indent=1)


if __name__ == "__main__":
    main()
