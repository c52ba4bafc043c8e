"""Watch a run's records and say in plain words what happened.

The verdict is one of `completed`, `diverged`, `stalled`, `error`, `timed_out`; the
diagnostics explain it: diverging, oscillating around the minimum, a stationary point,
dead ReLUs and which, the seed's broadcast shape mismatch.
"""

import operator
from itertools import chain

from gradplay.engine.problems import get_problem

OSCILLATION_SHARE = 0.6  # share of consecutive steps whose gradients point opposite ways


class Watch:
    """Sees every record as it is yielded; keeps only what the verdict needs."""

    def __init__(self, spec):
        self.spec = spec
        self.problem = get_problem(spec.problem)
        self.first: dict | None = None
        self.last: dict | None = None
        self.flips = 0
        self.pairs = 0
        self.previous_grad: list[float] | None = None
        self.diverged = False
        self.lowest: dict[str, dict] = {}  # tracked extra -> {"value", "step", "loss"} where it was lowest

    def see(self, record: dict) -> None:
        if self.first is None:
            self.first = record
        self.last = record
        grad = _flat(record["grads"])
        if record["loss"] is None or None in grad or None in _flat(record["params"]):
            self.diverged = True
            return
        for name in self.problem.track:
            value = record["loss"] if name == "loss" else record["extras"].get(name)
            if value is not None and (name not in self.lowest or value < self.lowest[name]["value"]):
                self.lowest[name] = {"value": value, "step": record["step"], "loss": record["loss"]}
        if self.previous_grad is not None:
            self.pairs += 1
            self.flips += sum(map(operator.mul, grad, self.previous_grad)) < 0
        self.previous_grad = grad

    def verdict(self) -> dict:
        seen = (self.spec.options, self.first, self.last)
        notes = self.problem.explain(*seen, self.lowest) if self.problem.track else self.problem.explain(*seen)
        if self.diverged:
            return self._summary("diverged", [self._divergence()] + notes)
        grad = _flat(self.last["grads"])
        if grad and all(g == 0 for g in grad) and _any_dead(self.last):
            return self._summary("stalled", notes)
        return self._summary("completed", self._trend() + notes)

    def error(self, step: int, message: str) -> dict:
        hint = ("torch refused to compute the gradient: " + message
                + " — a tensor must be created with requires_grad=True for backward() to reach it.")
        return self._summary("error", [_note(step, "torch_error", hint)])

    def timed_out(self, step: int) -> dict:
        text = f"the run was stopped after step {step}: it ran past its time budget or its client left"
        return self._summary("timed_out", [_note(step, "timed_out", text)])

    def _summary(self, status: str, notes: list[dict]) -> dict:
        loss = self.last["loss"] if self.last else None
        return {"status": status, "steps_run": self.last["step"] if self.last else 0,
                "final_loss": loss, "diagnostics": notes}

    def _divergence(self) -> dict:
        k, lr = self.last["step"], self.spec.lr
        return _note(k, "diverged", f"a number became infinite or NaN at step {k}: each update overshoots "
                                    f"further than the last. The learning rate {lr:g} is too large; try {lr / 10:g}.")

    def _trend(self) -> list[dict]:
        first, last = self.first["loss"], self.last["loss"]
        k = self.last["step"]
        grad = _flat(self.last["grads"])
        if k > 0 and last > first:
            return [_note(k, "diverging", f"the loss grew from {first:.6g} to {last:.6g}: each step overshoots "
                                          f"the minimum by more than it corrects; a smaller learning rate will help.")]
        notes = []
        if self.pairs >= 3 and self.flips >= OSCILLATION_SHARE * self.pairs:
            notes.append(_note(k, "oscillating", f"the gradient changed direction in {self.flips} of {self.pairs} "
                                                 "steps: the parameters jump across the minimum and back while "
                                                 "closing in. A smaller learning rate descends smoothly."))
        if grad and all(g == 0 for g in grad):
            notes.append(_note(k, "stationary", f"every gradient is exactly 0 at step {k}: a stationary point "
                                                "(a minimum, or a maximum or saddle) where no update moves anything."))
        return notes


def _note(step: int, kind: str, message: str) -> dict:
    return {"step": step, "kind": kind, "message": message}


def _any_dead(record: dict) -> bool:
    return any(x is True for x in _flat(record["extras"].get("dead", [])))


def _flat(value) -> list:
    """Every number in a nested dict/list structure, in order (runs twice per step, so kept cheap).

    Lists come from tensor.tolist(): a list holds either numbers or lists, never both."""
    items = value.values() if type(value) is dict else value if type(value) is list else None
    if items is None:
        return [value]
    out = []
    for v in items:
        kind = type(v)
        if kind is list:
            if not v or type(v[0]) is not list:
                out += v
            elif v[0] and type(v[0][0]) is not list:  # a matrix: its rows, in order
                out += chain.from_iterable(v)
            else:
                out += _flat(v)
        elif kind is dict:
            out += _flat(v)
        else:
            out.append(v)
    return out
