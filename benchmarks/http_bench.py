"""HTTP benchmarks on a real `gradplay serve`: latency of a 50-step parabola run, and 100 streams.

http_run_ms: POST /api/runs of the parabola lesson (50 steps), as the page's lr box asks for it,
each request distinct (its seed differs: the same work) so that none is answered from the cache:
- `sequential`: one client, each request sent when the last is answered;
- `open_150_w1` / `open_150_w2`: 150 requests/s for 20 s (30 students dragging sliders), sent
  on schedule whether or not earlier ones were answered, with 1 and with 2 worker processes
  (two servers, measured in turn in four 5 s slices each);
- `max_rate_p95_50ms`: the highest rate (a short search) whose p95 stays under 50 ms.
streams_100: 100 concurrent POST /api/runs/stream of a 200-step network run; errors, the time
until the last one ends, and GET /api/health's p99 meanwhile (is the server still responsive?).
"""

from benchmarks import loadgen
from benchmarks.server import served
from benchmarks.stats import median, percentile

RUN_BODY = {"problem": "parabola", "steps": 50}
RUN_TEMPLATE = '{"problem":"parabola","steps":50,"seed":%d}'
_next_seed = [1_000_000]  # distinct across every call in this process


def distinct_runs(count: int) -> list[bytes]:
    """`count` encoded 50-step parabola requests differing only in their seed (which the parabola does
    not use): the same computation each time, but distinct requests, so the server's cache never hits."""
    start = _next_seed[0]
    _next_seed[0] += count
    return [(RUN_TEMPLATE % s).encode() for s in range(start, start + count)]
STREAM_BODY = {"problem": "network", "steps": 200}
P95_LIMIT_MS = 50.0


def _summary(out: loadgen.Outcome, **extra) -> dict:
    ms = [x * 1e3 for x in out.latencies]
    return {"p50": round(percentile(ms, 50), 2), "p95": round(percentile(ms, 95), 2),
            "p99": round(percentile(ms, 99), 2), "requests": len(ms), "errors": out.error_count,
            "error_kinds": out.errors, "achieved_per_s": round(len(ms) / out.wall_s, 1) if out.wall_s else 0, **extra}


def warm(url: str, seconds: float = 1.0) -> None:
    """torch's first calls, the thread pool, the connections: a classroom server has long done these."""
    loadgen.run(loadgen.open_loop(url, "/api/runs", distinct_runs(int(100 * seconds)), 100, seconds))


def sequential(url: str, count: int) -> dict:
    return _summary(loadgen.run(loadgen.sequential_bodies(url, "/api/runs", distinct_runs(count))))


def open_loop(url: str, rate: float, duration_s: float) -> dict:
    bodies = distinct_runs(int(rate * duration_s))
    return _summary(loadgen.run(loadgen.open_loop(url, "/api/runs", bodies, rate, duration_s)), rate=rate,
                    duration_s=duration_s)


def open_loops_interleaved(urls: dict[str, str], rate: float, duration_s: float, slices: int) -> dict:
    """The same open-loop load on each server in turn, `slices` times, for `duration_s` in all each: a
    burst of load from another program lands on every configuration, not on one."""
    outcomes = {name: loadgen.Outcome() for name in urls}
    for _ in range(slices):
        for name, url in urls.items():
            bodies = distinct_runs(int(rate * duration_s / slices))
            part = loadgen.run(loadgen.open_loop(url, "/api/runs", bodies, rate, duration_s / slices))
            total = outcomes[name]
            total.latencies += part.latencies
            total.wall_s += part.wall_s
            for kind, n in part.errors.items():
                total.errors[kind] = total.errors.get(kind, 0) + n
    return {name: _summary(out, rate=rate, duration_s=duration_s, slices=slices) for name, out in outcomes.items()}


def max_rate(url: str, start: float, probe_s: float, probes: int, min_requests: int = 0) -> dict:
    """Grow the rate by half until p95 passes 50 ms (or requests fail), then bisect: `probes` probes in all,
    each at least `probe_s` long and long enough for `min_requests` (a p95 of a few requests is their maximum)."""
    ok, bad, tried = 0.0, None, []
    rate = start
    for _ in range(probes):
        r = open_loop(url, rate, max(probe_s, min_requests / rate))
        passed = r["errors"] == 0 and r["p95"] < P95_LIMIT_MS
        tried.append({"rate": round(rate), "p95": r["p95"], "errors": r["errors"]})
        if passed:
            ok = max(ok, rate)
        else:
            bad = rate if bad is None else min(bad, rate)
        rate = rate * 1.5 if bad is None else (ok + bad) / 2
    return {"rate_per_s": round(ok), "probe_s": probe_s, "tried": tried}


def streams_100(url: str, count: int = 100, body: dict = STREAM_BODY) -> dict:
    r = loadgen.run(loadgen.streams_with_probe(url, body, count))
    ms = [x * 1e3 for x in r["probe_s"]]
    statuses = {s: r["statuses"].count(s) for s in set(r["statuses"])}
    return {"streams": count, "steps": body["steps"], "errors": sum(r["errors"].values()), "error_kinds": r["errors"],
            "total_s": round(r["total_s"], 2), "health_p50_ms": round(median(ms), 2) if ms else None,
            "health_p99_ms": round(percentile(ms, 99), 2), "health_max_ms": round(max(ms), 2) if ms else None,
            "health_probes": len(ms), "statuses": statuses}


def measure(quick: bool = False) -> dict:
    """Every HTTP metric; quick: a few requests each, only to prove the harness works."""
    seq_n, open_s, probe_s, probes = (20, 1.0, 0.5, 2) if quick else (300, 20.0, 4.0, 6)
    n_streams, stream_body = (5, {**STREAM_BODY, "steps": 20}) if quick else (100, STREAM_BODY)
    out = {}
    with served(workers=1) as one, served(workers=2) as two:  # the idle one costs nothing
        for url in (one, two):
            warm(url, 0.3 if quick else 1.0)
        out["sequential"] = sequential(one, seq_n)
        both = open_loops_interleaved({"open_150_w1": one, "open_150_w2": two}, 150, open_s, 1 if quick else 4)
        out.update(both)
        out["streams_100"] = streams_100(one, n_streams, stream_body)
        out["max_rate_p95_50ms_w2"] = max_rate(two, 150, probe_s, probes)
    return out
