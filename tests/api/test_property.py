"""Property: random valid requests never get a 5xx nor invalid JSON; random bodies never a 5xx."""

import json

from hypothesis import HealthCheck, given, settings, strategies as st
from gradplay.engine import OPTIMIZERS, PROBLEMS
from tests.api.conftest import sse_events, strict_json

# one app and client per test function, shared by its examples: requests are stateless
QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=QUIET)
ENDPOINTS = ["/api/runs", "/api/runs/stream", "/api/sweeps", "/api/code", "/api/curve", "/api/landscape",
             "/api/datasets"]


def maybe(strategy):
    return st.none() | strategy


lrs = st.floats(min_value=0, max_value=100, exclude_min=True, allow_nan=False)
atoms = st.sampled_from(["x", "pi", "e"]) | st.integers(0, 50).map(str) | st.floats(0, 1e3).map(lambda v: f"{v:.3g}")
functions = st.recursive(
    atoms,
    lambda inner: st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**"]), inner).map(" ".join).map("({})".format)
    | st.tuples(st.sampled_from(["sin", "cos", "tanh", "exp", "log", "sqrt", "abs", "sigmoid", "relu"]), inner)
    .map(lambda t: f"{t[0]}({t[1]})"),
    max_leaves=8,
).map(lambda f: f"x + {f}")


def hyper_for(optimizer: str):
    spec = OPTIMIZERS[optimizer].hyper
    # torch.optim itself wants betas < 1 and a nonzero Nesterov momentum (the API answers 422 otherwise)
    return st.fixed_dictionaries({}, optional={
        name: st.floats(*o.bounds, exclude_max=name.startswith("beta"),
                        exclude_min=(optimizer, name) == ("nesterov", "momentum"))
        for name, o in spec.items() if o.bounds})


OPTIONS = {
    "parabola": st.fixed_dictionaries({}, optional={"function": functions, "x0": st.floats(-1e6, 1e6),
                                                    "requires_grad": st.booleans()}),
    "not_gate": st.sampled_from(["tensors", "module", "linear"]).flatmap(lambda v: st.fixed_dictionaries(
        {"variant": st.just(v)}, optional={"init": st.sampled_from(["seed", "random"]),
                                           **({"broadcast_bug": st.booleans()} if v == "linear" else {})})),
    "network": st.fixed_dictionaries({"init": st.just("random"), "hidden": st.integers(1, 16)}, optional={
        "x": st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=2), "target": st.floats(-1e6, 1e6),
        "activation": st.sampled_from(["relu", "leaky_relu", "tanh", "sigmoid", "identity"]),
        "output_activation": st.sampled_from(["relu", "identity"])}),
    # a preset by name, or a typed f(x, y): the 1-D grammar's functions with y added
    "surface": st.fixed_dictionaries({}, optional={
        "function": st.sampled_from(["bowl", "rosenbrock", "beale", "himmelblau", "saddle"])
        | functions.map(lambda f: f"{f} - y*y"), "x0": st.floats(-1e6, 1e6), "y0": st.floats(-1e6, 1e6)}),
    # small data and grids keep each example fast; every other option over its whole range
    "classify": st.fixed_dictionaries({"samples": st.integers(10, 60), "grid": st.integers(2, 10)}, optional={
        "dataset": st.sampled_from(["circle", "xor", "gauss", "spiral"]), "noise": st.floats(0, 50),
        "train_fraction": st.floats(0.1, 0.9), "data_seed": st.integers(0, 2**63 - 1),
        "batch_size": st.integers(1, 500),
        "features": st.lists(st.sampled_from(["x1", "x2", "x1sq", "x2sq", "x1x2", "sin_x1", "sin_x2"]), min_size=1),
        "hidden": st.lists(st.integers(1, 8), max_size=6),
        "activation": st.sampled_from(["tanh", "relu", "sigmoid", "linear"]),
        "loss": st.sampled_from(["mse", "bce"]), "regularization": st.sampled_from(["none", "l1", "l2"]),
        "reg_rate": st.floats(0, 10)}),
}


@st.composite
def run_requests(draw):
    problem = draw(st.sampled_from(list(PROBLEMS)))
    optimizer = draw(maybe(st.sampled_from(list(OPTIMIZERS))))
    body = {"problem": problem, "optimizer": optimizer, "lr": draw(maybe(lrs)), "steps": draw(maybe(st.integers(0, 40))),
            "seed": draw(st.integers(0, 2**63 - 1)), "options": draw(maybe(OPTIONS[problem]))}
    if optimizer is not None:
        body["hyper"] = draw(maybe(hyper_for(optimizer)))
    return {k: v for k, v in body.items() if v is not None}


def check(r, valid: bool) -> object:
    assert r.status_code < 500, r.text
    if r.headers["content-type"].startswith("application/json"):
        body = strict_json(r.content)
        if r.status_code != 200:
            assert isinstance(body["detail"], str) and body["detail"]
        # only a function the grammar made can be refused (e.g. dividing by a zero constant)
        assert r.status_code == 200 or not valid or "function" in json.dumps(body), body
        return body
    return None


@SETTINGS
@given(body=run_requests())
async def test_valid_runs_never_fail(client, body):
    fixed = "function" not in body.get("options", {})
    check(await client.post("/api/runs", json=body), valid=fixed)
    r = await client.post("/api/runs/stream", json=body)
    check(r, valid=fixed)
    if r.status_code == 200:
        events = sse_events(r.text)
        assert events[-1][0] == "summary" and all(e == "record" for e, _ in events[:-1])


@SETTINGS
@given(body=run_requests(), lrs=st.lists(lrs, min_size=1, max_size=6))
async def test_valid_sweeps_and_code_never_fail(client, body, lrs):
    body.pop("lr", None)
    sweepable = body["problem"] != "classify"  # a lesson that trains in epochs is refused with a 422 by design
    check(await client.post("/api/sweeps", json=body | {"lrs": lrs}),
          valid=sweepable and "function" not in body.get("options", {}))
    check(await client.post("/api/code", json=body), valid="function" not in body.get("options", {}))


@SETTINGS
@given(function=functions, a=st.floats(-1e6, 1e6), width=st.floats(1e-3, 1e6), n=st.integers(2, 300))
async def test_valid_curves_never_fail(client, function, a, width, n):
    body = {"function": function, "x_min": a, "x_max": min(a + width, 1e6), "n": n}
    if body["x_min"] < body["x_max"]:
        check(await client.post("/api/curve", json=body), valid=False)


@SETTINGS
@given(problem=st.sampled_from(["not_gate", "network", "surface"]), n=st.integers(2, 60), lo=st.floats(-1e6, 0),
       hi=st.floats(1e-3, 1e6))
async def test_valid_landscapes_never_fail(client, problem, n, lo, hi):
    axes = {"not_gate": ("w", "b"), "network": ("linear1.weight[1,0]", "linear2.bias"), "surface": ("x", "y")}[problem]
    body = {"problem": problem, "n": n, "x": {"param": axes[0], "min": lo, "max": hi},
            "y": {"param": axes[1], "min": lo, "max": hi}}
    check(await client.post("/api/landscape", json=body), valid=True)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
keys = st.sampled_from(["problem", "optimizer", "lr", "steps", "seed", "hyper", "options", "lrs", "lr_min",
                        "lr_max", "count", "scale", "function", "x_min", "x_max", "n", "x", "y"])


@settings(max_examples=150, deadline=None, suppress_health_check=QUIET)
@given(path=st.sampled_from(ENDPOINTS),
       body=json_values | st.dictionaries(keys, json_values, max_size=6)
       | st.dictionaries(keys, json_values, max_size=5).map(lambda d: {"problem": "parabola", **d}))
async def test_random_bodies_never_get_a_5xx(client, path, body):
    r = await client.post(path, content=json.dumps(body), headers={"content-type": "application/json"})
    assert r.status_code < 500, r.text
    if r.status_code != 200:
        assert isinstance(strict_json(r.content)["detail"], str)


@settings(max_examples=100, deadline=None, suppress_health_check=QUIET)
@given(path=st.sampled_from(ENDPOINTS), raw=st.binary(max_size=200))
async def test_random_bytes_never_get_a_5xx(client, path, raw):
    r = await client.post(path, content=raw, headers={"content-type": "application/json"})
    assert r.status_code < 500 and isinstance(strict_json(r.content).get("detail", ""), str)
