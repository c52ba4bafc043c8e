"""POST /api/sweeps: rows equal the single runs bit for bit; ranges; the size cap."""

import pytest

from gradplay.engine.sweep import make_lrs
from tests.api.conftest import strict_json


@pytest.mark.parametrize("body", [
    {"problem": "parabola", "optimizer": "sgd", "steps": 20},
    {"problem": "parabola", "optimizer": "gd", "steps": 20},
    {"problem": "not_gate", "steps": 10},
    {"problem": "network", "steps": 5},
])
async def test_sweep_rows_equal_single_runs(client, body):
    lrs = [0.001, 0.1, 0.7, 1.05]
    r = await client.post("/api/sweeps", json=body | {"lrs": lrs})
    assert r.status_code == 200
    sweep = strict_json(r.content)
    assert sweep["lrs"] == lrs
    for i, lr in enumerate(lrs):
        single = (await client.post("/api/runs", json=body | {"lr": lr})).json()
        losses = [rec["loss"] for rec in single["records"]]
        assert sweep["loss"][i][:len(losses)] == losses
        assert sweep["status"][i] == single["summary"]["status"]
        for name in sweep["params"]:
            assert sweep["params"][name][i][:len(losses)] == [rec["params"][name] for rec in single["records"]]


async def test_sweep_grads_on_request_equal_the_runs_grads(client):
    body = {"problem": "network", "steps": 4, "lr": 0.0001}
    r = await client.post("/api/sweeps", json={k: v for k, v in body.items() if k != "lr"} | {"lrs": [0.0001],
                                                                                             "grads": True})
    sweep = strict_json(r.content)
    single = (await client.post("/api/runs", json=body)).json()
    for name, rows in sweep["grads"].items():
        assert rows[0] == [rec["grads"][name] for rec in single["records"]]
    plain = (await client.post("/api/sweeps", json={"problem": "network", "steps": 4, "lrs": [0.0001]})).json()
    assert "grads" not in plain


async def test_sweep_over_a_log_range(client):
    r = await client.post("/api/sweeps", json={"problem": "parabola", "steps": 5, "lr_min": 0.01, "lr_max": 1.5,
                                               "count": 9})
    sweep = r.json()
    assert sweep["lrs"] == make_lrs(0.01, 1.5, 9, "log") and len(sweep["loss"]) == 9
    assert sweep["status"][-1] == "completed" and sweep["loss"][-1][-1] > sweep["loss"][-1][0]  # overshoots


async def test_diverging_rows_are_null_not_nan(client):
    r = await client.post("/api/sweeps", json={"problem": "parabola", "steps": 100, "lrs": [0.001, 100],
                                               "options": {"function": "x**4"}})
    sweep = strict_json(r.content)
    assert sweep["status"] == ["completed", "diverged"] and sweep["loss"][1][-1] is None


async def test_largest_allowed_sweep_is_answered(client):
    # 256 x 3906 records x (loss + x) = 1 999 872 numbers: just under the cap
    r = await client.post("/api/sweeps", json={"problem": "parabola", "steps": 3905,
                                               "lr_min": 1e-4, "lr_max": 1, "count": 256})
    assert r.status_code == 200 and len(r.json()["loss"][0]) == 3906
