"""Optimizers on 2-D functions: a point (x, y) descends a surface f(x, y) the user picks or types.

The presets are the classic test functions, each with its known minima, so the page can mark
them and the diagnostics can say which one a run reached, or that it stopped at a saddle.
"""

import math

import torch

from gradplay.engine.errors import InputError
from gradplay.engine.expr import CONSTANTS, FUNCTIONS, TWO_D, compile_function, to_source
from gradplay.engine.limits import MAX_ABS_X
from gradplay.engine.options import Option
from gradplay.engine.problems import Problem

# id, label, options (formula and start), plot range, minima (loss 0 at each; the saddle has none)
PRESETS = (
    {"id": "bowl", "label": "ill-conditioned bowl",
     "options": {"function": "0.5*x**2 + 5*y**2", "x0": -8.0, "y0": 2.0},
     "range": {"x": [-10.0, 10.0], "y": [-4.0, 4.0]}, "minima": [[0.0, 0.0]]},
    {"id": "rosenbrock", "label": "Rosenbrock's curved valley",
     "options": {"function": "(1 - x)**2 + 100*(y - x**2)**2", "x0": -1.5, "y0": 2.0},
     "range": {"x": [-2.0, 2.0], "y": [-1.0, 3.0]}, "minima": [[1.0, 1.0]]},
    {"id": "beale", "label": "Beale's flat plateaus",
     "options": {"function": "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
                 "x0": 1.0, "y0": 1.5},
     "range": {"x": [-2.0, 4.5], "y": [-2.0, 2.5]}, "minima": [[3.0, 0.5]]},
    {"id": "himmelblau", "label": "Himmelblau's four minima",
     "options": {"function": "(x**2 + y - 11)**2 + (x + y**2 - 7)**2", "x0": -1.0, "y0": 0.0},
     "range": {"x": [-5.0, 5.0], "y": [-5.0, 5.0]},
     "minima": [[3.0, 2.0], [-2.805118086952745, 3.131312518250573], [-3.779310253377747, -3.2831859912861696],
                [3.5844283403304917, -1.8481265269644034]]},  # Newton's method in float64 from the usual 6 digits
    {"id": "saddle", "label": "a saddle, no minimum",
     "options": {"function": "x**2 - y**2", "x0": -2.0, "y0": 0.0},
     "range": {"x": [-3.0, 3.0], "y": [-3.0, 3.0]}, "minima": []},
)
SADDLES = {"saddle": [[0.0, 0.0]]}  # stationary points that are not minima, where a preset has them
BY_ID = {p["id"]: p for p in PRESETS}
MIN_LOSS = 0.0  # every preset's minima lie at loss 0
CUSTOM_RANGE = (-5.0, 5.0)  # a typed function: the origin's neighbourhood, widened to show the start
GRAD_SMALL = 1e-3  # |∇f| below this counts as "the gradient is ~0"
REACHED = 0.05  # a run within this distance of a minimum has reached it
VALLEY_GAP = 0.1  # |y - x²| below this: the run is on Rosenbrock's valley floor

OPTIONS = {
    "function": Option(BY_ID["rosenbrock"]["options"]["function"], "f(x, y) to minimise: x, y, pi, e, + - * / **, "
                       + " ".join(FUNCTIONS) + "; or a preset's name: " + ", ".join(BY_ID), kind="function"),
    "x0": Option(-1.5, "starting value of x", bounds=(-MAX_ABS_X, MAX_ABS_X)),
    "y0": Option(2.0, "starting value of y", bounds=(-MAX_ABS_X, MAX_ABS_X)),
}
RACE = {"entries": [["sgd", 0.001], ["momentum", 0.001], ["adam", 0.05], ["rmsprop", 0.01]], "threshold": 0.1}


def preset_of(text: str) -> dict | None:
    """The preset a `function` option names, by id or by its formula (spaces ignored)."""
    key = text.strip()
    squeezed = key.replace(" ", "")
    return BY_ID.get(key) or next((p for p in PRESETS if _formula_of(p).replace(" ", "") == squeezed), None)


def formula(text: str) -> str:
    """The formula a `function` option stands for: a named preset's, else the text itself."""
    preset = BY_ID.get(text.strip())
    return _formula_of(preset) if preset else text


def _formula_of(preset: dict) -> str:
    return preset["options"]["function"]


def check(options: dict) -> None:
    name = options["function"].strip()
    if name.isidentifier() and name not in BY_ID and name not in {*TWO_D, *CONSTANTS, *FUNCTIONS}:
        raise InputError(f"unknown preset {name!r}; presets: {', '.join(BY_ID)}; "
                         "or type f(x, y) such as 'x**2 + 5*y**2'")
    compile_function(formula(options["function"]), TWO_D)


def init(options: dict, seed: int) -> dict:
    return {v: torch.tensor(options[v + "0"], requires_grad=True, dtype=torch.float32) for v in TWO_D}


def forward(params: dict, options: dict, batched: bool) -> tuple[torch.Tensor, dict]:
    return compile_function(formula(options["function"]), TWO_D)(params["x"], params["y"], batched), {}


def export(options: dict) -> str:
    """The exported script's model part: f(x, y), the two leaves, `params` and `compute_loss()`."""
    return f'''

def f(x, y):
    return {to_source(formula(options["function"]), TWO_D)}


x = torch.tensor({options["x0"]!r}, requires_grad=True, dtype=torch.float32)
y = torch.tensor({options["y0"]!r}, requires_grad=True, dtype=torch.float32)
params = {{"x": x, "y": y}}


def compute_loss():
    return f(x, y)
'''


def landscape(options: dict) -> dict:
    """Axes x and y over the preset's range (or around the origin), widened to show the start."""
    preset = preset_of(options["function"])
    out = {}
    for v in TWO_D:
        lo, hi = preset["range"][v] if preset else CUSTOM_RANGE
        start, margin = options[v + "0"], 0.1 * (hi - lo)
        out[v] = {"param": v, "min": max(-MAX_ABS_X, min(lo, start - margin)),
                  "max": min(MAX_ABS_X, max(hi, start + margin))}
    return out


def explain(options: dict, first: dict, last: dict) -> list[dict]:
    x, y = last["params"]["x"], last["params"]["y"]
    preset = preset_of(options["function"])
    finite = None not in (x, y, last["loss"], *last["grads"].values())
    if preset is BY_ID["saddle"] and (not finite or last["loss"] < 0):
        return [_note(last, "no_minimum", _no_minimum_text(last, finite))]
    if not finite:
        return []
    reached = _minimum_reached(preset, x, y)
    if reached:
        return [_note(last, "minimum", reached)]
    grad = math.hypot(*last["grads"].values())
    stationary = grad <= GRAD_SMALL
    in_valley = preset is BY_ID["rosenbrock"] and last["step"] > 0 and abs(y - x * x) <= VALLEY_GAP
    if not (stationary or in_valley):
        return []
    low, high, direction = _curvature(formula(options["function"]), x, y)
    if stationary and low < -1e-6 * max(1.0, abs(high)):
        kind = "maximum" if high < 0 else "saddle"
        return [_note(last, kind, _stationary_text(x, y, grad, low, high, direction))]
    if in_valley:
        return [_note(last, "valley", _valley_text(first, last, x, y, low, high))]
    return []


def _minimum_reached(preset: dict | None, x: float, y: float) -> str | None:
    minima = preset["minima"] if preset else []
    near = [m for m in minima if math.dist(m, (x, y)) <= REACHED]
    if not near:
        return None
    text = f"reached the minimum ({near[0][0]:.6g}, {near[0][1]:.6g}) of {preset['id']}, where the loss is {MIN_LOSS:g}"
    if len(minima) == 1:
        return text + "."
    others = ", ".join(f"({a:.4g}, {b:.4g})" for a, b in minima if [a, b] != near[0])
    return (f"{text}: one of its {len(minima)} minima, all at loss {MIN_LOSS:g} (the others: {others}). "
            "Which one a run reaches depends on where it starts and how it steps.")


def _curvature(text: str, x: float, y: float) -> tuple[float, float, tuple[float, float]]:
    """The Hessian's eigenvalues at (x, y), in float64, and the direction of the lower one."""
    f = compile_function(text, TWO_D)
    with torch.enable_grad():
        hessian = torch.autograd.functional.hessian(lambda v: f(v[0], v[1]), torch.tensor([x, y], dtype=torch.float64))
    if not bool(torch.isfinite(hessian).all()):  # e.g. abs(x)**1.5 at 0: no curvature to report (nan compares false)
        return math.nan, math.nan, (math.nan, math.nan)
    values, vectors = torch.linalg.eigh(hessian)
    return values[0].item(), values[1].item(), tuple(vectors[:, 0].tolist())


def _stationary_text(x: float, y: float, grad: float, low: float, high: float, direction: tuple) -> str:
    where = f"({x:.4g}, {y:.4g})"
    curvature = f"the Hessian there has eigenvalues {high:.4g} and {low:.4g}"
    if high < 0:
        return (f"the run ended at {where}, where the gradient is ~0 (|∇f| = {grad:.2g}) but {curvature}, both "
                "negative: a maximum, not a minimum. Every direction leads down; start elsewhere.")
    dx, dy = direction
    return (f"a saddle point is not a minimum: the run ended at {where}, where the gradient is ~0 "
            f"(|∇f| = {grad:.2g}), but {curvature}. Along ({dx:.2g}, {dy:.2g}) the surface curves down, so the "
            "loss could still fall that way; gradient descent only stopped because the slope vanished here. "
            "A start nudged a little along that direction slides away from the saddle.")


def _no_minimum_text(last: dict, finite: bool) -> str:
    where = f"the loss is {last['loss']:.4g} at step {last['step']}" if finite else \
        f"the numbers overflowed at step {last['step']}"
    return ("x² − y² has no minimum: the run slid off the saddle at (0, 0) along y, where the loss falls without "
            f"bound ({where}). A smaller learning rate only slows the slide: this surface has no bottom. "
            "Start exactly on y = 0 and the run stops at the saddle instead, where the gradient is 0 but it is "
            "not a minimum.")


def _valley_text(first: dict, last: dict, x: float, y: float, low: float, high: float) -> str:
    distance = math.dist((x, y), BY_ID["rosenbrock"]["minima"][0])
    ratio = f"{high / low:.3g} times" if low > 0 else "far"
    return (f"Rosenbrock's narrow curved valley: the loss fell from {first['loss']:.4g} to {last['loss']:.4g}, "
            f"fast into the valley, then slowly along its floor y ≈ x²: the run is at ({x:.4g}, {y:.4g}), still "
            f"{distance:.3g} from the minimum (1, 1). Across the valley the surface curves {ratio} more steeply "
            f"than along it (Hessian eigenvalues {high:.4g} and {low:.4g}). More steps, momentum or a larger "
            "learning rate carry a run along it.")


def _note(last: dict, kind: str, message: str) -> dict:
    return {"step": last["step"], "kind": kind, "message": message}


PROBLEM = Problem(
    id="surface",
    title="Optimizers on a 2-D surface",
    defaults={"optimizer": "adam", "lr": 0.05, "steps": 300},
    options=OPTIONS, init=init, forward=forward, check=check, explain=explain,
    export=export, landscape=landscape, presets=PRESETS, race=RACE,  # no data tensors: graph_data's default []
)
