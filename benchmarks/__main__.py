"""`python -m benchmarks`: every performance number gradplay publishes, as a table and a JSON file.

    python -m benchmarks                 # all of it, ~4 minutes on 2 cores
    python -m benchmarks --quick         # a few seconds of each, only to prove the harness works
    python -m benchmarks --only engine,sweep --out /tmp/numbers.json

Sections: engine (engine_step_ratio), sweep (sweep_speedup), classify (classify_epoch_ratio,
classify_boundary_ms, classify_stream_ratio; one real server), http (http_run_ms, streams_100;
real `gradplay serve` processes on 127.0.0.1), server (server_cpu_ratio, cache_ratio: the server's
CPU read from /proc), capacity (capacity_ratio, classroom_half: open loops against engine-only
runs per second on the same cores), page (first_chart_ratio against plotly.js alone; headless chromium,
skipped where none is installed), classify_page (the classify page measured as TensorFlow Playground's own
bench measures TFP: first heatmap frame, epochs/s and redraw per frame while playing; skipped likewise),
class (live-class fan-out to 200 followers, embedded and through Redis).
Every timing is a median of several runs and every comparison a ratio measured
in the same process, alternately; other programs share the cores, so the load average is
recorded before and after. The JSON (default benchmarks/results/latest.json) holds the named
metrics, their targets, the details behind them and the conditions they were measured under.
"""

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import torch

from benchmarks import capacity, class_bench, classify_bench, classify_page, engine_bench, http_bench, page_bench, server_cpu
from benchmarks.report import metrics, table
from benchmarks.server import serving
from benchmarks.stats import load_average
from gradplay.api import runtime

SECTIONS = ("engine", "sweep", "classify", "http", "server", "capacity", "page", "classify_page", "class")
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "latest.json"


def run_sections(only: tuple[str, ...], quick: bool, loads: dict) -> dict:
    """Each section's details; `loads` gets the 1-minute load average as each section starts."""
    details: dict = {}
    if "engine" in only:
        loads["engine"] = load_average()[0]
        details["engine_step_ratio"] = engine_bench.step_ratios(*((20, 5) if quick else (200, 21)))
    if "sweep" in only:
        loads["sweep"] = load_average()[0]
        details["sweep_speedup"] = engine_bench.sweep_speedups(*((16, 1) if quick else (256, 3)))
    if "classify" in only:
        loads["classify"] = load_average()[0]
        details["classify"] = classify_bench.measure(quick)
    if "http" in only:
        loads["http"] = load_average()[0]
        details["http"] = http_bench.measure(quick)
    if "server" in only:
        loads["server"] = load_average()[0]
        with serving(workers=1) as server:
            http_bench.warm(server.url, 0.3 if quick else 1.0)
            details["server"] = server_cpu.measure(server.pid, server.url, *((30, 1) if quick else (200, 5)))
    if "capacity" in only:
        loads["capacity"] = load_average()[0]
        details["capacity"] = capacity.measure(quick)
    if "page" in only:
        loads["page"] = load_average()[0]
        reason = page_bench.missing()
        if reason:
            details["page"] = {"skipped": reason}
        else:
            summary, _ = page_bench.measure(*((1, 1, False) if quick else (7, 4, True)))
            details["page"] = summary
    if "classify_page" in only:
        loads["classify_page"] = load_average()[0]
        reason = page_bench.missing()
        details["classify_page"] = {"skipped": reason} if reason else classify_page.measure(quick)
    if "class" in only:
        loads["class"] = load_average()[0]
        details["class_fanout"] = class_bench.measure(quick)
    return details


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny budgets: proves the harness works, numbers mean little")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {', '.join(SECTIONS)}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON file to write (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    only = tuple(s.strip() for s in args.only.split(",") if s.strip())
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    runtime.tune()  # the engine runs here under the process settings every server process has (GC, GIL)
    started, load_before = time.time(), load_average()
    loads: dict = {}
    details = run_sections(only, args.quick, loads)
    meta = {"command": "python -m benchmarks" + (" --quick" if args.quick else "") +
            ("" if set(only) == set(SECTIONS) else f" --only {','.join(only)}"),
            "quick": args.quick, "seconds": round(time.time() - started, 1), "cores": os.cpu_count(),
            "load_average_before": load_before, "load_average_after": load_average(), "load_at_section_start": loads,
            "python": platform.python_version(), "torch": torch.__version__, "machine": platform.machine(),
            "date": time.strftime("%Y-%m-%d %H:%M:%S")}
    result = {"metrics": metrics(details), "details": details, "meta": meta}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    print(table(result))
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
