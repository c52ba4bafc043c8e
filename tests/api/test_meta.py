"""GET /api/health, /api/problems, /api/optimizers, and the OpenAPI documentation."""

import os

import pytest
import torch

import gradplay
from gradplay.api.settings import Settings
from gradplay.engine import OPTIMIZERS, PROBLEMS


async def test_health_reports_versions_and_counters(client):
    r = await client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["version"] == gradplay.__version__ and body["torch"] == torch.__version__
    assert body["active"] == body["running"] == body["waiting"] == 0 and body["slots"] >= 1
    assert body["instance"].endswith(f":{os.getpid()}")  # which process answered, for load balancers


async def test_problems_list_every_lesson_with_full_defaults(client):
    body = (await client.get("/api/problems")).json()
    assert [p["id"] for p in body] == list(PROBLEMS)
    parabola = body[0]
    assert parabola["defaults"] == {"problem": "parabola", "optimizer": "gd", "lr": 0.1, "steps": 50, "seed": 0,
                                    "hyper": {}, "options": {"function": "x**2 + 2*x + 1", "x0": 5.0,
                                                             "requires_grad": True}}
    assert parabola["options"]["x0"]["bounds"] == [-1e6, 1e6]
    assert body[1]["options"]["variant"]["choices"] == ["tensors", "module", "linear"]


async def test_problems_give_each_option_its_kind(client):
    body = {p["id"]: p for p in (await client.get("/api/problems")).json()}
    kinds = {lesson: {name: o["kind"] for name, o in p["options"].items()} for lesson, p in body.items()}
    assert kinds["parabola"] == {"function": "function", "x0": "number", "requires_grad": "boolean"}
    assert kinds["not_gate"] == {"variant": "choice", "init": "choice", "broadcast_bug": "boolean"}
    assert kinds["network"] == {"init": "choice", "x": "list", "target": "number", "hidden": "integer",
                                "activation": "choice", "output_activation": "choice"}
    assert body["network"]["options"]["hidden"]["bounds"] == [1, 16]


async def test_problems_carry_page_defaults_presets_race_and_landscape(client):
    body = {p["id"]: p for p in (await client.get("/api/problems")).json()}
    assert [body[k]["page_defaults"] for k in ("parabola", "not_gate", "network")] == [{}, {"steps": 50}, {"steps": 20}]
    presets = body["parabola"]["presets"]
    assert [(p["id"], p["options"], p["range"]) for p in presets] == [
        ("seed", {"function": "x**2 + 2*x + 1", "x0": 5.0}, {"x": [-7.0, 7.0]}),
        ("quartic", {"function": "x**4 - 4*x**2 + x", "x0": 2.5}, {"x": [-2.6, 2.6]}),
        ("valley", {"function": "25*(x - 1)**2", "x0": 3.0}, {"x": [-2.0, 4.0]})]
    assert presets[0]["label"] == "the seed's parabola" and body["not_gate"]["presets"] == body["network"]["presets"] == []
    assert body["not_gate"]["race"] == {"entries": [["sgd", 10.0], ["momentum", 3.0], ["adam", 0.5], ["rmsprop", 0.1]],
                                        "threshold": 0.05}
    assert body["network"]["race"]["entries"][0] == ["sgd", 0.0001] and body["network"]["race"]["threshold"] == 1.0
    assert body["parabola"]["race"]["entries"][2] == ["adam", 0.5]
    assert body["parabola"]["landscape"] is None  # one parameter: the curve, not a surface
    assert body["not_gate"]["landscape"] == {"x": {"param": "w", "min": -10.0, "max": 10.0},
                                             "y": {"param": "b", "min": -10.0, "max": 10.0}}
    # the seed's output weight and bias are both 3: ±10 around them
    assert body["network"]["landscape"] == {"x": {"param": "linear2.weight[0,0]", "min": -7.0, "max": 13.0},
                                            "y": {"param": "linear2.bias", "min": -7.0, "max": 13.0}}


async def test_every_race_entry_and_preset_is_a_valid_run(client):
    for problem in (await client.get("/api/problems")).json():
        for optimizer, lr in problem["race"]["entries"]:
            body = {"problem": problem["id"], "optimizer": optimizer, "lr": lr, "steps": 1}
            assert (await client.post("/api/runs", json=body)).status_code == 200, body
        for preset in problem["presets"]:
            body = {"problem": problem["id"], "steps": 1, "options": preset["options"]}
            assert (await client.post("/api/runs", json=body)).status_code == 200, body


async def test_problem_defaults_are_a_valid_run_request(client):
    for problem in (await client.get("/api/problems")).json():
        r = await client.post("/api/runs", json=problem["defaults"])
        assert r.status_code == 200, r.text
        assert r.json()["request"] == problem["defaults"]


async def test_optimizers_list_hyperparameters(client):
    body = (await client.get("/api/optimizers")).json()
    assert [o["id"] for o in body] == list(OPTIMIZERS)
    momentum = next(o for o in body if o["id"] == "momentum")
    assert momentum["hyperparameters"]["momentum"] == 0.9 and "momentum" in momentum["help"]
    assert [o["label"] for o in body] == ["GD", "SGD", "Momentum", "Nesterov", "Adam", "AdamW", "RMSprop", "Adagrad"]
    assert momentum["bounds"] == {"momentum": [0.0, 0.999], "dampening": [0.0, 1.0], "weight_decay": [0.0, 10.0]}
    assert body[0]["bounds"] == {} and next(o for o in body if o["id"] == "adam")["bounds"]["eps"] == [1e-12, 1.0]


async def test_optimizers_name_their_update_rule_and_the_hyperparameter_a_map_sweeps(client):
    body = {o["id"]: o for o in (await client.get("/api/optimizers")).json()}
    assert {i: o["rule"] for i, o in body.items()} == {
        "gd": "manual", "sgd": "sgd", "momentum": "heavy_ball", "nesterov": "nesterov", "adam": "adam",
        "adamw": "adam_decoupled", "rmsprop": "mean_square", "adagrad": "accumulated_square"}
    mapped = {i: o["map_hyper"] for i, o in body.items() if o["map_hyper"]}
    assert mapped == {"momentum": "momentum", "nesterov": "momentum", "adam": "beta1", "adamw": "beta1",
                      "rmsprop": "alpha"}
    for optimizer, name in mapped.items():  # the map the page asks for is one the server computes
        r = await client.post("/api/sweeps", json={"problem": "parabola", "optimizer": optimizer, "steps": 5,
                                                   "lrs": [0.01, 0.1], "summary_only": True,
                                                   "hyper_sweep": {"name": name, "values": [0.5, 0.9]}})
        assert r.status_code == 200, r.text
        assert r.json()["hyper_name"] == name and len(r.json()["status"]) == 2


async def test_limits_list_what_the_page_checks(client):
    assert (await client.get("/api/limits")).json() == {"max_lr": 100.0, "max_steps": 10_000, "max_function_chars": 200,
                                                         "max_lrs": 256, "max_hyper_values": 64, "max_cells": 4096}


@pytest.mark.parametrize("settings", [Settings(max_steps=500, max_sweep_lrs=16)])
async def test_limits_follow_a_server_that_lowers_them(client):
    limits = (await client.get("/api/limits")).json()
    assert limits["max_steps"] == 500 and limits["max_lrs"] == 16
    assert (await client.post("/api/runs", json={"problem": "parabola", "steps": 501})).status_code == 422


async def test_openapi_documents_every_request_field_with_bounds(client):
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]
    for name in ("RunRequest", "SweepRequest", "CurveRequest", "LandscapeRequest", "Axis"):
        for field, spec in schemas[name]["properties"].items():
            assert spec.get("description") or spec.get("examples"), f"{name}.{field} is undocumented"
    run = schemas["RunRequest"]["properties"]
    lr = next(s for s in run["lr"]["anyOf"] if s.get("type") == "number")
    assert lr["exclusiveMinimum"] == 0 and lr["maximum"] == 100
    steps = next(s for s in run["steps"]["anyOf"] if s.get("type") == "integer")
    assert steps["minimum"] == 0 and steps["maximum"] == 10_000
    assert run["problem"]["enum"] == list(PROBLEMS)
    assert schemas["CurveRequest"]["properties"]["n"]["maximum"] == 2001
    assert {"RunResult", "Record", "Summary", "SweepResult", "CurveResult", "LandscapeResult"} <= set(schemas)
    problem = schemas["ProblemInfo"]["properties"]
    assert {"page_defaults", "presets", "race", "landscape"} <= set(problem)
    assert set(schemas["OptimizerInfo"]["properties"]) >= {"label", "bounds", "hyperparameters", "help"}
    assert schemas["Option"]["properties"]["kind"]["enum"] == ["boolean", "number", "integer", "string", "function",
                                                               "choice", "list"]
    assert set(schemas["Limits"]["properties"]) == {"max_lr", "max_steps", "max_function_chars", "max_lrs",
                                                    "max_hyper_values", "max_cells"}


async def test_openapi_lists_every_endpoint_of_the_contract(client):
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert set(paths) >= {"/api/health", "/api/problems", "/api/optimizers", "/api/limits", "/api/runs", "/api/runs/stream",
                          "/api/sweeps", "/api/code", "/api/curve", "/api/landscape"}
    assert "text/event-stream" in str(paths["/api/runs/stream"]["post"]["responses"]["200"])


@pytest.mark.parametrize("path, script", [("/docs", "swagger-ui-bundle.js"), ("/docs", "swagger-ui.css")])
async def test_docs_pages_work_offline(client, path, script):
    r = await client.get(path)
    assert r.status_code == 200 and f"/vendor/docs/{script}" in r.text
    assert "cdn." not in r.text and "http" not in r.headers["content-security-policy"]
    assert (await client.get(f"/vendor/docs/{script}")).status_code == 200


async def test_openapi_documents_each_answer_and_json_refusals(client):
    paths = (await client.get("/openapi.json")).json()["paths"]
    for path, model in [("/api/runs", "RunResult"), ("/api/sweeps", "SweepResult"), ("/api/curve", "CurveResult"),
                        ("/api/landscape", "LandscapeResult")]:
        ok = paths[path]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": f"#/components/schemas/{model}"}
    assert paths["/api/health"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("Health")
    for path in ("/api/runs", "/api/runs/stream", "/api/code", "/api/sweeps", "/api/curve", "/api/landscape"):
        for status in ("422", "503"):
            refusal = paths[path]["post"]["responses"][status]["content"]
            assert refusal == {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}, path
