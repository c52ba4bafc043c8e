"""Many learning rates in one batched torch computation.

Every parameter gets a leading dimension, one row per learning rate; the problem's own
`forward` runs once on the batch and `loss.sum().backward()` gives each row its own
gradient (rows never mix). The update rules in `batched_optim` round like torch.optim,
so row i equals the single run with lrs[i] bit for bit where the ops allow (see
`tests/engine/test_sweep.py` for what is exact and what is equal within float32).

A hyper_sweep adds a second axis: rows are values x lrs (value-major), the swept
hyperparameter a per-row column in `batched_optim` like the lr, so each cell is the single
run with that lr and that value; the row lists come back reshaped to [value][lr].
"""

import math

import torch

from gradplay.engine.batched_optim import BatchedOptimizer
from gradplay.engine.curvature import curvature
from gradplay.engine.errors import InputError
from gradplay.engine.hyper_sweep import by_value, check_hyper_sweep, rows
from gradplay.engine.limits import MAX_LRS, check_lr
from gradplay.engine.problems import get_problem
from gradplay.engine.run import RunSpec, plain


def make_lrs(lr_min: float, lr_max: float, count: int, scale: str = "log") -> list[float]:
    """`count` learning rates from lr_min to lr_max, evenly spaced on a log or linear scale."""
    check_lr(lr_min)
    check_lr(lr_max)
    if not lr_min <= lr_max:
        raise InputError(f"lr_min ({lr_min:g}) must not exceed lr_max ({lr_max:g})")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_LRS:
        raise InputError(f"count must be a whole number from 1 to {MAX_LRS}; got {count!r}")
    if count == 1:
        return [float(lr_min)]
    if scale == "log":
        a, b = math.log10(lr_min), math.log10(lr_max)
        return [10 ** (a + (b - a) * i / (count - 1)) for i in range(count)]
    if scale == "linear":
        return [lr_min + (lr_max - lr_min) * i / (count - 1) for i in range(count)]
    raise InputError(f"scale must be 'log' or 'linear'; got {scale!r}")


def sweep(spec: RunSpec, lrs: list[float], grads: bool = False, hyper_sweep: dict | None = None,
          summary_only: bool = False) -> dict:
    """Run `spec` once per learning rate (and per hyper_sweep value), all at once; SweepResult data.

    grads=True adds `grads: {name: [lr][step]}`, the gradients each record would carry.
    hyper_sweep {"name", "values"} makes every per-row list [value][lr]; summary_only keeps
    only lrs, the hyper_sweep's name and values, status, final_loss and curvature."""
    if get_problem(spec.problem).epoch is not None:  # its minibatch order and updates are not batched rows
        raise InputError(f"{spec.problem} trains an epoch of shuffled minibatches per step, which the batched "
                         "sweep does not run; compare learning rates with single runs (POST /api/runs) instead")
    if not 1 <= len(lrs) <= MAX_LRS:
        raise InputError(f"give from 1 to {MAX_LRS} learning rates; got {len(lrs)}")
    for lr in lrs:
        check_lr(lr)
    lrs = [float(lr) for lr in lrs]
    swept = None if hyper_sweep is None else check_hyper_sweep(spec, hyper_sweep, len(lrs))
    history, error = _run_rows(spec, *rows(lrs, swept), grads and not summary_only)
    result = history.result(spec.steps + 1, error=error, summary_only=summary_only)
    out = {"lrs": lrs}
    if swept is not None:
        out |= {"hyper_name": swept[0], "hyper_values": swept[1]}
        result = by_value(result, len(lrs))
    return out | result | {"curvature": curvature(spec)}


def _run_rows(spec: RunSpec, row_lrs: list[float], row_values: tuple | None, grads: bool) -> tuple:
    """The batched loop: (its _History, whether torch refused the backward pass)."""
    problem = get_problem(spec.problem)
    single = problem.init(spec.options, spec.seed)
    params = {n: p.detach().unsqueeze(0).repeat(len(row_lrs), *[1] * p.dim()).requires_grad_(p.requires_grad)
              for n, p in single.items()}
    history = _History(len(row_lrs), params, grads)
    optimizer = BatchedOptimizer(spec.optimizer, row_lrs, spec.hyper, row_values)
    for k in range(spec.steps + 1):
        loss, extras = problem.forward(params, spec.options, True)
        if not loss.requires_grad:  # the seed's requires_grad=False lesson: torch refuses
            history.add(loss, params, extras)
            return history, True
        loss.sum().backward()
        history.add(loss, params, extras)
        if k == spec.steps or history.all_bad():
            break
        optimizer.step(list(params.values()))
        optimizer.zero_grad(list(params.values()))
    return history, False


class _History:
    """Per-step snapshots of loss, parameters and gradients; each row's first bad step is found at the end.

    Per step this only copies (a few torch ops); the finiteness checks run once, over the stacked
    history, in `result`. `all_bad` looks at the loss alone: a row whose loss is not finite is bad,
    so when every loss is, every row is (a run may go on past that point; its rows are nulled anyway)."""

    def __init__(self, rows: int, params: dict, keep_grads: bool):
        self.losses: list[torch.Tensor] = []
        self.params: dict[str, list[torch.Tensor]] = {n: [] for n in params}
        # gradients are fresh tensors each step (zero_grad sets them to None): kept without a copy
        self.grads: dict[str, list[torch.Tensor | None]] = {n: [] for n in params}
        self.keep_grads = keep_grads
        self.rows = rows
        self.last_grads: list[torch.Tensor] = []
        self.dead = torch.zeros(rows, dtype=torch.bool)
        self._all_bad = False

    def add(self, loss: torch.Tensor, params: dict, extras: dict) -> None:
        loss = loss.detach()
        self.losses.append(loss)
        for n, p in params.items():
            self.params[n].append(p.detach().clone())
            self.grads[n].append(p.grad)
        self.last_grads = [p.grad for p in params.values() if p.grad is not None]
        self.dead = torch.zeros(self.rows, dtype=torch.bool)
        for layer in extras.get("dead", []):
            self.dead |= layer.flatten(1).any(1)
        self._all_bad = not bool(torch.isfinite(loss).any())

    def all_bad(self) -> bool:
        return self._all_bad

    def _first_bad(self, loss: torch.Tensor, params: dict[str, torch.Tensor]) -> torch.Tensor:
        """Each row's first step with a non-finite loss, parameter or gradient; -1 for none."""
        bad = ~torch.isfinite(loss)  # (rows, steps run + 1)
        for n, history in params.items():
            bad |= _bad_rows(history)
            steps = [k for k, g in enumerate(self.grads[n]) if g is not None]  # none only where torch refused
            if steps:
                bad[:, steps] |= _bad_rows(torch.stack([self.grads[n][k] for k in steps], 1))
        return torch.where(bad.any(1), bad.int().argmax(1), -1)

    def result(self, length: int, error: bool = False, summary_only: bool = False) -> dict:
        """Each row's status and final loss, and unless summary_only its loss and parameters per step:
        every row has `length` (steps + 1) entries, null where not run."""
        loss = torch.stack(self.losses, 1)  # (rows, steps run + 1)
        params = {n: torch.stack(v, 1) for n, v in self.params.items()}
        first_bad = self._first_bad(loss, params)
        self.bad = first_bad >= 0
        self.first_bad = first_bad
        # the single run's last record: its first bad step, record 0 when torch refused, else the last run
        last = torch.where(self.bad, first_bad, 0 if error else loss.shape[1] - 1)
        out = {"status": ["error"] * self.rows if error else self._status(),
               "final_loss": plain(loss.gather(1, last.unsqueeze(1)).squeeze(1))}
        if summary_only:
            return out
        out |= {"loss": self._rows(loss, length), "params": {n: self._rows(v, length) for n, v in params.items()}}
        if self.keep_grads:
            grads = {n: torch.stack([torch.full_like(p, math.nan) if g is None else g for g, p in zip(v, self.params[n])], 1)
                     for n, v in self.grads.items()}
            out["grads"] = {n: self._rows(g, length) for n, g in grads.items()}
        return out

    def _rows(self, t: torch.Tensor, length: int) -> list:
        """Row by row as plain lists, null after each row's first bad step and past the last run."""
        rows = plain(t)
        for row, k in zip(rows, self.first_bad.tolist()):
            if k >= 0:
                row[k + 1:] = [None] * (len(row) - k - 1)
            row += [None] * (length - len(row))
        return rows

    def _status(self) -> list[str]:
        zero = torch.ones_like(self.bad)
        for g in self.last_grads:
            zero &= (g.flatten(1) == 0).all(1) if g.dim() > 1 else g == 0
        stalled = zero & self.dead
        return ["diverged" if b else "stalled" if s else "completed"
                for b, s in zip(self.bad.tolist(), stalled.tolist())]


def _bad_rows(history: torch.Tensor) -> torch.Tensor:
    """(rows, steps, *shape) -> (rows, steps): True where any value of that row's step is not finite."""
    finite = torch.isfinite(history)
    return ~finite.flatten(2).all(2) if history.dim() > 2 else ~finite
