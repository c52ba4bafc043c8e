"""The classify lesson over HTTP: runs and streams with its extras, POST /api/datasets, the 422s, sweeps refused."""

import pytest
import torch
import torch.nn.functional as F

from gradplay.engine import RunSpec, datasets, run_all
from tests.api.conftest import sse_events, strict_json

SMALL = {"samples": 40, "grid": 4}


async def test_a_run_answers_records_with_the_lesson_extras(client):
    body = {"problem": "classify", "steps": 2, "options": SMALL}
    r = await client.post("/api/runs", json=body)
    assert r.status_code == 200
    data = strict_json(r.text)
    spec = RunSpec.make("classify", steps=2, options=SMALL)
    assert data["records"] == run_all(spec)["records"] and data["summary"]["status"] == "completed"
    extras = data["records"][2]["extras"]
    assert {"test_loss", "train_accuracy", "test_accuracy", "boundary", "neurons", "dead", "saturated"} <= set(extras)
    assert list(data["records"][0]["params"])[0] == "layers.0.weight"


async def test_the_stream_sends_one_record_per_epoch_then_the_summary(client):
    body = {"problem": "classify", "optimizer": "adam", "lr": 0.05, "steps": 3, "options": SMALL}
    r = await client.post("/api/runs/stream", json=body)
    assert r.status_code == 200
    events = sse_events(r.text)
    assert [e for e, _ in events] == ["record"] * 4 + ["summary"]
    assert events[3][1]["loss"] == run_all(RunSpec.make(**body))["records"][3]["loss"]


async def test_datasets_answers_the_runs_exact_points(client):
    r = await client.post("/api/datasets", json={"dataset": "xor", "samples": 20, "noise": 10, "data_seed": 4,
                                                 "train_fraction": 0.6})
    assert r.status_code == 200
    data = r.json()
    xy, label = datasets.make("xor", 20, 10.0, 4)
    rows = torch.cat((xy, label[:, None]), 1).tolist()
    assert data == {"train": rows[:12], "test": rows[12:]}


async def test_a_script_can_reproduce_the_first_loss_from_the_datasets_answer(client):
    options = {**SMALL, "dataset": "circle", "data_seed": 2}
    data = (await client.post("/api/datasets", json={"dataset": "circle", "samples": 40, "data_seed": 2})).json()
    run = (await client.post("/api/runs", json={"problem": "classify", "steps": 0, "options": options})).json()
    train = torch.tensor(data["train"])
    params = {n: torch.tensor(v) for n, v in run["records"][0]["params"].items()}
    h = torch.tanh(F.linear(train[:, :2], params["layers.0.weight"], params["layers.0.bias"]))
    h = torch.tanh(F.linear(h, params["layers.1.weight"], params["layers.1.bias"]))
    z = F.linear(h, params["layers.2.weight"], params["layers.2.bias"])
    assert F.mse_loss(torch.sigmoid(z), train[:, 2:]).item() == run["records"][0]["loss"]


async def test_datasets_takes_user_points(client):
    points = [[1, 2, 1], [-1, -2, 0], [3, 3, 1], [-4, 0.5, 0]]
    r = await client.post("/api/datasets", json={"dataset": "points", "points": points})
    assert r.status_code == 200
    data = r.json()
    assert len(data["train"]) == 2
    assert sorted(data["train"] + data["test"]) == sorted([float(v) for v in p] for p in points)


@pytest.mark.parametrize("options, message", [
    ({"hidden": [2] * 7}, "at most 6 hidden layer"),
    ({"hidden": [4, 9]}, "hidden'[1]: a layer has from 1 to 8 units"),
    ({"features": ["x1", "cos_x1"]}, "unknown feature 'cos_x1'"),
    ({"dataset": "points", "points": [[0, 0, 1], [1, 1, 3]]}, "label must be 0 or 1"),
    ({"dataset": "points", "points": [[0.5, 0.5, 1]] * 1001}, "at most 1000 points"),
    ({"noise": 60}, "noise' must lie within [0, 50]"),
    ({"batch_size": 0}, "batch_size' must lie within [1, 500]"),
    ({"dataset": "points"}, "needs at least 2 points"),
])
async def test_bad_classify_options_are_422s_naming_the_limit(client, options, message):
    r = await client.post("/api/runs", json={"problem": "classify", "steps": 1, "options": options})
    assert r.status_code == 422
    assert message in r.json()["detail"], r.json()["detail"]


@pytest.mark.parametrize("body, message", [
    ({"dataset": "points", "points": [[0, 0, 1], [1, 1, 2]]}, "points.1.2: must be less than or equal to 1"),
    ({"dataset": "points", "points": [[0, 0, 1], [1, 1, 0.5]]}, "points.1.2: must be a valid integer"),
    ({"dataset": "points", "points": [[6.5, 0, 1], [1, 1, 0]]}, "points.0.0: must be less than or equal to 6"),
    ({"dataset": "points", "points": [[0, 0, 1]] * 1001}, "at most 1000"),
    ({"dataset": "points", "points": [[0, 0]]}, "points.0.2 is required"),
    ({"dataset": "points"}, "needs at least 2 points"),
    ({"noise": 50.5}, "less than or equal to 50"),
    ({"dataset": "moons"}, "circle"),
    ({"samples": 5}, "greater than or equal to 10"),
    ({"features": ["x1"]}, "unknown key 'features'"),
])
async def test_bad_dataset_requests_are_422s_naming_the_limit(client, body, message):
    r = await client.post("/api/datasets", json=body)
    assert r.status_code == 422
    assert message in r.json()["detail"], r.json()["detail"]


async def test_sweeps_refuse_classify_with_a_422_saying_why(client):
    r = await client.post("/api/sweeps", json={"problem": "classify", "steps": 2, "lrs": [0.1, 0.3], "options": SMALL})
    assert r.status_code == 422
    assert "epoch of shuffled minibatches" in r.json()["detail"] and "/api/runs" in r.json()["detail"]


async def test_code_and_graph_work_for_classify(client):
    body = {"problem": "classify", "steps": 1, "options": SMALL}
    code = await client.post("/api/code", json=body)
    assert code.status_code == 200 and "def train_epoch(update):" in code.text
    graph = await client.post("/api/graph", json={**body, "step": 1})
    assert graph.status_code == 200
    assert {n["label"] for n in graph.json()["nodes"] if n["kind"] == "input"} == {"x", "y"}


async def test_the_catalog_lists_classify_with_its_options(client):
    problems = {p["id"]: p for p in (await client.get("/api/problems")).json()}
    c = problems["classify"]
    assert c["options"]["hidden"]["default"] == [4, 2] and c["options"]["features"]["kind"] == "list"
    assert c["options"]["dataset"]["choices"] == ["circle", "xor", "gauss", "spiral", "points"]
    assert c["defaults"]["optimizer"] == "sgd" and c["page_defaults"] == {"steps": 2000}
    assert [p["id"] for p in c["presets"]] == ["circle", "xor", "gauss", "spiral"]
