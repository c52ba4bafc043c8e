"""curve(function, x_min, x_max, n): y and dy against autograd in a plain loop, and its bounds."""

import math

import pytest
import torch

from gradplay.engine.curve import MAX_POINTS, curve
from gradplay.engine.errors import InputError
from gradplay.engine.expr import ExpressionError

FUNCTIONS = {
    "x**2 + 2*x + 1": lambda x: x**2 + 2 * x + 1,
    "sin(x)*x + sigmoid(x)": lambda x: torch.sin(x) * x + torch.sigmoid(x),
    "exp(-x**2) - relu(x - 1)": lambda x: torch.exp(-x**2) - torch.relu(x - 1),
    "tanh(3*x) / (abs(x) + 1)": lambda x: torch.tanh(3 * x) / (torch.abs(x) + 1),
}


def _autograd_point(f, x: float) -> tuple[float, float]:
    """The seed's way, one point at a time: x = tensor(..., requires_grad=True); y.backward()."""
    t = torch.tensor(x, requires_grad=True, dtype=torch.float32)
    y = f(t)
    y.backward()
    return y.item(), t.grad.item()


@pytest.mark.parametrize("text", list(FUNCTIONS))
def test_curve_y_and_dy_equal_autograd_point_by_point(text):
    """Within 1e-6: the curve runs torch's vectorised kernels over the grid, which may round the
    last bit differently from one point alone (torch.sigmoid does; see ops.py)."""
    c = curve(text, -5.0, 5.0, 101)
    for x, y, dy in zip(c["x"], c["y"], c["dy"]):
        ref_y, ref_dy = _autograd_point(FUNCTIONS[text], x)
        assert math.isclose(y, ref_y, rel_tol=1e-6, abs_tol=1e-7), (x, y, ref_y)
        assert math.isclose(dy, ref_dy, rel_tol=1e-6, abs_tol=1e-7), (x, dy, ref_dy)


def test_curve_seed_function_exact():
    c = curve("x**2 + 2*x + 1", 0, 10, 11)
    assert c["x"] == [float(i) for i in range(11)]
    assert c["y"] == [float(i**2 + 2 * i + 1) for i in range(11)]
    assert c["dy"] == [float(2 * i + 2) for i in range(11)]


def test_curve_seed_function_at_5_has_slope_12():
    c = curve("x**2 + 2*x + 1", 4, 6, 3)
    assert (c["x"][1], c["y"][1], c["dy"][1]) == (5.0, 36.0, 12.0)


def test_curve_x_is_float32_linspace():
    c = curve("x", -1.0, 1.0, 7)
    assert c["x"] == torch.linspace(-1.0, 1.0, 7, dtype=torch.float32).tolist()
    assert c["dy"] == [1.0] * 7


def test_curve_flat_function_has_zero_slope():
    assert curve("x*0 + 3", -1, 1, 5)["dy"] == [0.0] * 5


def test_curve_non_finite_values_are_none():
    c = curve("log(x)", -1, 1, 3)
    assert c["y"] == [None, None, 0.0]
    assert c["dy"][1] is None and c["dy"][2] == 1.0


def test_curve_accepts_the_limits():
    assert len(curve("x", -1e6, 1e6, MAX_POINTS)["x"]) == MAX_POINTS
    assert len(curve("x", 0, 1, 2)["x"]) == 2


@pytest.mark.parametrize("args, fragment", [
    ((1, 0, 5), "x_min (1) must be less than x_max (0)"),
    ((1, 1, 5), "must be less than"),
    ((0, 1, 1), "n must be a whole number from 2 to 2001"),
    ((0, 1, MAX_POINTS + 1), "from 2 to 2001"),
    ((0, 1, 2.0), "whole number"),
    ((0, 1, True), "whole number"),
    ((-2e6, 1, 5), "x_min must be a finite number within ±1e+06"),
    ((0, 1e6 + 1, 5), "x_max must be a finite number"),
    ((float("nan"), 1, 5), "x_min"),
    ((0, float("inf"), 5), "x_max"),
    ((True, 2, 5), "x_min"),
    (("0", 1, 5), "x_min"),
])
def test_curve_bounds_errors(args, fragment):
    with pytest.raises(InputError) as info:
        curve("x", *args)
    assert fragment in str(info.value)


def test_curve_refuses_a_bad_function():
    with pytest.raises(ExpressionError, match="attribute access"):
        curve("x.__class__", 0, 1, 5)
