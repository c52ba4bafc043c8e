"""The torch.optim update rules applied to one row of parameters per learning rate.

Each rule mirrors torch.optim's single-tensor implementation op for op, so a sweep row
rounds exactly as the single run it stands for. Where torch multiplies by a Python
scalar lr, the batched rule multiplies by a float32 column of learning rates with
`addcmul_(…, value=-1)`, which is what torch itself does when lr is a tensor.

A hyper_sweep gives one hyperparameter its own value per row too (`swept`): wherever torch
uses it as a scalar, the rule uses a float32 column the same way (`t.add(o, alpha=v)`
becomes `t.addcmul(o, column)`, `t.mul_(v)` a product with the column), and wherever torch
computes with it in Python first (bias corrections, 1 - beta), that is done per row in
Python and only the result becomes a column. Where torch branches on the value (momentum
!= 0, weight_decay != 0), rows on either side are computed both ways and `torch.where`
keeps each row's own branch.
"""

import torch


class BatchedOptimizer:
    """step(params) updates every row of every parameter with its own learning rate.

    `lrs` has one entry per row; `swept` is None or (name, one value per row), which then
    replaces hyper[name] row by row."""

    def __init__(self, name: str, lrs: list[float], hyper: dict, swept: tuple[str, list[float]] | None = None):
        self.name, self.lrs, self.h = name, lrs, hyper
        self.swept_name, self.swept_values = swept if swept is not None else (None, None)
        self.state: dict[int, dict] = {}
        self.t = 0
        self._rule = RULES[name]
        self._columns: dict[tuple, torch.Tensor] = {}  # by (what, parameter rank): made once, read every step

    @torch.no_grad()
    def step(self, params: list[torch.Tensor]) -> None:
        self.t += 1
        for i, p in enumerate(params):
            self._rule(self, p, p.grad, self.state.setdefault(i, {}))

    def zero_grad(self, params: list[torch.Tensor]) -> None:
        for p in params:
            p.grad = None

    def column(self, p: torch.Tensor, values: list) -> torch.Tensor:
        """Per-row scalars as a float32 (or bool) column that broadcasts against p's rows."""
        dtype = torch.bool if values and type(values[0]) is bool else torch.float32
        return torch.tensor(values, dtype=dtype).view(-1, *[1] * (p.dim() - 1))

    def _cached(self, key: str, p: torch.Tensor, make) -> torch.Tensor:
        column = self._columns.get((key, p.dim()))
        if column is None:
            column = self._columns[(key, p.dim())] = self.column(p, make())
        return column

    def lr_column(self, p: torch.Tensor) -> torch.Tensor:
        return self._cached("lr", p, lambda: self.lrs)

    def swept(self, name: str) -> bool:
        return name == self.swept_name

    def rows(self, name: str) -> list[float]:
        """hyper[name] for each row."""
        return self.swept_values if self.swept(name) else [self.h[name]] * len(self.lrs)

    def value(self, p: torch.Tensor, name: str) -> float | torch.Tensor:
        """hyper[name]: the Python float torch uses, or the swept values as a float32 column."""
        return self._cached(name, p, lambda: self.swept_values) if self.swept(name) else self.h.get(name, 0.0)

    def one_minus(self, p: torch.Tensor, name: str) -> float | torch.Tensor:
        """1 - hyper[name], computed in Python as torch does (then a column when swept)."""
        if self.swept(name):
            return self._cached("1-" + name, p, lambda: [1 - v for v in self.swept_values])
        return 1 - self.h.get(name, 0.0)

    def any_nonzero(self, name: str) -> bool:
        return any(v != 0 for v in self.swept_values) if self.swept(name) else self.h.get(name, 0.0) != 0

    def keep(self, p: torch.Tensor, name: str, new: torch.Tensor, old: torch.Tensor) -> torch.Tensor:
        """`new` where hyper[name] != 0 (torch's branch taken), `old` where it is 0 (branch skipped)."""
        if not self.swept(name) or all(v != 0 for v in self.swept_values):
            return new
        return torch.where(self._cached(name + "!=0", p, lambda: [v != 0 for v in self.swept_values]), new, old)


def _add_scaled(t: torch.Tensor, other: torch.Tensor, alpha: float | torch.Tensor) -> torch.Tensor:
    """torch's `t.add(other, alpha=alpha)`; with a column, the product with it, then the sum."""
    return t.addcmul(other, alpha) if isinstance(alpha, torch.Tensor) else t.add(other, alpha=alpha)


def _add_scaled_(t: torch.Tensor, other: torch.Tensor, alpha: float | torch.Tensor) -> torch.Tensor:
    """In place: torch's `t.add_(other, alpha=alpha)`."""
    return t.addcmul_(other, alpha) if isinstance(alpha, torch.Tensor) else t.add_(other, alpha=alpha)


def _add_square_(t: torch.Tensor, g: torch.Tensor, value: float | torch.Tensor) -> torch.Tensor:
    """torch's `t.addcmul_(g, g, value=value)`, which computes value * g * g, left to right."""
    return t.addcmul_(g.mul(value), g) if isinstance(value, torch.Tensor) else t.addcmul_(g, g, value=value)


def _weight_decay(o: BatchedOptimizer, p, g):
    """L2 weight decay as torch adds it to the gradient: `g.add(p, alpha=weight_decay)` when not 0."""
    if not o.any_nonzero("weight_decay"):
        return g
    return o.keep(p, "weight_decay", _add_scaled(g, p, o.value(p, "weight_decay")), g)


def _gd(o: BatchedOptimizer, p, g, s) -> None:
    # the seed's `x -= lr * x.grad`: the product rounds, then the difference
    p -= o.lr_column(p) * g


def _sgd(o: BatchedOptimizer, p, g, s, nesterov: bool = False) -> None:
    g = _weight_decay(o, p, g)
    if o.any_nonzero("momentum"):
        momentum = o.value(p, "momentum")
        if "buf" not in s:
            s["buf"] = g.detach().clone()
        else:
            _add_scaled_(s["buf"].mul_(momentum), g, o.one_minus(p, "dampening"))
        direction = _add_scaled(g, s["buf"], momentum) if nesterov else s["buf"]
        g = o.keep(p, "momentum", direction, g)  # rows with momentum 0 step along the gradient itself
    p.addcmul_(g, o.lr_column(p), value=-1)



def _nesterov(o: BatchedOptimizer, p, g, s) -> None:
    _sgd(o, p, g, s, nesterov=True)


def _adam(o: BatchedOptimizer, p, g, s, decoupled: bool = False) -> None:
    t = o.t
    if not s:
        s["m"], s["v"] = torch.zeros_like(p), torch.zeros_like(p)
    if o.any_nonzero("weight_decay"):
        if decoupled:  # a row with weight_decay 0 multiplies by exactly 1: no branch needed
            p.mul_(o.column(p, [1 - lr * wd for lr, wd in zip(o.lrs, o.rows("weight_decay"))]))
        else:
            g = _weight_decay(o, p, g)
    s["m"].lerp_(g, o.one_minus(p, "beta1"))
    _add_square_(s["v"].mul_(o.value(p, "beta2")), g, o.one_minus(p, "beta2"))
    if o.swept("beta2"):
        bias_correction2_sqrt = o.column(p, [(1 - b2 ** t) ** 0.5 for b2 in o.swept_values])
    else:
        bias_correction2_sqrt = (1 - o.h["beta2"] ** t) ** 0.5
    denom = (s["v"].sqrt() / bias_correction2_sqrt).add_(o.value(p, "eps"))
    step_size = o.column(p, [-lr / (1 - b1 ** t) for lr, b1 in zip(o.lrs, o.rows("beta1"))])
    p.add_(s["m"].mul(step_size).div_(denom))  # addcdiv_ computes (value * t1) / t2


def _adamw(o: BatchedOptimizer, p, g, s) -> None:
    _adam(o, p, g, s, decoupled=True)


def _rmsprop(o: BatchedOptimizer, p, g, s) -> None:
    if not s:
        s["sq"] = torch.zeros_like(p)
        s["buf"] = torch.zeros_like(p)
    g = _weight_decay(o, p, g)
    _add_square_(s["sq"].mul_(o.value(p, "alpha")), g, o.one_minus(p, "alpha"))
    avg = s["sq"].sqrt().add_(o.value(p, "eps"))
    if not o.any_nonzero("momentum"):
        p.add_(g.mul(-o.lr_column(p)).div_(avg))
    elif not o.swept("momentum"):
        s["buf"].mul_(o.h["momentum"]).addcdiv_(g, avg)
        p.addcmul_(s["buf"], o.lr_column(p), value=-1)
    else:  # torch branches on momentum > 0: both updates, each row keeps its own
        s["buf"].mul_(o.value(p, "momentum")).addcdiv_(g, avg)
        with_momentum = p.addcmul(s["buf"], o.lr_column(p), value=-1)
        p.copy_(o.keep(p, "momentum", with_momentum, p.add(g.mul(-o.lr_column(p)).div_(avg))))


def _adagrad(o: BatchedOptimizer, p, g, s) -> None:
    if not s:
        if o.swept("initial_accumulator_value"):
            s["sum"] = o.value(p, "initial_accumulator_value").expand_as(p).clone()
        else:
            s["sum"] = torch.full_like(p, o.h["initial_accumulator_value"])
    g = _weight_decay(o, p, g)
    clr = o.column(p, [-lr / (1 + (o.t - 1) * d) for lr, d in zip(o.lrs, o.rows("lr_decay"))])
    s["sum"].addcmul_(g, g, value=1)
    std = s["sum"].sqrt().add_(o.value(p, "eps"))
    p.add_(g.mul(clr).div_(std))


RULES = {"gd": _gd, "sgd": _sgd, "momentum": _sgd, "nesterov": _nesterov, "adam": _adam,
         "adamw": _adamw, "rmsprop": _rmsprop, "adagrad": _adagrad}
