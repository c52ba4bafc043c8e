"""CPU the server spends per request, read from /proc, as ratios measured in the same run.

server_cpu_ratio: a live `gradplay serve`'s own CPU time (utime + stime in /proc/<pid>/stat,
the process and its worker processes) per uncached 50-step parabola `POST /api/runs`, over
the CPU per run of the seed's plain torch loop that reads its numbers out, timed in this
process in between. Each request is distinct (its seed differs) so none is a cache hit.

Beside it, the same run through the engine alone (`run_answer`: `run_all` and its JSON, what the
server's worker thread computes) is timed here too, as engine_over_plain: the engine's share of
server_cpu_ratio; the rest (server_cpu_ratio / engine_over_plain) is the HTTP path's.

cache_ratio: the server's CPU per repeated identical request (a cache hit) over its CPU per
uncached one, the two batches alternating on the same server.

Both are medians of several rounds; the client is `loadgen`, sequential, so the server
never queues and the client's own CPU stays out of the server's count.
"""

import os
import time

import torch

from benchmarks import loadgen
from benchmarks.engine_bench import seed_parabola_gd
from benchmarks.http_bench import distinct_runs
from benchmarks.stats import median
from gradplay.api.jobs import run_answer
from gradplay.engine import RunSpec

TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """pid and every descendant (uvicorn --workers N runs the app in child processes)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def cpu_s(pid: int) -> float:
    """utime + stime of pid and its descendants, in seconds (10 ms ticks: count many requests)."""
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat(5)
    return total * TICK_S


def server_cpu_per_request(pid: int, url: str, bodies: list[bytes]) -> float:
    """Server CPU seconds per request for `bodies` sent one after another."""
    before = cpu_s(pid)
    out = loadgen.run(loadgen.sequential_bodies(url, "/api/runs", bodies))
    if out.error_count:
        raise RuntimeError(f"requests failed while measuring server CPU: {out.errors}")
    return (cpu_s(pid) - before) / len(bodies)


def plain_cpu_per_run(count: int) -> float:
    torch.set_num_threads(1)  # as the server runs torch
    started = time.process_time()
    for _ in range(count):
        seed_parabola_gd(50)
    return (time.process_time() - started) / count


def engine_cpu_per_run(count: int) -> float:
    """CPU per run of what the server's worker thread computes for one request, here, with no HTTP."""
    torch.set_num_threads(1)
    spec = RunSpec.make("parabola", steps=50)
    started = time.process_time()
    for _ in range(count):
        run_answer(spec, 10.0)
    return (time.process_time() - started) / count


def measure(pid: int, url: str, requests: int, rounds: int) -> dict:
    """server_cpu_ratio and cache_ratio with their absolute figures (ms of CPU per request)."""
    repeated = distinct_runs(1) * requests
    loadgen.run(loadgen.sequential_bodies(url, "/api/runs", repeated[:1]))  # the repeated body is cached from now on
    servers, plains, engines, hits, ratios, engine_ratios, cache_ratios = [], [], [], [], [], [], []
    for _ in range(rounds):
        server = server_cpu_per_request(pid, url, distinct_runs(requests))
        plain = plain_cpu_per_run(requests)
        engine = engine_cpu_per_run(requests)
        hit = server_cpu_per_request(pid, url, repeated)
        servers.append(server), plains.append(plain), engines.append(engine), hits.append(hit)
        ratios.append(server / plain)
        engine_ratios.append(engine / plain)
        cache_ratios.append(hit / server)
    ms = lambda values: round(median(values) * 1e3, 3)  # noqa: E731
    spread = lambda values: [round(min(values), 3), round(max(values), 3)]  # noqa: E731
    return {"server_cpu_ratio": round(median(ratios), 3), "cache_ratio": round(median(cache_ratios), 3),
            "server_cpu_ratio_range": spread(ratios), "engine_over_plain": round(median(engine_ratios), 3),
            "server_ms_per_run": ms(servers), "plain_loop_ms_per_run": ms(plains), "engine_ms_per_run": ms(engines),
            "cached_ms_per_request": ms(hits), "requests": requests, "rounds": rounds}
