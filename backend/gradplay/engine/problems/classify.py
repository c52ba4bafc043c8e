"""TensorFlow Playground's lesson in real torch: a small network learns to separate two classes of 2-D points.

The network is nn.Linear layers (`layers.0.weight`, ...), an activation between them, and one
output whose sigmoid is the probability of class 1. A step is one epoch: every training
minibatch once, in an order shuffled by the run's seed (`epoch`). Each record (`forward`) holds
the training loss and its gradient over the whole training set, and what the page draws: the
test loss, both accuracies, the output over a grid (`boundary`) and every hidden unit's output
on a coarser one (`neurons`). Options, data and the check of custom points live in classify_data.
"""

import math

import torch
import torch.nn.functional as F

from gradplay.engine.problems import Problem
from gradplay.engine.problems.classify_data import NEURON_GRID, OPTIONS, check, data
from gradplay.engine.problems.classify_export import export
from gradplay.engine.problems.classify_notes import explain

ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid, "linear": lambda t: t}
SATURATED = 0.99  # |tanh| or the sigmoid's distance from 0.5 past this: the unit's slope is under ~2 %
PICTURE_DECIMALS = 4  # the boundary and the thumbnails: 1e-4 is far finer than a colour scale shows
SATURATED_SHARE = 0.9  # a unit saturated on this share of the training points counts as saturated


def widths(options: dict) -> list[int]:
    """Units per layer, inputs first: features, hidden layers, one output."""
    return [len(options["features"]), *options["hidden"], 1]


def init(options: dict, seed: int) -> dict:
    """nn.Linear's default init, layer by layer, from a generator seeded by `seed`.

    The same draws as `torch.manual_seed(seed)` and building the nn.Linear layers in order."""
    gen = torch.Generator().manual_seed(seed)
    params = {}
    sizes = widths(options)
    for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        weight, bias = torch.empty(fan_out, fan_in), torch.empty(fan_out)
        torch.nn.init.kaiming_uniform_(weight, a=math.sqrt(5), generator=gen)
        bound = 1 / math.sqrt(fan_in)  # nn.Linear.reset_parameters' own expressions
        torch.nn.init.uniform_(bias, -bound, bound, generator=gen)
        params[f"layers.{i}.weight"], params[f"layers.{i}.bias"] = weight.requires_grad_(), bias.requires_grad_()
    return params


def net(params: dict, x: torch.Tensor, activation: str) -> tuple[torch.Tensor, list[torch.Tensor]]:
    """(logits (n, 1), each hidden layer's output): the nn.Linear stack, as a module's forward runs it."""
    act, values, hidden = ACTIVATIONS[activation], list(params.values()), []
    for i in range(0, len(values) - 2, 2):
        x = act(F.linear(x, values[i], values[i + 1]))
        hidden.append(x)
    return F.linear(x, values[-2], values[-1]), hidden


def data_loss(z: torch.Tensor, y: torch.Tensor, kind: str) -> torch.Tensor:
    """Mean squared error of the sigmoid output against the 0/1 label (TFP's loss), or cross-entropy."""
    if kind == "bce":
        return F.binary_cross_entropy_with_logits(z, y)
    return F.mse_loss(torch.sigmoid(z), y)


def penalty(params: dict, options: dict) -> torch.Tensor | None:
    """reg_rate·Σ|w| (l1) or reg_rate·Σw²/2 (l2) over the weights, not the biases, as TFP; None without."""
    kind, rate = options["regularization"], options["reg_rate"]
    if kind == "none" or rate == 0:
        return None
    weights = [p for name, p in params.items() if name.endswith("weight")]
    if kind == "l1":
        return rate * sum(w.abs().sum() for w in weights)
    return rate * sum(w.square().sum() for w in weights) / 2


def epoch(params: dict, optimizer, options: dict, generator: torch.Generator) -> None:
    """One pass over the training set in shuffled minibatches, one update each (the last may be smaller)."""
    d = data(options)
    x, y = d.train_x, d.train_y
    order = torch.randperm(len(y), generator=generator)
    size, activation, kind = options["batch_size"], options["activation"], options["loss"]
    for start in range(0, len(y), size):
        rows = order[start:start + size]
        loss = data_loss(net(params, x[rows], activation)[0], y[rows], kind)
        extra = penalty(params, options)
        (loss if extra is None else loss + extra).backward()
        optimizer.step()
        optimizer.zero_grad()


def forward(params: dict, options: dict, batched: bool) -> tuple[torch.Tensor, dict]:
    """The training loss over the whole training set (its gradient is the record's), and what the views draw."""
    d = data(options)
    if batched:  # a loss landscape: one row per grid point, no extras
        return _batched_loss(params, d.train_x, d.train_y, options), {}
    z, hidden = net(params, d.train_x, options["activation"])
    loss = data_loss(z, d.train_y, options["loss"])
    with torch.no_grad():
        extras = _extras(params, options, d, z, hidden)
    return loss, extras


def _extras(params: dict, options: dict, d, z: torch.Tensor, hidden: list) -> dict:
    activation = options["activation"]
    test_z, _ = net(params, d.test_x, activation)
    grid_z, _ = net(params, d.grid_x, activation)
    _, thumbs = net(params, d.neuron_x, activation)
    extra = penalty(params, options)
    n = options["grid"]
    return {"test_loss": data_loss(test_z, d.test_y, options["loss"]),
            "train_accuracy": _accuracy(z, d.train_y), "test_accuracy": _accuracy(test_z, d.test_y),
            "penalty": torch.zeros(()) if extra is None else extra,
            "boundary": picture(torch.sigmoid(grid_z).reshape(n, n)),
            "neurons": [picture(h.T.reshape(-1, NEURON_GRID, NEURON_GRID)) for h in thumbs],
            "dead": [(h == 0).all(0) if activation == "relu" else torch.zeros(h.shape[1], dtype=torch.bool)
                     for h in hidden],
            "saturated": [_saturated(h, activation) for h in hidden]}


def picture(t: torch.Tensor) -> torch.Tensor:
    """Values only drawn as colours, rounded to PICTURE_DECIMALS (in float64, so JSON writes them short):
    a record's JSON is ~3x smaller and encodes ~3x faster, and no colour changes."""
    return t.double().mul_(10 ** PICTURE_DECIMALS).round_().div_(10 ** PICTURE_DECIMALS)


def _accuracy(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Share of points on the right side: class 1 where the output exceeds 0.5 (the logit exceeds 0)."""
    return ((z > 0).float() == y).float().mean()


def _saturated(h: torch.Tensor, activation: str) -> torch.Tensor:
    if activation == "tanh":
        flat = h.abs() > SATURATED
    elif activation == "sigmoid":
        flat = (h - 0.5).abs() > SATURATED - 0.5
    else:
        return torch.zeros(h.shape[1], dtype=torch.bool)
    return flat.float().mean(0) >= SATURATED_SHARE


def _batched_loss(params: dict, x: torch.Tensor, y: torch.Tensor, options: dict) -> torch.Tensor:
    """The data loss per row of batched parameters (B, out, in): for /api/landscape."""
    act, values = ACTIVATIONS[options["activation"]], list(params.values())
    for i in range(0, len(values), 2):
        x = x @ values[i].mT + values[i + 1].unsqueeze(-2)
        if i < len(values) - 2:
            x = act(x)
    if options["loss"] == "bce":
        terms = F.binary_cross_entropy_with_logits(x, y.expand_as(x), reduction="none")
    else:
        terms = torch.square(torch.sigmoid(x) - y)
    return terms.flatten(1).mean(1)


def graph_data(options: dict) -> list[tuple[str, torch.Tensor]]:
    """The training inputs and labels as forward uses them, so the autograd graph names them x and y."""
    d = data(options)
    return [("x", d.train_x), ("y", d.train_y)]


PRESETS = (
    {"id": "circle", "label": "circle: x1² and x2² make it a straight cut",
     "options": {"dataset": "circle", "features": ["x1sq", "x2sq"], "hidden": [2]}},
    {"id": "xor", "label": "xor: one product feature x1·x2 solves it",
     "options": {"dataset": "xor", "features": ["x1", "x2", "x1x2"], "hidden": [4, 2]}},
    {"id": "gauss", "label": "two blobs: no hidden layer needed",
     "options": {"dataset": "gauss", "features": ["x1", "x2"], "hidden": []}},
    {"id": "spiral", "label": "spiral: 6 layers of 8 and every feature",
     "options": {"dataset": "spiral", "features": ["x1", "x2", "x1sq", "x2sq", "x1x2", "sin_x1", "sin_x2"],
                 "hidden": [8, 8, 8, 8, 8, 8], "activation": "relu", "loss": "bce"}},
)

PROBLEM = Problem(
    id="classify",
    title="A network learns to separate two classes (TensorFlow Playground)",
    defaults={"optimizer": "sgd", "lr": 0.03, "steps": 100},  # TFP's own: plain SGD, learning rate 0.03
    options=OPTIONS, init=init, forward=forward, check=check, explain=explain, export=export,
    graph_data=graph_data, epoch=epoch, track=("loss", "test_loss"), presets=PRESETS,
    page_defaults={"steps": 2000},  # the page plays as fast as it trains (hundreds of epochs/s): a look of seconds
    race={"entries": [["sgd", 0.03], ["momentum", 0.03], ["adam", 0.01], ["rmsprop", 0.01]], "threshold": 0.05},
)
