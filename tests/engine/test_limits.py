"""engine/limits.py: one lr rule for every entry point; the engine stops at each limit it declares."""

import pytest

from gradplay.engine import InputError, RunSpec, limits
from gradplay.engine.curve import curve
from gradplay.engine.expr import compile_function
from gradplay.engine.landscape import landscape
from gradplay.engine.sweep import make_lrs, sweep


@pytest.mark.parametrize("lr", [1e-12, 0.5, 100, 100.0])
def test_check_lr_takes_zero_exclusive_to_max_lr_inclusive(lr):
    limits.check_lr(lr)


@pytest.mark.parametrize("lr", [0, -0.1, 100.0001, float("nan"), float("inf"), True, "1", None])
def test_check_lr_refuses_the_rest(lr):
    with pytest.raises(InputError, match=r"lr must be a number in \(0, 100\]"):
        limits.check_lr(lr)


@pytest.mark.parametrize("call", [
    lambda: RunSpec.make("parabola", lr=100.5),
    lambda: make_lrs(0.1, 100.5, 4),
    lambda: sweep(RunSpec.make("parabola", steps=1), [0.1, 100.5]),
])
def test_runs_and_sweeps_refuse_an_lr_in_the_same_words(call):
    with pytest.raises(InputError, match=r"^lr must be a number in \(0, 100\]; got 100.5$"):
        call()


def test_engine_entry_points_stop_at_the_limits():
    with pytest.raises(InputError, match="at most 200 are allowed"):
        compile_function("x+" * 100 + "x")
    with pytest.raises(InputError, match="from 2 to 2001"):
        curve("x", -1, 1, limits.MAX_CURVE_POINTS + 1)
    with pytest.raises(InputError, match="within ±1e"):
        landscape("not_gate", x={"param": "w", "min": -2e6, "max": 0})
    with pytest.raises(InputError, match="from 0 to 10000"):
        RunSpec.make("parabola", steps=limits.MAX_STEPS + 1)
