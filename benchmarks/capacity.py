"""Capacity under a classroom's load, against what the engine alone does on the same cores, in the same run.

engine_runs_per_s: one process per core, each calling `run_all` on a 50-step parabola in a loop
for a few seconds, started together; their runs added up over the time: what the cores can
compute with no HTTP at all.

classroom_half: an open loop of distinct 50-step runs at half that rate, sent to
`gradplay serve --workers 2`: its p95 over the latency of one request alone (sequential, the
same server), with the errors, and the load generator's own CPU per request (it shares the cores).

capacity_ratio: the highest open-loop rate whose p95 stays within 50 ms (a short search) over
engine_runs_per_s.

control_p95_ms: the same open loop at the same rate, but of one request repeated, which the cache
answers (~0.2 ms of server CPU each): the latency the machine itself adds at that rate, with
no computation queued. Where other programs load the cores, it is far above one request's
latency, and no server could meet the classroom target there.
"""

import os
import subprocess
import sys
import time

from benchmarks import http_bench, loadgen
from benchmarks.server import ROOT, served
from benchmarks.stats import median, percentile

ENGINE_LOOP = """
import sys, time, torch
from gradplay.api import runtime
from gradplay.engine import RunSpec, run_all
torch.set_num_threads(1); runtime.tune()
spec = RunSpec.make("parabola", steps=50)
for _ in range(20): run_all(spec)
print("ready", flush=True)
duration = float(sys.stdin.readline())
n, start = 0, time.perf_counter()
while time.perf_counter() < start + duration:
    run_all(spec); n += 1
print(n, time.perf_counter() - start, flush=True)
"""


def engine_runs_per_s(cores: int, duration_s: float) -> float:
    """Runs per second of `cores` engine-only processes running at once, each told to start once all have
    imported torch and warmed up; each process's runs over its own time, added up."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "backend"), os.environ.get("PYTHONPATH", "")])}
    procs = [subprocess.Popen([sys.executable, "-c", ENGINE_LOOP], env=env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True) for _ in range(cores)]
    for p in procs:
        if p.stdout.readline().strip() != "ready":
            raise RuntimeError("an engine-only process did not start")
    for p in procs:
        p.stdin.write(f"{duration_s}\n")
        p.stdin.flush()
    rate = 0.0
    for p in procs:
        runs, seconds = p.communicate(timeout=duration_s + 120)[0].split()
        rate += int(runs) / float(seconds)
    return rate


def single_latency_ms(url: str, count: int) -> float:
    """The median latency of one request alone (each sent when the last is answered)."""
    out = loadgen.run(loadgen.sequential_bodies(url, "/api/runs", http_bench.distinct_runs(count)))
    return median(out.latencies) * 1e3


def open_loop_with_client_cpu(url: str, rate: float, duration_s: float) -> dict:
    """http_bench.open_loop, plus the load generator's own CPU per request (this process's CPU time)."""
    started = time.process_time()
    r = http_bench.open_loop(url, rate, duration_s)
    r["client_cpu_ms_per_request"] = round((time.process_time() - started) / max(int(rate * duration_s), 1) * 1e3, 3)
    return r


def measure(quick: bool = False) -> dict:
    cores = os.cpu_count() or 1
    engine_s, open_s, probe_s, probes, alone = (1.0, 1.0, 0.5, 2, 10) if quick else (5.0, 10.0, 4.0, 6, 60)
    engine = engine_runs_per_s(cores, engine_s)
    with served(workers=2) as url:
        http_bench.warm(url, 0.3 if quick else 1.0)
        single = single_latency_ms(url, alone)
        half = open_loop_with_client_cpu(url, engine / 2, open_s)
        same = http_bench.distinct_runs(1)  # answered from the cache after the first
        control = loadgen.run(loadgen.open_loop(url, "/api/runs", same, engine / 2, open_s))
        best = http_bench.max_rate(url, max(engine / 4, 10), probe_s, probes, 0 if quick else 200)
    half["control_p95_ms"] = round(percentile([x * 1e3 for x in control.latencies], 95), 2)
    return {"cores": cores, "engine_runs_per_s": round(engine, 1), "single_ms": round(single, 2),
            "classroom_half": {**half, "p95_over_single": round(half["p95"] / single, 2)},
            "max_rate_p95_50ms_w2": best, "capacity_ratio": round(best["rate_per_s"] / engine, 3)}
