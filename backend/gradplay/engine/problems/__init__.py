"""The lessons, each behind the same small interface (`Problem`).

A problem declares its defaults and options, builds its leaf parameters, and computes
its loss and extras from them. `forward` works on single parameters (the seed's own
shapes, so torch builds the seed's graph) and on batched ones (a leading dimension of
one row per learning rate, for sweeps). Everything else specific to a lesson is a hook or
a data field here too: its part of an exported script, the data tensors its autograd graph
names, its loss-surface axes, its diagnostics, its presets and race line-up. Nothing
outside engine/problems/ asks which lesson it runs, so a new lesson is one module like
these (parabola.py is the shortest) plus its line in `_registry`.
"""

from dataclasses import dataclass, field
from math import isfinite
from typing import Callable

import torch

from gradplay.engine.errors import InputError
from gradplay.engine.options import Option, validate

Params = dict[str, torch.Tensor]


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    defaults: dict  # optimizer, lr, steps: the lesson's own settings
    options: dict[str, Option]
    # (options, seed) -> leaf parameters in the seed's shapes, requires_grad set
    init: Callable[[dict, int], Params]
    # (params, options, batched) -> (loss: scalar or (B,), extras: name -> tensor, or list of tensors; unbatched,
    # an extra may also be read out already: numbers and lists, non-finite numbers as None (see `finite`))
    forward: Callable[[Params, dict, bool], tuple[torch.Tensor, dict]]
    # (options) -> None; cross-option checks beyond each option's own bounds
    check: Callable[[dict], None] = field(default=lambda options: None)
    # (options, first record, last record) -> plain-words diagnostics for this lesson
    explain: Callable[[dict, dict, dict], list[dict]] = field(default=lambda options, first, last: [])
    # (options) -> the script's model part: defines `params` (name -> leaf) and `compute_loss()`;
    # it may use `SEED`, `torch` and `math`. Only checked values may reach the text.
    export: Callable[[dict], str] = field(default=lambda options: _no_export())
    # (options) -> named data tensors, so the autograd graph labels inputs "x", "y" rather than numbers
    graph_data: Callable[[dict], list[tuple[str, torch.Tensor]]] = field(default=lambda options: [])
    # (options) -> default axes of the loss-surface view, {"x": {"param", "min", "max"}, "y": {...}},
    # or None where there is no surface to show (fewer than two parameters)
    landscape: Callable[[dict], dict | None] = field(default=lambda options: None)
    # what the page starts with where it differs from `defaults`, e.g. {"steps": 50}
    page_defaults: dict = field(default_factory=dict)
    # starting points worth showing: {id, label, options, range?: {"x": [lo, hi], "y": ...}, minima?}
    presets: tuple[dict, ...] = ()
    # the optimizer race's starting line-up: {"entries": [[optimizer, lr], ...], "threshold": loss}
    race: dict | None = None
    # (params, optimizer, options, generator) -> None: a lesson whose step is one epoch of minibatches
    # makes its own updates here (backward, optimizer.step(), optimizer.zero_grad() per minibatch,
    # shuffled by `generator`, seeded by the run's seed); None: a step is one backward + step of `forward`'s
    # loss. Records still come from `forward` (the loss and gradients at the parameters after each step).
    epoch: Callable[[Params, object, dict, torch.Generator], None] | None = None
    # "loss" or scalar extras whose lowest value over the run `explain` receives as a fourth argument
    # {name: {"value", "step", "loss"}} (e.g. test_loss, to see overfitting); () passes nothing more
    track: tuple[str, ...] = ()

    def validate_options(self, given: dict | None) -> dict:
        options = validate(given, self.options, f"option for {self.id}")
        self.check(options)
        return options

    def describe(self) -> dict:
        """Plain data for the catalog (engine/catalog.py makes `defaults` a full run request)."""
        defaults = {k: o.default for k, o in self.options.items()}
        return {"id": self.id, "title": self.title, "defaults": dict(self.defaults),
                "options": {k: o.describe() for k, o in self.options.items()},
                "page_defaults": dict(self.page_defaults), "presets": [dict(p) for p in self.presets],
                "race": self.race, "landscape": self.landscape(defaults)}


def finite(values: list) -> list:
    """Numbers read by tolist() (a row, or rows), non-finite ones as None: what the records make of a tensor."""
    nested = bool(values) and type(values[0]) is list
    if isfinite(sum(map(sum, values)) if nested else sum(values)):
        return values
    return [finite(v) for v in values] if nested else [v if isfinite(v) else None for v in values]


def _no_export() -> str:
    raise InputError("this lesson cannot be exported as a script yet")


def _registry() -> dict[str, Problem]:
    from gradplay.engine.problems import classify, network, not_gate, parabola, surface

    return {p.id: p for p in (parabola.PROBLEM, not_gate.PROBLEM, network.PROBLEM, surface.PROBLEM, classify.PROBLEM)}


PROBLEMS: dict[str, Problem] = _registry()


def get_problem(problem_id: str) -> Problem:
    try:
        return PROBLEMS[problem_id]
    except (KeyError, TypeError):
        raise InputError(f"unknown problem {problem_id!r}; choose one of {', '.join(PROBLEMS)}") from None
