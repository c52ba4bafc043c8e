"""f(x) and its derivative on a grid, both from torch (the derivative by autograd)."""

import math

import torch

from gradplay.engine.errors import InputError
from gradplay.engine.expr import compile_function
from gradplay.engine.limits import MAX_ABS_X, MAX_CURVE_POINTS as MAX_POINTS
from gradplay.engine.run import plain


def curve(function: str, x_min: float, x_max: float, n: int = 201) -> dict:
    """{x, y, dy} at n evenly spaced points from x_min to x_max; non-finite values are None."""
    _check_range(x_min, x_max, n)
    f = compile_function(function)
    x = torch.linspace(x_min, x_max, n, dtype=torch.float32, requires_grad=True)
    y = f(x)
    (dy,) = torch.autograd.grad(y.sum(), x, allow_unused=True)
    dy = torch.zeros_like(x) if dy is None else dy
    return {"x": plain(x.detach()), "y": plain(y.detach()), "dy": plain(dy)}


def _check_range(x_min: float, x_max: float, n: int) -> None:
    for name, v in (("x_min", x_min), ("x_max", x_max)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or abs(v) > MAX_ABS_X:
            raise InputError(f"{name} must be a finite number within ±{MAX_ABS_X:g}; got {v!r}")
    if not x_min < x_max:
        raise InputError(f"x_min ({x_min:g}) must be less than x_max ({x_max:g})")
    if isinstance(n, bool) or not isinstance(n, int) or not 2 <= n <= MAX_POINTS:
        raise InputError(f"n must be a whole number from 2 to {MAX_POINTS}; got {n!r}")
