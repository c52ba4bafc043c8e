"""GET /api/health, /api/problems, /api/optimizers, and the OpenAPI documentation."""

import os

import pytest
import torch

import gradplay
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


async def test_openapi_lists_every_endpoint_of_the_contract(client):
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert set(paths) >= {"/api/health", "/api/problems", "/api/optimizers", "/api/runs", "/api/runs/stream",
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
