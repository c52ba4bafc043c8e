"""The loss over a grid of two scalar parameters, in one batched torch evaluation.

Every grid point is one row of a batch (as in a sweep); the other parameters keep their
starting values. `param` names a scalar element: `w`, `b`, `linear1.weight[0,1]`.
"""

import math
import re

import torch

from gradplay.engine.errors import InputError
from gradplay.engine.limits import MAX_ABS_X, MAX_LANDSCAPE_N as MAX_N, short
from gradplay.engine.problems import get_problem
from gradplay.engine.run import plain
PARAM = re.compile(r"^([A-Za-z_][\w.]*)(?:\[(\d+(?:\s*,\s*\d+)*)\])?$")
HALF_WIDTH = 10.0  # an axis named without a range spans its parameter's start ± this


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
    defaults = p.landscape(options) or {}
    at_seed_0 = params if seed == 0 else p.init(options, 0)
    x_param, x_index, xs = _axis(x, defaults, "x", params, at_seed_0, n)
    y_param, y_index, ys = _axis(y, defaults, "y", params, at_seed_0, n)
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


def _axis(axis: dict | None, defaults: dict, which: str, params: dict, at_seed_0: dict,
          n: int) -> tuple[str, tuple[int, ...], torch.Tensor]:
    """(param, index, grid) of one axis: as given, else the lesson's default (Problem.landscape).

    A parameter on one of the lesson's default axes gets that axis's window where no range is given
    (the window is for seed 0's start; another seed's random start carries it along); any other
    parameter gets its start ± HALF_WIDTH."""
    axis = axis or {}
    if "param" not in axis and which not in defaults:
        raise InputError(f"name the {which} axis's param; choose from {', '.join(params)}"[:200])
    name, index = _element(axis.get("param", defaults.get(which, {}).get("param")), params)
    known = [d for d in defaults.values() if _element(d["param"], params) == (name, index)]
    if known:
        shift = params[name][index].item() - at_seed_0[name][index].item()
        window = (known[0]["min"] + shift, known[0]["max"] + shift)
    else:
        start = params[name][index].item()
        window = (start - HALF_WIDTH, start + HALF_WIDTH)
    lo, hi = axis.get("min", window[0]), axis.get("max", window[1])
    for label, v in (("min", lo), ("max", hi)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or abs(v) > MAX_ABS_X:
            raise InputError(f"axis {label} must be a finite number within ±{short(MAX_ABS_X)}; got {v!r}")
    if not lo < hi:
        raise InputError(f"axis min ({lo:g}) must be less than max ({hi:g})")
    return name, index, torch.linspace(lo, hi, n, dtype=torch.float32)


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
