"""The seed's first lesson: a point rolling down y = x² + 2x + 1 from x = 5."""

import torch

from gradplay.engine.expr import compile_function, to_source
from gradplay.engine.limits import MAX_ABS_X
from gradplay.engine.options import Option
from gradplay.engine.problems import Problem

OPTIONS = {
    "function": Option("x**2 + 2*x + 1", "f(x) to minimise: x, pi, e, + - * / **, sin cos tan exp log sqrt abs tanh sigmoid relu",
                       kind="function"),
    "x0": Option(5.0, "starting value of x", bounds=(-MAX_ABS_X, MAX_ABS_X)),
    "requires_grad": Option(True, "false reproduces the seed's error: backward() on a tensor torch was not told to track"),
}


def check(options: dict) -> None:
    compile_function(options["function"])


def init(options: dict, seed: int) -> dict:
    x = torch.tensor(options["x0"], requires_grad=options["requires_grad"], dtype=torch.float32)
    return {"x": x}


def forward(params: dict, options: dict, batched: bool) -> tuple[torch.Tensor, dict]:
    return compile_function(options["function"])(params["x"], batched), {}


def export(o: dict) -> str:
    """The seed's own code: f as text re-emitted from its checked syntax tree, x a plain tensor."""
    return f'''

def f(x):
    return {to_source(o["function"])}


x = torch.tensor({o["x0"]!r}, requires_grad={o["requires_grad"]!r}, dtype=torch.float32)
params = {{"x": x}}


def compute_loss():
    return f(x)
'''


# functions worth a look, each with a start and an x range that shows its story
PRESETS = (
    {"id": "seed", "label": "the seed's parabola", "options": {"function": "x**2 + 2*x + 1", "x0": 5.0},
     "range": {"x": [-7.0, 7.0]}},
    {"id": "quartic", "label": "two minima (quartic)", "options": {"function": "x**4 - 4*x**2 + x", "x0": 2.5},
     "range": {"x": [-2.6, 2.6]}},
    {"id": "valley", "label": "narrow valley", "options": {"function": "25*(x - 1)**2", "x0": 3.0},
     "range": {"x": [-2.0, 4.0]}},
)
RACE = {"entries": [["sgd", 0.1], ["momentum", 0.1], ["adam", 0.5], ["rmsprop", 0.1]], "threshold": 0.01}

PROBLEM = Problem(
    id="parabola",
    title="A point descends a parabola",
    defaults={"optimizer": "gd", "lr": 0.1, "steps": 50},
    options=OPTIONS, init=init, forward=forward, check=check, export=export,
    presets=PRESETS, race=RACE,
)
