"""What several engine tests check against: plain torch loops written here, not by the engine,
and the non-default hyperparameters that make a setting the engine forgot to pass on show up."""

import torch

# One setting off its default for every hyperparameter each optimizer has.
HYPER = {
    "gd": {},
    "sgd": {"weight_decay": 0.05},
    "momentum": {"momentum": 0.8, "dampening": 0.1, "weight_decay": 0.01},
    "nesterov": {"momentum": 0.7, "weight_decay": 0.02},
    "adam": {"beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.01},
    "adamw": {"beta1": 0.85, "beta2": 0.995, "eps": 1e-7, "weight_decay": 0.1},
    "rmsprop": {"alpha": 0.9, "eps": 1e-6, "momentum": 0.5, "weight_decay": 0.01},
    "adagrad": {"lr_decay": 0.01, "eps": 1e-9, "initial_accumulator_value": 0.1, "weight_decay": 0.01},
}


def torch_loop(params: dict, loss_fn, optimizer, steps: int) -> list[tuple]:
    """(loss, params, grads) per record, the seed's loop: forward, backward, record, step, zero_grad."""
    out = []
    for k in range(steps + 1):
        loss = loss_fn()
        loss.backward()
        out.append((loss.item(), {n: p.detach().tolist() for n, p in params.items()},
                    {n: p.grad.tolist() for n, p in params.items()}))
        if k < steps:
            optimizer.step()
            optimizer.zero_grad()
    return out


def sgd_loop(params: dict, loss_fn, lr: float, steps: int) -> list[tuple]:
    """torch_loop with the seed's optimizer, torch.optim.SGD at `lr`."""
    return torch_loop(params, loss_fn, torch.optim.SGD(params.values(), lr=lr), steps)


def flat(value) -> list:
    """Every number in nested dicts and lists, in order."""
    if isinstance(value, dict):
        return [x for v in value.values() for x in flat(v)]
    if isinstance(value, list):
        return [x for v in value for x in flat(v)]
    return [value]


# Runs each script given on stdin as __main__ in a fresh namespace; prints {name: its stdout}.
SHARED_DRIVER = """
import contextlib, io, json, sys
out = {}
for name, text in json.load(sys.stdin).items():
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(text, name, "exec"), {"__name__": "__main__"})
    out[name] = buffer.getvalue()
print(json.dumps(out))
"""
