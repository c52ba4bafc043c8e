"""The torch.optim update rules applied to one row of parameters per learning rate.

Each rule mirrors torch.optim's single-tensor implementation op for op, so a sweep row
rounds exactly as the single run it stands for. Where torch multiplies by a Python
scalar lr, the batched rule multiplies by a float32 column of learning rates with
`addcmul_(…, value=-1)`, which is what torch itself does when lr is a tensor.
"""

import torch


class BatchedOptimizer:
    """step(params) updates every row of every parameter with its own learning rate."""

    def __init__(self, name: str, lrs: list[float], hyper: dict):
        self.name, self.lrs, self.h = name, lrs, hyper
        self.state: dict[int, dict] = {}
        self.t = 0
        self._rule = RULES[name]
        self._lr_columns: dict[int, torch.Tensor] = {}  # by parameter rank: made once, read every step

    @torch.no_grad()
    def step(self, params: list[torch.Tensor]) -> None:
        self.t += 1
        for i, p in enumerate(params):
            self._rule(self, p, p.grad, self.state.setdefault(i, {}))

    def zero_grad(self, params: list[torch.Tensor]) -> None:
        for p in params:
            p.grad = None

    def column(self, p: torch.Tensor, values: list[float]) -> torch.Tensor:
        """Per-row scalars as a float32 column that broadcasts against p's rows."""
        return torch.tensor(values, dtype=torch.float32).view(-1, *[1] * (p.dim() - 1))

    def lr_column(self, p: torch.Tensor) -> torch.Tensor:
        column = self._lr_columns.get(p.dim())
        if column is None:
            column = self._lr_columns[p.dim()] = self.column(p, self.lrs)
        return column


def _gd(o: BatchedOptimizer, p, g, s) -> None:
    # the seed's `x -= lr * x.grad`: the product rounds, then the difference
    p -= o.lr_column(p) * g


def _sgd(o: BatchedOptimizer, p, g, s, nesterov: bool = False) -> None:
    wd, momentum = o.h.get("weight_decay", 0.0), o.h.get("momentum", 0.0)
    if wd != 0:
        g = g.add(p, alpha=wd)
    if momentum != 0:
        if "buf" not in s:
            s["buf"] = g.detach().clone()
        else:
            s["buf"].mul_(momentum).add_(g, alpha=1 - o.h.get("dampening", 0.0))
        g = g.add(s["buf"], alpha=momentum) if nesterov else s["buf"]
    p.addcmul_(g, o.lr_column(p), value=-1)


def _nesterov(o: BatchedOptimizer, p, g, s) -> None:
    _sgd(o, p, g, s, nesterov=True)


def _adam(o: BatchedOptimizer, p, g, s, decoupled: bool = False) -> None:
    h, t = o.h, o.t
    if not s:
        s["m"], s["v"] = torch.zeros_like(p), torch.zeros_like(p)
    if h["weight_decay"] != 0:
        if decoupled:
            p.mul_(o.column(p, [1 - lr * h["weight_decay"] for lr in o.lrs]))
        else:
            g = g.add(p, alpha=h["weight_decay"])
    s["m"].lerp_(g, 1 - h["beta1"])
    s["v"].mul_(h["beta2"]).addcmul_(g, g, value=1 - h["beta2"])
    bias_correction1 = 1 - h["beta1"] ** t
    bias_correction2_sqrt = (1 - h["beta2"] ** t) ** 0.5
    denom = (s["v"].sqrt() / bias_correction2_sqrt).add_(h["eps"])
    step_size = o.column(p, [-lr / bias_correction1 for lr in o.lrs])
    p.add_(s["m"].mul(step_size).div_(denom))  # addcdiv_ computes (value * t1) / t2


def _adamw(o: BatchedOptimizer, p, g, s) -> None:
    _adam(o, p, g, s, decoupled=True)


def _rmsprop(o: BatchedOptimizer, p, g, s) -> None:
    h = o.h
    if not s:
        s["sq"] = torch.zeros_like(p)
        s["buf"] = torch.zeros_like(p)
    if h["weight_decay"] != 0:
        g = g.add(p, alpha=h["weight_decay"])
    s["sq"].mul_(h["alpha"]).addcmul_(g, g, value=1 - h["alpha"])
    avg = s["sq"].sqrt().add_(h["eps"])
    if h["momentum"] > 0:
        s["buf"].mul_(h["momentum"]).addcdiv_(g, avg)
        p.addcmul_(s["buf"], o.lr_column(p), value=-1)
    else:
        p.add_(g.mul(-o.lr_column(p)).div_(avg))


def _adagrad(o: BatchedOptimizer, p, g, s) -> None:
    h = o.h
    if not s:
        s["sum"] = torch.full_like(p, h["initial_accumulator_value"])
    if h["weight_decay"] != 0:
        g = g.add(p, alpha=h["weight_decay"])
    clr = o.column(p, [-lr / (1 + (o.t - 1) * h["lr_decay"]) for lr in o.lrs])
    s["sum"].addcmul_(g, g, value=1)
    std = s["sum"].sqrt().add_(h["eps"])
    p.add_(g.mul(clr).div_(std))


RULES = {"gd": _gd, "sgd": _sgd, "momentum": _sgd, "nesterov": _nesterov, "adam": _adam,
         "adamw": _adamw, "rmsprop": _rmsprop, "adagrad": _adagrad}
