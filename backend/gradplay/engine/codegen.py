"""script(spec): a standalone PyTorch script that reproduces a run with plain torch.

The script is written the way the seed writes it (raw tensors, an nn.Module, nn.Linear,
torch.optim) and prints one JSON line per record, so its numbers can be held against
gradplay's own. Only checked values reach the text: numbers are written with repr, the
function is re-emitted from its checked syntax tree (expr.to_source).
"""

from gradplay.engine.optimizers import OptimizerSpec, get_optimizer
from gradplay.engine.problems import get_problem
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
# a lesson that trains in epochs (Problem.epoch) defines train_epoch(update); the loop calls it per step
EPOCH_UPDATE = '''    for p in params.values():
        p.grad = None  # the record's gradients (over the whole training set) are not the epoch's
    train_epoch(update)'''
EPOCH_STEP = {True: '''

def update():  # the seed's manual update, once per minibatch
    with torch.no_grad():
        for p in params.values():
            p -= lr * p.grad
            p.grad.zero_()
''', False: '''

def update():  # once per minibatch
    optimizer.step()
    optimizer.zero_grad()
'''}


def script(spec: RunSpec) -> str:
    """The full script text for this run."""
    return "".join(parts(spec))


def parts(spec: RunSpec) -> tuple[str, str, str]:
    """(imports, model and optimizer, training loop): the script, and the notebook's cells.

    The lesson writes its model (Problem.export); the optimizer is written from the same class
    and keyword arguments gradplay itself builds it with (OptimizerSpec), so the numbers agree."""
    problem = get_problem(spec.problem)
    body = problem.export(spec.options).strip("\n")
    optimizer = get_optimizer(spec.optimizer)
    setup = body + f"\n\nlr = {spec.lr!r}\n" + _optimizer(optimizer, spec.hyper)
    manual = optimizer.torch_class is None  # the seed's update by hand keeps no state
    update = GD_UPDATE if manual else OPTIM_UPDATE
    if problem.epoch is not None:
        setup, update = setup + EPOCH_STEP[manual], EPOCH_UPDATE
    loop = LOOP.format(steps=spec.steps, update=update, state="{}" if manual else "state_of(optimizer)")
    return HEADER.format(**spec.to_dict()), "\n\n" + setup, loop


def _optimizer(optimizer: OptimizerSpec, hyper: dict) -> str:
    if optimizer.torch_class is None:  # the seed's manual update, written in the loop
        return ""
    args = "".join(f", {k}={v!r}" for k, v in optimizer.kwargs(hyper).items())
    return f"optimizer = torch.optim.{optimizer.torch_class.__name__}(params.values(), lr=lr{args})\n"
