"""POST /api/runs: the engine's numbers, the seed's reference numbers, and every status."""

import json

import pytest
import torch

from gradplay.api.settings import Settings
from gradplay.engine import RunSpec, run_all
from tests.api.conftest import strict_json

REL = 1e-5


def close(a, b):
    return abs(a - b) <= REL * max(abs(a), abs(b))


@pytest.mark.parametrize("body", [
    {"problem": "parabola"},
    {"problem": "parabola", "optimizer": "adam", "lr": 0.5, "steps": 20, "options": {"function": "sin(x) + x**2/10"}},
    {"problem": "not_gate", "options": {"variant": "linear", "broadcast_bug": True}},
    {"problem": "network", "optimizer": "momentum", "lr": 1e-4, "steps": 7, "hyper": {"momentum": 0.5}},
    {"problem": "network", "options": {"init": "random", "hidden": 5}, "seed": 3},
])
async def test_run_equals_the_engine(client, body):
    r = await client.post("/api/runs", json=body)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    expected = run_all(RunSpec.make(**body), budget_s=10)
    assert strict_json(r.content) == json.loads(json.dumps(expected))


async def test_records_carry_the_optimizers_state(client):
    """Momentum on the parabola from 5: torch's buffer is the first gradient 12, then 0.9 * 12 + 9.6."""
    body = {"problem": "parabola", "optimizer": "momentum", "lr": 0.1, "steps": 3, "hyper": {"momentum": 0.9}}
    records = strict_json((await client.post("/api/runs", json=body)).content)["records"]
    x = torch.tensor(5.0, requires_grad=True)
    optimizer = torch.optim.SGD([x], lr=0.1, momentum=0.9)
    for record in records:
        assert record["state"] == ({"x": {"momentum_buffer": optimizer.state[x]["momentum_buffer"].item()}}
                                   if x in optimizer.state else {})
        ((x + 1) ** 2).backward()
        optimizer.step()
        optimizer.zero_grad()
    assert records[0]["state"] == {} and records[1]["state"] == {"x": {"momentum_buffer": 12.0}}
    gd = strict_json((await client.post("/api/runs", json={"problem": "parabola", "steps": 3})).content)
    assert [r["state"] for r in gd["records"]] == [{}] * 4


async def test_parabola_reproduces_the_seed(client):
    body = (await client.post("/api/runs", json={"problem": "parabola", "lr": 0.1, "steps": 50})).json()
    records = body["records"]
    assert len(records) == 51 and body["summary"]["status"] == "completed"
    for got, want in zip([r["loss"] for r in records], [36.0, 23.04, 14.7456, 9.437184, 6.039798]):
        assert close(got, want)
    assert records[0]["grads"]["x"] == 12.0
    for k, x in [(1, 3.8), (2, 2.84), (3, 2.072), (50, -0.99991435)]:
        assert close(records[k]["params"]["x"], x)


async def test_not_gate_reproduces_the_seed(client):
    records = (await client.post("/api/runs", json={"problem": "not_gate", "optimizer": "sgd", "lr": 10})).json()["records"]
    assert close(records[0]["loss"], 0.5183403)
    assert close(records[0]["grads"]["w"][0][0], 0.0173450) and close(records[0]["grads"]["b"][0][0], -0.0355320)
    assert [round(a, 4) for a in records[0]["extras"]["a"]] == [0.7311, 0.9820]
    assert close(records[1]["params"]["w"][0][0], 2.8265495) and close(records[1]["params"]["b"][0][0], 1.3553203)
    assert close(records[4]["loss"], 0.4955888)


async def test_network_stalls_with_dead_relus(client):
    body = (await client.post("/api/runs", json={"problem": "network", "lr": 0.1, "steps": 5})).json()
    assert body["records"][0]["loss"] == 151321.0 and body["records"][-1]["loss"] == 100.0
    assert body["summary"]["status"] == "stalled"
    assert any(d["kind"] == "dead_relu" for d in body["summary"]["diagnostics"])


async def test_diverging_run_is_200_with_nulls(client):
    r = await client.post("/api/runs", json={"problem": "parabola", "lr": 100, "steps": 200,
                                             "options": {"function": "x**4"}})
    assert r.status_code == 200
    body = strict_json(r.content)  # a browser's JSON.parse accepts it
    assert body["summary"]["status"] == "diverged" and body["summary"]["final_loss"] is None
    assert body["records"][-1]["loss"] is None


async def test_requires_grad_false_is_the_seeds_error_as_a_lesson(client):
    r = await client.post("/api/runs", json={"problem": "parabola", "options": {"requires_grad": False}})
    assert r.status_code == 200
    summary = r.json()["summary"]
    assert summary["status"] == "error" and "does not require grad" in summary["diagnostics"][0]["message"]


@pytest.mark.parametrize("settings", [Settings(run_budget_s=1e-9)])
async def test_run_past_its_budget_ends_timed_out(client, settings):
    body = (await client.post("/api/runs", json={"problem": "network", "steps": 10_000})).json()
    assert body["summary"]["status"] == "timed_out" and len(body["records"]) < 10_001
    assert "time budget" in body["summary"]["diagnostics"][0]["message"]


@pytest.mark.parametrize("settings", [Settings(max_steps=100)])
async def test_settings_lower_the_step_cap(client, settings):
    r = await client.post("/api/runs", json={"problem": "parabola", "steps": 101})
    assert r.status_code == 422 and "from 0 to 100" in r.json()["detail"]
