"""schemathesis hooks: the API's rules across fields, which JSON Schema cannot state, taught to the generator.

schemathesis's `positive_data_acceptance` expects every request that fits the schema to be
accepted. A few of the API's rules relate one field to another (x_min < x_max; lrs or a range;
a hyperparameter must belong to the chosen optimizer; an option to the chosen lesson; a graph's
step must be one the run reaches) and JSON Schema has no words for them, so the API states
them in its descriptions and its catalog (GET /api/problems, GET /api/optimizers). This module
applies exactly those documented rules to each *positive* case before it is sent, as a client
that read the docs would: a value that breaks one is replaced by one that keeps it. Negative
cases are sent as generated, and every check still runs on every case.

Loaded by the schemathesis CLI through SCHEMATHESIS_HOOKS; the server's URL comes in
GRADPLAY_SCHEMATHESIS_URL (the catalog is read from it, once).
"""

import math
import os

import httpx
import schemathesis
from schemathesis import GenerationMode

MAX_CELLS, MAX_SWEEP_NUMBERS, GRAPH_STEPS = 4096, 2_000_000, 3
RUN_LIKE = {"/api/runs", "/api/runs/stream", "/api/code", "/api/notebook", "/api/graph", "/api/sweeps"}
_catalog: dict = {}


def catalog() -> dict:
    if not _catalog:
        base = os.environ["GRADPLAY_SCHEMATHESIS_URL"]
        _catalog["problems"] = {p["id"]: p for p in httpx.get(base + "/api/problems").json()}
        _catalog["optimizers"] = {o["id"]: o for o in httpx.get(base + "/api/optimizers").json()}
        _catalog["limits"] = httpx.get(base + "/api/limits").json()
    return _catalog


def _number(value, integer: bool = False, bounds=None) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return False
    if integer and value != int(value):
        return False
    return bounds is None or bounds[0] <= value <= bounds[1]


def _fits(value, option: dict) -> bool:
    """Does `value` fit the option as the catalog declares it (kind, bounds, choices)?"""
    kind, default = option["kind"], option["default"]
    if option.get("choices") is not None:
        return value in option["choices"] and type(value) is type(option["choices"][0])
    if kind == "boolean":
        return isinstance(value, bool)
    if kind in ("number", "integer"):
        return _number(value, kind == "integer", option.get("bounds"))
    if kind == "list" and all(_number(v) for v in default):
        return (isinstance(value, list) and len(value) == len(default)
                and all(_number(v, bounds=option.get("bounds")) for v in value))
    # a formula must parse (its grammar is in the field's description): keep the lesson's own
    return value == default


def _options(problem: dict, given) -> dict | None:
    if not isinstance(given, dict):
        return given
    declared = problem["options"]
    out = {k: v for k, v in given.items() if k in declared and _fits(v, declared[k])}
    # the pairs the options' help and the RunRequest description name
    if out.get("broadcast_bug") is True:
        out["variant"] = "linear"
    if "hidden" in declared and out.get("init", declared.get("init", {}).get("default")) == "seed":
        out.pop("hidden", None)
    if problem["id"] == "classify":
        _classify(out)
    return out


def _classify(options: dict) -> None:
    """classify's documented rules: hidden is whole numbers 1..8 (at most 6 layers); dataset 'points' needs 2."""
    hidden = options.get("hidden")
    if hidden is not None and not (len(hidden) <= 6 and all(_number(w, True, (1, 8)) for w in hidden)):
        options.pop("hidden")
    if options.get("dataset") == "points":
        options["points"] = [[1.0, 1.0, 1], [-1.0, -1.0, 0]]


def _hyper_fits(optimizer: dict, name, value) -> bool:
    bounds = optimizer["bounds"]
    if name not in bounds or not _number(value, bounds=bounds[name]):
        return False
    return not (optimizer["id"] == "nesterov" and name == "momentum" and value == 0)  # its help: above 0


def _hyper(optimizer: dict, given) -> dict | None:
    if not isinstance(given, dict):
        return given
    return {k: v for k, v in given.items() if _hyper_fits(optimizer, k, v)}


def _scalars(problem_id: str, options: dict | None) -> int:
    """Parameter elements of a lesson, for the sweep's numbers cap (the API's description)."""
    hidden = (options or {}).get("hidden", 3)
    return {"parabola": 1, "not_gate": 2, "network": 4 * hidden + 1, "surface": 2}.get(problem_id, 1000)


def _run_like(path: str, body: dict) -> None:
    problems, optimizers = catalog()["problems"], catalog()["optimizers"]
    if path == "/api/sweeps" and body["problem"] == "classify":  # SweepRequest's description: not swept
        body["problem"], body["options"] = "parabola", None
    problem = problems[body["problem"]]
    optimizer = optimizers[body.get("optimizer") or problem["defaults"]["optimizer"]]
    body["options"] = _options(problem, body.get("options"))
    body["hyper"] = _hyper(optimizer, body.get("hyper"))
    steps = body.get("steps")
    steps = problem["defaults"]["steps"] if steps is None else steps
    if body["problem"] == "classify":  # an epoch of minibatches per step: a few keep the run short
        steps = body["steps"] = min(steps, 3)
    if path == "/api/graph":
        # whether a later step has a graph depends on the run (a diverged run has none): ask for an early one
        body["step"] = min(body["step"], steps, GRAPH_STEPS)
    if path == "/api/sweeps":
        _sweep(body, optimizer, steps)


def _sweep(body: dict, optimizer: dict, steps: int) -> None:
    if body.get("lrs") is not None:  # lrs or a range, not both
        body["lr_min"] = body["lr_max"] = None
    elif body.get("lr_min") is None or body.get("lr_max") is None:
        body["lr_min"], body["lr_max"] = body.get("lr_min") or 0.01, body.get("lr_max") or 1.0
    if body.get("lr_min") is not None and body["lr_min"] > body["lr_max"]:
        body["lr_min"], body["lr_max"] = body["lr_max"], body["lr_min"]
    lr_count = len(body["lrs"]) if body.get("lrs") is not None else body.get("count", 32)
    runs = lr_count
    sweep = body.get("hyper_sweep")
    if isinstance(sweep, dict):
        values = [v for v in sweep.get("values", []) if _hyper_fits(optimizer, sweep.get("name"), v)]
        values = values[:MAX_CELLS // lr_count]
        body["hyper_sweep"] = {"name": sweep["name"], "values": values} if values else None
        runs *= max(len(values), 1)
    per_record = 1 + _scalars(body["problem"], body.get("options")) * (2 if body.get("grads") else 1)
    fit = MAX_SWEEP_NUMBERS // (runs * per_record) - 1
    body["steps"] = max(0, min(steps, fit))


def _curve(body: dict) -> None:
    if body.get("function") != "x**2 + 2*x + 1":
        body["function"] = "x**2 + 2*x + 1"  # the grammar is documented, not checkable here
    _ordered(body, "x_min", "x_max", -6.0, 6.0)


def _ordered(body: dict, lo: str, hi: str, lo_default: float, hi_default: float) -> None:
    a, b = body.get(lo, lo_default), body.get(hi, hi_default)
    if a > b:
        a, b = b, a
    if a == b:
        a, b = (a - 1, a) if a > 0 else (a, a + 1)
    body[lo], body[hi] = a, b


def _landscape(body: dict) -> None:
    problems = catalog()["problems"]
    if problems[body["problem"]]["landscape"] is None:  # fewer than two parameters: no landscape
        body["problem"] = next(pid for pid, p in problems.items() if p["landscape"] is not None)
    problem = problems[body["problem"]]
    body["options"] = _options(problem, body.get("options"))
    axes = problem["landscape"]
    names = [axes["x"]["param"], axes["y"]["param"]]
    for which, other in (("x", "y"), ("y", "x")):
        axis = body.get(which)
        if not isinstance(axis, dict):
            continue
        axis = dict(axis)
        if axis["param"] not in names:  # a parameter of this lesson (the catalog names two)
            axis["param"] = axes[which]["param"]
        _ordered(axis, "min", "max", -10.0, 10.0)
        body[which] = axis
    x, y = body.get("x") or axes["x"], body.get("y") or axes["y"]
    if x["param"] == y["param"]:
        body["x"], body["y"] = {**x, "param": names[0]}, {**y, "param": names[1]}


@schemathesis.hook
def map_case(context, case):
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE or not isinstance(case.body, dict):
        return case
    body, path = dict(case.body), case.operation.path
    if path in RUN_LIKE:
        _run_like(path, body)
    elif path == "/api/curve":
        _curve(body)
    elif path == "/api/landscape":
        _landscape(body)
    elif path == "/api/datasets" and body.get("dataset") == "points" and len(body.get("points") or []) < 2:
        body["points"] = [[1.0, 1.0, 1], [-1.0, -1.0, 0]]  # its description: at least 2
    case.body = body
    return case
