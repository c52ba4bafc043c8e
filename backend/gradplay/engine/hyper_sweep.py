"""A sweep's second axis: one hyperparameter of the optimizer at several values.

The batched computation runs one row per (value, lr), value-major: rows `i * len(lrs) + j`
hold values[i] and lrs[j]. Here the axis is checked (each value exactly as a single run's
hyperparameter is), laid out as rows, and the per-row results cut back into [value][lr].
"""

from gradplay.engine.errors import InputError
from gradplay.engine.limits import MAX_CELLS, MAX_HYPER_VALUES
from gradplay.engine.optimizers import get_optimizer, validate_hyper
from gradplay.engine.run import RunSpec, _check_optimizer


def check_hyper_sweep(spec: RunSpec, hyper_sweep: dict, lr_count: int) -> tuple[str, list[float]]:
    """(name, values) of a hyper_sweep, each value checked as a single run's hyperparameter would be."""
    name, values = hyper_sweep.get("name"), hyper_sweep.get("values")
    optimizer = get_optimizer(spec.optimizer)
    if name not in optimizer.hyper:
        allowed = ", ".join(optimizer.hyper)
        raise InputError(f"hyper_sweep name {name!r} is not a hyperparameter of {spec.optimizer}; "
                         + (f"choose one of {allowed}" if allowed else f"{spec.optimizer} takes none: "
                            "choose an optimizer that does (momentum, adam, rmsprop, ...)"))
    if not isinstance(values, list) or not 1 <= len(values) <= MAX_HYPER_VALUES:
        raise InputError(f"hyper_sweep values must be a list of 1 to {MAX_HYPER_VALUES} numbers; "
                         f"got {len(values) if isinstance(values, list) else repr(values)[:40]}")
    if len(values) * lr_count > MAX_CELLS:
        raise InputError(f"a hyper_sweep map holds at most {MAX_CELLS} cells (values x learning rates); "
                         f"got {len(values)} x {lr_count} = {len(values) * lr_count}")
    for v in values:
        try:
            _check_optimizer(optimizer, spec.lr, validate_hyper(optimizer, {**spec.hyper, name: v}))
        except InputError as exc:  # say where the value came from: the message names only the hyperparameter
            raise InputError(f"hyper_sweep values: {exc}") from None
    return name, [float(v) for v in values]


def rows(lrs: list[float], swept: tuple[str, list[float]] | None) -> tuple[list[float], tuple | None]:
    """(each row's lr, (name, each row's value) or None): value-major, lrs fastest."""
    if swept is None:
        return lrs, None
    name, values = swept
    return lrs * len(values), (name, [v for v in values for _ in lrs])


def by_value(result: dict, per_value: int) -> dict:
    """Each list of one entry per row (also inside params and grads) cut into [value][lr]."""
    def cut(v: list) -> list:
        return [v[i:i + per_value] for i in range(0, len(v), per_value)]
    return {k: {n: cut(x) for n, x in v.items()} if isinstance(v, dict) else cut(v) for k, v in result.items()}
