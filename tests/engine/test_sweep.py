"""sweep(spec, lrs) against its oracle: the single runs with the same settings.

What holds, measured here over 17 log-spaced learning rates from 1e-4 to 3 and 30 steps:
- parabola (the seed's function and a typed one with sin and sigmoid) and not_gate (all three
  variants, and the broadcast bug): every row equals its single run bit for bit, for all eight
  optimizers: the batched update rules round op for op as torch.optim does.
- network: bit for bit for gd, sgd, momentum and nesterov; within a relative 1e-5 for adam,
  adamw, rmsprop and adagrad. The single run's `F.linear` is one BLAS gemm call, which sums the
  products (and the bias) in its own order; the sweep's batched matmul (bmm over one row per
  learning rate) does not reproduce that order, so at equal weights the output, hence the loss,
  can differ in the last bit (adam with lr 1e-4 shows it at step 3: 151275.25 against
  151275.234375). The SGD family lands on the same floats for these settings; the adaptive
  optimizers carry that last bit into the weights through their running moments.
"""

import math

import pytest

from gradplay.engine import OPTIMIZERS, InputError, RunSpec, run_all
from gradplay.engine.sweep import MAX_LRS, make_lrs, sweep
from tests.engine.oracles import HYPER, flat

LRS = make_lrs(1e-4, 3.0, 17)
STEPS = 30
EXACT_CASES = [
    ("parabola", {}),
    ("parabola", {"function": "sin(x)*x + sigmoid(x)", "x0": 2.0}),
    ("not_gate", {"variant": "tensors"}),
    ("not_gate", {"variant": "module"}),
    ("not_gate", {"variant": "linear"}),
    ("not_gate", {"variant": "linear", "broadcast_bug": True}),
    ("not_gate", {"variant": "tensors", "init": "random"}),
]
ROUNDING_EXACT = ["gd", "sgd", "momentum", "nesterov"]
ROUNDING_ADAPTIVE = ["adam", "adamw", "rmsprop", "adagrad"]
NON_DEFAULT = {name: h for name, h in HYPER.items() if name not in ("gd", "sgd")}


def _spec(problem: str, optimizer: str, options: dict, hyper: dict | None = None, steps: int = STEPS) -> RunSpec:
    return RunSpec.make(problem, optimizer=optimizer, steps=steps, options=options, hyper=hyper)


def _single(spec: RunSpec, lr: float) -> dict:
    return run_all(RunSpec.make(spec.problem, optimizer=spec.optimizer, lr=lr, steps=spec.steps, seed=spec.seed,
                                hyper=spec.hyper, options=spec.options))


def _row(result: dict, i: int) -> dict:
    """Row i of a sweep, in the single run's shape: losses and each parameter's values per step."""
    return {"loss": result["loss"][i], **{n: v[i] for n, v in result["params"].items()}}


def _columns(records: list[dict]) -> dict:
    out = {"loss": [r["loss"] for r in records]}
    for name in records[0]["params"]:
        out[name] = [r["params"][name] for r in records]
    return out


def _assert_rows_equal_single_runs(spec: RunSpec, lrs: list[float], close=None) -> None:
    result = sweep(spec, lrs)
    assert result["lrs"] == lrs
    for i, lr in enumerate(lrs):
        single = _single(spec, lr)
        expected, row, n = _columns(single["records"]), _row(result, i), len(single["records"])
        for name, values in expected.items():
            if close is None:
                assert row[name][:n] == values, (lr, name)
            else:
                assert close(row[name][:n], values), (lr, name)
            assert all(v is None for v in row[name][n:]), (lr, name)  # null after the first bad step
        assert result["status"][i] == single["summary"]["status"], lr


def _within(rel: float):
    def close(a: list, b: list) -> bool:
        fa, fb = flat(a), flat(b)
        return len(fa) == len(fb) and all(
            (x is None and y is None) or (x is not None and y is not None and math.isclose(x, y, rel_tol=rel,
                                                                                          abs_tol=1e-30))
            for x, y in zip(fa, fb))
    return close


# ---- bit for bit ----------------------------------------------------------------------------

@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
@pytest.mark.parametrize("problem, options", EXACT_CASES, ids=lambda v: str(v) if isinstance(v, str) else
                         "-".join(f"{k}={x}" for k, x in v.items()) or "default")
def test_sweep_rows_equal_single_runs_bit_for_bit(problem, options, optimizer):
    _assert_rows_equal_single_runs(_spec(problem, optimizer, options), LRS)


@pytest.mark.parametrize("optimizer", list(NON_DEFAULT))
@pytest.mark.parametrize("problem, options", [("parabola", {}), ("not_gate", {"variant": "linear"})])
def test_sweep_non_default_hyperparameters_bit_for_bit(problem, options, optimizer):
    _assert_rows_equal_single_runs(_spec(problem, optimizer, options, NON_DEFAULT[optimizer], steps=15), LRS[::2])


@pytest.mark.parametrize("optimizer", ROUNDING_EXACT)
def test_sweep_network_sgd_family_bit_for_bit(optimizer):
    _assert_rows_equal_single_runs(_spec("network", optimizer, {}), LRS)


@pytest.mark.parametrize("optimizer", ROUNDING_ADAPTIVE)
def test_sweep_network_adaptive_within_float32(optimizer):
    _assert_rows_equal_single_runs(_spec("network", optimizer, {}), LRS, close=_within(1e-5))


def test_sweep_network_random_init_sgd_bit_for_bit():
    _assert_rows_equal_single_runs(_spec("network", "sgd", {"init": "random", "hidden": 5}, steps=10), LRS[::4])


def test_sweep_single_lr_equals_single_run():
    spec = _spec("not_gate", "sgd", {})
    result = sweep(spec, [10.0])
    assert _row(result, 0) == _columns(_single(spec, 10.0)["records"])


# ---- statuses -----------------------------------------------------------------------------

def test_sweep_diverged_rows_are_null_after_the_first_bad_step():
    spec = _spec("parabola", "gd", {}, steps=40)
    result = sweep(spec, [0.1, 3.0, 5.0])
    assert result["status"] == ["completed", "diverged", "diverged"]
    for i, lr in enumerate([3.0, 5.0], start=1):
        records = _single(spec, lr)["records"]
        k = records[-1]["step"]
        assert records[-1]["loss"] is None
        assert result["loss"][i][:k] == [r["loss"] for r in records[:k]]
        assert all(v is None for v in result["loss"][i][k:])
        assert all(v is None for v in result["params"]["x"][i][k + 1:])
    assert None not in result["loss"][0]


def test_sweep_stops_when_every_row_diverged_and_pads_with_null():
    spec = _spec("parabola", "gd", {}, steps=50)
    result = sweep(spec, [5.0, 50.0])
    longest = max(len(_single(spec, lr)["records"]) for lr in (5.0, 50.0))
    assert longest < 51
    assert [len(row) for row in result["loss"]] == [51, 51]
    assert all(row[longest:] == [None] * (51 - longest) for row in result["loss"])
    assert result["status"] == ["diverged", "diverged"]


def test_sweep_network_lr_0_1_is_stalled():
    result = sweep(_spec("network", "sgd", {}, steps=5), [1e-4, 0.1])
    assert result["status"] == ["completed", "stalled"]
    assert result["loss"][1] == [151321.0] + [100.0] * 5


def test_sweep_requires_grad_false_is_an_error_in_every_row():
    spec = _spec("parabola", "gd", {"requires_grad": False})
    result = sweep(spec, [0.1, 0.2])
    assert result["status"] == ["error", "error"]
    assert result["loss"] == [[36.0] + [None] * spec.steps] * 2


# ---- make_lrs -----------------------------------------------------------------------------

def test_make_lrs_log_endpoints_and_spacing():
    lrs = make_lrs(1e-4, 3.0, 17)
    assert len(lrs) == 17
    assert lrs[0] == pytest.approx(1e-4, rel=1e-12) and lrs[-1] == pytest.approx(3.0, rel=1e-12)
    ratios = [b / a for a, b in zip(lrs, lrs[1:])]
    assert all(r == pytest.approx(ratios[0], rel=1e-9) for r in ratios)
    assert make_lrs(1e-3, 10.0, 5) == pytest.approx([1e-3, 1e-2, 1e-1, 1.0, 10.0], rel=1e-12)


def test_make_lrs_linear_endpoints_and_spacing():
    assert make_lrs(0.1, 0.5, 5, "linear") == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5], rel=1e-12)
    lrs = make_lrs(0.01, 2.0, 9, scale="linear")
    assert lrs[0] == 0.01 and lrs[-1] == 2.0


def test_make_lrs_single_count_is_lr_min():
    assert make_lrs(0.3, 0.3, 1) == [0.3]


@pytest.mark.parametrize("args, fragment", [
    ((0.0, 1.0, 5), "lr must be"), ((0.1, 101.0, 5), "lr must be"), ((1.0, 0.1, 5), "must not exceed"),
    ((0.1, 1.0, 0), "count"), ((0.1, 1.0, MAX_LRS + 1), "count"), ((0.1, 1.0, 5.0), "count"),
    ((0.1, 1.0, True), "count"), ((0.1, 1.0, 5, "cubic"), "scale"),
])
def test_make_lrs_rejects_bad_ranges(args, fragment):
    with pytest.raises(InputError, match=fragment):
        make_lrs(*args)


# ---- limits -------------------------------------------------------------------------------

def test_sweep_rejects_257_lrs():
    with pytest.raises(InputError, match="256"):
        sweep(_spec("parabola", "gd", {}, steps=1), [0.1] * 257)


def test_sweep_accepts_256_lrs():
    result = sweep(_spec("parabola", "gd", {}, steps=2), make_lrs(1e-3, 1.0, 256))
    assert len(result["loss"]) == 256 and len(result["loss"][0]) == 3


def test_sweep_rejects_no_lrs():
    with pytest.raises(InputError, match="from 1 to 256"):
        sweep(_spec("parabola", "gd", {}, steps=1), [])


@pytest.mark.parametrize("lr", [0, 0.0, -0.1, 100.0001, float("nan"), float("inf"), True, "0.1"])
def test_sweep_rejects_a_bad_lr(lr):
    with pytest.raises(InputError, match=r"lr must be a number in \(0, 100\]"):
        sweep(_spec("parabola", "gd", {}, steps=1), [0.1, lr])


def test_sweep_accepts_lr_100():
    assert sweep(_spec("parabola", "gd", {}, steps=1), [100.0])["status"] == ["completed"]


@pytest.mark.parametrize("problem", ["parabola", "not_gate", "network"])
def test_sweep_grads_equal_the_single_runs_record_grads(problem):
    spec = RunSpec.make(problem, steps=6)
    lrs = [spec.lr, spec.lr / 3]
    result = sweep(spec, lrs, grads=True)
    for i, lr in enumerate(lrs):
        records = run_all(RunSpec.make(problem, steps=6, lr=lr))["records"]
        for name in records[0]["grads"]:
            assert result["grads"][name][i] == [r["grads"][name] for r in records]


def test_sweep_leaves_grads_out_unless_asked():
    assert "grads" not in sweep(RunSpec.make("parabola", steps=2), [0.1])
