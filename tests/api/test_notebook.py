"""POST /api/notebook: a .ipynb attachment whose cells, run by plain python, print /api/runs' numbers."""

import json
import os
import subprocess
import sys

import pytest

BODIES = [
    {"problem": "parabola", "steps": 10},
    {"problem": "not_gate", "optimizer": "momentum", "lr": 3, "steps": 6, "hyper": {"momentum": 0.5},
     "options": {"variant": "linear", "broadcast_bug": True}},
    {"problem": "network", "lr": 1e-4, "steps": 7},
]


def cell_code(nb: dict) -> str:
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def run_code(code: str) -> list[dict]:
    env = {**os.environ, "MPLBACKEND": "Agg"}  # plt.show() must not wait for a window
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.parametrize("body", BODIES)
async def test_notebook_cells_print_the_runs_records(client, body):
    r = await client.post("/api/notebook", json=body)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ipynb+json")
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment;") and f'filename="gradplay-{body["problem"]}-' in disposition
    assert disposition.endswith('.ipynb"')
    nb = r.json()
    assert nb["nbformat"] == 4 and nb["nbformat_minor"] >= 5
    assert {c["cell_type"] for c in nb["cells"]} == {"markdown", "code"}
    printed = run_code(cell_code(nb))
    records = (await client.post("/api/runs", json=body)).json()["records"]
    assert printed == [{k: want[k] for k in ("step", "loss", "params", "grads", "state")} for want in records]


async def test_notebook_reproduces_the_seeds_numbers(client):
    """The oracle is the seed's printout, not the server: NOT gate, lr 10, w 3, b 1."""
    nb = (await client.post("/api/notebook", json={"problem": "not_gate", "steps": 4})).json()
    printed = run_code(cell_code(nb))
    assert printed[0]["loss"] == pytest.approx(0.5183403, rel=1e-6)
    assert printed[1]["params"]["w"] == [[pytest.approx(2.8265495, rel=1e-6)]]
    assert printed[4]["loss"] == pytest.approx(0.4955888, rel=1e-6)


@pytest.mark.parametrize("body, words", [
    ({}, "problem is required"),
    ({"problem": "circle"}, "unknown problem 'circle'"),
    ({"problem": "parabola", "lr": 0}, "lr: must be greater than 0"),
    ({"problem": "parabola", "optimizer": "adam", "hyper": {"momentum": 0.9}}, "momentum"),
    ({"problem": "parabola", "options": {"function": "__import__('os')"}}, "not allowed"),
])
async def test_bad_notebook_requests_are_422(client, body, words):
    r = await client.post("/api/notebook", json=body)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/json")
    assert words in r.json()["detail"]
