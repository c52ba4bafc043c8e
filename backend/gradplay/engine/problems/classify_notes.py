"""The classify lesson's diagnostics in plain words: dead ReLUs, saturated units, overfitting, a too-large lr.

`explain` sees the first and last records and, for the scalars the lesson tracks (loss, test_loss),
where each was lowest over the run (engine/diagnostics.Watch keeps that).
"""

OVERFIT_RISE = 1.1  # test loss this many times its lowest, while the training loss kept falling
BOUNCE = 1.5  # training loss this many times its lowest: the steps overshoot
MIN_GAP = 0.01  # rises smaller than this (in loss) are noise, not a trend


def explain(options: dict, first: dict, last: dict, lowest: dict | None = None) -> list[dict]:
    lowest = lowest or {}
    extras = last["extras"]
    notes = []
    dead = _units(extras.get("dead", []))
    if dead:
        notes.append(_note(last, "dead_relu", f"dead ReLU{'s' if _count(extras['dead']) > 1 else ''}: {'; '.join(dead)} "
                           "output 0 on every training point, so no gradient reaches their weights and they cannot "
                           "learn again. A smaller learning rate, or tanh, keeps units alive."))
    saturated = _units(extras.get("saturated", []))
    if saturated:
        notes.append(_note(last, "saturated", f"saturated {options['activation']} unit"
                           f"{'s' if _count(extras['saturated']) > 1 else ''}: {'; '.join(saturated)} sit on the flat ends of "
                           "the curve for almost every training point, where its slope is nearly 0, so their "
                           "weights barely move. Large weights do this; a smaller learning rate or L2 "
                           "regularisation keeps them in the steep middle."))
    if last["loss"] is None or extras.get("test_loss") is None:
        return notes
    best, low = lowest.get("test_loss"), lowest.get("loss")
    still_learning = low is None or last["loss"] <= OVERFIT_RISE * low["value"]  # not a bouncing training loss
    if best and best["step"] < last["step"] and best["loss"] is not None and last["loss"] < best["loss"] \
            and still_learning and extras["test_loss"] > max(OVERFIT_RISE * best["value"], best["value"] + MIN_GAP):
        notes.append(_note(last, "overfitting", f"overfitting: since epoch {best['step']} the training loss fell "
                           f"from {best['loss']:.4g} to {last['loss']:.4g} while the test loss rose from "
                           f"{best['value']:.4g} to {extras['test_loss']:.4g}. The network is learning the training "
                           "points' noise, not the shape. Fewer units, regularisation, more data or stopping "
                           f"at epoch {best['step']} generalise better."))
    if low and low["step"] < last["step"] and last["loss"] > max(BOUNCE * low["value"], low["value"] + MIN_GAP):
        notes.append(_note(last, "lr_too_large", f"the training loss climbed back from {low['value']:.4g} (epoch "
                           f"{low['step']}) to {last['loss']:.4g}: the updates overshoot. The learning rate is "
                           "too large for this network; try a third of it, or a larger batch."))
    return notes


def _units(layers: list) -> list[str]:
    """The flagged units, one phrase a layer ('layer 1 unit 2', 'layer 3 units 1, 4, 5'; hidden layers
    from 1): a 6×8 network can flag dozens, and one phrase each would fill the banner."""
    phrases = []
    for i, flags in enumerate(layers):
        units = [str(j + 1) for j, f in enumerate(flags) if f]
        if units:
            phrases.append(f"layer {i + 1} unit{'s' if len(units) > 1 else ''} {', '.join(units)}")
    return phrases


def _count(layers: list) -> int:
    return sum(bool(f) for flags in layers for f in flags)


def _note(last: dict, kind: str, message: str) -> dict:
    return {"step": last["step"], "kind": kind, "message": message}
