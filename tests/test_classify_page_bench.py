"""The classify page benchmark's harness: `--only classify_page --quick` writes its named metrics, and the
side-by-side table with TensorFlow Playground's bench divides the right numbers. No timing is asserted."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import classify_page, page_bench

ROOT = Path(__file__).resolve().parents[1]
STATES = ("default", "big")


def test_quick_run_writes_the_classify_page_metrics(tmp_path):
    if page_bench.missing():
        pytest.skip(page_bench.missing())
    out = tmp_path / "numbers.json"
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--only", "classify_page", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())
    names = set(result["metrics"])
    for state in STATES:
        assert {f"classify_page.redraw_ms.{state}", f"classify_page.epochs_per_s.{state}",
                f"classify_page.first_frame_ms.cold.{state}", f"classify_page.first_frame_ms.warm.{state}"} <= names
        s = result["details"]["classify_page"]["states"][state]
        assert s["epoch_after"] >= s["epoch_before"] == 0  # played from epoch 0, never backwards
        assert s["records_received"] >= 1 and s["cold"][0]["frame_ms"] >= s["cold"][0]["draw_ms"] > 0
    assert result["metrics"]["classify_page.redraw_ms.default"]["target"] == "≤ 16 ms median"
    assert result["metrics"]["classify_page.redraw_ms.big"]["target"] == "≤ 33 ms median"


def _state(**numbers):
    base = {"epochs_per_s": 10.0, "fps": 20.0, "cold_frame_ms_med": 1000.0, "warm_frame_ms_med": 500.0,
            "redraw_ms": {"median": 5.0, "p95": 9.0}}
    return {**base, **numbers}


def test_side_by_side_divides_ours_by_tfps():
    ours = {"states": {"default": _state(epochs_per_s=300.0), "big": _state(cold_frame_ms_med=800.0)},
            "load_average_start": (1.0, 0, 0), "load_average_end": (2.0, 0, 0)}
    tfp = {"states": {"default": _state(epochs_per_s=20.0), "big": _state(cold_frame_ms_med=1600.0)},
           "loadavg_start": [3.0], "loadavg_end": [4.0]}
    table = classify_page.side_by_side(ours, tfp)
    assert "| default | epochs/s | 300.0 | 20.0 | 15.00 | ≥ 1 |" in table
    assert "| big | first frame cold, ms | 800.0 | 1600.0 | 0.50 | ≤ 1 |" in table
    assert "| big | redraw per frame, ms (median / p95) | 5.0 / 9.0 | | | ≤ 33 median |" in table
    assert "ours 1.00→2.00, TFP 3.00→4.00" in table
