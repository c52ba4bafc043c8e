"""A table of bad requests, each with its exact status code and words of its message."""

import json

import pytest

from tests.api.conftest import strict_json

P = {"problem": "parabola"}
BIG = json.dumps({"problem": "parabola", "options": {"function": "x" + " " * 70_000}})

# (method, path, body: dict | str | bytes, content type, status, words the detail must contain)
CASES = [
    # the body itself
    ("POST", "/api/runs", "{not json", "application/json", 422, "not valid JSON: Expecting property name"),
    ("POST", "/api/runs", '{"problem": "parabola",}', "application/json", 422, "not valid JSON"),
    ("POST", "/api/runs", "", "application/json", 422, "body is empty"),
    ("POST", "/api/runs", '{"problem": "parabola", "lr": NaN}', "application/json", 422, "NaN is not a number"),
    ("POST", "/api/runs", '{"problem": "parabola", "lr": Infinity}', "application/json", 422, "Infinity is not a number"),
    ("POST", "/api/runs", '{"problem": "parabola", "lr": -Infinity}', "application/json", 422, "-Infinity is not a number"),
    ("POST", "/api/runs", '{"problem": "parabola", "lr": 1e400}', "application/json", 422, "too large"),
    ("POST", "/api/runs", b'{"problem": "\xff"}', "application/json", 422, "not valid JSON"),
    ("POST", "/api/runs", "[" * 40_000 + "]" * 40_000, "application/json", 422, "larger than 64 KiB"),
    ("POST", "/api/runs", "[" * 5000 + "]" * 5000, "application/json", 422, "nested too deeply"),
    ("POST", "/api/runs", BIG, "application/json", 422, "larger than 64 KiB"),
    ("POST", "/api/runs", "problem=parabola", "application/x-www-form-urlencoded", 422, "Content-Type: application/json"),
    ("POST", "/api/runs", json.dumps(P), "text/plain", 422, "Content-Type: application/json"),
    ("POST", "/api/runs", json.dumps(P), None, 422, "no Content-Type"),
    ("POST", "/api/runs", "[1, 2]", "application/json", 422, "expected a JSON object with the keys problem"),
    ("POST", "/api/runs", '"parabola"', "application/json", 422, "expected a JSON object"),
    # keys and types
    ("POST", "/api/runs", {}, None, 422, "problem is required"),
    ("POST", "/api/runs", {"problem": "parabola", "learning_rate": 0.1}, None, 422,
     "unknown key 'learning_rate'; allowed: problem, optimizer, lr, steps, seed, hyper, options"),
    ("POST", "/api/runs", {"problem": "circle"}, None, 422, "unknown problem 'circle'; choose one of parabola"),
    ("POST", "/api/runs", {"problem": 3}, None, 422, "problem: must be a valid string"),
    ("POST", "/api/runs", P | {"optimizer": "lbfgs"}, None, 422, "unknown optimizer 'lbfgs'; choose one of gd, sgd"),
    ("POST", "/api/runs", P | {"lr": "0.1"}, None, 422, "lr: must be a valid number; got '0.1'"),
    ("POST", "/api/runs", P | {"lr": True}, None, 422, "lr: must be a valid number; got True"),
    ("POST", "/api/runs", P | {"lr": 0}, None, 422, "lr: must be greater than 0; got 0"),
    ("POST", "/api/runs", P | {"lr": -0.1}, None, 422, "lr: must be greater than 0"),
    ("POST", "/api/runs", P | {"lr": 100.5}, None, 422, "lr: must be less than or equal to 100"),
    ("POST", "/api/runs", P | {"steps": -1}, None, 422, "steps: must be greater than or equal to 0"),
    ("POST", "/api/runs", P | {"steps": 10_001}, None, 422, "steps: must be less than or equal to 10000"),
    ("POST", "/api/runs", P | {"steps": 5.5}, None, 422, "steps: must be a valid integer"),
    ("POST", "/api/runs", P | {"steps": "50"}, None, 422, "steps: must be a valid integer; got '50'"),
    ("POST", "/api/runs", P | {"seed": -1}, None, 422, "seed: must be greater than or equal to 0"),
    ("POST", "/api/runs", P | {"options": [1]}, None, 422, "options: must be a valid dictionary"),
    ("POST", "/api/runs", P | {"options": {"x1": 2}}, None, 422,
     "unknown option for parabola 'x1'; allowed: function, x0, requires_grad"),
    ("POST", "/api/runs", P | {"options": {"x0": "5"}}, None, 422, "option for parabola 'x0' must be a number"),
    ("POST", "/api/runs", P | {"options": {"x0": 1e7}}, None, 422, "must lie within [-1e+06, 1e+06]"),
    ("POST", "/api/runs", P | {"options": {"requires_grad": "no"}}, None, 422, "must be true or false"),
    ("POST", "/api/runs", P | {"optimizer": "adam", "hyper": {"momentum": 0.9}}, None, 422,
     "unknown hyperparameter for adam 'momentum'; allowed: beta1, beta2, eps, weight_decay"),
    ("POST", "/api/runs", P | {"optimizer": "momentum", "hyper": {"momentum": 1.5}}, None, 422, "must lie within"),
    ("POST", "/api/runs", P | {"optimizer": "adam", "hyper": {"beta2": 1.0}}, None, 422,
     "torch.optim refused these hyperparameters for adam: Invalid beta parameter"),
    ("POST", "/api/runs", P | {"optimizer": "nesterov", "hyper": {"momentum": 0}}, None, 422,
     "Nesterov momentum requires a momentum"),
    ("POST", "/api/runs", {"problem": "not_gate", "options": {"variant": "conv"}}, None, 422,
     "must be one of 'tensors', 'module', 'linear'"),
    ("POST", "/api/runs", {"problem": "not_gate", "options": {"broadcast_bug": True}}, None, 422, "needs variant 'linear'"),
    ("POST", "/api/runs", {"problem": "network", "options": {"hidden": 4}}, None, 422, "set hidden to 3"),
    # functions
    ("POST", "/api/runs", P | {"options": {"function": "__import__('os').system('ls')"}}, None, 422, "not allowed"),
    ("POST", "/api/runs", P | {"options": {"function": "x.__class__"}}, None, 422, "attribute access"),
    ("POST", "/api/runs", P | {"options": {"function": "x**"}}, None, 422, "cannot read"),
    ("POST", "/api/runs", P | {"options": {"function": "y**2"}}, None, 422, "unknown name 'y'"),
    ("POST", "/api/runs", P | {"options": {"function": "x**1000"}}, None, 422, "exponents must lie within"),
    ("POST", "/api/runs", P | {"options": {"function": "x" * 201}}, None, 422, "at most 200 are allowed"),
    ("POST", "/api/runs", P | {"options": {"function": "sin(" * 30 + "x" + ")" * 30}}, None, 422, "nested too deeply"),
    ("POST", "/api/code", P | {"options": {"function": "eval('1')"}}, None, 422, "not allowed"),
    # sweeps
    ("POST", "/api/sweeps", P, None, 422, "give either lrs (a list) or lr_min and lr_max"),
    ("POST", "/api/sweeps", P | {"lrs": [0.1], "lr_min": 0.1, "lr_max": 1}, None, 422, "not both"),
    ("POST", "/api/sweeps", P | {"lrs": []}, None, 422, "lrs: List should have at least 1 item"),
    ("POST", "/api/sweeps", P | {"lrs": [0.1] * 257}, None, 422, "lrs: List should have at most 256 items"),
    ("POST", "/api/sweeps", P | {"lrs": [0.1, -1]}, None, 422, "lrs.1: must be greater than 0; got -1"),
    ("POST", "/api/sweeps", P | {"lrs": [0.1, "a"]}, None, 422, "lrs.1: must be a valid number"),
    ("POST", "/api/sweeps", P | {"lr": 0.1, "lrs": [0.1]}, None, 422, "unknown key 'lr'"),
    ("POST", "/api/sweeps", P | {"lr_min": 1, "lr_max": 0.1}, None, 422, "lr_min <= lr_max"),
    ("POST", "/api/sweeps", P | {"lr_min": 0.1, "lr_max": 1, "scale": "cubic"}, None, 422, "scale: must be 'log' or 'linear'"),
    ("POST", "/api/sweeps", P | {"lr_min": 0.1, "lr_max": 1, "count": 0}, None, 422, "count: must be greater than or equal to 1"),
    ("POST", "/api/sweeps", P | {"lrs": [0.1] * 256, "steps": 10_000}, None, 422,
     "this sweep would return 5,120,512 numbers"),
    ("POST", "/api/sweeps", {"problem": "network", "lr_min": 1e-4, "lr_max": 1, "count": 256, "steps": 1000}, None, 422,
     "the limit is 2,000,000. Use at most 557 steps"),
    # curve and landscape
    ("POST", "/api/curve", {"function": "x**2", "x_min": 1, "x_max": 1}, None, 422, "x_min (1) must be less than x_max (1)"),
    ("POST", "/api/curve", {"function": "x**2", "x_max": 2e6}, None, 422, "x_max: must be less than or equal to 1000000"),
    ("POST", "/api/curve", {"function": "x**2", "n": 1}, None, 422, "n: must be greater than or equal to 2"),
    ("POST", "/api/curve", {"function": "x**2", "n": 2002}, None, 422, "n: must be less than or equal to 2001"),
    ("POST", "/api/curve", {"function": "import os"}, None, 422, "cannot read"),
    ("POST", "/api/curve", {"x_min": 0}, None, 422, "function is required"),
    ("POST", "/api/landscape", {"problem": "not_gate", "n": 202}, None, 422, "n: must be less than or equal to 201"),
    ("POST", "/api/landscape", {"problem": "not_gate", "x": {"param": "q", "min": -1, "max": 1}}, None, 422,
     "param 'q' is not a parameter; choose from w, b"),
    ("POST", "/api/landscape", {"problem": "not_gate", "x": {"param": "w", "min": 1, "max": -1}}, None, 422,
     "min (1) must be less than max (-1)"),
    ("POST", "/api/landscape", {"problem": "not_gate", "x": {"param": "w", "min": -1}}, None, 422, "x.max is required"),
    ("POST", "/api/landscape", {"problem": "parabola"}, None, 422, "fewer than two parameters"),
    # routes and methods
    ("GET", "/api/runs", None, None, 405, "GET is not allowed on /api/runs"),
    ("DELETE", "/api/health", None, None, 405, "DELETE is not allowed"),
    ("GET", "/api/nothing", None, None, 404, "no such page or endpoint: /api/nothing"),
]


@pytest.mark.parametrize("method, path, body, content_type, status, words", CASES,
                         ids=[f"{i}-{c[1]}-{c[4]}" for i, c in enumerate(CASES)])
async def test_bad_request(client, method, path, body, content_type, status, words):
    headers = {} if content_type is None else {"content-type": content_type}
    if isinstance(body, dict):
        headers.setdefault("content-type", "application/json")
        body = json.dumps(body)
    elif content_type is None and body is not None:
        headers["content-type"] = ""
    r = await client.request(method, path, content=body, headers=headers)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    detail = strict_json(r.content)["detail"]
    assert isinstance(detail, str) and words in detail, detail


def test_the_table_is_large_enough():
    assert len(CASES) >= 40
