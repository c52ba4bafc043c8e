"""A step's record as plain data: tensors read out as floats and nested lists, non-finite numbers as None.

`make_record` reads each small tensor with one `tolist()` and adds its numbers to one running
sum (a large tensor goes through `plain` at once). A finite sum means every number read is
finite, so the record stands as read; otherwise (a diverging run's last record, a sum that
overflowed) the record is built again tensor by tensor through `plain`, which turns each
non-finite number into None: both ways give the same record. Checking each tensor on its own
cost ~0.5 µs apiece, a quarter of what the 2-3-1 network's step spends beyond the seed's loop.
"""

import math
from math import isfinite

import torch

SMALL = 64  # up to this many numbers, a Python sum beats a torch.isfinite call (~5 µs)
LARGE = 256  # past this many numbers, converting through numpy pays for its own call


def make_record(step: int, loss: torch.Tensor, params: dict, extras: dict, held: dict | None = None) -> dict:
    """Record `step`: loss, parameters, gradients, the optimizer's state and the lesson's extras."""
    try:
        return _read_record(step, loss, params, extras, held)
    except _Unchecked:
        return _plain_record(step, loss, params, extras, held)


class _Unchecked(Exception):
    """A number the running sum cannot vouch for: build the record through `plain` instead."""


class _Reader:
    """Reads small tensors as they are and keeps the sum of every number read."""

    __slots__ = ("total",)

    def __init__(self):
        self.total = 0.0

    def __call__(self, t: torch.Tensor) -> object:
        # tolist() reads a tensor that requires grad as it is: no detach() needed for plain data
        if t.numel() > SMALL:  # a classify lesson's picture: checked on its own, in torch
            return plain(t)
        value = t.tolist()
        if type(value) is not list:
            self.total += value
        elif not value or type(value[0]) is not list:
            self.total += sum(value)
        else:
            self.total += _sum(value)
        return value

    def tree(self, v: object) -> object:
        if isinstance(v, torch.Tensor):
            return self(v)
        if isinstance(v, (list, tuple)):
            return [self(x) if isinstance(x, torch.Tensor) else self.tree(x) for x in v]
        return v


def _read_record(step: int, loss: torch.Tensor, params: dict, extras: dict, held: dict | None) -> dict:
    read = _Reader()
    values, grads, state = {}, {}, {}
    for n, p in params.items():
        values[n] = read(p)
        grad = p.grad
        grads[n] = None if grad is None else read(grad)
        # .get, not [p]: optimizer.state is a defaultdict, and a lookup must not add an empty entry
        s = held.get(p) if held else None
        if s:
            state[n] = {k: read(v) if isinstance(v, torch.Tensor) else v for k, v in s.items()}
    record = {"step": step, "loss": read(loss), "params": values, "grads": grads, "state": state,
              "extras": {n: read.tree(v) for n, v in extras.items()}}
    if not isfinite(read.total):
        raise _Unchecked
    return record


def _plain_record(step: int, loss: torch.Tensor, params: dict, extras: dict, held: dict | None) -> dict:
    values, grads, state = {}, {}, {}
    for n, p in params.items():
        values[n] = plain(p)
        grad = p.grad
        grads[n] = None if grad is None else plain(grad)
        s = held.get(p) if held else None
        if s:
            state[n] = {k: plain(v) if isinstance(v, torch.Tensor) else v for k, v in s.items()}
    return {"step": step, "loss": plain(loss), "params": values, "grads": grads, "state": state,
            "extras": {n: plain_tree(v) for n, v in extras.items()}}


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
