"""The loss over a grid of two scalar parameters, in one batched torch evaluation.

Every grid point is one row of a batch (as in a sweep); the other parameters keep their
starting values. `param` names a scalar element: `w`, `b`, `linear1.weight[0,1]`.
"""

import math
import re

import torch

from gradplay.engine.errors import InputError
from gradplay.engine.problems import get_problem
from gradplay.engine.run import plain

MAX_N = 201
PARAM = re.compile(r"^([A-Za-z_][\w.]*)(?:\[(\d+(?:\s*,\s*\d+)*)\])?$")
# axes the page shows first: the NOT gate's w and b over [-10, 10]
DEFAULT_AXES = {
    ("not_gate", "tensors"): ("w", "b"), ("not_gate", "module"): ("w", "b"),
    ("not_gate", "linear"): ("linear.weight", "linear.bias"),
    ("network", None): ("linear2.weight[0,0]", "linear2.bias"),
}


def landscape(problem: str, options: dict | None = None, x: dict | None = None,
              y: dict | None = None, n: int = 61, seed: int = 0) -> dict:
    """{x: [n], y: [n], loss: [n][n], x_param, y_param}; loss[i][j] is at (x[j], y[i])."""
    p = get_problem(problem)
    options = p.validate_options(options)
    if isinstance(n, bool) or not isinstance(n, int) or not 2 <= n <= MAX_N:
        raise InputError(f"n must be a whole number from 2 to {MAX_N}; got {n!r}")
    params = p.init(options, seed)
    if not all(t.requires_grad for t in params.values()) or sum(t.numel() for t in params.values()) < 2:
        raise InputError(f"{problem} has fewer than two parameters to vary; use /api/curve for one")
    x_name, y_name = _default_axes(problem, options)
    xs, (x_param, x_index) = _axis(x, x_name, params, n), _element(x.get("param") if x else x_name, params)
    ys, (y_param, y_index) = _axis(y, y_name, params, n), _element(y.get("param") if y else y_name, params)
    if (x_param, x_index) == (y_param, y_index):
        raise InputError("x and y must name two different parameters")
    grid = {name: t.detach().unsqueeze(0).repeat(n * n, *[1] * t.dim()) for name, t in params.items()}
    gx, gy = torch.meshgrid(xs, ys, indexing="xy")  # gx[i][j] = xs[j], gy[i][j] = ys[i]
    grid[x_param][(slice(None), *x_index)] = gx.reshape(-1)
    grid[y_param][(slice(None), *y_index)] = gy.reshape(-1)
    with torch.no_grad():
        loss, _ = p.forward(grid, options, True)
    return {"x": plain(xs), "y": plain(ys), "loss": plain(loss.reshape(n, n)),
            "x_param": _name(x_param, x_index, params), "y_param": _name(y_param, y_index, params)}


def _default_axes(problem: str, options: dict) -> tuple[str, str]:
    key = (problem, options.get("variant"))
    return DEFAULT_AXES.get(key) or DEFAULT_AXES.get((problem, None)) or ("", "")


def _axis(axis: dict | None, default: str, params: dict, n: int) -> torch.Tensor:
    axis = axis or {}
    name, index = _element(axis.get("param", default), params)
    centre = 0.0 if name in ("w", "b", "linear.weight", "linear.bias") else params[name][index].item()
    lo, hi = axis.get("min", centre - 10.0), axis.get("max", centre + 10.0)
    for label, v in (("min", lo), ("max", hi)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or abs(v) > 1e6:
            raise InputError(f"axis {label} must be a finite number within ±1e6; got {v!r}")
    if not lo < hi:
        raise InputError(f"axis min ({lo:g}) must be less than max ({hi:g})")
    return torch.linspace(lo, hi, n, dtype=torch.float32)


def _element(spec: object, params: dict) -> tuple[str, tuple[int, ...]]:
    """'linear1.weight[0,1]' -> ('linear1.weight', (0, 1)); a one-element tensor needs no index."""
    m = PARAM.match(spec) if isinstance(spec, str) else None
    if m is None or m.group(1) not in params:
        raise InputError(f"param {spec!r} is not a parameter; choose from {', '.join(params)} "
                         "with an index such as [0,1] for a matrix element")
    t = params[m.group(1)]
    if m.group(2) is None:
        if t.numel() != 1:
            raise InputError(f"{m.group(1)} has shape {list(t.shape)}; name one element, e.g. {m.group(1)}[0,0]"[:200])
        return m.group(1), (0,) * t.dim()
    index = tuple(int(i) for i in m.group(2).split(","))
    if len(index) != t.dim() or any(not 0 <= i < s for i, s in zip(index, t.shape)):
        raise InputError(f"index {list(index)} does not fit {m.group(1)} of shape {list(t.shape)}")
    return m.group(1), index


def _name(param: str, index: tuple, params: dict) -> str:
    return param if params[param].numel() == 1 else f"{param}[{','.join(map(str, index))}]"
