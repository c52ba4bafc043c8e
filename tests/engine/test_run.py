"""run(spec) and RunSpec.make: the record layout, N + 1 records, determinism, the seed's
printed layout, torch's own error, time budgets, and every bad input as an InputError."""

import dataclasses

import numpy as np
import pytest
import torch

from gradplay.engine import InputError, RunSpec, run, run_all
from gradplay.engine.problems import finite
from gradplay.engine.run import plain

# The seed's ten lines, `print(x.detach().numpy(), y.detach().numpy())` after each update:
# x after the update, y before it.
SEED_TEN_LINES = """\
3.8 36.0
2.84 23.039999
2.072 14.7456
1.4576 9.437184
0.96607995 6.039798
0.57286394 3.8654704
0.25829116 2.473901
0.006632924 1.5832967
-0.19469367 1.0133098
-0.35575494 0.6485183"""

REQUESTS = [
    dict(problem="parabola"),
    dict(problem="parabola", optimizer="adam", options={"function": "sin(x)*x + sigmoid(x)", "x0": 2.0}),
    dict(problem="not_gate", options={"variant": "module", "init": "random"}, seed=3),
    dict(problem="not_gate", optimizer="rmsprop", options={"variant": "linear", "broadcast_bug": True}),
    dict(problem="network"),
    dict(problem="network", optimizer="adamw", lr=0.01, seed=11,
         options={"init": "random", "hidden": 5, "activation": "tanh"}),
]


def _run(**request) -> dict:
    return run_all(RunSpec.make(**request))


def _float32_text(value: float) -> str:
    """How numpy prints a float32, as the seed's `.numpy()` lines do."""
    return str(np.float32(value))


def _seed_layout(records: list[dict]) -> str:
    return "\n".join(f"{_float32_text(records[k + 1]['params']['x'])} {_float32_text(records[k]['loss'])}"
                     for k in range(len(records) - 1))


def _torch_refusal() -> str:
    x = torch.tensor(5, requires_grad=False, dtype=torch.float32)
    y = x**2 + 2 * x + 1
    with pytest.raises(RuntimeError) as info:
        y.backward()
    return str(info.value)


# ---- records -------------------------------------------------------------------------------

@pytest.mark.parametrize("problem", ["parabola", "not_gate", "network"])
@pytest.mark.parametrize("steps", [0, 1, 7])
def test_run_n_steps_gives_n_plus_one_records(problem, steps):
    result = _run(problem=problem, steps=steps)
    assert [r["step"] for r in result["records"]] == list(range(steps + 1))
    assert result["summary"]["steps_run"] == steps


def test_run_record_shape():
    record = _run(problem="parabola", steps=1)["records"][1]
    assert set(record) == {"step", "loss", "params", "grads", "state", "extras"}
    assert record == {"step": 1, "loss": pytest.approx(23.04, rel=1e-6), "params": {"x": pytest.approx(3.8)},
                      "grads": {"x": pytest.approx(9.6)}, "state": {}, "extras": {}}
    assert all(isinstance(v, float) for v in (record["loss"], record["params"]["x"], record["grads"]["x"]))


def test_run_params_are_nested_lists_in_the_tensor_shape():
    record = _run(problem="network", steps=0)["records"][0]
    shapes = {n: np.shape(v) for n, v in record["params"].items()}
    assert shapes == {"linear1.weight": (3, 2), "linear1.bias": (3,), "linear2.weight": (1, 3), "linear2.bias": (1,)}
    assert {n: np.shape(v) for n, v in record["grads"].items()} == shapes
    assert isinstance(record["params"]["linear1.weight"][0][0], float)


def test_run_extras_for_the_views():
    not_gate = _run(problem="not_gate", steps=0)["records"][0]["extras"]
    assert set(not_gate) == {"a", "loss_terms"} and len(not_gate["a"]) == 2
    network = _run(problem="network", steps=0)["records"][0]["extras"]
    assert network == {"pre": [[42.0, 3.0, 33.0], [399.0]], "post": [[42.0, 3.0, 33.0], [399.0]],
                       "dead": [[False, False, False], [False]]}


def test_run_reproduces_the_seed_ten_lines_layout():
    """Record k+1's params with record k's loss: the seed's `print(x, y)` after each update."""
    assert _seed_layout(_run(problem="parabola", optimizer="gd", lr=0.1, steps=10)["records"]) == SEED_TEN_LINES


def test_run_result_carries_the_request():
    spec = RunSpec.make("parabola", optimizer="momentum", lr=0.05, steps=3, hyper={"momentum": 0.5})
    result = run_all(spec)
    assert result["request"] == {"problem": "parabola", "optimizer": "momentum", "lr": 0.05, "steps": 3, "seed": 0,
                                 "hyper": {"momentum": 0.5, "dampening": 0.0, "weight_decay": 0.0},
                                 "options": {"function": "x**2 + 2*x + 1", "x0": 5.0, "requires_grad": True}}
    assert set(result["summary"]) == {"status", "steps_run", "final_loss", "diagnostics"}


@pytest.mark.parametrize("problem", ["parabola", "not_gate", "network", "surface", "classify"])
def test_runspec_to_dict_is_asdict_a_copy_the_caller_may_change(problem):
    spec = RunSpec.make(problem)
    d = spec.to_dict()
    assert d == dataclasses.asdict(spec) and list(d) == [f.name for f in dataclasses.fields(spec)]
    for value in d["options"].values():
        if isinstance(value, list):
            value.append(0)
    d["options"]["extra"] = 1
    assert spec.to_dict() == dataclasses.asdict(spec) != d


def test_run_final_loss_is_the_last_record_loss():
    result = _run(problem="not_gate", steps=5)
    assert result["summary"]["final_loss"] == result["records"][-1]["loss"]


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: f"{r['problem']}-{r.get('optimizer', 'default')}")
def test_run_is_deterministic(request_):
    first, second = _run(**request_), _run(**request_)
    assert first == second


def test_run_is_a_generator_with_summary_after_the_last_record():
    r = run(RunSpec.make("parabola", steps=3))
    iterator = iter(r)
    assert next(iterator)["step"] == 0 and r.summary is None
    assert [rec["step"] for rec in iterator] == [1, 2, 3]
    assert r.summary["status"] == "completed"


# ---- torch refuses: requires_grad=False -----------------------------------------------------

def test_run_requires_grad_false_is_an_error_with_torchs_message():
    result = _run(problem="parabola", options={"requires_grad": False})
    summary = result["summary"]
    assert summary["status"] == "error" and summary["steps_run"] == 0
    assert len(result["records"]) == 1
    assert result["records"][0]["loss"] == 36.0 and result["records"][0]["grads"] == {"x": None}
    (note,) = summary["diagnostics"]
    assert note["kind"] == "torch_error" and note["step"] == 0
    assert "does not require grad" in note["message"]
    assert _torch_refusal() in note["message"]


# ---- stopping early -----------------------------------------------------------------------

def test_run_budget_zero_times_out_after_the_first_record():
    result = run_all(RunSpec.make("parabola", steps=50), budget_s=0)
    assert len(result["records"]) == 1
    assert result["summary"]["status"] == "timed_out"
    assert result["summary"]["diagnostics"][0]["kind"] == "timed_out"


def test_run_should_stop_ends_the_run_where_asked():
    calls = []

    def should_stop() -> bool:  # asked once after each record but the last
        calls.append(1)
        return len(calls) == 3

    result = run_all(RunSpec.make("not_gate", steps=5), should_stop=should_stop)
    assert [r["step"] for r in result["records"]] == [0, 1, 2]
    summary = result["summary"]
    assert (summary["status"], summary["steps_run"]) == ("timed_out", 2)
    assert summary["final_loss"] == result["records"][2]["loss"]
    assert [(d["step"], d["kind"]) for d in summary["diagnostics"]] == [(2, "timed_out")]


def test_run_stopped_records_equal_the_full_runs():
    full = _run(problem="network", lr=1e-4, steps=6)["records"]
    stopped = run_all(RunSpec.make("network", lr=1e-4, steps=6), should_stop=lambda: True)["records"]
    assert stopped == full[:1]


# ---- plain data ---------------------------------------------------------------------------

def test_plain_turns_non_finite_numbers_into_none():
    assert plain(torch.tensor(float("inf"))) is None
    assert plain(torch.tensor([[1.0, float("nan")], [float("-inf"), 2.0]])) == [[1.0, None], [None, 2.0]]
    assert plain(torch.tensor([True, False])) == [True, False]
    assert plain(torch.tensor(0.1)) == float(np.float32(0.1))



NON_FINITE = [[1.0, float("nan"), 2.0], [float("inf"), float("-inf"), 0.5], [3e38, 3e38, -float("inf")]]


@pytest.mark.parametrize("rows", [NON_FINITE, NON_FINITE[:1], NON_FINITE[2:], [[0.25, -4.0]], [[]]])
def test_finite_reads_rows_as_plain_reads_their_tensor(rows):
    """A lesson may read its extras out itself (problems.finite): the same numbers the records would make."""
    t = torch.tensor(rows, dtype=torch.float32)
    assert finite(t.tolist()) == plain(t) and finite(t[0].tolist()) == plain(t[0])

# ---- bad input ----------------------------------------------------------------------------

BAD_REQUESTS = [
    (dict(problem="nope"), ["unknown problem", "parabola", "not_gate", "network"]),
    (dict(problem=None), ["unknown problem"]),
    (dict(problem="parabola", optimizer="lbfgs"), ["unknown optimizer", "gd", "adagrad"]),
    (dict(problem="parabola", options={"foo": 1}), ["'foo'", "allowed: function, x0, requires_grad"]),
    (dict(problem="not_gate", options={"x0": 1}), ["'x0'", "allowed: variant, init, broadcast_bug"]),
    (dict(problem="network", options={"layers": 2, "depth": 1}), ["'depth', 'layers'", "allowed:", "hidden"]),
    (dict(problem="parabola", hyper={"momentum": 0.9}), ["unknown hyperparameter for gd", "allowed: none"]),
    (dict(problem="parabola", optimizer="adam", hyper={"momentum": 0.9}),
     ["'momentum'", "allowed: beta1, beta2, eps, weight_decay"]),
    (dict(problem="parabola", optimizer="sgd", hyper={"nesterov": True}), ["'nesterov'", "allowed: weight_decay"]),
    (dict(problem="parabola", options={"x0": "5"}), ["x0", "must be a number"]),
    (dict(problem="parabola", options={"x0": True}), ["x0", "must be a number"]),
    (dict(problem="parabola", options={"x0": float("nan")}), ["x0", "finite"]),
    (dict(problem="parabola", options={"x0": 1e7}), ["x0", "within"]),
    (dict(problem="parabola", options={"requires_grad": 1}), ["requires_grad", "true or false"]),
    (dict(problem="parabola", options={"function": 5}), ["function", "string"]),
    (dict(problem="parabola", options={"function": "x.__class__"}), ["attribute access", "allowed:"]),
    (dict(problem="not_gate", options={"variant": "Linear"}), ["variant", "'tensors', 'module', 'linear'"]),
    (dict(problem="not_gate", options={"init": 1}), ["init", "'seed', 'random'"]),
    (dict(problem="not_gate", options={"broadcast_bug": "yes"}), ["broadcast_bug", "true or false"]),
    (dict(problem="not_gate", options={"broadcast_bug": True}), ["broadcast_bug", "linear"]),
    (dict(problem="not_gate", options={"broadcast_bug": True, "variant": "module"}), ["broadcast_bug", "linear"]),
    (dict(problem="network", options={"hidden": 4}), ["3 hidden units", "random"]),
    (dict(problem="network", options={"hidden": 2.5, "init": "random"}), ["hidden", "whole number"]),
    (dict(problem="network", options={"hidden": 17, "init": "random"}), ["hidden", "[1, 16]"]),
    (dict(problem="network", options={"x": [1.0, 2.0, 3.0]}), ["'x'", "list of 2 numbers"]),
    (dict(problem="network", options={"x": [1.0, "a"]}), ["'x'[1]", "must be a number"]),
    (dict(problem="network", options={"activation": "gelu"}), ["activation", "'relu'"]),
    (dict(problem="parabola", lr=0), ["lr", "(0, 100]"]),
    (dict(problem="parabola", lr=-0.1), ["lr", "(0, 100]"]),
    (dict(problem="parabola", lr=100.5), ["lr", "(0, 100]"]),
    (dict(problem="parabola", lr=float("nan")), ["lr", "(0, 100]"]),
    (dict(problem="parabola", lr=float("inf")), ["lr", "(0, 100]"]),
    (dict(problem="parabola", lr=True), ["lr", "got True"]),
    (dict(problem="parabola", lr="0.1"), ["lr", "got '0.1'"]),
    (dict(problem="parabola", steps=10_001), ["steps", "0 to 10000"]),
    (dict(problem="parabola", steps=-1), ["steps", "0 to 10000"]),
    (dict(problem="parabola", steps=2.0), ["steps", "whole number"]),
    (dict(problem="parabola", steps=True), ["steps", "got True"]),
    (dict(problem="parabola", seed=-1), ["seed", "whole number"]),
    (dict(problem="parabola", seed=1.5), ["seed", "whole number"]),
    (dict(problem="parabola", seed=False), ["seed", "got False"]),
    (dict(problem="parabola", optimizer="momentum", hyper={"momentum": 1.0}), ["momentum", "[0, 0.999]"]),
    (dict(problem="parabola", optimizer="sgd", hyper={"weight_decay": -1}), ["weight_decay", "[0, 10]"]),
    (dict(problem="parabola", optimizer="adam", hyper={"beta1": "0.9"}), ["beta1", "must be a number"]),
    (dict(problem="parabola", optimizer="adam", hyper={"eps": 0}), ["eps", "within"]),
    (dict(problem="parabola", optimizer="adagrad", hyper={"lr_decay": False}), ["lr_decay", "must be a number"]),
]


@pytest.mark.parametrize("request_, fragments", BAD_REQUESTS, ids=[str(i) for i in range(len(BAD_REQUESTS))])
def test_runspec_bad_input_is_an_input_error_naming_what_is_allowed(request_, fragments):
    with pytest.raises(InputError) as info:
        RunSpec.make(**request_)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_runspec_max_steps_can_be_lowered():
    with pytest.raises(InputError, match="0 to 20"):
        RunSpec.make("parabola", steps=21, max_steps=20)
    assert RunSpec.make("parabola", steps=20, max_steps=20).steps == 20


def test_runspec_fills_defaults_and_coerces_numbers():
    spec = RunSpec.make("network", lr=1, options={"hidden": 3.0, "x": [3, 5], "target": 10})
    assert spec.lr == 1.0 and isinstance(spec.lr, float)
    assert spec.options == {"init": "seed", "x": [3.0, 5.0], "target": 10.0, "hidden": 3, "activation": "relu",
                            "output_activation": "relu"}
    assert isinstance(spec.options["hidden"], int)
