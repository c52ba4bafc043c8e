"""The surface lesson against its oracles: plain torch loops written here, the presets' known minima
(checked in float64 and through the lesson's own float32 forward), a sweep's rows, and its refusals."""

import json
import math
import subprocess
import sys

import pytest
import torch

from gradplay.engine import InputError, RunSpec, run_all
from gradplay.engine.codegen import script
from gradplay.engine.problems import get_problem
from gradplay.engine.problems import surface
from gradplay.engine.sweep import sweep
from tests.engine.oracles import SHARED_DRIVER

ROSENBROCK = lambda x, y: (1 - x)**2 + 100 * (y - x**2)**2  # noqa: E731 - the formulas, written by hand
BOWL = lambda x, y: 0.5 * x**2 + 5 * y**2  # noqa: E731
HAND = {"bowl": BOWL, "rosenbrock": ROSENBROCK,
        "beale": lambda x, y: (1.5 - x + x * y)**2 + (2.25 - x + x * y**2)**2 + (2.625 - x + x * y**3)**2,
        "himmelblau": lambda x, y: (x**2 + y - 11)**2 + (x + y**2 - 7)**2,
        "saddle": lambda x, y: x**2 - y**2}


def _plain_loop(f, x0: float, y0: float, make_optimizer, steps: int) -> list[dict]:
    """The lesson as a student writes it: two float32 leaves, f(x, y), backward, step, zero_grad."""
    x = torch.tensor(x0, requires_grad=True, dtype=torch.float32)
    y = torch.tensor(y0, requires_grad=True, dtype=torch.float32)
    optimizer = make_optimizer([x, y])
    records = []
    for step in range(steps + 1):
        loss = f(x, y)
        loss.backward()
        records.append({"step": step, "loss": loss.item(), "params": {"x": x.item(), "y": y.item()},
                        "grads": {"x": x.grad.item(), "y": y.grad.item()}})
        if step == steps:
            break
        optimizer.step()
        optimizer.zero_grad()
    return records


def _core(records: list[dict]) -> list[dict]:
    return [{k: r[k] for k in ("step", "loss", "params", "grads")} for r in records]


def _run(**kwargs) -> dict:
    return run_all(RunSpec.make("surface", **kwargs))


# ---- the oracle: plain torch loops ----------------------------------------------------------

def test_defaults_are_adam_on_rosenbrock_from_minus_1_5_2():
    spec = RunSpec.make("surface")
    assert (spec.optimizer, spec.lr, spec.steps) == ("adam", 0.05, 300)
    assert spec.options == {"function": "(1 - x)**2 + 100*(y - x**2)**2", "x0": -1.5, "y0": 2.0}


def test_adam_on_rosenbrock_equals_a_plain_torch_loop_record_by_record():
    result = _run()
    expected = _plain_loop(ROSENBROCK, -1.5, 2.0, lambda p: torch.optim.Adam(p, lr=0.05), 300)
    assert len(result["records"]) == 301
    assert _core(result["records"]) == expected  # every loss, parameter and gradient, exactly
    assert all(r["extras"] == {} for r in result["records"])


def test_momentum_on_the_bowl_equals_a_plain_torch_loop_record_by_record():
    result = _run(optimizer="momentum", lr=0.1, steps=100, options={"function": "bowl", "x0": -8.0, "y0": 2.0})
    expected = _plain_loop(BOWL, -8.0, 2.0, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9), 100)
    assert _core(result["records"]) == expected


@pytest.mark.parametrize("preset", surface.PRESETS, ids=lambda p: p["id"])
def test_a_presets_name_and_its_formula_give_the_same_run(preset):
    named = _run(steps=30, options={**preset["options"], "function": preset["id"]})
    assert named["records"] == _run(steps=30, options=preset["options"])["records"]
    assert named["summary"] == _run(steps=30, options=preset["options"])["summary"]


def test_batched_forward_rows_equal_single_forwards():
    problem, options = get_problem("surface"), {"function": "beale", "x0": 0.0, "y0": 0.0}
    xs, ys = torch.linspace(-2, 4, 25), torch.linspace(-1.5, 2, 25)
    rows, _ = problem.forward({"x": xs, "y": ys}, options, True)
    singles = [problem.forward({"x": a, "y": b}, options, False)[0] for a, b in zip(xs, ys)]
    assert torch.equal(rows, torch.stack(singles))


@pytest.mark.parametrize("optimizer, lr", [("adam", 0.05), ("momentum", 0.001), ("rmsprop", 0.01), ("sgd", 0.002)])
def test_a_sweep_row_equals_its_single_run(optimizer, lr):
    """Bit for bit, a diverging row (sgd at 0.004) included."""
    spec = RunSpec.make("surface", optimizer=optimizer, lr=lr, steps=100)
    lrs = [lr / 2, lr, lr * 2]
    result = sweep(spec, lrs)
    for i, rate in enumerate(lrs):
        single = _run(optimizer=optimizer, lr=rate, steps=100)
        records, n = single["records"], len(single["records"])
        assert result["status"][i] == single["summary"]["status"], rate
        rows = {"loss": result["loss"][i], **{name: result["params"][name][i] for name in ("x", "y")}}
        for name, row in rows.items():
            values = [r["loss"] if name == "loss" else r["params"][name] for r in records]
            assert row[:n] == values, (rate, name)
            assert all(v is None for v in row[n:]), (rate, name)  # a diverged row is null after its last record


def test_a_momentum_by_lr_map_on_the_bowl_equals_single_runs_and_knows_its_curvature():
    """The bowl is the convergence map's story: curvature 10 along y, so momentum β converges below
    lr = 2(1 + β)/10 and diverges above it; every cell equals its single run."""
    spec = RunSpec.make("surface", optimizer="momentum", steps=60, options=surface.BY_ID["bowl"]["options"])
    lrs, betas = [0.05, 0.25, 0.35, 0.45], [0.0, 0.5, 0.9]
    result = sweep(spec, lrs, hyper_sweep={"name": "momentum", "values": betas})
    assert result["curvature"] == 10.0
    for i, beta in enumerate(betas):
        for j, lr in enumerate(lrs):
            single = _run(optimizer="momentum", lr=lr, steps=60, hyper={"momentum": beta}, options=spec.options)
            n = len(single["records"])
            assert result["status"][i][j] == single["summary"]["status"], (beta, lr)
            assert result["loss"][i][j][:n] == [r["loss"] for r in single["records"]], (beta, lr)
            last = single["records"][-1]["loss"]
            grew = last is None or last > single["records"][0]["loss"]
            assert grew == (lr * 10 > 2 * (1 + beta)), (beta, lr)  # the heavy-ball boundary lr·λ < 2(1 + β)


# ---- the presets ----------------------------------------------------------------------------

@pytest.mark.parametrize("preset", surface.PRESETS, ids=lambda p: p["id"])
def test_each_preset_is_the_formula_it_names(preset):
    problem = get_problem("surface")
    xs, ys = torch.meshgrid(torch.linspace(*preset["range"]["x"], 21), torch.linspace(*preset["range"]["y"], 21),
                            indexing="xy")
    loss, _ = problem.forward({"x": xs.reshape(-1), "y": ys.reshape(-1)}, preset["options"], True)
    assert torch.equal(loss, HAND[preset["id"]](xs.reshape(-1), ys.reshape(-1)))


MINIMA = [(p["id"], m) for p in surface.PRESETS for m in p["minima"]]


@pytest.mark.parametrize("name, point", MINIMA, ids=[f"{n}-{m}" for n, m in MINIMA])
def test_every_preset_minimum_is_a_minimum(name, point):
    """In float64: loss = the known minimum value, gradient ~0, Hessian positive definite;
    through the lesson's float32 forward: the loss and gradient are ~0 there too."""
    f = HAND[name]
    p = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    loss = f(p[0], p[1])
    (grad,) = torch.autograd.grad(loss, p)
    assert abs(loss.item() - surface.MIN_LOSS) < 1e-24
    assert grad.abs().max().item() < 1e-12
    assert torch.linalg.eigvalsh(torch.autograd.functional.hessian(lambda v: f(v[0], v[1]), p.detach())).min() > 0
    params = surface.init({"x0": point[0], "y0": point[1]}, 0)
    loss32, _ = get_problem("surface").forward(params, {"function": name}, False)
    loss32.backward()
    assert loss32.item() < 1e-9 and max(abs(params["x"].grad.item()), abs(params["y"].grad.item())) < 1e-3


def test_himmelblau_has_four_minima_and_the_saddle_none():
    assert len(surface.BY_ID["himmelblau"]["minima"]) == 4
    assert surface.BY_ID["saddle"]["minima"] == [] and surface.SADDLES == {"saddle": [[0.0, 0.0]]}
    p = torch.zeros(2, dtype=torch.float64)
    assert torch.linalg.eigvalsh(torch.autograd.functional.hessian(lambda v: v[0]**2 - v[1]**2, p)).tolist() == [-2, 2]


@pytest.mark.parametrize("preset", surface.PRESETS, ids=lambda p: p["id"])
def test_each_preset_range_holds_its_start_and_minima(preset):
    (xlo, xhi), (ylo, yhi) = preset["range"]["x"], preset["range"]["y"]
    o = preset["options"]
    for x, y in [(o["x0"], o["y0"]), *preset["minima"], *surface.SADDLES.get(preset["id"], [])]:
        assert xlo < x < xhi and ylo < y < yhi


# ---- the race -------------------------------------------------------------------------------

def test_the_race_tells_rosenbrocks_story():
    """All four fall fast into the valley, none diverges; along the floor momentum wins, plain SGD crawls."""
    finals = {}
    for optimizer, lr in surface.RACE["entries"]:
        result = _run(optimizer=optimizer, lr=lr)
        assert result["summary"]["status"] == "completed", optimizer
        losses = [r["loss"] for r in result["records"]]
        assert losses[20] < 0.5 * losses[0], optimizer  # into the valley within 20 steps
        finals[optimizer] = losses[-1]
    assert finals["momentum"] < surface.RACE["threshold"] < min(finals["adam"], finals["rmsprop"], finals["sgd"])
    assert finals["momentum"] < finals["adam"] < finals["rmsprop"] < finals["sgd"]


@pytest.mark.parametrize("preset", surface.PRESETS, ids=lambda p: p["id"])
def test_no_race_entry_diverges_on_any_preset(preset):
    for optimizer, lr in surface.RACE["entries"]:
        result = _run(optimizer=optimizer, lr=lr, options=preset["options"])
        assert result["summary"]["status"] == "completed", optimizer
        assert result["records"][-1]["loss"] < result["records"][0]["loss"], optimizer


# ---- diagnostics in plain words -------------------------------------------------------------

def _notes(result: dict) -> dict:
    return {d["kind"]: d["message"] for d in result["summary"]["diagnostics"]}


def test_the_default_run_is_told_about_the_curved_valley():
    result = _run()
    message = _notes(result)["valley"]
    last = result["records"][-1]
    assert "narrow curved valley" in message and "fast into the valley" in message
    assert f"({last['params']['x']:.4g}, {last['params']['y']:.4g})" in message
    assert "from 12.5 to 1.715" in message and "minimum (1, 1)" in message


def test_a_run_that_stops_on_the_saddle_is_told_it_is_not_a_minimum():
    result = _run(options={"function": "saddle", "x0": -2.0, "y0": 0.0})
    message = _notes(result)["saddle"]
    assert "a saddle point is not a minimum" in message
    assert "eigenvalues 2 and -2" in message and "gradient is ~0" in message


def test_a_run_that_slides_off_the_saddle_is_told_the_surface_has_no_bottom():
    result = _run(options={"function": "saddle", "x0": -2.0, "y0": 0.01})
    assert result["records"][-1]["loss"] < -500
    assert "has no minimum" in _notes(result)["no_minimum"]


def test_a_typed_function_ending_on_a_maximum_is_told_so():
    result = _run(steps=5, options={"function": "-(x**2) - y**2", "x0": 0.0, "y0": 0.0})
    assert "a maximum, not a minimum" in _notes(result)["maximum"]


@pytest.mark.parametrize("start, reached", [((-1.0, 0.0), "(-2.80512, 3.13131)"), ((0.0, 0.0), "(3, 2)"),
                                            ((-3.0, -3.0), "(-3.77931, -3.28319)"),
                                            ((3.0, -1.0), "(3.58443, -1.84813)")])
def test_himmelblau_names_the_minimum_reached(start, reached):
    result = _run(options={"function": "himmelblau", "x0": start[0], "y0": start[1]})
    message = _notes(result)["minimum"]
    assert message.startswith(f"reached the minimum {reached} of himmelblau") and "one of its 4 minima" in message


# ---- the lesson's hooks: landscape axes, graph data, the exported script ----------------------

def test_landscape_axes_are_the_presets_range_widened_to_show_the_start():
    assert get_problem("surface").landscape({"function": "bowl", "x0": -8.0, "y0": 2.0}) == {
        "x": {"param": "x", "min": -10.0, "max": 10.0}, "y": {"param": "y", "min": -4.0, "max": 4.0}}
    axes = get_problem("surface").landscape({"function": "rosenbrock", "x0": 3.0, "y0": -2.0})
    assert axes["x"] == {"param": "x", "min": -2.0, "max": pytest.approx(3.4)}
    assert axes["y"] == {"param": "y", "min": pytest.approx(-2.4), "max": 3.0}
    custom = get_problem("surface").landscape({"function": "x**2 + y**2", "x0": 0.0, "y0": 0.0})
    assert custom["x"] == {"param": "x", "min": -5.0, "max": 5.0}


def test_graph_data_is_empty():
    assert get_problem("surface").graph_data({"function": "bowl", "x0": 0.0, "y0": 0.0}) == []


def test_export_defines_f_params_and_compute_loss_that_match_the_lesson():
    options = {"function": "himmelblau", "x0": -1.0, "y0": 0.5}
    namespace = {"torch": torch, "math": math, "SEED": 0}
    exec(surface.export(options), namespace)  # the checked formula, as codegen writes it
    loss = namespace["compute_loss"]()
    loss.backward()
    assert set(namespace["params"]) == {"x", "y"}
    params = surface.init(options, 0)
    expected, _ = surface.forward(params, options, False)
    expected.backward()
    assert loss.item() == expected.item()
    assert [p.grad.item() for p in namespace["params"].values()] == [params["x"].grad.item(), params["y"].grad.item()]


def test_landscape_endpoint_defaults_to_the_presets_axes():
    from gradplay.engine.landscape import landscape

    body = landscape("surface", {"function": "bowl", "x0": -8.0, "y0": 2.0}, n=5)
    assert body["x"] == [-10.0, -5.0, 0.0, 5.0, 10.0] and body["y"] == [-4.0, -2.0, 0.0, 2.0, 4.0]
    assert body["loss"] == [[BOWL(x, y) for x in body["x"]] for y in body["y"]]


SCRIPT_CASES = {
    "adam-rosenbrock": {},
    "momentum-bowl": dict(optimizer="momentum", lr=0.1, steps=100, options={"function": "bowl", "x0": -8.0, "y0": 2.0}),
    "gd-typed": dict(optimizer="gd", lr=0.05, steps=30,
                     options={"function": "sin(x)*cos(y) + 0.1*(x**2 + y**2) + sqrt(2)", "x0": 1.0, "y0": -0.5}),
    "rmsprop-himmelblau": dict(optimizer="rmsprop", lr=0.01, steps=50, hyper={"momentum": 0.5},
                               options={"function": "himmelblau", "x0": -1.0, "y0": 0.0}),
    "sgd-saddle-overflows": dict(optimizer="sgd", lr=0.1, steps=400,
                                 options={"function": "saddle", "x0": -2.0, "y0": 0.01}),
}


def test_the_exported_script_run_with_plain_python_prints_the_same_records():
    texts = {name: script(RunSpec.make("surface", **request)) for name, request in SCRIPT_CASES.items()}
    proc = subprocess.run([sys.executable, "-c", SHARED_DRIVER], input=json.dumps(texts), capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for name, stdout in json.loads(proc.stdout).items():
        lines = [json.loads(line) for line in stdout.splitlines() if line.strip()]
        expected = _run(**SCRIPT_CASES[name])
        assert _core(lines) == _core(expected["records"]), name
        assert [line["state"] for line in lines] == [r["state"] for r in expected["records"]], name
    assert expected["summary"]["status"] == "diverged" and lines[-1]["loss"] is None  # the saddle's y overflowed


def test_the_exported_script_defines_f_of_x_and_y_from_the_checked_formula():
    text = script(RunSpec.make("surface"))
    assert "def f(x, y):\n    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2" in text
    assert "torch.optim.Adam(params.values(), lr=lr" in text and "params = {\"x\": x, \"y\": y}" in text


# ---- refused --------------------------------------------------------------------------------

@pytest.mark.parametrize("options, fragment", [
    ({"function": "x**2 + z"}, "unknown name 'z'; allowed: x, y, pi, e"),
    ({"function": "x" + "+y" * 100}, "201 characters; at most 200 are allowed"),
    ({"function": "__import__('os')"}, "'__import__' is not allowed"),
    ({"function": "rosenbrok"}, "unknown preset 'rosenbrok'; presets: bowl, rosenbrock, beale, himmelblau, saddle"),
    ({"function": "x**2"}, "must use both x and y"),
    ({"x0": math.inf}, "option for surface 'x0' must be a finite number"),
    ({"y0": math.nan}, "option for surface 'y0' must be a finite number"),
    ({"x0": 2e6}, "must lie within [-1e+06, 1e+06]"),
    ({"function": 3}, "must be a string"),
    ({"z0": 1.0}, "unknown option for surface 'z0'; allowed: function, x0, y0"),
])
def test_bad_options_are_refused_with_a_clear_message(options, fragment):
    with pytest.raises(InputError) as info:
        RunSpec.make("surface", options=options)
    assert fragment in str(info.value)


def test_a_point_without_finite_curvature_gets_no_curvature_note():
    """abs(x)**1.5 has gradient 0 but an infinite second derivative at 0: nothing to say, and no error."""
    result = _run(optimizer="sgd", lr=0.1, steps=2, options={"function": "abs(x)**1.5 + 0*y", "x0": 0.0, "y0": 0.0})
    assert result["summary"]["status"] == "completed"
    assert not {"saddle", "maximum"} & set(_notes(result))
