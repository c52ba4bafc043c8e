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


# ---- hyper_sweep: a map over one hyperparameter x the learning rate -------------------------------

MAP_LRS = [0.01, 0.1, 1.5, 20.0]


@pytest.mark.parametrize("body, name, values", [
    ({"problem": "parabola", "optimizer": "momentum", "steps": 30}, "momentum", [0.0, 0.5, 0.9]),
    ({"problem": "not_gate", "optimizer": "adam", "steps": 30}, "beta1", [0.0, 0.5, 0.9]),
])
async def test_hyper_sweep_cells_equal_single_runs(client, body, name, values):
    r = await client.post("/api/sweeps", json=body | {"lrs": MAP_LRS, "hyper_sweep": {"name": name, "values": values}})
    assert r.status_code == 200
    sweep = strict_json(r.content)
    assert sweep["hyper_name"] == name and sweep["hyper_values"] == values and sweep["lrs"] == MAP_LRS
    for i, value in enumerate(values):
        for j, lr in enumerate(MAP_LRS):
            single = (await client.post("/api/runs", json=body | {"lr": lr, "hyper": {name: value}})).json()
            losses = [rec["loss"] for rec in single["records"]]
            assert sweep["final_loss"][i][j] == single["summary"]["final_loss"], (value, lr)
            assert sweep["status"][i][j] == single["summary"]["status"], (value, lr)
            assert sweep["loss"][i][j][:len(losses)] == losses, (value, lr)
            for p in sweep["params"]:
                assert sweep["params"][p][i][j][:len(losses)] == [rec["params"][p] for rec in single["records"]]


async def test_hyper_sweep_summary_only(client):
    body = {"problem": "parabola", "optimizer": "momentum", "steps": 100, "lrs": [0.1, 1.5, 2.5],
            "hyper_sweep": {"name": "momentum", "values": [0.0, 0.9]}, "summary_only": True}
    sweep = strict_json((await client.post("/api/sweeps", json=body)).content)
    assert set(sweep) == {"lrs", "hyper_name", "hyper_values", "status", "final_loss", "curvature"}
    # the heavy-ball boundary lr * 2 < 2 (1 + momentum): 1.5 diverges without momentum, converges with 0.9
    assert sweep["status"] == [["completed", "diverged", "diverged"], ["completed", "completed", "diverged"]]
    assert sweep["final_loss"][0][1:] == [None, None] and sweep["curvature"] == 2.0


async def test_hyper_sweep_hyper_gives_the_other_hyperparameters(client):
    body = {"problem": "parabola", "optimizer": "momentum", "steps": 10, "lrs": [0.1],
            "hyper": {"momentum": 0.3, "dampening": 0.5}, "hyper_sweep": {"name": "momentum", "values": [0.9]}}
    sweep = (await client.post("/api/sweeps", json=body)).json()
    single = (await client.post("/api/runs", json={"problem": "parabola", "optimizer": "momentum", "steps": 10,
                                                   "lr": 0.1, "hyper": {"momentum": 0.9, "dampening": 0.5}})).json()
    assert sweep["loss"][0][0] == [rec["loss"] for rec in single["records"]]


@pytest.mark.parametrize("extra, words", [
    ({"optimizer": "adam", "hyper_sweep": {"name": "momentum", "values": [0.5]}},
     "is not a hyperparameter of adam; choose one of beta1, beta2, eps, weight_decay"),
    ({"optimizer": "gd", "hyper_sweep": {"name": "momentum", "values": [0.5]}}, "gd takes none"),
    ({"optimizer": "momentum", "hyper_sweep": {"name": "momentum", "values": [0.5, 2.0]}},
     "must lie within [0, 0.999]; got 2.0"),
    ({"optimizer": "momentum", "hyper_sweep": {"name": "momentum", "values": [0.1] * 65}},
     "hyper_sweep.values: List should have at most 64 items"),
    ({"optimizer": "momentum", "hyper_sweep": {"name": "momentum", "values": []}},
     "hyper_sweep.values: List should have at least 1 item"),
    ({"optimizer": "momentum", "hyper_sweep": {"name": "momentum", "values": [0.5] * 64}, "lrs": None,
      "lr_min": 0.01, "lr_max": 1.0, "count": 65}, "at most 4096 cells (values x learning rates); got 64 x 65 = 4160"),
    ({"optimizer": "momentum", "hyper_sweep": {"name": "momentum", "values": [0.5, "0.9"]}}, "hyper_sweep.values.1"),
    ({"optimizer": "momentum", "hyper_sweep": {"name": "momentum", "values": [0.5], "extra": 1}}, "unknown key"),
    ({"optimizer": "momentum", "summary_only": "yes"}, "summary_only"),
])
async def test_bad_hyper_sweeps_are_422_naming_what_to_change(client, extra, words):
    body = {"problem": "parabola", "steps": 5, "lrs": [0.1]} | extra
    body = {k: v for k, v in body.items() if v is not None}
    r = await client.post("/api/sweeps", json=body)
    assert r.status_code == 422 and words in r.json()["detail"], r.json()


async def test_largest_map_is_answered(client):
    body = {"problem": "parabola", "optimizer": "momentum", "steps": 20, "lr_min": 0.01, "lr_max": 4.0, "count": 64,
            "hyper_sweep": {"name": "momentum", "values": [i / 64 for i in range(64)]}, "summary_only": True}
    sweep = strict_json((await client.post("/api/sweeps", json=body)).content)
    assert len(sweep["status"]) == 64 and {len(row) for row in sweep["final_loss"]} == {64}


async def test_a_map_is_held_to_the_numbers_cap(client):
    body = {"problem": "parabola", "optimizer": "momentum", "steps": 1000, "lr_min": 0.01, "lr_max": 4.0,
            "count": 64, "hyper_sweep": {"name": "momentum", "values": [0.5] * 64}}
    r = await client.post("/api/sweeps", json=body)
    assert r.status_code == 422 and "64 values x 64 learning rates" in r.json()["detail"]
    assert "Use at most 243 steps" in r.json()["detail"]


# ---- curvature ------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, curvature", [
    ({"problem": "parabola"}, 2.0),
    ({"problem": "parabola", "options": {"function": "3*x**2 + x"}}, 6.0),
    ({"problem": "parabola", "options": {"function": "x**4 - 3*x**2"}}, None),
    ({"problem": "not_gate"}, None),
    ({"problem": "network"}, None),
])
async def test_every_sweep_carries_the_curvature(client, body, curvature):
    sweep = strict_json((await client.post("/api/sweeps", json=body | {"steps": 2, "lrs": [0.1]})).content)
    assert sweep["curvature"] == curvature
