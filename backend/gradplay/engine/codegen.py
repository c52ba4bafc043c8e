"""script(spec): a standalone PyTorch script that reproduces a run with plain torch.

The script is written the way the seed writes it (raw tensors, an nn.Module, nn.Linear,
torch.optim) and prints one JSON line per record, so its numbers can be held against
gradplay's own. Only checked values reach the text: numbers are written with repr, the
function is re-emitted from its checked syntax tree (expr.to_source).
"""

from gradplay.engine.expr import to_source
from gradplay.engine.problems.network import SEED_B1, SEED_B2, SEED_W1, SEED_W2
from gradplay.engine.problems.not_gate import SEED_B, SEED_W
from gradplay.engine.run import RunSpec

HEADER = '''"""gradplay run, reproduced with plain PyTorch.

problem {problem}, optimizer {optimizer}, lr {lr!r}, {steps} steps, seed {seed}
Run it with: python this_file.py   (prints one JSON record per line)
"""
import json
import math

import torch

SEED = {seed}
'''

LOOP = '''

def plain(t):
    """A tensor as a float or nested lists, with NaN and infinity as None (JSON null)."""
    def clean(v):
        return [clean(x) for x in v] if isinstance(v, list) else v if math.isfinite(v) else None
    return clean(t.tolist())


def state_of(optimizer):
    """optimizer.state by parameter name, as plain data; a parameter without state is left out."""
    held = {{n: optimizer.state.get(p) for n, p in params.items()}}
    return {{n: {{k: plain(v) if torch.is_tensor(v) else v for k, v in s.items()}} for n, s in held.items() if s}}


steps = {steps}
records = []
for step in range(steps + 1):
    loss = compute_loss()
    loss.backward()
    record = {{"step": step, "loss": plain(loss.detach()),
              "params": {{n: plain(p.detach()) for n, p in params.items()}},
              "grads": {{n: plain(p.grad) for n, p in params.items()}}}}
    finite = "null" not in json.dumps(record)  # a non-finite loss, parameter or gradient ends the run
    record["state"] = {state}  # the optimizer's own state, as torch holds it
    records.append(record)
    print(json.dumps(record))
    if not finite or step == steps:  # as in gradplay
        break
{update}
'''

GD_UPDATE = '''    with torch.no_grad():  # the seed's manual update: x -= alpha * x.grad
        for p in params.values():
            p -= lr * p.grad
            p.grad.zero_()'''
OPTIM_UPDATE = '''    optimizer.step()
    optimizer.zero_grad()'''


def script(spec: RunSpec) -> str:
    """The full script text for this run."""
    return "".join(parts(spec))


def parts(spec: RunSpec) -> tuple[str, str, str]:
    """(imports, model and optimizer, training loop): the script, and the notebook's cells."""
    body = MODELS[spec.problem](spec.options).strip("\n")
    setup = body + f"\n\nlr = {spec.lr!r}\n" + _optimizer(spec)
    gd = spec.optimizer == "gd"
    loop = LOOP.format(steps=spec.steps, update=GD_UPDATE if gd else OPTIM_UPDATE,
                       state="{}" if gd else "state_of(optimizer)")  # the manual update keeps no state
    return HEADER.format(**spec.to_dict()), "\n\n" + setup, loop


def _optimizer(spec: RunSpec) -> str:
    h = dict(spec.hyper)
    if spec.optimizer == "gd":
        return ""
    if spec.optimizer in ("adam", "adamw"):
        h["betas"] = (h.pop("beta1"), h.pop("beta2"))
    if spec.optimizer == "nesterov":
        h["nesterov"] = True
    cls = {"sgd": "SGD", "momentum": "SGD", "nesterov": "SGD", "adam": "Adam", "adamw": "AdamW",
           "rmsprop": "RMSprop", "adagrad": "Adagrad"}[spec.optimizer]
    args = "".join(f", {k}={v!r}" for k, v in h.items())
    return f"optimizer = torch.optim.{cls}(params.values(), lr=lr{args})\n"


def _parabola(o: dict) -> str:
    return f'''

def f(x):
    return {to_source(o["function"])}


x = torch.tensor({o["x0"]!r}, requires_grad={o["requires_grad"]!r}, dtype=torch.float32)
params = {{"x": x}}


def compute_loss():
    return f(x)
'''


def _not_gate(o: dict) -> str:
    head = '''
x = torch.tensor([[0], [1]], dtype=torch.float32)
y = torch.tensor([1, 0], dtype=torch.float32)
'''
    start = ("torch.manual_seed(SEED)\nstart = torch.nn.Linear(1, 1)  # nn.Linear's default init\n"
             "w0, b0 = start.weight.item(), start.bias.item()\n") if o["init"] == "random" \
        else f"w0, b0 = {SEED_W!r}, {SEED_B!r}  # the seed's hand-set start\n"
    if o["variant"] == "linear":
        target = "y" if o["broadcast_bug"] else "y.unsqueeze(1)"
        note = "  # (2, 1) - (2,) broadcasts to (2, 2): the seed's bug" if o["broadcast_bug"] else ""
        model = f'''
model = torch.nn.Linear(1, 1)
with torch.no_grad():
    model.weight.fill_(w0)
    model.bias.fill_(b0)
params = {{"linear." + n: p for n, p in model.named_parameters()}}


def compute_loss():
    a = torch.sigmoid(model(x))
    return torch.mean(torch.square(a - {target})){note}
'''
    elif o["variant"] == "module":
        model = '''

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
    else:
        model = '''
w = torch.tensor([[w0]], requires_grad=True, dtype=torch.float32)
b = torch.tensor([[b0]], requires_grad=True, dtype=torch.float32)
params = {"w": w, "b": b}


def compute_loss():
    a = torch.sigmoid(w @ x.T + b)
    return torch.mean(torch.square(a - y))
'''
    return head + start + model


def _network(o: dict) -> str:
    act = {"relu": "torch.relu", "leaky_relu": "torch.nn.functional.leaky_relu", "tanh": "torch.tanh",
           "sigmoid": "torch.sigmoid", "identity": ""}
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


MODELS = {"parabola": _parabola, "not_gate": _not_gate, "network": _network}
