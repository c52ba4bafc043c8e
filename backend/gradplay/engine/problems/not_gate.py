"""The seed's second lesson: one sigmoid neuron learns NOT, written three ways.

`tensors` is the seed's raw `w @ x.T + b`, `module` the same with `nn.Parameter`
(same names, same graph), `linear` is `nn.Linear(1, 1)`, whose prediction has shape
(2, 1). The seed compares that with a target of shape (2,), which broadcasts the loss
to (2, 2); `broadcast_bug` reproduces it, the default compares like with like.
"""

import math

import torch

from gradplay.engine.ops import sigmoid
from gradplay.engine.options import Option
from gradplay.engine.problems import Problem, finite

X = torch.tensor([[0], [1]], dtype=torch.float32)
Y = torch.tensor([1, 0], dtype=torch.float32)
SEED_W, SEED_B = 3.0, 1.0  # the seed's hand-set start

OPTIONS = {
    "variant": Option("tensors", "how the neuron is written: raw tensors, an nn.Parameter module, or nn.Linear",
                      choices=("tensors", "module", "linear")),
    "init": Option("seed", "seed: w = 3, b = 1 as in the seed; random: nn.Linear's default init from `seed`",
                   choices=("seed", "random")),
    "broadcast_bug": Option(False, "linear only: compare the (2, 1) prediction with the (2,) target as the seed does"),
}


def check(options: dict) -> None:
    from gradplay.engine.errors import InputError

    if options["broadcast_bug"] and options["variant"] != "linear":
        raise InputError("option 'broadcast_bug' needs variant 'linear' (only nn.Linear predicts shape (2, 1))")


def init(options: dict, seed: int) -> dict:
    w, b = _start(options["init"], seed)
    if options["variant"] == "linear":
        return {"linear.weight": _leaf([[w]]), "linear.bias": _leaf([b])}
    return {"w": _leaf([[w]]), "b": _leaf([[b]])}


def _start(how: str, seed: int) -> tuple[float, float]:
    """nn.Linear(1, 1)'s default init, drawn from a private generator (thread-safe)."""
    if how == "seed":
        return SEED_W, SEED_B
    gen = torch.Generator().manual_seed(seed)
    weight, bias = torch.empty(1, 1), torch.empty(1)
    torch.nn.init.kaiming_uniform_(weight, a=math.sqrt(5), generator=gen)
    torch.nn.init.uniform_(bias, -1.0, 1.0, generator=gen)  # bound = 1/sqrt(fan_in) = 1
    return weight.item(), bias.item()


def _leaf(value: list) -> torch.Tensor:
    return torch.tensor(value, dtype=torch.float32, requires_grad=True)


def forward(params: dict, options: dict, batched: bool) -> tuple[torch.Tensor, dict]:
    if options["variant"] == "linear":
        weight, bias = params["linear.weight"], params["linear.bias"]
        if batched:  # (B, 2, 1): nn.Linear's x @ W.T + b, one row per learning rate
            a = sigmoid(X @ weight.mT + bias.unsqueeze(-2), True)
        else:
            a = torch.sigmoid(torch.nn.functional.linear(X, weight, bias))
        target = Y if options["broadcast_bug"] else Y.unsqueeze(-1)
    else:
        a = sigmoid(params["w"] @ X.T + params["b"], batched)
        target = Y
    terms = torch.square(a - target)
    if batched:  # what the views draw: values only, outside the graph
        return terms.flatten(1).mean(1), {"a": a.detach().flatten(-2), "loss_terms": terms.detach()}
    # read out here: detached views and a flatten cost more than the four numbers they hold
    return torch.mean(terms), {"a": finite([v for row in a.tolist() for v in row]), "loss_terms": finite(terms.tolist())}


def explain(options: dict, first: dict, last: dict) -> list[dict]:
    if not options["broadcast_bug"]:
        return []
    text = ("the prediction has shape (2, 1) and the target shape (2,): subtracting them broadcasts to "
            "(2, 2), so the loss averages 4 terms and two of them compare each prediction with the other "
            "input's target. That is the seed's nn.Linear bug; compare with y.unsqueeze(1) (shape (2, 1)).")
    return [{"step": 0, "kind": "broadcast", "message": text}]


EXPORT_DATA = '''
x = torch.tensor([[0], [1]], dtype=torch.float32)
y = torch.tensor([1, 0], dtype=torch.float32)
'''
EXPORT_RANDOM_START = ("torch.manual_seed(SEED)\nstart = torch.nn.Linear(1, 1)  # nn.Linear's default init\n"
                       "w0, b0 = start.weight.item(), start.bias.item()\n")
EXPORT_MODULE = '''

class NotGate(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.tensor([[w0]]))
        self.b = torch.nn.Parameter(torch.tensor([[b0]]))

    def forward(self, x):
        return torch.sigmoid(self.w @ x.T + self.b)


model = NotGate()
params = dict(model.named_parameters())


def compute_loss():
    return torch.mean(torch.square(model(x) - y))
'''
EXPORT_TENSORS = '''
w = torch.tensor([[w0]], requires_grad=True, dtype=torch.float32)
b = torch.tensor([[b0]], requires_grad=True, dtype=torch.float32)
params = {"w": w, "b": b}


def compute_loss():
    a = torch.sigmoid(w @ x.T + b)
    return torch.mean(torch.square(a - y))
'''


def export(o: dict) -> str:
    """The neuron written the way `variant` says, started as `init` says (the seed's w, b or nn.Linear's)."""
    seed_start = f"w0, b0 = {SEED_W!r}, {SEED_B!r}  # the seed's hand-set start\n"
    start = EXPORT_RANDOM_START if o["init"] == "random" else seed_start
    model = {"linear": _export_linear(o["broadcast_bug"]), "module": EXPORT_MODULE, "tensors": EXPORT_TENSORS}
    return EXPORT_DATA + start + model[o["variant"]]


def _export_linear(broadcast_bug: bool) -> str:
    target = "y" if broadcast_bug else "y.unsqueeze(1)"
    note = "  # (2, 1) - (2,) broadcasts to (2, 2): the seed's bug" if broadcast_bug else ""
    return f'''
model = torch.nn.Linear(1, 1)
with torch.no_grad():
    model.weight.fill_(w0)
    model.bias.fill_(b0)
params = {{"linear." + n: p for n, p in model.named_parameters()}}


def compute_loss():
    a = torch.sigmoid(model(x))
    return torch.mean(torch.square(a - {target})){note}
'''


def graph_data(options: dict) -> list[tuple[str, torch.Tensor]]:
    """x and y as the forward pass uses them (transposed, unsqueezed), so the graph names them."""
    return [("x", X), ("xᵀ", X.T), ("y", Y), ("y", Y.unsqueeze(-1))]


def landscape(options: dict) -> dict:
    """w and b (whichever way the neuron is written) over [-10, 10], around the seed's start (3, 1)."""
    x, y = ("linear.weight", "linear.bias") if options["variant"] == "linear" else ("w", "b")
    return {"x": {"param": x, "min": -10.0, "max": 10.0}, "y": {"param": y, "min": -10.0, "max": 10.0}}


PROBLEM = Problem(
    id="not_gate",
    title="One neuron learns NOT",
    defaults={"optimizer": "sgd", "lr": 10.0, "steps": 5},
    options=OPTIONS, init=init, forward=forward, check=check, explain=explain, landscape=landscape,
    export=export, graph_data=graph_data,
    page_defaults={"steps": 50},  # the page shows the whole descent, the API keeps the seed's 5 updates
    race={"entries": [["sgd", 10.0], ["momentum", 3.0], ["adam", 0.5], ["rmsprop", 0.1]], "threshold": 0.05},
)
