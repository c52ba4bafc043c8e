"""`python -m benchmarks --quick` runs end to end: every section, the table, the JSON of named metrics.

A smoke test of the harness only: the quick budgets are far too small for the numbers to
mean anything, so nothing here looks at a timing.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmark_run_writes_every_metric(tmp_path):
    out = tmp_path / "numbers.json"
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())
    names = set(result["metrics"])
    assert {f"engine_step_ratio.{c}" for c in ("parabola_gd", "parabola_sgd", "not_gate", "network")} <= names
    assert {f"sweep_speedup.{c}" for c in ("parabola", "not_gate", "network")} <= names
    assert {"classify_epoch_ratio", "classify_boundary_ms.50x50", "classify_boundary_ms.100x100",
            "classify_stream_ratio"} <= names
    assert {"http_run_ms.sequential.p95", "http_run_ms.open_150_w1.p95", "http_run_ms.open_150_w2.p95",
            "http_run_ms.max_rate_p95_under_50ms_w2", "streams_100.errors", "streams_100.health_p99_ms"} <= names
    assert {"server_cpu_ratio", "cache_ratio", "capacity_ratio", "classroom_half.p95_over_single"} <= names
    assert result["details"]["capacity"]["classroom_half"]["errors"] == 0  # a correctness check, not a timing
    assert "page.redraw_ms" in names or "page" in names  # measured, or skipped where no chromium exists
    if "page.redraw_ms" in names:  # ours against plotly.js alone, both targets named
        assert result["metrics"]["first_chart_ratio.cold"]["target"] == "≤ 1.2"
        assert result["metrics"]["first_chart_ratio.repeat"]["target"] == "≤ 1.5"
    assert "classify_page.redraw_ms.default" in names or "classify_page" in names  # likewise
    assert {"class_fanout_ms.w1_200.p95", "class_cpu_us_per_event.w1_200"} <= names
    assert "class_fanout_ms.redis_2x100.p95" in names or "class_fanout_ms.redis_2x100" in names  # or skipped
    assert result["details"]["class_fanout"]["w1_200"]["missing"] == 0  # every follower got every change
    assert result["metrics"]["streams_100.errors"]["value"] == 0  # a correctness check, not a timing
    assert result["meta"]["quick"] and result["meta"]["load_average_before"]
    assert "| metric | value | target | met |" in done.stdout and str(out) in done.stdout


def test_unknown_section_is_refused():
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--only", "engine,nope"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "unknown section(s) nope" in done.stderr
