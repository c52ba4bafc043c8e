"""The seed's third lesson: a 2-3-1 network with the hand-set weights of its graph.

With lr 0.1 one update pushes every pre-activation below zero: each ReLU is dead, every
gradient is exactly 0 and the loss stays at 100 for good. That is the lesson.
"""

import functools
import math

import torch
import torch.nn.functional as F

from gradplay.engine.errors import InputError
from gradplay.engine.limits import MAX_ABS_X
from gradplay.engine.ops import sigmoid
from gradplay.engine.options import Option
from gradplay.engine.problems import Problem, finite

# The seed graph's edge and bias labels: x_i -> a_0_j carries SEED_W1[j][i].
SEED_W1 = [[-2.0, 8.0], [5.0, -2.0], [3.0, 4.0]]
SEED_B1 = [8.0, -2.0, 4.0]
SEED_W2 = [[3.0, 2.0, 8.0]]
SEED_B2 = [3.0]

ACTIVATIONS = {"relu": torch.relu, "leaky_relu": F.leaky_relu, "tanh": torch.tanh,
               "sigmoid": torch.sigmoid, "identity": lambda t: t}
# the same activations as an exported script writes them
EXPORT_ACTIVATIONS = {"relu": "torch.relu", "leaky_relu": "torch.nn.functional.leaky_relu", "tanh": "torch.tanh",
                      "sigmoid": "torch.sigmoid", "identity": ""}

OPTIONS = {
    "init": Option("seed", "seed: the hand-set weights of the seed's graph; random: nn.Linear's default init from `seed`",
                   choices=("seed", "random")),
    "x": Option([3.0, 5.0], "the two inputs", bounds=(-1e3, 1e3)),
    "target": Option(10.0, "the output the network should produce", bounds=(-MAX_ABS_X, MAX_ABS_X)),
    "hidden": Option(3, "hidden units (the seed's weights need 3)", bounds=(1, 16)),
    "activation": Option("relu", "activation of the hidden layer", choices=tuple(ACTIVATIONS)),
    "output_activation": Option("relu", "activation of the output; the seed applies ReLU there too",
                                choices=("relu", "identity")),
}


def check(options: dict) -> None:
    if options["init"] == "seed" and options["hidden"] != 3:
        raise InputError("init 'seed' has weights for 3 hidden units; set hidden to 3 or init to 'random'")


def init(options: dict, seed: int) -> dict:
    if options["init"] == "seed":
        values = [SEED_W1, SEED_B1, SEED_W2, SEED_B2]
    else:
        gen = torch.Generator().manual_seed(seed)
        values = [*_linear_init(2, options["hidden"], gen), *_linear_init(options["hidden"], 1, gen)]
    names = ["linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias"]
    return {n: torch.tensor(v, dtype=torch.float32, requires_grad=True) for n, v in zip(names, values)}


def _linear_init(fan_in: int, fan_out: int, gen: torch.Generator) -> tuple[list, list]:
    """nn.Linear(fan_in, fan_out)'s reset_parameters, from a private generator."""
    weight, bias = torch.empty(fan_out, fan_in), torch.empty(fan_out)
    torch.nn.init.kaiming_uniform_(weight, a=math.sqrt(5), generator=gen)
    bound = 1 / math.sqrt(fan_in)
    torch.nn.init.uniform_(bias, -bound, bound, generator=gen)
    return weight.tolist(), bias.tolist()


def forward(params: dict, options: dict, batched: bool) -> tuple[torch.Tensor, dict]:
    x, y = _data(tuple(options["x"]), options["target"])
    pre1 = _linear(x, params["linear1.weight"], params["linear1.bias"], batched)
    post1 = _activate(pre1, options["activation"], batched)
    pre2 = _linear(post1, params["linear2.weight"], params["linear2.bias"], batched)
    out = _activate(pre2, options["output_activation"], batched)
    terms = torch.square(out - y)
    loss = terms.flatten(1).mean(1) if batched else torch.mean(terms)
    act, out_act = options["activation"], options["output_activation"]
    if batched:  # what the views draw: values only, outside the graph (a detached view is cheaper to make and read)
        pre1, post1, pre2, out = (t.detach().flatten(-2) for t in (pre1, post1, pre2, out))
        return loss, {"pre": [pre1, pre2], "post": [post1, out], "dead": [_dead(pre1, act), _dead(pre2, out_act)]}
    # one row each, read out here: four detached views and two comparisons in torch cost ~8 µs a step, 6% of it
    pre1, post1, pre2, out = (t.tolist()[0] for t in (pre1, post1, pre2, out))
    return loss, {"pre": [finite(pre1), finite(pre2)], "post": [finite(post1), finite(out)],
                  "dead": [_dead_row(pre1, act), _dead_row(pre2, out_act)]}


@functools.lru_cache(maxsize=64)
def _data(x: tuple, target: float) -> tuple[torch.Tensor, torch.Tensor]:
    """The input row and target as tensors, made once per value rather than once per step (read-only)."""
    return torch.tensor([x], dtype=torch.float32), torch.tensor([[target]], dtype=torch.float32)


def _linear(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor, batched: bool) -> torch.Tensor:
    """nn.Linear's x @ W.T + b; batched weights carry one leading row per learning rate.

    F.linear's BLAS call may sum the products in another order than the batched matmul,
    so network sweeps equal single runs within float32 rounding, not always bit for bit."""
    if batched:
        return x @ weight.mT + bias.unsqueeze(-2)
    return F.linear(x, weight, bias)


def _activate(t: torch.Tensor, name: str, batched: bool) -> torch.Tensor:
    return sigmoid(t, batched) if name == "sigmoid" else ACTIVATIONS[name](t)


def _dead(pre: torch.Tensor, activation: str) -> torch.Tensor:
    """A ReLU whose input is ≤ 0 passes no gradient back: it is dead for this input (pre: units last)."""
    return pre <= 0 if activation == "relu" else torch.zeros_like(pre, dtype=torch.bool)


def _dead_row(pre: list[float], activation: str) -> list[bool]:
    """_dead of one row already read out (NaN is not ≤ 0 in Python either)."""
    return [v <= 0 for v in pre] if activation == "relu" else [False] * len(pre)


def explain(options: dict, first: dict, last: dict) -> list[dict]:
    dead = last["extras"]["dead"]
    names = [f"hidden {i + 1}" for i, d in enumerate(dead[0]) if d] + ["the output" for d in dead[1] if d]
    if not names:
        return []
    pre = [v for layer, flags in zip(last["extras"]["pre"], dead) for v, d in zip(layer, flags) if d]
    inputs = ", ".join("null" if v is None else f"{v:.4g}" for v in pre)
    text = (f"dead ReLU{'s' if len(names) > 1 else ''}: {', '.join(names)} (input {inputs} ≤ 0) output 0 and pass "
            "no gradient back. If every path to the loss is dead, all gradients are exactly 0 and no optimizer "
            "can move the weights again. A smaller learning rate keeps units alive (with the seed's weights, lr 1e-4 does).")
    return [{"step": last["step"], "kind": "dead_relu", "message": text}]


def export(o: dict) -> str:
    """The seed's ComplexNetwork module, with the graph's hand-set weights unless `init` is random."""
    act = EXPORT_ACTIVATIONS
    start = '''with torch.no_grad():  # the hand-set weights of the seed's graph
    model.linear1.weight.copy_(torch.tensor({w1!r}))
    model.linear1.bias.copy_(torch.tensor({b1!r}))
    model.linear2.weight.copy_(torch.tensor({w2!r}))
    model.linear2.bias.copy_(torch.tensor({b2!r}))
'''.format(w1=SEED_W1, b1=SEED_B1, w2=SEED_W2, b2=SEED_B2) if o["init"] == "seed" else ""
    return f'''

class ComplexNetwork(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear1 = torch.nn.Linear(in_features=2, out_features={o["hidden"]})
        self.linear2 = torch.nn.Linear(in_features={o["hidden"]}, out_features=1)

    def forward(self, x):
        x = {act[o["activation"]]}(self.linear1(x))
        x = {act[o["output_activation"]]}(self.linear2(x))
        return x


torch.manual_seed(SEED)
model = ComplexNetwork()
{start}params = dict(model.named_parameters())
x = torch.tensor([{o["x"]!r}], dtype=torch.float32)
y = torch.tensor([[{o["target"]!r}]], dtype=torch.float32)


def compute_loss():
    return torch.mean(torch.square(model(x) - y))
'''


def graph_data(options: dict) -> list[tuple[str, torch.Tensor]]:
    """The input row and the target as forward uses them, so the graph names them x and y."""
    x, y = _data(tuple(options["x"]), options["target"])
    return [("x", x), ("y", y)]


def landscape(options: dict) -> dict:
    """The output unit's first weight and its bias, each ±10 around its starting value (seed 0)."""
    params = init(options, 0)
    w, b = params["linear2.weight"][0, 0].item(), params["linear2.bias"][0].item()
    return {"x": {"param": "linear2.weight[0,0]", "min": w - 10.0, "max": w + 10.0},
            "y": {"param": "linear2.bias", "min": b - 10.0, "max": b + 10.0}}


PROBLEM = Problem(
    id="network",
    title="A 2-3-1 ReLU network",
    defaults={"optimizer": "sgd", "lr": 0.1, "steps": 5},
    options=OPTIONS, init=init, forward=forward, check=check, explain=explain, landscape=landscape,
    export=export, graph_data=graph_data,
    page_defaults={"steps": 20},  # enough updates to watch every ReLU die
    race={"entries": [["sgd", 0.0001], ["sgd", 0.1], ["momentum", 0.0001], ["adam", 0.1]], "threshold": 1.0},
)
