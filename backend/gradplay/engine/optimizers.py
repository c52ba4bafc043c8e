"""Optimizers by name: the real torch.optim classes, plus the seed's manual update.

`gd` is the seed's own loop body, `x -= lr * x.grad` under `no_grad`, which rounds twice
(the product, then the difference). `torch.optim.SGD` rounds once (`add_(grad, alpha=-lr)`),
so the two can differ in the last bit; both are offered and each is reproduced exactly.
"""

from dataclasses import dataclass, field
from typing import Callable

import torch

from gradplay.engine.errors import InputError
from gradplay.engine.options import Option, validate


class ManualGD:
    """The seed's update: `p -= lr * p.grad` under `no_grad`, then `p.grad.zero_()`."""

    def __init__(self, params: list[torch.Tensor], lr: float):
        self.params, self.lr = params, lr

    def step(self) -> None:
        with torch.no_grad():
            for p in self.params:
                p -= self.lr * p.grad

    def zero_grad(self) -> None:
        for p in self.params:
            if p.grad is not None:
                p.grad.zero_()


@dataclass(frozen=True)
class OptimizerSpec:
    id: str
    title: str
    hyper: dict[str, Option]
    # the torch.optim class, or None for the seed's own update (ManualGD)
    torch_class: type | None
    label: str  # short name for buttons and legends ("Momentum")
    # hyper -> torch's keyword arguments: what make() passes and what an exported script writes
    kwargs: Callable[[dict], dict] = field(default=lambda h: dict(h))
    # the update the page writes out with the state torch holds (its formula, named by its maths)
    rule: str = "sgd"
    # the hyperparameter the convergence map sweeps against the learning rate, if any
    map_hyper: str | None = None

    def make(self, params: list[torch.Tensor], lr: float, hyper: dict) -> object:
        """An object with step() and zero_grad() for these leaves."""
        if self.torch_class is None:
            return ManualGD(params, lr)
        return self.torch_class(params, lr=lr, **self.kwargs(hyper))

    def describe(self) -> dict:
        return {"id": self.id, "title": self.title, "label": self.label,
                "hyperparameters": {k: o.default for k, o in self.hyper.items()},
                "help": {k: o.help for k, o in self.hyper.items()},
                "bounds": {k: list(o.bounds) for k, o in self.hyper.items() if o.bounds is not None},
                "rule": self.rule, "map_hyper": self.map_hyper}


def _unit(default: float, help: str) -> Option:
    return Option(default, help, bounds=(0.0, 1.0))


WD = Option(0.0, "L2 penalty added to the gradient", bounds=(0.0, 10.0))
MOMENTUM = Option(0.9, "fraction of the previous step kept", bounds=(0.0, 0.999))
BETA1 = _unit(0.9, "decay of the running mean of gradients")
BETA2 = _unit(0.999, "decay of the running mean of squared gradients")
EPS = Option(1e-8, "added to the denominator to avoid dividing by zero", bounds=(1e-12, 1.0))


def _betas(h: dict) -> dict:
    """torch takes Adam's two decays as one pair."""
    return {"betas": (h["beta1"], h["beta2"]), "eps": h["eps"], "weight_decay": h["weight_decay"]}


OPTIMIZERS: dict[str, OptimizerSpec] = {o.id: o for o in [
    OptimizerSpec("gd", "Gradient descent by hand (x -= lr * x.grad)", {}, None, "GD", rule="manual"),
    OptimizerSpec("sgd", "torch.optim.SGD", {"weight_decay": WD}, torch.optim.SGD, "SGD"),
    OptimizerSpec("momentum", "SGD with momentum",
                  {"momentum": MOMENTUM, "dampening": _unit(0.0, "fraction of the gradient left out of the momentum"),
                   "weight_decay": WD}, torch.optim.SGD, "Momentum",
                  rule="heavy_ball", map_hyper="momentum"),
    # torch refuses Nesterov without momentum: bounds are closed, so the help says it
    OptimizerSpec("nesterov", "SGD with Nesterov momentum",
                  {"momentum": Option(0.9, "fraction of the previous step kept; above 0 (torch's Nesterov needs "
                                           "momentum)", bounds=(0.0, 0.999)), "weight_decay": WD},
                  torch.optim.SGD, "Nesterov", lambda h: {**h, "nesterov": True},
                  rule="nesterov", map_hyper="momentum"),
    OptimizerSpec("adam", "Adam", {"beta1": BETA1, "beta2": BETA2, "eps": EPS, "weight_decay": WD},
                  torch.optim.Adam, "Adam", _betas, rule="adam", map_hyper="beta1"),
    OptimizerSpec("adamw", "AdamW (decoupled weight decay)",
                  {"beta1": BETA1, "beta2": BETA2, "eps": EPS,
                   "weight_decay": Option(0.01, "decay applied to the weights directly", bounds=(0.0, 10.0))},
                  torch.optim.AdamW, "AdamW", _betas, rule="adam_decoupled", map_hyper="beta1"),
    OptimizerSpec("rmsprop", "RMSprop",
                  {"alpha": _unit(0.99, "decay of the running mean of squared gradients"), "eps": EPS,
                   "momentum": Option(0.0, "fraction of the previous step kept", bounds=(0.0, 0.999)),
                   "weight_decay": WD}, torch.optim.RMSprop, "RMSprop", rule="mean_square", map_hyper="alpha"),
    OptimizerSpec("adagrad", "Adagrad",
                  {"lr_decay": Option(0.0, "learning-rate decay per step", bounds=(0.0, 10.0)),
                   "eps": Option(1e-10, "added to the denominator", bounds=(1e-12, 1.0)),
                   "initial_accumulator_value": Option(0.0, "starting sum of squared gradients", bounds=(0.0, 100.0)),
                   "weight_decay": WD}, torch.optim.Adagrad, "Adagrad", rule="accumulated_square"),
]}


def get_optimizer(name: str) -> OptimizerSpec:
    try:
        return OPTIMIZERS[name]
    except (KeyError, TypeError):
        raise InputError(f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}") from None


def validate_hyper(spec: OptimizerSpec, given: dict | None) -> dict:
    return validate(given, spec.hyper, f"hyperparameter for {spec.id}")
