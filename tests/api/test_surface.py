"""The surface lesson over HTTP: runs, sweeps and the landscape give the engine's numbers, and every
bad function or start is a 422 that says what to change."""

import json

import pytest

from gradplay.engine import RunSpec, run_all
from tests.api.conftest import strict_json

S = {"problem": "surface"}


async def test_default_run_is_adam_on_rosenbrock_and_equals_the_engine(client):
    r = await client.post("/api/runs", json=S)
    assert r.status_code == 200
    body = strict_json(r.content)
    assert body == json.loads(json.dumps(run_all(RunSpec.make("surface"))))
    assert body["request"]["optimizer"] == "adam" and body["request"]["lr"] == 0.05
    first = body["records"][0]
    # f(-1.5, 2) = 2.5² + 100·(2 - 2.25)² = 12.5;
    # ∂f/∂x = -2·2.5 - 400·(-1.5)·(-0.25) = -155; ∂f/∂y = 200·(-0.25) = -50
    assert {k: first[k] for k in ("step", "loss", "params", "grads", "extras")} == {
        "step": 0, "loss": 12.5, "params": {"x": -1.5, "y": 2.0}, "grads": {"x": -155.0, "y": -50.0}, "extras": {}}
    assert len(body["records"]) == 301
    assert any(d["kind"] == "valley" for d in body["summary"]["diagnostics"])


async def test_a_preset_by_name_runs_from_the_given_start(client):
    body = (await client.post("/api/runs", json=S | {"optimizer": "sgd", "lr": 0.01, "steps": 3,
                                                      "options": {"function": "himmelblau", "x0": 0, "y0": 0}})).json()
    assert body["records"][0]["loss"] == 170.0  # (0 + 0 - 11)² + (0 + 0 - 7)²
    assert body["records"][0]["grads"] == {"x": -14.0, "y": -22.0}
    assert body["records"][1]["params"] == {"x": 0.14000000059604645, "y": 0.2199999988079071}


async def test_a_sweep_row_equals_the_single_run(client):
    sweep = (await client.post("/api/sweeps", json=S | {"optimizer": "momentum", "steps": 40,
                                                         "lrs": [0.0005, 0.001]})).json()
    single = (await client.post("/api/runs", json=S | {"optimizer": "momentum", "lr": 0.001, "steps": 40})).json()
    assert sweep["loss"][1] == [r["loss"] for r in single["records"]]
    assert sweep["params"]["y"][1] == [r["params"]["y"] for r in single["records"]]


async def test_landscape_gives_the_bowls_values_on_its_grid(client):
    r = await client.post("/api/landscape", json=S | {"options": {"function": "bowl"}, "n": 5,
                                                       "x": {"param": "x", "min": -2, "max": 2},
                                                       "y": {"param": "y", "min": -1, "max": 1}})
    assert r.status_code == 200
    body = r.json()
    assert (body["x_param"], body["y_param"]) == ("x", "y")
    assert body["x"] == [-2.0, -1.0, 0.0, 1.0, 2.0] and body["y"] == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert body["loss"] == [[0.5 * x**2 + 5 * y**2 for x in body["x"]] for y in body["y"]]


async def test_landscape_defaults_to_the_presets_range(client):
    body = (await client.post("/api/landscape", json=S | {"options": {"function": "rosenbrock"}, "n": 3})).json()
    assert body["x"] == [-2.0, 0.0, 2.0] and body["y"] == [-1.0, 1.0, 3.0]
    assert body["loss"][1] == [(1 - x)**2 + 100 * (1 - x**2)**2 for x in body["x"]]


async def test_the_catalog_lists_the_surface_lesson(client):
    problems = {p["id"]: p for p in (await client.get("/api/problems")).json()}
    surface = problems["surface"]
    assert set(surface["options"]) == {"function", "x0", "y0"}
    assert surface["options"]["function"]["kind"] == "function"
    assert surface["options"]["x0"]["bounds"] == [-1e6, 1e6]
    assert surface["defaults"]["optimizer"] == "adam" and surface["defaults"]["steps"] == 300
    assert surface["defaults"]["options"] == {"function": "(1 - x)**2 + 100*(y - x**2)**2", "x0": -1.5, "y0": 2.0}
    assert [p["id"] for p in surface["presets"]] == ["bowl", "rosenbrock", "beale", "himmelblau", "saddle"]
    assert surface["presets"][3]["minima"][0] == [3.0, 2.0] and surface["presets"][4]["minima"] == []
    assert surface["race"] == {"entries": [["sgd", 0.001], ["momentum", 0.001], ["adam", 0.05], ["rmsprop", 0.01]],
                               "threshold": 0.1}
    assert surface["landscape"] == {"x": {"param": "x", "min": -2.0, "max": 2.0},
                                    "y": {"param": "y", "min": -1.0, "max": 3.0}}


async def test_code_export_for_surface(client):
    r = await client.post("/api/code", json=S | {"steps": 5})
    assert r.status_code == 200 and "def f(x, y):" in r.text


@pytest.mark.parametrize("body, fragment", [
    (S | {"options": {"function": "x**2 + z"}}, "unknown name 'z'; allowed: x, y, pi, e, numbers"),
    (S | {"options": {"function": "x" + "+y" * 100}}, "the function has 201 characters; at most 200 are allowed"),
    (S | {"options": {"function": "__import__('os').system('ls')"}}, "is not allowed"),
    (S | {"options": {"function": "__import__('os')"}}, "the function '__import__' is not allowed; functions: sin"),
    (S | {"options": {"function": "rosenbrok"}}, "unknown preset 'rosenbrok'; presets: bowl, rosenbrock"),
    (S | {"options": {"x0": 1e7}}, "option for surface 'x0' must lie within [-1e+06, 1e+06]"),
    (S | {"options": {"y0": "2"}}, "option for surface 'y0' must be a number"),
    ('{"problem": "surface", "options": {"x0": Infinity}}', "Infinity is not a number"),
    ('{"problem": "surface", "options": {"x0": 1e400}}', "too large"),
    ({"problem": "parabola", "options": {"function": "x**2 + y"}}, "unknown name 'y'; allowed: x, pi, e, numbers"),
])
async def test_bad_input_is_a_422_that_says_what_to_change(client, body, fragment):
    if isinstance(body, str):
        r = await client.post("/api/runs", content=body, headers={"content-type": "application/json"})
    else:
        r = await client.post("/api/runs", json=body)
    assert r.status_code == 422
    assert fragment in r.text


async def test_landscape_refuses_a_bad_function_with_a_422(client):
    r = await client.post("/api/landscape", json=S | {"options": {"function": "x + z"}})
    assert r.status_code == 422 and "unknown name 'z'" in r.text
