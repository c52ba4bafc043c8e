"""POST /api/code: the script, run by plain python in a subprocess, prints /api/runs' numbers."""

import json
import subprocess
import sys

import pytest

BODIES = [
    {"problem": "parabola", "steps": 10},
    {"problem": "parabola", "optimizer": "momentum", "lr": 0.05, "steps": 10, "options": {"function": "sin(x) + x**2/4"}},
    {"problem": "not_gate", "steps": 4},
    {"problem": "not_gate", "optimizer": "adam", "lr": 0.3, "options": {"variant": "linear", "broadcast_bug": True}},
    {"problem": "network", "steps": 5},
    {"problem": "network", "optimizer": "rmsprop", "lr": 1e-3, "steps": 6, "options": {"init": "random"}, "seed": 7},
    {"problem": "parabola", "lr": 100, "steps": 30, "options": {"function": "x**4"}},  # diverges
]


@pytest.mark.parametrize("body", BODIES)
async def test_code_prints_the_same_records(client, body, tmp_path):
    r = await client.post("/api/code", json=body)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/x-python")
    path = tmp_path / "run.py"
    path.write_text(r.text)
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    printed = [json.loads(line) for line in done.stdout.splitlines()]
    records = (await client.post("/api/runs", json=body)).json()["records"]
    assert len(printed) == len(records)
    for got, want in zip(printed, records):
        assert got == {k: want[k] for k in ("step", "loss", "params", "grads", "state")}
