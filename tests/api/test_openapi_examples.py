"""Every example /openapi.json gives is accepted as given, and the schema says what the server accepts.

"Try it out" in /docs, generated clients and fuzzers take a request body's examples from two
places: the body schema's own `examples`, and its properties' `examples`, which they put
together into one request (the i-th example of every property, cycling the shorter lists).
Both kinds are posted here and must answer 200.
"""

import json
from itertools import cycle, islice

import pytest

from gradplay.engine.limits import MAX_SEED
from tests.api.conftest import sse_events


def _resolve(doc: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _assembled(doc: dict, schema: dict) -> list[dict]:
    """Bodies put together from the properties' own examples, as schemathesis and /docs do."""
    props = _resolve(doc, schema).get("properties", {})
    variants = {name: sub["examples"] for name, sub in props.items() if sub.get("examples")}
    if not variants:
        return []
    count = max(len(v) for v in variants.values())
    return [{name: next(islice(cycle(v), i, None)) for name, v in variants.items()} for i in range(count)]


def _examples(doc: dict) -> list[tuple[str, dict]]:
    found = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            content = op.get("requestBody", {}).get("content", {}).get("application/json")
            if method != "post" or content is None:
                continue
            schema = content["schema"]
            bodies = list(_resolve(doc, schema).get("examples", []))
            bodies += [e["value"] for e in content.get("examples", {}).values()]
            bodies += [content["example"]] if "example" in content else []
            found += [(path, body) for body in bodies + _assembled(doc, schema)]
    return found


@pytest.fixture
async def doc(client) -> dict:
    return (await client.get("/openapi.json")).json()


async def test_every_example_in_the_schema_is_accepted_as_given(client, doc):
    examples = _examples(doc)
    paths = {path for path, _ in examples}
    assert {"/api/runs", "/api/runs/stream", "/api/sweeps", "/api/code", "/api/notebook", "/api/graph",
            "/api/curve", "/api/landscape"} <= paths
    assert ("/api/runs", {"problem": "parabola", "optimizer": "momentum", "lr": 0.1, "steps": 50,
                          "hyper": {"momentum": 0.9}, "options": {"function": "x**2 + 2*x + 1", "x0": 5.0}}) \
        in examples  # the properties' examples put together
    for path, body in examples:
        r = await client.post(path, json=body)
        assert r.status_code == 200, (path, body, r.text)


async def test_the_assembled_run_example_computes_the_seeds_momentum_numbers(client, doc):
    body = next(b for p, b in _examples(doc) if p == "/api/runs" and b.get("hyper") == {"momentum": 0.9})
    records = (await client.post("/api/runs", json=body)).json()["records"]
    # plain heavy-ball on x**2 + 2x + 1 from 5: v = 0.9 v + g; x -= 0.1 v
    x, v = 5.0, 0.0
    for _ in range(2):
        v = 0.9 * v + (2 * x + 2)
        x -= 0.1 * v
    assert records[2]["params"]["x"] == pytest.approx(x, rel=1e-6) == pytest.approx(1.76, rel=1e-6)


async def test_the_stream_declares_each_events_schema(client, doc):
    ok = doc["paths"]["/api/runs/stream"]["post"]["responses"]["200"]["content"]["text/event-stream"]
    assert "schema" not in ok  # no `string` for the whole stream: the events are the item schema
    branches = {b["properties"]["event"]["const"]: b["properties"]["data"] for b in ok["itemSchema"]["oneOf"]}
    assert branches == {name: {"type": "string", "contentMediaType": "application/json",
                               "contentSchema": {"$ref": f"#/components/schemas/{model}"}}
                        for name, model in (("record", "Record"), ("summary", "Summary"))}
    # the wire format is today's: event names, JSON data
    r = await client.post("/api/runs/stream", json={"problem": "parabola", "steps": 1})
    assert [kind for kind, _ in sse_events(r.text)] == ["record", "record", "summary"]
    assert sse_events(r.text)[1][1]["loss"] == pytest.approx(23.04, rel=1e-6)


@pytest.mark.parametrize("model", ["RunRequest", "SweepRequest", "GraphRequest"])
async def test_optimizer_null_is_declared_and_accepted(client, doc, model):
    optimizer = doc["components"]["schemas"][model]["properties"]["optimizer"]
    assert {"type": "null"} in optimizer["anyOf"] and "enum" not in optimizer
    assert next(s for s in optimizer["anyOf"] if s.get("type") == "string")["enum"][:2] == ["gd", "sgd"]
    r = await client.post("/api/runs", json={"problem": "parabola", "optimizer": None, "steps": 1})
    assert r.status_code == 200 and r.json()["request"]["optimizer"] == "gd"


async def test_nullable_fields_are_the_ones_the_server_accepts_null_for(client, doc):
    """Each property whose schema admits null takes null; each that does not answers 422 to it."""
    bodies = {"RunRequest": ("/api/runs", {"problem": "parabola", "steps": 1}),
              "CurveRequest": ("/api/curve", {"function": "x", "n": 3}),
              "LandscapeRequest": ("/api/landscape", {"problem": "not_gate", "n": 3})}
    for model, (path, base) in bodies.items():
        for name, prop in doc["components"]["schemas"][model]["properties"].items():
            nullable = {"type": "null"} in prop.get("anyOf", [])
            r = await client.post(path, json={**base, name: None})
            assert r.status_code == (200 if nullable else 422), (model, name, r.text)


async def test_the_seed_bound_is_the_exact_integer(client, doc):
    text = (await client.get("/openapi.json")).text
    assert json.loads(text)["components"]["schemas"]["RunRequest"]["properties"]["seed"]["maximum"] == MAX_SEED
    for seed, status in ((MAX_SEED, 200), (MAX_SEED + 1, 422)):
        r = await client.post("/api/runs", json={"problem": "parabola", "steps": 0, "seed": seed})
        assert r.status_code == status, r.text


@pytest.mark.parametrize("steps, status", [(2.0, 200), (2, 200), (2.5, 422), ("2", 422), (True, 422)])
async def test_a_whole_number_written_with_a_point_is_an_integer_as_json_schema_says(client, steps, status):
    r = await client.post("/api/runs", json={"problem": "parabola", "steps": steps})
    assert r.status_code == status, r.text
    if status == 200:
        assert len(r.json()["records"]) == 3 and r.json()["request"]["steps"] == 2


async def test_cross_field_rules_are_in_the_descriptions(doc):
    schemas = doc["components"]["schemas"]
    curve = schemas["CurveRequest"]
    assert "less than x_max" in curve["description"]
    assert "greater than x_min" in curve["properties"]["x_max"]["description"]
    sweep = schemas["SweepRequest"]
    assert "either `lrs` or both `lr_min` and `lr_max`" in sweep["description"]
    assert "hyperparameter of the chosen optimizer" in sweep["description"]
    assert "max_cells" in sweep["description"]
    run = schemas["RunRequest"]["properties"]
    assert "broadcast_bug true needs variant 'linear'" in run["options"]["description"]
    assert "must be one the chosen optimizer takes" in run["hyper"]["description"]
    assert "not parabola" in schemas["LandscapeRequest"]["description"]
    assert "other than x" in schemas["LandscapeRequest"]["properties"]["y"]["description"]
