"""run(spec): the training loop the seed writes, as a generator of plain records.

Record k is the state after k updates: the parameters, the loss at them, its gradients
and the optimizer's own state (`optimizer.state[p]` as torch holds it). A run of N steps
yields N + 1 records, then `summary` holds the verdict.
"""

import functools
import math
import time
from math import isfinite
from dataclasses import dataclass, field
from typing import Callable, Iterator

import torch

from gradplay.engine import diagnostics
from gradplay.engine.errors import InputError
from gradplay.engine.limits import MAX_SEED, MAX_STEPS, check_lr
from gradplay.engine.optimizers import get_optimizer, validate_hyper
from gradplay.engine.problems import get_problem


@dataclass(frozen=True)
class RunSpec:
    """A validated run request: every default filled in, every value checked."""

    problem: str
    optimizer: str
    lr: float
    steps: int
    seed: int = 0
    hyper: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)

    @classmethod
    def make(cls, problem: str, optimizer: str | None = None, lr: float | None = None,
             steps: int | None = None, seed: int = 0, hyper: dict | None = None,
             options: dict | None = None, max_steps: int = MAX_STEPS) -> "RunSpec":
        p = get_problem(problem)
        o = get_optimizer(optimizer if optimizer is not None else p.defaults["optimizer"])
        lr = p.defaults["lr"] if lr is None else lr
        steps = p.defaults["steps"] if steps is None else steps
        check_lr(lr)
        if isinstance(steps, bool) or not isinstance(steps, int) or not 0 <= steps <= max_steps:
            raise InputError(f"steps must be a whole number from 0 to {max_steps}; got {steps!r}")
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            raise InputError(f"seed must be a whole number from 0 to {MAX_SEED}; got {seed!r}")
        hyper = validate_hyper(o, hyper)
        _check_optimizer(o, float(lr), hyper)
        return cls(p.id, o.id, float(lr), steps, seed, hyper, p.validate_options(options))

    def to_dict(self) -> dict:
        # what asdict() gives, without its generic recursion (~9 µs, twice per request): the dicts copied deeply
        return {"problem": self.problem, "optimizer": self.optimizer, "lr": self.lr, "steps": self.steps,
                "seed": self.seed, "hyper": _copy(self.hyper), "options": _copy(self.options)}


def _copy(value: object) -> object:
    kind = type(value)
    if kind is dict:
        return {k: _copy(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return kind(map(_copy, value))
    return value


def _check_optimizer(o, lr: float, hyper: dict) -> None:
    """torch.optim checks some combinations itself (betas < 1, nesterov needs momentum): ask it now."""
    try:
        _accepted(o.id, lr, tuple(sorted(hyper.items())))
    except ValueError as exc:
        raise InputError(f"torch.optim refused these hyperparameters for {o.id}: {exc}") from None


@functools.lru_cache(maxsize=1024)
def _accepted(optimizer: str, lr: float, hyper: tuple) -> bool:
    """torch.optim builds this optimizer; remembered, since every request asks (a refusal raises,
    and is asked again next time). Hyperparameters are numbers and booleans: hashable."""
    get_optimizer(optimizer).make([torch.zeros(1, requires_grad=True)], lr, dict(hyper))
    return True


class Run:
    """Iterate for the records; afterwards `summary` holds the run's verdict."""

    def __init__(self, spec: RunSpec, should_stop: Callable[[], bool] = lambda: False,
                 budget_s: float | None = None):
        self.spec, self.should_stop = spec, should_stop
        self.deadline = None if budget_s is None else time.monotonic() + budget_s
        self.summary: dict | None = None

    def __iter__(self) -> Iterator[dict]:
        spec = self.spec
        problem = get_problem(spec.problem)
        params = problem.init(spec.options, spec.seed)
        optimizer = get_optimizer(spec.optimizer).make(list(params.values()), spec.lr, spec.hyper)
        held = getattr(optimizer, "state", None)  # torch.optim's per-parameter state; ManualGD keeps none
        watch = diagnostics.Watch(spec)
        # a lesson that trains in epochs shuffles its minibatches with its own generator, seeded by the run's seed
        shuffle = None if problem.epoch is None else torch.Generator().manual_seed(spec.seed)
        for k in range(spec.steps + 1):
            loss, extras = problem.forward(params, spec.options, False)
            refusal = _backward(loss)
            record = make_record(k, loss, params, extras, held)
            watch.see(record)
            yield record
            if refusal is not None:
                return self._finish(watch.error(k, refusal))
            if watch.diverged or k == spec.steps:
                break
            if self.should_stop() or (self.deadline is not None and time.monotonic() > self.deadline):
                return self._finish(watch.timed_out(k))
            if shuffle is None:
                optimizer.step()
                optimizer.zero_grad()
            else:  # the record's gradients (over the whole training set) are not the epoch's
                optimizer.zero_grad()
                problem.epoch(params, optimizer, spec.options, shuffle)
        self._finish(watch.verdict())

    def _finish(self, summary: dict) -> None:
        self.summary = summary


def run(spec: RunSpec, **kwargs) -> Run:
    return Run(spec, **kwargs)


def run_all(spec: RunSpec, **kwargs) -> dict:
    """The whole RunResult: request, records and summary."""
    r = Run(spec, **kwargs)
    records = list(r)
    return {"request": spec.to_dict(), "records": records, "summary": r.summary}


def _backward(loss: torch.Tensor) -> str | None:
    """Run backward(); return torch's own message if it refuses (the seed's lesson)."""
    try:
        loss.backward()
    except RuntimeError as exc:
        return str(exc)
    return None


def make_record(step: int, loss: torch.Tensor, params: dict, extras: dict, held: dict | None = None) -> dict:
    # tolist() reads a tensor that requires grad as it is: no detach() needed for plain data
    values, grads, state = {}, {}, {}
    for n, p in params.items():
        values[n] = plain(p)
        grad = p.grad
        grads[n] = None if grad is None else plain(grad)
        # .get, not [p]: optimizer.state is a defaultdict, and a lookup must not add an empty entry
        s = held.get(p) if held else None
        if s:
            state[n] = {k: plain(v) if isinstance(v, torch.Tensor) else v for k, v in s.items()}
    return {"step": step, "loss": plain(loss), "params": values, "grads": grads, "state": state,
            "extras": {n: plain_tree(v) for n, v in extras.items()}}


SMALL = 64  # up to this many numbers, a Python sum beats a torch.isfinite call (~5 µs)
LARGE = 256  # past this many numbers, converting through numpy pays for its own call


def plain(t: torch.Tensor) -> float | list | None:
    """A tensor as a float or nested list, non-finite numbers as None."""
    # numpy's tolist makes the same Python numbers ~2.5x faster: it counts for a lattice of thousands
    value = t.tolist() if t.numel() <= LARGE else t.detach().numpy().tolist()
    kind = type(value)
    if kind is float:
        return value if isfinite(value) else None
    if kind is not list:  # a bool or int scalar
        return value
    # a sum is finite if every term is (an overflowing sum only sends us to _nulls, which keeps finite values)
    if len(value) <= SMALL and (not value or type(value[0]) is not list):  # a short vector, the common case
        if isfinite(sum(value)):
            return value
    elif t.numel() <= SMALL:
        if isfinite(_sum(value)):
            return value
    elif not t.is_floating_point() or bool(torch.isfinite(t).all()):
        return value
    return _nulls(value)


def _sum(value: list) -> float:
    """The sum of a nested list of numbers (tolist() nests lists evenly)."""
    if not value or type(value[0]) is not list:
        return sum(value)
    if not value[0] or type(value[0][0]) is not list:  # a matrix, the common nested case
        return sum(map(sum, value))
    return sum(map(_sum, value))


def plain_tree(v: object) -> object:
    if isinstance(v, torch.Tensor):
        return plain(v)
    if isinstance(v, (list, tuple)):
        return [plain(x) if isinstance(x, torch.Tensor) else plain_tree(x) for x in v]
    return v


def _nulls(v: object) -> object:
    if isinstance(v, list):
        return [_nulls(x) for x in v]
    return v if not isinstance(v, float) or math.isfinite(v) else None
