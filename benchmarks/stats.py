"""Small statistics shared by every benchmark: medians, percentiles, interleaved ratios.

Every timing is a median of several runs; every comparison is a ratio of two things timed
in the same process, alternately (A B, B A, A B, ...), so a burst of load from another
process lands on both sides instead of on one.
"""

import statistics
import time
from typing import Callable


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), linear between the two nearest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of fn takes."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def interleaved(a: Callable[[], object], b: Callable[[], object], runs: int, warmup: int = 1) -> dict:
    """Time a and b alternately `runs` times each; the median of each and of the per-pair ratio a/b."""
    for _ in range(warmup):
        a(), b()
    times_a, times_b, ratios = [], [], []
    for i in range(runs):
        if i % 2:
            tb, ta = timed(b), timed(a)
        else:
            ta, tb = timed(a), timed(b)
        times_a.append(ta)
        times_b.append(tb)
        ratios.append(ta / tb)
    return {"a_s": median(times_a), "b_s": median(times_b), "ratio": median(ratios), "runs": runs}


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages (other processes share the cores)."""
    try:
        with open("/proc/loadavg") as f:
            return [float(x) for x in f.read().split()[:3]]
    except OSError:
        return []
