"""POST /api/graph: the autograd graph ends at the run's own gradients, bad input is a 422, torch runs off the loop."""

import asyncio
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from gradplay.api import jobs
from gradplay.api.settings import Settings
from tests.api.conftest import strict_json


async def graph_of(client, **body) -> dict:
    r = await client.post("/api/graph", json=body)
    assert r.status_code == 200, r.text
    return strict_json(r.content)


async def records_of(client, **body) -> list[dict]:
    r = await client.post("/api/runs", json=body)
    assert r.status_code == 200, r.text
    return r.json()["records"]


def leaf_grads(g: dict) -> dict:
    return {n["label"]: n["grad"] for n in g["nodes"] if n["kind"] == "param"}


async def test_graph_parabola_at_step_0_ends_at_x_grad_12(client):
    g = await graph_of(client, problem="parabola", step=0)
    assert leaf_grads(g) == {"x": 12.0} == (await records_of(client, problem="parabola"))[0]["grads"]
    assert sorted(n["op"] for n in g["nodes"] if n["kind"] in ("loss", "op")) == [
        "AddBackward0", "AddBackward0", "MulBackward0", "PowBackward0"]
    x = next(n for n in g["nodes"] if n["id"] == "param:x")
    assert x["value"] == 5.0 and "10 + 2 = 12" in x["explain"]
    assert g["order"][0] == next(n["id"] for n in g["nodes"] if n["kind"] == "loss") and g["order"][-1] == "param:x"
    assert g["note"] is None


RUNS = [
    {"problem": "parabola", "steps": 10},
    {"problem": "parabola", "optimizer": "adam", "lr": 0.5, "steps": 10, "options": {"function": "sin(x)*x"}},
    {"problem": "not_gate", "steps": 10},
    {"problem": "not_gate", "steps": 10, "options": {"variant": "linear", "broadcast_bug": True}},
    {"problem": "network", "steps": 10},
    {"problem": "network", "lr": 1e-4, "steps": 10},
    {"problem": "network", "steps": 10, "seed": 3, "options": {"init": "random", "hidden": 4}},
]


@pytest.mark.parametrize("body", RUNS, ids=lambda b: "-".join(str(v) for v in b.values())[:50])
async def test_graph_leaf_grads_equal_the_runs_record_grads(client, body):
    records = await records_of(client, **body)
    for step in (0, 3, 10):
        assert leaf_grads(await graph_of(client, **body, step=step)) == records[step]["grads"], step


async def test_graph_network_has_the_seeds_two_layers(client):
    g = await graph_of(client, problem="network", step=0)
    ops = sorted(n["op"] for n in g["nodes"] if n["kind"] in ("loss", "op"))
    assert ops.count("AddmmBackward0") == 2 and ops.count("ReluBackward0") == 2
    assert {n["label"] for n in g["nodes"] if n["kind"] == "input"} == {"x", "y"}
    assert next(n for n in g["nodes"] if n["kind"] == "loss")["value"] == 151321.0


async def test_graph_requires_grad_false_is_a_lesson_not_an_error(client):
    g = await graph_of(client, problem="parabola", options={"requires_grad": False}, step=0)
    assert [n["kind"] for n in g["nodes"]] == ["loss"] and g["order"] == []
    assert "requires_grad" in g["note"]


async def test_graph_is_documented_in_openapi(client):
    spec = (await client.get("/openapi.json")).json()
    post = spec["paths"]["/api/graph"]["post"]
    assert post["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/GraphResult"}
    for status in ("422", "503"):
        assert post["responses"][status]["content"]["application/json"]["schema"]["$ref"].endswith("ErrorBody")
    schemas = spec["components"]["schemas"]
    step = schemas["GraphRequest"]["properties"]["step"]
    assert step["minimum"] == 0 and step["maximum"] == 10_000 and step["description"]
    for name in ("GraphRequest", "GraphNode", "GraphEdge", "GraphResult"):
        assert schemas[name].get("description"), name
        for field, info in schemas[name]["properties"].items():
            assert info.get("description") or info.get("examples"), f"{name}.{field} is undocumented"


P = {"problem": "parabola"}
BAD = [
    (P | {"step": 51}, "step must be a whole number from 0 to 50 (the run's steps); got 51"),
    (P | {"steps": 5, "step": 6}, "from 0 to 5"),
    (P | {"step": 10_001}, "step: must be less than or equal to 10000"),
    (P | {"step": -1}, "step: must be greater than or equal to 0; got -1"),
    (P | {"step": 1.5}, "step: must be a valid integer; got 1.5"),
    (P | {"step": "2"}, "step: must be a valid integer; got '2'"),
    (P | {"step": True}, "step: must be a valid integer; got True"),
    (P | {"step": None}, "step: must be a valid integer"),
    (P, "step is required"),
    ({"problem": "circle", "step": 0}, "unknown problem 'circle'; choose one of parabola, not_gate, network"),
    ({"step": 0}, "problem is required"),
    (P | {"step": 0, "k": 1}, "unknown key 'k'; allowed: problem, optimizer, lr, steps, seed, hyper, options, step"),
    (P | {"step": 0, "options": {"function": "__import__('os')"}}, "function"),
    (P | {"step": 1, "options": {"requires_grad": False}}, "stopped at step 0"),
    (P | {"lr": 100, "steps": 100, "options": {"function": "x**4"}, "step": 50}, "diverged"),
]


@pytest.mark.parametrize("body, words", BAD, ids=[str(i) for i in range(len(BAD))])
async def test_graph_bad_request_is_a_422_that_says_what_to_change(client, body, words):
    r = await client.post("/api/graph", json=body)
    assert r.status_code == 422, r.text
    assert words in r.json()["detail"]


async def test_graph_step_written_1_0_is_step_1(client):
    """JSON Schema's integer admits 1.0 (the schema says integer), so the server does: the same graph as step 1."""
    one, one_point_zero = [await client.post("/api/graph", json=P | {"step": step}) for step in (1, 1.0)]
    assert one_point_zero.status_code == 200 and one_point_zero.json() == one.json()


JUNK = st.one_of(st.integers(-3, 20_000), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5),
                 st.booleans(), st.none(), st.lists(st.integers(), max_size=2))


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(problem=st.sampled_from(["parabola", "not_gate", "network", "nope"]), step=JUNK,
       steps=st.one_of(st.none(), st.integers(0, 6)))
async def test_graph_never_answers_5xx(client, problem, step, steps):
    body = {"problem": problem, "step": step} | ({} if steps is None else {"steps": steps})
    r = await client.post("/api/graph", json=body)
    assert r.status_code in (200, 422), r.text
    strict_json(r.content)


async def test_graph_runs_in_a_worker_thread(client, monkeypatch):
    threads = []
    engine_graph = jobs.graph

    def watched(spec, step, budget_s):
        threads.append(threading.current_thread())
        return engine_graph(spec, step, budget_s)

    monkeypatch.setattr(jobs, "graph", watched)
    await graph_of(client, problem="parabola", step=0)
    assert threads and threads[0] is not threading.main_thread()


@pytest.mark.parametrize("settings", [Settings(run_budget_s=0.01)])
async def test_a_replay_past_the_run_budget_is_a_422_with_advice(client):
    r = await client.post("/api/graph", json={"problem": "network", "lr": 1e-4, "steps": 10000, "step": 10000})
    assert r.status_code == 422
    assert "budget" in r.json()["detail"] and "earlier step" in r.json()["detail"]


async def test_a_large_step_does_not_block_the_event_loop(app, client):
    gate = app.state.context.gate
    body = {"problem": "network", "lr": 1e-4, "steps": 3000, "step": 3000}  # replays 3000 updates: seconds
    task = asyncio.create_task(client.post("/api/graph", json=body))
    while gate.running == 0:
        assert not task.done(), (await task).text
        await asyncio.sleep(0.005)
    started = time.monotonic()
    health = await client.get("/api/health")
    assert time.monotonic() - started < 0.5 and health.json()["running"] == 1
    assert not task.done(), "the graph should still be computing while health answers"
    r = await task
    assert r.status_code == 200 and r.json()["nodes"][0]["kind"] == "loss"
    assert gate.counters()["active"] == 0
