"""The exported notebook: valid nbformat, and its code prints the engine's own records."""

import json
import os
import subprocess
import sys

import pytest

from gradplay.engine import RunSpec, run_all
from gradplay.engine.notebook import notebook


def run_cells(nb: dict) -> list[dict]:
    code = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    env = {**os.environ, "MPLBACKEND": "Agg"}  # plt.show() must not wait for a window
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def engine_records(spec: RunSpec) -> list[dict]:
    return [{k: r[k] for k in ("step", "loss", "params", "grads", "state")} for r in run_all(spec)["records"]]


@pytest.mark.parametrize("problem, optimizer, options", [
    ("parabola", "gd", {}),
    ("not_gate", "sgd", {"variant": "module"}),
    ("network", "adam", {"init": "random"}),
    ("classify", "momentum", {"samples": 40, "grid": 4, "dataset": "xor", "features": ["x1", "x2", "x1x2"]}),
])
def test_notebook_cells_print_the_engine_records(problem, optimizer, options):
    spec = RunSpec.make(problem, optimizer, steps=8, options=options)
    assert run_cells(notebook(spec)) == engine_records(spec)


def test_notebook_is_nbformat_4_with_stable_ids():
    spec = RunSpec.make("parabola")
    nb = notebook(spec)
    assert nb["nbformat"] == 4 and nb["nbformat_minor"] >= 5
    assert [c["cell_type"] for c in nb["cells"]] == ["markdown", "code", "code", "code", "code"]
    assert [c["id"] for c in nb["cells"]] == [f"cell-{i}" for i in range(5)]
    assert json.dumps(nb) == json.dumps(notebook(spec))
    assert "matplotlib" in "".join(nb["cells"][-1]["source"])
