"""sweep(spec, lrs, hyper_sweep=...): a map over one hyperparameter x the learning rate.

Every cell must equal its single run (engine.run with that lr and that hyperparameter value)
bit for bit wherever the single-lr sweep does (parabola and not_gate, every optimizer): its
final loss, its status, and its whole loss and parameter history."""

import pytest

from gradplay.engine import OPTIMIZERS, InputError, RunSpec, run_all
from gradplay.engine.limits import MAX_CELLS, MAX_HYPER_VALUES
from gradplay.engine.sweep import sweep

LRS = [0.01, 0.1, 1.5, 20.0]  # 20: the parabola overflows within 30 steps


def _single(spec: RunSpec, lr: float, name: str, value: float) -> dict:
    return run_all(RunSpec.make(spec.problem, optimizer=spec.optimizer, lr=lr, steps=spec.steps, seed=spec.seed,
                                hyper={**spec.hyper, name: value}, options=spec.options))


def _assert_cells_equal_single_runs(spec: RunSpec, name: str, values: list[float], lrs: list[float] = LRS) -> dict:
    result = sweep(spec, lrs, hyper_sweep={"name": name, "values": values})
    assert result["lrs"] == lrs and result["hyper_name"] == name and result["hyper_values"] == values
    assert len(result["status"]) == len(values) and all(len(row) == len(lrs) for row in result["status"])
    for i, value in enumerate(values):
        for j, lr in enumerate(lrs):
            single = _single(spec, lr, name, value)
            records, summary = single["records"], single["summary"]
            where = (name, value, lr)
            assert result["final_loss"][i][j] == summary["final_loss"], where
            assert result["status"][i][j] == summary["status"], where
            n = len(records)
            assert result["loss"][i][j][:n] == [r["loss"] for r in records], where
            for p in records[0]["params"]:
                assert result["params"][p][i][j][:n] == [r["params"][p] for r in records], where
    return result


def test_momentum_by_lr_on_the_parabola_equals_single_runs():
    spec = RunSpec.make("parabola", optimizer="momentum", steps=30)
    result = _assert_cells_equal_single_runs(spec, "momentum", [0.0, 0.5, 0.9])
    assert {s for row in result["status"] for s in row} == {"completed", "diverged"}  # the map shows both


def test_beta1_by_lr_with_adam_on_not_gate_equals_single_runs():
    spec = RunSpec.make("not_gate", optimizer="adam", steps=30)
    _assert_cells_equal_single_runs(spec, "beta1", [0.0, 0.5, 0.9])


# Every hyperparameter of every optimizer, a value of 0 included where allowed (torch branches on it).
VALUES = {"momentum": [0.0, 0.5, 0.95], "dampening": [0.0, 0.3], "weight_decay": [0.0, 0.05], "beta1": [0.0, 0.8],
          "beta2": [0.9, 0.999], "alpha": [0.5, 0.99], "eps": [1e-8, 0.01], "lr_decay": [0.0, 0.2],
          "initial_accumulator_value": [0.0, 1.5]}
CASES = [(o, name) for o, spec in OPTIMIZERS.items() for name in spec.hyper]


@pytest.mark.parametrize("optimizer, name", CASES, ids=lambda v: v)
@pytest.mark.parametrize("problem, options", [("parabola", {}), ("not_gate", {"variant": "linear"})],
                         ids=["parabola", "not_gate"])
def test_every_hyperparameter_sweep_equals_single_runs(problem, options, optimizer, name):
    values = [v for v in VALUES[name] if not (optimizer == "nesterov" and name == "momentum" and v == 0)]
    spec = RunSpec.make(problem, optimizer=optimizer, steps=12, options=options)
    _assert_cells_equal_single_runs(spec, name, values, [0.01, 0.3, 2.0])


def test_summary_only_keeps_the_map_and_drops_the_histories():
    spec = RunSpec.make("parabola", optimizer="momentum", steps=30)
    full = sweep(spec, LRS, hyper_sweep={"name": "momentum", "values": [0.0, 0.9]})
    summary = sweep(spec, LRS, hyper_sweep={"name": "momentum", "values": [0.0, 0.9]}, summary_only=True)
    assert set(summary) == {"lrs", "hyper_name", "hyper_values", "status", "final_loss", "curvature"}
    assert {k: full[k] for k in summary} == summary


def test_a_plain_sweep_gets_final_loss_per_lr():
    spec = RunSpec.make("parabola", steps=30)
    result = sweep(spec, [0.1, 5.0])
    assert result["final_loss"] == [run_all(RunSpec.make("parabola", steps=30, lr=lr))["summary"]["final_loss"]
                                    for lr in (0.1, 5.0)]
    assert result["final_loss"][1] is None and result["status"] == ["completed", "diverged"]


@pytest.mark.parametrize("optimizer, hyper_sweep, words", [
    ("adam", {"name": "momentum", "values": [0.5]}, "choose one of beta1, beta2, eps, weight_decay"),
    ("gd", {"name": "momentum", "values": [0.5]}, "gd takes none"),
    ("momentum", {"name": "momentum", "values": [0.5, 1.5]}, "hyper_sweep values: hyperparameter for momentum "
     "'momentum' must lie within [0, 0.999]; got 1.5"),
    ("adam", {"name": "beta1", "values": [1.0]}, "torch.optim refused"),
    ("nesterov", {"name": "momentum", "values": [0.0, 0.9]}, "torch.optim refused"),
    ("momentum", {"name": "momentum", "values": []}, f"1 to {MAX_HYPER_VALUES} numbers"),
    ("momentum", {"name": "momentum", "values": [0.1] * (MAX_HYPER_VALUES + 1)}, f"1 to {MAX_HYPER_VALUES} numbers"),
])
def test_bad_hyper_sweeps_are_refused(optimizer, hyper_sweep, words):
    with pytest.raises(InputError) as info:
        sweep(RunSpec.make("parabola", optimizer=optimizer, steps=2), [0.1], hyper_sweep=hyper_sweep)
    assert words in str(info.value)


def test_the_cell_limit():
    spec = RunSpec.make("parabola", optimizer="momentum", steps=1)
    lrs = [0.001 * (i + 1) for i in range(64)]
    result = sweep(spec, lrs, hyper_sweep={"name": "momentum", "values": [0.5] * 64}, summary_only=True)
    assert len(result["status"]) * len(result["status"][0]) == MAX_CELLS == 4096
    with pytest.raises(InputError, match="at most 4096 cells"):
        sweep(spec, lrs + [0.5], hyper_sweep={"name": "momentum", "values": [0.5] * 64})
