"""landscape(problem, ...): the loss over two scalar parameters, checked against the run's own
loss and against a plain torch forward at each grid point."""

import copy

import pytest
import torch

from gradplay.engine import InputError, RunSpec, run_all
from gradplay.engine.landscape import MAX_N, landscape

X = torch.tensor([[0], [1]], dtype=torch.float32)
Y = torch.tensor([1, 0], dtype=torch.float32)


def _not_gate_loss(w: float, b: float) -> float:
    """The seed's raw-tensor NOT gate at one (w, b)."""
    wt, bt = torch.tensor([[w]]), torch.tensor([[b]])
    return torch.mean(torch.square(torch.sigmoid(wt @ X.T + bt) - Y)).item()


def _network_loss(params: dict) -> float:
    x, y = torch.tensor([[3.0, 5.0]]), torch.tensor([[10.0]])
    hidden = torch.relu(torch.nn.functional.linear(x, torch.tensor(params["linear1.weight"]),
                                                   torch.tensor(params["linear1.bias"])))
    out = torch.relu(torch.nn.functional.linear(hidden, torch.tensor(params["linear2.weight"]),
                                                torch.tensor(params["linear2.bias"])))
    return torch.mean(torch.square(out - y)).item()


def _step0(problem: str, **options) -> dict:
    return run_all(RunSpec.make(problem, steps=0, options=options))["records"][0]


# ---- values -------------------------------------------------------------------------------

def test_landscape_at_seed_start_equals_the_runs_step0_loss():
    land = landscape("not_gate", n=21)  # -10..10 in steps of 1: w = 3 at j = 13, b = 1 at i = 11
    j, i = land["x"].index(3.0), land["y"].index(1.0)
    assert land["loss"][i][j] == _step0("not_gate")["loss"] == pytest.approx(0.5183403, rel=1e-5)


@pytest.mark.parametrize("variant", ["tensors", "module", "linear"])
def test_landscape_variants_agree_at_the_start(variant):
    land = landscape("not_gate", {"variant": variant}, n=21)
    assert land["loss"][11][13] == _step0("not_gate", variant=variant)["loss"]


def test_landscape_indexing_is_loss_i_j_at_x_j_y_i():
    land = landscape("not_gate", x={"param": "w", "min": -4, "max": 6}, y={"param": "b", "min": -1, "max": 2}, n=9)
    for i, b in enumerate(land["y"]):
        for j, w in enumerate(land["x"]):
            assert land["loss"][i][j] == _not_gate_loss(w, b), (i, j)


def test_landscape_swapped_axes_transpose_the_grid():
    a = landscape("not_gate", x={"param": "w"}, y={"param": "b"}, n=7)
    b = landscape("not_gate", x={"param": "b"}, y={"param": "w"}, n=7)
    assert b["loss"] == [list(col) for col in zip(*a["loss"])]


def test_landscape_broadcast_bug_changes_the_surface():
    right = landscape("not_gate", {"variant": "linear"}, n=21)
    buggy = landscape("not_gate", {"variant": "linear", "broadcast_bug": True}, n=21)
    assert buggy["loss"][11][13] == _step0("not_gate", variant="linear", broadcast_bug=True)["loss"]
    assert buggy["loss"] != right["loss"]


def test_landscape_network_element_axes():
    land = landscape("network", x={"param": "linear1.weight[0,1]", "min": -2, "max": 8},
                     y={"param": "linear1.bias[2]", "min": -1, "max": 1}, n=3)
    assert (land["x_param"], land["y_param"]) == ("linear1.weight[0,1]", "linear1.bias[2]")
    start = _step0("network")["params"]
    for i, b in enumerate(land["y"]):
        for j, w in enumerate(land["x"]):
            params = copy.deepcopy(start)
            params["linear1.weight"][0][1], params["linear1.bias"][2] = w, b
            assert land["loss"][i][j] == pytest.approx(_network_loss(params), rel=1e-6)


def test_landscape_network_default_axes_are_centred_on_the_start():
    land = landscape("network", n=5)
    assert (land["x_param"], land["y_param"]) == ("linear2.weight[0,0]", "linear2.bias")
    assert land["x"] == [-7.0, -2.0, 3.0, 8.0, 13.0] and land["y"] == [-7.0, -2.0, 3.0, 8.0, 13.0]
    assert land["loss"][2][2] == _step0("network")["loss"] == 151321.0


# ---- defaults and shape ---------------------------------------------------------------------

def test_landscape_not_gate_defaults_w_b_over_minus_10_to_10():
    land = landscape("not_gate", n=5)
    assert (land["x_param"], land["y_param"]) == ("w", "b")
    assert land["x"] == [-10.0, -5.0, 0.0, 5.0, 10.0] and land["y"] == land["x"]


def test_landscape_linear_variant_default_axes():
    land = landscape("not_gate", {"variant": "linear"}, n=5)
    assert (land["x_param"], land["y_param"]) == ("linear.weight", "linear.bias")
    assert land["x"] == [-10.0, -5.0, 0.0, 5.0, 10.0]


def test_landscape_shape_is_n_by_n():
    land = landscape("not_gate", n=MAX_N)
    assert len(land["loss"]) == MAX_N and {len(row) for row in land["loss"]} == {MAX_N}
    assert set(land) == {"x", "y", "loss", "x_param", "y_param"}


def test_landscape_random_init_uses_the_seed():
    a = landscape("network", {"init": "random"}, seed=1, n=3)
    b = landscape("network", {"init": "random"}, seed=2, n=3)
    assert a["x"] != b["x"]  # centred on each seed's own starting weight


# ---- errors -------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, fragment", [
    (dict(problem="parabola"), "fewer than two parameters"),
    (dict(problem="parabola", options={"requires_grad": False}), "fewer than two parameters"),
    (dict(problem="nope"), "unknown problem"),
    (dict(problem="not_gate", n=1), "n must be a whole number from 2 to 201"),
    (dict(problem="not_gate", n=MAX_N + 1), "from 2 to 201"),
    (dict(problem="not_gate", n=True), "whole number"),
    (dict(problem="not_gate", options={"zz": 1}), "allowed: variant, init, broadcast_bug"),
    (dict(problem="not_gate", x={"param": "q"}), "choose from w, b"),
    (dict(problem="not_gate", x={"param": "linear.weight"}), "is not a parameter"),
    (dict(problem="not_gate", x={"param": "w"}, y={"param": "w"}), "two different parameters"),
    (dict(problem="not_gate", x={"param": "w", "min": 1, "max": 0}), "min (1) must be less than max (0)"),
    (dict(problem="not_gate", x={"param": "w", "min": float("nan")}), "finite number"),
    (dict(problem="not_gate", x={"param": "w", "max": 2e6}), "within ±1e6"),
    (dict(problem="not_gate", x={"param": "w", "min": "0"}), "finite number"),
    (dict(problem="not_gate", x={"param": 5}), "is not a parameter"),
    (dict(problem="network", x={"param": "linear1.weight"}), "name one element, e.g. linear1.weight[0,0]"),
    (dict(problem="network", x={"param": "linear1.weight[3,0]"}), "does not fit linear1.weight of shape [3, 2]"),
    (dict(problem="network", x={"param": "linear1.weight[0]"}), "does not fit"),
    (dict(problem="network", x={"param": "linear1.weight[0,0]; import os"}), "is not a parameter"),
])
def test_landscape_errors(kwargs, fragment):
    with pytest.raises(InputError) as info:
        landscape(**kwargs)
    assert fragment in str(info.value)
